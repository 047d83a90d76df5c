// Azure Pipelines: POST $SYSTEM_OIDCREQUESTURI?api-version=7.1 with the job's access token; the
// answer is {"oidcToken": "<token>"}. Present too when TF_BUILD is True: a job whose script was
// not given SYSTEM_ACCESSTOKEN is told how to map it (ambient-oidc(1) PROVIDERS).
#pragma once

#include "provider/provider.hpp"

namespace ambient_oidc::provider {

class AzurePipelines : public Provider {
  public:
    bool mints() const override { return true; }
    static constexpr Variable kUrl{"SYSTEM_OIDCREQUESTURI", "azure-pipelines", false,
                                   "the OIDC endpoint"};
    static constexpr Variable kToken{"SYSTEM_ACCESSTOKEN", "azure-pipelines", true,
                                     "the job's access token"};
    static constexpr Variable kMarker{"TF_BUILD", "azure-pipelines", false,
                                      "True in Azure Pipelines jobs"};

    std::string name() const override { return "azure-pipelines"; }
    std::string requirement() const override {
        return "TF_BUILD=True, or SYSTEM_OIDCREQUESTURI and SYSTEM_ACCESSTOKEN set";
    }
    std::vector<Variable> variables() const override { return {kUrl, kToken, kMarker}; }
    bool detect(const Environment& env, const config::Settings& settings) const override;
    // Throws Error(NoCredential) saying how to map SYSTEM_ACCESSTOKEN into the step when it is
    // missing from a job that TF_BUILD marks.
    std::string fetch(FetchContext& context, const std::string& audience) const override;
    std::optional<std::string> cache_context(const Environment& env,
                                             const config::Settings& settings) const override;
};

}  // namespace ambient_oidc::provider
