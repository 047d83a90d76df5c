#include "provider/google.hpp"

#include <fcntl.h>

#include <stdexcept>

#include "core/error.hpp"
#include "core/json.hpp"
#include "core/unique_fd.hpp"
#include "net/failure.hpp"
#include "provider/json_token.hpp"

namespace ambient_oidc::provider {

namespace {

// The first line of a small file, or "" when it cannot be read.
std::string read_small_file(const std::string& path) {
    const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    char buffer[128] = {};
    const ssize_t got = fd ? ::read(fd.get(), buffer, sizeof buffer - 1) : -1;
    return got > 0 ? trim_token(std::string(buffer, static_cast<std::size_t>(got))) : "";
}

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

bool Google::detect(const Environment& env, const config::Settings&) const {
    if (env.non_empty("GCE_METADATA_HOST")) {
        return true;
    }
    const std::string product = read_small_file(dmi_product_name_);
    return product == "Google" || product == "Google Compute Engine";
}

std::string Google::fetch(FetchContext& context, const std::string& audience) const {
    net::HttpRequest request = metadata_request(context.env, "identity");
    net::set_query_param(request.url, "audience", audience);
    net::set_query_param(request.url, "format", "full");
    return context.http_fetch(name(), request, [](const std::string& body) {
        const std::string token = trim_token(body);
        if (token.empty()) {
            throw net::AttemptError(net::Failure::InvalidToken, "the response body is empty");
        }
        return token;
    });
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
