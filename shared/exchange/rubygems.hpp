// RubyGems' trusted publishing (ambient-oidc(1) EXCHANGES): POST
// <host>/api/v1/oidc/trusted_publisher/exchange_token {"jwt"} -> {"rubygems_api_key",
// "expires_at"}; exec sets GEM_HOST_API_KEY (and RUBYGEMS_HOST for --registry).
#pragma once

#include "exchange/service.hpp"

namespace ambient_oidc::exchange {

class Rubygems : public Service {
  public:
    std::string name() const override { return "rubygems"; }
    std::string title() const override { return "RubyGems"; }
    std::vector<Option> options() const override { return {kRegistryOption}; }
    Plan plan(const Inputs& inputs) const override;
    net::HttpRequest request(const Plan& plan, const std::string& token) const override;
    Credential parse(std::string_view body, WallTime now) const override;
    Variables variables(const Plan& plan, const Credential& credential) const override;
};

// NuGet's trusted publishing: POST https://www.nuget.org/api/v2/token with
// `Authorization: Bearer JWT`, {"username": <--user>, "tokenType": "ApiKey"} -> {"apiKey"}, an
// API key that lasts an hour; exec sets NUGET_API_KEY. --user (the policy owner's profile name)
// is required.
class Nuget : public Service {
  public:
    std::string name() const override { return "nuget"; }
    std::string title() const override { return "NuGet"; }
    std::vector<Option> options() const override;
    Plan plan(const Inputs& inputs) const override;
    net::HttpRequest request(const Plan& plan, const std::string& token) const override;
    Credential parse(std::string_view body, WallTime now) const override;
    Variables variables(const Plan& plan, const Credential& credential) const override;
};

}  // namespace ambient_oidc::exchange
