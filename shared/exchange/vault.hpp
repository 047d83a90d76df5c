// Vault's and OpenBao's JWT auth method (ambient-oidc(1) EXCHANGES): POST
// <VAULT_ADDR>/v1/auth/<mount>/login {"role", "jwt"} (X-Vault-Namespace when set), answered
// {"auth": {"client_token", "lease_duration"}}; a refusal's words are Vault's errors[]. The token
// is revoked with POST /v1/auth/token/revoke-self. OpenBao's BAO_ADDR and BAO_NAMESPACE are read
// when the VAULT_ ones are unset, and then BAO_TOKEN is set as well as VAULT_TOKEN.
#pragma once

#include "exchange/service.hpp"

namespace ambient_oidc::exchange {

class Vault : public Service {
  public:
    std::string name() const override { return "vault"; }
    std::string title() const override { return "Vault"; }
    std::vector<Option> options() const override;
    Plan plan(const Inputs& inputs) const override;
    net::HttpRequest request(const Plan& plan, const std::string& token) const override;
    Credential parse(std::string_view body, WallTime now) const override;
    std::optional<net::HttpRequest> revocation(const Plan& plan,
                                               const Credential& credential) const override;
    Variables variables(const Plan& plan, const Credential& credential) const override;
};

// True when a Vault role is set: --role, exchanges.vault.role or AMBIENT_OIDC_VAULT_ROLE.
bool vault_role_configured(const Inputs& inputs);

}  // namespace ambient_oidc::exchange
