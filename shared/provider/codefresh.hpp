// Codefresh: GET $CF_OIDC_REQUEST_URL with audience=<aud> in the query and the header
// "Authorization: $CF_OIDC_REQUEST_TOKEN" (the value alone, no scheme word, as Codefresh's own
// obtain-oidc-id-token step sends it); the answer is {"id_token": "<token>"}. Through the same
// retry loop as every HTTP provider.
#pragma once

#include "provider/provider.hpp"

namespace ambient_oidc::provider {

class Codefresh : public Provider {
  public:
    bool mints() const override { return true; }
    static constexpr Variable kUrl{"CF_OIDC_REQUEST_URL", "codefresh", false, "the token endpoint"};
    static constexpr Variable kToken{"CF_OIDC_REQUEST_TOKEN", "codefresh", true,
                                     "the request token"};
    static constexpr Variable kMarker{"CF_BUILD_ID", "codefresh", false, "set in Codefresh builds"};

    std::string name() const override { return "codefresh"; }
    std::string requirement() const override {
        return "CF_BUILD_ID set, or CF_OIDC_REQUEST_URL and CF_OIDC_REQUEST_TOKEN set";
    }
    std::vector<Variable> variables() const override { return {kUrl, kToken, kMarker}; }
    bool detect(const Environment& env, const config::Settings& settings) const override;
    // Throws Error(NoCredential) when a Codefresh build lacks the request variables.
    std::string fetch(FetchContext& context, const std::string& audience) const override;
    std::optional<std::string> cache_context(const Environment& env,
                                             const config::Settings& settings) const override;
};

}  // namespace ambient_oidc::provider
