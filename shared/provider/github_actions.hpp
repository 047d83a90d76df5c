// GitHub Actions: GET $ACTIONS_ID_TOKEN_REQUEST_URL with audience=<aud> in the query,
// Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN; the answer is {"value": "<token>"}.
#pragma once

#include "provider/provider.hpp"

namespace ambient_oidc::provider {

class GithubActions : public Provider {
  public:
    static constexpr const char* kUrlVariable = "ACTIONS_ID_TOKEN_REQUEST_URL";
    static constexpr const char* kTokenVariable = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";

    std::string name() const override { return "github-actions"; }
    std::string requirement() const override;
    bool detect(const Environment& env, const config::Settings& settings) const override;
    std::string fetch(FetchContext& context, const std::string& audience) const override;
    std::optional<std::string> cache_context(const Environment& env,
                                             const config::Settings& settings) const override;
};

// The request URL with audience set in its query. Throws Error(Usage) for a URL that does not
// parse or is not https.
net::Url github_request_url(const std::string& url, const std::string& audience);

}  // namespace ambient_oidc::provider
