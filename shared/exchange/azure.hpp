// Microsoft Entra's client-credentials grant with the token as a federated client assertion
// (ambient-oidc(1) EXCHANGES): POST <authority>/<tenant>/oauth2/v2.0/token, answered
// {"access_token", "expires_in"}. A refusal is decided by its AADSTS code: an `error` of
// temporarily_unavailable is retried whatever the status; 700024 (the assertion outside its
// time range) compares the token's iat/nbf/exp with this machine's clock; 700213/70021 (no
// federated credential matches) shows the token's sub.
#pragma once

#include "exchange/service.hpp"

namespace ambient_oidc::exchange {

class Azure : public Service {
  public:
    std::string name() const override { return "azure"; }
    std::string title() const override { return "Microsoft Entra"; }
    std::vector<Option> options() const override;
    Plan plan(const Inputs& inputs) const override;
    net::HttpRequest request(const Plan& plan, const std::string& token) const override;
    Credential parse(std::string_view body, WallTime now) const override;
    Refusal refusal(const net::HttpResponse& response) const override;
    std::string hint(const net::HttpResponse& response, const token::Jwt& jwt,
                     WallTime now) const override;
    Variables variables(const Plan& plan, const Credential& credential) const override;
};

// The AADSTS code of an Entra error body (its error_codes, else the description's
// "AADSTS<n>:" prefix); 0 when it has none.
long aadsts_code(std::string_view body);

}  // namespace ambient_oidc::exchange
