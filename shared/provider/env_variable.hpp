// A token handed over in SIGSTORE_ID_TOKEN, as cosign reads it.
#pragma once

#include "provider/provider.hpp"

namespace ambient_oidc::provider {

class EnvVariable : public Provider {
  public:
    std::string name() const override { return "env"; }
    std::string requirement() const override;
    bool detect(const Environment& env, const config::Settings& settings) const override;
    std::string fetch(FetchContext& context, const std::string& audience) const override;
};

}  // namespace ambient_oidc::provider
