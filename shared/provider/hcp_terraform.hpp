// HCP Terraform and Terraform Enterprise: a run with dynamic credentials holds its workload
// identity tokens in TFC_WORKLOAD_IDENTITY_TOKEN (for TFC_WORKLOAD_IDENTITY_AUDIENCE) and in one
// TFC_WORKLOAD_IDENTITY_TOKEN_<TAG> per tagged audience (TFC_WORKLOAD_IDENTITY_AUDIENCE_<TAG>);
// the one whose aud names the requested audience is used.
#pragma once

#include "provider/provider.hpp"

namespace ambient_oidc::provider {

class HcpTerraform : public Provider {
  public:
    static constexpr Variable kToken{"TFC_WORKLOAD_IDENTITY_TOKEN", "hcp-terraform", true,
                                     "the run's workload identity token"};
    static constexpr Variable kTagged{"TFC_WORKLOAD_IDENTITY_TOKEN_<TAG>", "hcp-terraform", true,
                                      "the run's workload identity token for a tagged audience"};

    std::string name() const override { return "hcp-terraform"; }
    std::string requirement() const override {
        return "TFC_WORKLOAD_IDENTITY_TOKEN or a TFC_WORKLOAD_IDENTITY_TOKEN_<TAG> set";
    }
    std::vector<Variable> variables() const override { return {kToken, kTagged}; }
    bool detect(const Environment& env, const config::Settings& settings) const override;
    // Returns the token whose aud names audience. Throws Error(InvalidToken) listing the
    // audiences found (and where each is configured) when none does.
    std::string fetch(FetchContext& context, const std::string& audience) const override;
};

}  // namespace ambient_oidc::provider
