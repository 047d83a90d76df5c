#include "provider/azure_pipelines.hpp"

#include <stdexcept>

#include "core/error.hpp"
#include "provider/json_token.hpp"

namespace ambient_oidc::provider {

bool AzurePipelines::detect(const Environment& env, const config::Settings&) const {
    return env.non_empty("SYSTEM_OIDCREQUESTURI") && env.non_empty("SYSTEM_ACCESSTOKEN");
}

std::optional<std::string> AzurePipelines::cache_context(const Environment& env,
                                                         const config::Settings& settings) const {
    return *env.non_empty("SYSTEM_OIDCREQUESTURI") + '\n' + *env.non_empty("SYSTEM_ACCESSTOKEN") +
           '\n' + settings.azure_service_connection_id;
}

std::string AzurePipelines::fetch(FetchContext& context, const std::string&) const {
    const std::string access_token = *context.env.non_empty("SYSTEM_ACCESSTOKEN");
    context.log.add_secret(access_token);
    net::HttpRequest request;
    try {
        request.url = net::parse_url(*context.env.non_empty("SYSTEM_OIDCREQUESTURI"));
    } catch (const std::invalid_argument& error) {
        throw Error(ErrorKind::Usage, std::string("SYSTEM_OIDCREQUESTURI: ") + error.what());
    }
    if (request.url.scheme != "https") {
        throw Error(ErrorKind::Usage, "SYSTEM_OIDCREQUESTURI: must be an https:// URL");
    }
    net::set_query_param(request.url, "api-version", "7.1");
    if (!context.settings.azure_service_connection_id.empty()) {
        net::set_query_param(request.url, "serviceConnectionId",
                             context.settings.azure_service_connection_id);
    }
    request.method = "POST";
    request.headers = {{"Authorization", "Bearer " + access_token},
                       {"Content-Type", "application/json"},
                       {"Accept", "application/json"}};
    request.body = "{}";
    return context.http_fetch(name(), request, [](const std::string& body) {
        return token_from_json(body, "oidcToken");
    });
}

}  // namespace ambient_oidc::provider
