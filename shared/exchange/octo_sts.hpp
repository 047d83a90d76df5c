// octo-sts (ambient-oidc(1) EXCHANGES): GET <https://octo-sts.dev>/sts/exchange?scope=&identity=
// with the token as bearer, answered {"token"}: a GitHub installation token, for git (as user
// x-access-token) and for gh.
#pragma once

#include "exchange/service.hpp"

namespace ambient_oidc::exchange {

class OctoSts : public Service {
  public:
    std::string name() const override { return "octo-sts"; }
    std::string title() const override { return "octo-sts"; }
    std::vector<Option> options() const override;
    Plan plan(const Inputs& inputs) const override;
    net::HttpRequest request(const Plan& plan, const std::string& token) const override;
    Credential parse(std::string_view body, WallTime now) const override;
    Variables variables(const Plan& plan, const Credential& credential) const override;
};

}  // namespace ambient_oidc::exchange
