// Azure Pipelines: POST $SYSTEM_OIDCREQUESTURI?api-version=7.1 with the job's access token; the
// answer is {"oidcToken": "<token>"}.
#pragma once

#include "provider/provider.hpp"

namespace ambient_oidc::provider {

class AzurePipelines : public Provider {
  public:
    std::string name() const override { return "azure-pipelines"; }
    std::string requirement() const override {
        return "SYSTEM_OIDCREQUESTURI and SYSTEM_ACCESSTOKEN set";
    }
    bool detect(const Environment& env, const config::Settings& settings) const override;
    std::string fetch(FetchContext& context, const std::string& audience) const override;
    std::optional<std::string> cache_context(const Environment& env,
                                             const config::Settings& settings) const override;
};

}  // namespace ambient_oidc::provider
