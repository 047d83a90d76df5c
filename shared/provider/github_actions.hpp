// GitHub Actions, and Forgejo and Codeberg Actions, which give jobs the same variables: GET
// $ACTIONS_ID_TOKEN_REQUEST_URL with audience=<aud> in the query (Forgejo's URL already holds
// ?placeholder=true), Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN; the answer is
// {"value": "<token>"}. Present too when GITHUB_ACTIONS is true: a job without the request
// variables lacks the permission, and says so (ambient-oidc(1) PROVIDERS).
#pragma once

#include "provider/provider.hpp"

namespace ambient_oidc::provider {

class GithubActions : public Provider {
  public:
    bool mints() const override { return true; }
    static constexpr Variable kUrl{"ACTIONS_ID_TOKEN_REQUEST_URL", "github-actions", false,
                                   "the token endpoint"};
    static constexpr Variable kToken{"ACTIONS_ID_TOKEN_REQUEST_TOKEN", "github-actions", true,
                                     "the request token"};
    static constexpr Variable kMarker{"GITHUB_ACTIONS", "github-actions", false,
                                      "true in GitHub and Forgejo Actions jobs"};
    static constexpr Variable kForgejo{"FORGEJO_ACTIONS", "github-actions", false,
                                       "true in Forgejo Actions jobs"};

    std::string name() const override { return "github-actions"; }
    std::string requirement() const override;
    std::vector<Variable> variables() const override { return {kUrl, kToken, kMarker, kForgejo}; }
    bool detect(const Environment& env, const config::Settings& settings) const override;
    // Throws Error(NoCredential) showing the workflow YAML to add when the request variables are
    // missing from a job that GITHUB_ACTIONS marks.
    std::string fetch(FetchContext& context, const std::string& audience) const override;
    std::optional<std::string> cache_context(const Environment& env,
                                             const config::Settings& settings) const override;
};

// The request URL with audience set in its query. Throws Error(Usage) for a URL that does not
// parse or is not https.
net::Url github_request_url(const std::string& url, const std::string& audience);

}  // namespace ambient_oidc::provider
