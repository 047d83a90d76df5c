// Providers whose token is handed over in a variable: Bitbucket Pipelines puts a step's token
// (with `oidc: true`) in BITBUCKET_STEP_OIDC_TOKEN; cosign's convention is SIGSTORE_ID_TOKEN.
#pragma once

#include "provider/provider.hpp"

namespace ambient_oidc::provider {

class VariableToken : public Provider {
  public:
    VariableToken(std::string name, std::string variable)
        : name_(std::move(name)), variable_(std::move(variable)) {}
    std::string name() const override { return name_; }
    std::string requirement() const override { return variable_ + " set and non-empty"; }
    bool detect(const Environment& env, const config::Settings& settings) const override;
    std::string fetch(FetchContext& context, const std::string& audience) const override;

  private:
    std::string name_;
    std::string variable_;
};

}  // namespace ambient_oidc::provider
