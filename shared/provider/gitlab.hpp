// GitLab CI: the job declares `id_tokens:` and GitLab puts each in a variable, e.g.
// SIGSTORE_ID_TOKEN for audience sigstore.
#pragma once

#include "provider/provider.hpp"

namespace ambient_oidc::provider {

class Gitlab : public Provider {
  public:
    static constexpr Variable kMarker{"GITLAB_CI", "gitlab", false, "set in GitLab CI jobs"};
    static constexpr Variable kToken{
        "<AUD>_ID_TOKEN", "gitlab", true,
        "the job's ID token for the audience (declared under id_tokens:)"};

    std::string name() const override { return "gitlab"; }
    std::string requirement() const override { return "GITLAB_CI set"; }
    std::vector<Variable> variables() const override { return {kMarker, kToken}; }
    std::string audience_origin() const override {
        return "GitLab issues it for the aud: the job declares under id_tokens:";
    }
    bool detect(const Environment& env, const config::Settings& settings) const override;
    std::string fetch(FetchContext& context, const std::string& audience) const override;
};

// The variable GitLab uses for audience: upper-cased, every character outside [A-Z0-9] made
// '_', a leading digit prefixed with '_', then "_ID_TOKEN" ("sigstore" -> "SIGSTORE_ID_TOKEN").
std::string gitlab_variable(const std::string& audience);

}  // namespace ambient_oidc::provider
