#include "provider/github_actions.hpp"

#include "core/error.hpp"
#include "provider/json_token.hpp"

namespace ambient_oidc::provider {

namespace {

// What the job lacks, with the YAML that gives it the request variables.
std::string missing_permission(const Environment& env) {
    std::string missing;
    for (const Variable& variable : {GithubActions::kUrl, GithubActions::kToken}) {
        if (!env.non_empty(variable.name)) {
            missing += std::string(missing.empty() ? "" : " and ") + variable.name;
        }
    }
    const std::string intro = "this job may not request an OIDC token (" + missing + " not set)";
    if (env.get(GithubActions::kForgejo.name) == "true") {
        return intro +
               "; Forgejo gives a job the token only when it enables it:\n"
               "  jobs:\n"
               "    <job>:\n"
               "      enable-openid-connect: true";
    }
    return intro +
           "; the workflow or the job needs the permission (pull requests from forks never get "
           "it):\n"
           "  permissions:\n"
           "    id-token: write\n"
           "    contents: read\n"
           "(on Forgejo or Codeberg: enable-openid-connect: true in the job)";
}

}  // namespace

std::string GithubActions::requirement() const {
    return std::string(kMarker.name) + "=true, or " + kUrl.name + " and " + kToken.name + " set";
}

bool GithubActions::detect(const Environment& env, const config::Settings&) const {
    return env.get(kMarker.name) == "true" ||
           (env.non_empty(kUrl.name) && env.non_empty(kToken.name));
}

net::Url github_request_url(const std::string& url, const std::string& audience) {
    net::Url parsed = https_url(GithubActions::kUrl.name, url);
    net::set_query_param(parsed, "audience", audience);
    return parsed;
}

std::optional<std::string> GithubActions::cache_context(const Environment& env,
                                                        const config::Settings&) const {
    return joined_values(env, {kUrl, kToken});
}

std::string GithubActions::fetch(FetchContext& context, const std::string& audience) const {
    const auto request_token = context.read(kToken);
    const auto url = context.read(kUrl);
    if (!request_token || !url) {
        throw Error(ErrorKind::NoCredential, name() + ": " + missing_permission(context.env));
    }
    net::HttpRequest request;
    request.url = github_request_url(*url, audience);
    request.headers = {{"Authorization", "Bearer " + *request_token},
                       {"Accept", "application/json"}};
    return context.http_fetch(
        name(), request, [](const std::string& body) { return token_from_json(body, "value"); });
}

}  // namespace ambient_oidc::provider
