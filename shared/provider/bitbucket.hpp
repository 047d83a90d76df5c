// Bitbucket Pipelines: a step with `oidc: true` gets its token in BITBUCKET_STEP_OIDC_TOKEN.
#pragma once

#include "provider/provider.hpp"

namespace ambient_oidc::provider {

class Bitbucket : public Provider {
  public:
    std::string name() const override { return "bitbucket"; }
    std::string requirement() const override;
    bool detect(const Environment& env, const config::Settings& settings) const override;
    std::string fetch(FetchContext& context, const std::string& audience) const override;
};

}  // namespace ambient_oidc::provider
