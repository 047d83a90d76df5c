#include "provider/github_actions.hpp"

#include <stdexcept>

#include "core/error.hpp"
#include "provider/json_token.hpp"

namespace ambient_oidc::provider {

std::string GithubActions::requirement() const {
    return std::string(kUrlVariable) + " and " + kTokenVariable + " set";
}

bool GithubActions::detect(const Environment& env, const config::Settings&) const {
    return env.non_empty(kUrlVariable) && env.non_empty(kTokenVariable);
}

net::Url github_request_url(const std::string& url, const std::string& audience) {
    net::Url parsed;
    try {
        parsed = net::parse_url(url);
    } catch (const std::invalid_argument& error) {
        throw Error(ErrorKind::Usage,
                    std::string(GithubActions::kUrlVariable) + ": " + error.what());
    }
    if (parsed.scheme != "https") {
        throw Error(ErrorKind::Usage, std::string(GithubActions::kUrlVariable) +
                                          ": must be an https:// URL, so that the request token "
                                          "is never sent in clear text");
    }
    net::set_query_param(parsed, "audience", audience);
    return parsed;
}

std::optional<std::string> GithubActions::cache_context(const Environment& env,
                                                        const config::Settings&) const {
    return *env.non_empty(kUrlVariable) + '\n' + *env.non_empty(kTokenVariable);
}

std::string GithubActions::fetch(FetchContext& context, const std::string& audience) const {
    const std::string request_token = *context.env.non_empty(kTokenVariable);
    context.log.add_secret(request_token);
    net::HttpRequest request;
    request.url = github_request_url(*context.env.non_empty(kUrlVariable), audience);
    request.headers = {{"Authorization", "Bearer " + request_token},
                       {"Accept", "application/json"}};
    return context.http_fetch(
        name(), request, [](const std::string& body) { return token_from_json(body, "value"); });
}

}  // namespace ambient_oidc::provider
