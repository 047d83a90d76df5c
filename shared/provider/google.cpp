#include "provider/google.hpp"

#include <stdexcept>

#include "core/error.hpp"
#include "core/file_read.hpp"
#include "core/json.hpp"
#include "core/text.hpp"
#include "net/failure.hpp"
#include "provider/json_token.hpp"

namespace ambient_oidc::provider {

namespace {

net::HttpRequest metadata_request(const Environment& env, const std::string& leaf) {
    net::HttpRequest request;
    request.url = metadata_url(env, leaf);
    request.headers = {{"Metadata-Flavor", "Google"}};
    return request;
}

}  // namespace

net::Url metadata_url(const Environment& env, const std::string& leaf) {
    const std::string host =
        env.non_empty("GCE_METADATA_HOST").value_or("metadata.google.internal");
    try {
        return net::parse_url("http://" + host +
                              "/computeMetadata/v1/instance/service-accounts/default/" + leaf);
    } catch (const std::invalid_argument& error) {
        throw Error(ErrorKind::Usage, std::string("GCE_METADATA_HOST: ") + error.what());
    }
}

std::string Google::requirement() const {
    return "GCE_METADATA_HOST set, or " + dmi_product_name_ + " naming Google Compute Engine";
}

std::optional<std::string> Google::cache_context(const Environment& env,
                                                 const config::Settings&) const {
    return metadata_url(env, "").str();  // the machine's identity
}

bool Google::detect(const Environment& env, const config::Settings&) const {
    if (env.non_empty("GCE_METADATA_HOST")) {
        return true;
    }
    const FileRead file = read_regular_file(dmi_product_name_, 256);
    const std::string product = file.ok ? std::string(trim(file.text)) : "";
    return product == "Google" || product == "Google Compute Engine";
}

std::string Google::fetch(FetchContext& context, const std::string& audience) const {
    net::HttpRequest request = metadata_request(context.env, "identity");
    net::set_query_param(request.url, "audience", audience);
    net::set_query_param(request.url, "format", "full");
    return context.http_fetch(name(), request, [](const std::string& body) {
        const std::string token = std::string(trim(body));
        if (token.empty()) {
            throw net::AttemptError(net::Failure::InvalidToken, "the response body is empty");
        }
        return token;
    });
}

std::optional<std::string> GoogleImpersonate::cache_context(
    const Environment& env, const config::Settings& settings) const {
    return metadata_url(env, "").str() + '\n' + settings.google_iam_endpoint + '\n' +
           *env.non_empty("GOOGLE_SERVICE_ACCOUNT_NAME");
}

bool GoogleImpersonate::detect(const Environment& env, const config::Settings&) const {
    return env.non_empty("GOOGLE_SERVICE_ACCOUNT_NAME").has_value();
}

std::string GoogleImpersonate::fetch(FetchContext& context, const std::string& audience) const {
    const std::string account = *context.env.non_empty("GOOGLE_SERVICE_ACCOUNT_NAME");
    net::HttpRequest iam;
    try {
        iam.url = net::parse_url(context.settings.google_iam_endpoint);
    } catch (const std::invalid_argument& error) {
        throw Error(ErrorKind::Usage,
                    std::string("providers.google.iam_endpoint: ") + error.what());
    }
    iam.url.path = (iam.url.path == "/" ? "" : iam.url.path) + "/v1/projects/-/serviceAccounts/" +
                   net::percent_encode(account) + ":generateIdToken";
    const std::string access_token = context.http_fetch(
        name() + " (access token)", metadata_request(context.env, "token"),
        [](const std::string& body) { return token_from_json(body, "access_token"); });
    context.log.add_secret(access_token);
    iam.method = "POST";
    iam.headers = {{"Authorization", "Bearer " + access_token},
                   {"Content-Type", "application/json"},
                   {"Accept", "application/json"}};
    iam.body = "{\"audience\":" + json_quote(audience) + ",\"includeEmail\":true}";
    return context.http_fetch(
        name(), iam, [](const std::string& body) { return token_from_json(body, "token"); });
}

}  // namespace ambient_oidc::provider
