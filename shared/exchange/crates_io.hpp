// crates.io's trusted publishing (ambient-oidc(1) EXCHANGES): POST
// <api>/api/v1/trusted_publishing/tokens {"jwt"} -> {"token"}, a publish token that lasts 30
// minutes, revoked with DELETE on the same URL and `Authorization: <token>`. Refusals carry
// errors[].detail. cargo's credential-provider protocol (protocol/cargo) uses the same row.
#pragma once

#include "exchange/service.hpp"

namespace ambient_oidc::exchange {

// crates.io's API and index URLs, and its audience.
constexpr const char* kCratesIoApi = "https://crates.io";
constexpr const char* kCratesIoAudience = "crates.io";

class CratesIo : public Service {
  public:
    std::string name() const override { return "crates-io"; }
    std::string title() const override { return "crates.io"; }
    std::vector<Option> options() const override;
    Plan plan(const Inputs& inputs) const override;
    net::HttpRequest request(const Plan& plan, const std::string& token) const override;
    Credential parse(std::string_view body, WallTime now) const override;
    std::optional<net::HttpRequest> revocation(const Plan& plan,
                                               const Credential& credential) const override;
    Variables variables(const Plan& plan, const Credential& credential) const override;
};

}  // namespace ambient_oidc::exchange
