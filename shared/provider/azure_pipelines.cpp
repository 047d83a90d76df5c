#include "provider/azure_pipelines.hpp"

#include <strings.h>

#include "core/error.hpp"
#include "provider/json_token.hpp"

namespace ambient_oidc::provider {

bool AzurePipelines::detect(const Environment& env, const config::Settings&) const {
    const auto marker = env.get(kMarker.name);
    return (marker && ::strcasecmp(marker->c_str(), "true") == 0) ||
           (env.non_empty(kUrl.name) && env.non_empty(kToken.name));
}

std::optional<std::string> AzurePipelines::cache_context(const Environment& env,
                                                         const config::Settings& settings) const {
    auto joined = joined_values(env, {kUrl, kToken});
    if (joined) {
        *joined += settings.azure_service_connection_id;
    }
    return joined;
}

std::string AzurePipelines::fetch(FetchContext& context, const std::string&) const {
    const auto access_token = context.read(kToken);
    const auto url = context.read(kUrl);
    if (!access_token) {
        throw Error(ErrorKind::NoCredential,
                    name() +
                        ": SYSTEM_ACCESSTOKEN is not set: Azure Pipelines gives a script the "
                        "job's access token only when the step maps it:\n"
                        "  - script: ...\n"
                        "    env:\n"
                        "      SYSTEM_ACCESSTOKEN: $(System.AccessToken)");
    }
    if (!url) {
        throw Error(ErrorKind::NoCredential,
                    name() +
                        ": SYSTEM_OIDCREQUESTURI is not set: this agent offers no OIDC "
                        "endpoint; run the job on a current Azure Pipelines agent");
    }
    net::HttpRequest request;
    request.url = https_url(kUrl.name, *url);
    net::set_query_param(request.url, "api-version", "7.1");
    if (!context.settings.azure_service_connection_id.empty()) {
        net::set_query_param(request.url, "serviceConnectionId",
                             context.settings.azure_service_connection_id);
    }
    request.method = "POST";
    request.headers = {{"Authorization", "Bearer " + *access_token},
                       {"Content-Type", "application/json"},
                       {"Accept", "application/json"}};
    request.body = "{}";
    return context.http_fetch(name(), request, [](const std::string& body) {
        return token_from_json(body, "oidcToken");
    });
}

}  // namespace ambient_oidc::provider
