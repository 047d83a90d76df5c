#include "provider/codefresh.hpp"

#include "core/error.hpp"
#include "provider/json_token.hpp"

namespace ambient_oidc::provider {

bool Codefresh::detect(const Environment& env, const config::Settings&) const {
    return env.non_empty(kMarker.name) || (env.non_empty(kUrl.name) && env.non_empty(kToken.name));
}

std::optional<std::string> Codefresh::cache_context(const Environment& env,
                                                    const config::Settings&) const {
    return joined_values(env, {kUrl, kToken});
}

std::string Codefresh::fetch(FetchContext& context, const std::string& audience) const {
    const auto request_token = context.read(kToken);
    const auto url = context.read(kUrl);
    if (!request_token || !url) {
        throw Error(ErrorKind::NoCredential,
                    name() +
                        ": this build has no CF_OIDC_REQUEST_URL and CF_OIDC_REQUEST_TOKEN: "
                        "its runtime does not hand out OIDC ID tokens; run it on a Codefresh "
                        "runtime that does (the SaaS runtime, or a current hybrid one)");
    }
    net::HttpRequest request;
    request.url = https_url(kUrl.name, *url);
    net::set_query_param(request.url, "audience", audience);
    request.headers = {{"Authorization", *request_token}, {"Accept", "application/json"}};
    return context.http_fetch(
        name(), request, [](const std::string& body) { return token_from_json(body, "id_token"); });
}

}  // namespace ambient_oidc::provider
