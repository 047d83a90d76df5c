// JFrog Platform's OIDC token exchange (ambient-oidc(1) EXCHANGES): POST
// <platform>/access/api/v1/oidc/token, JSON {grant_type: token-exchange, subject_token_type:
// id_token, subject_token, provider_name}, answered {"access_token", "username"?,
// "expires_in"}; JFrog has no default audience (the integration sets one).
#pragma once

#include "exchange/service.hpp"

namespace ambient_oidc::exchange {

class Jfrog : public Service {
  public:
    std::string name() const override { return "jfrog"; }
    std::string title() const override { return "JFrog"; }
    std::vector<Option> options() const override;
    Plan plan(const Inputs& inputs) const override;
    net::HttpRequest request(const Plan& plan, const std::string& token) const override;
    Credential parse(std::string_view body, WallTime now) const override;
    Variables variables(const Plan& plan, const Credential& credential) const override;
};

}  // namespace ambient_oidc::exchange
