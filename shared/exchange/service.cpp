#include "exchange/service.hpp"

#include <stdexcept>

#include "core/error.hpp"
#include "core/text.hpp"
#include "exchange/answer.hpp"
#include "net/http_status.hpp"

namespace ambient_oidc::exchange {

Inputs::Inputs(std::string service, const config::Flags& flags, const config::Settings& settings,
               const Environment& env)
    : service_(std::move(service)), flags_(flags), settings_(settings), env_(env) {}

std::optional<std::string> Inputs::get(const std::string& option) const {
    std::optional<std::string> value;
    std::string origin;
    if (const auto flag = flags_.find(option); flag != flags_.end()) {
        value = flag->second;
        origin = "--" + option;
    } else if (const auto entry = settings_.exchanges.find(service_);
               entry != settings_.exchanges.end()) {
        // A registry's URL may also be given as the entry's `url`, as every other service's is
        // (the configuration holds one of the two at most).
        const auto& keys = entry->second;
        auto key = keys.find(option);
        if (key == keys.end() && option == kRegistryOption.name) {
            key = keys.find("url");
        }
        if (key != keys.end()) {
            value = key->second;
            origin = "exchanges." + service_ + "." + key->first + " in the configuration";
        }
    }
    if (value && value->empty()) {
        throw Error(ErrorKind::Usage, origin + ": must not be empty");
    }
    return value;
}

std::string Inputs::where(const std::string& option) const {
    return "--" + option + " (or exchanges." + service_ + "." + option + " in the configuration)";
}

std::string Plan::value(const std::string& key) const {
    const auto found = values.find(key);
    return found == values.end() ? "" : found->second;
}

net::Url url_option(const Inputs& inputs, const std::string& option, const std::string& fallback) {
    const auto given = inputs.get(option);
    const std::string text = given.value_or(fallback);
    const std::string origin = given ? inputs.where(option) : "the default " + option;
    net::Url url;
    try {
        url = net::parse_url(text);
    } catch (const std::invalid_argument& error) {
        throw Error(ErrorKind::Usage, origin + ": " + error.what());
    }
    if (url.scheme != "https") {
        throw Error(ErrorKind::Usage,
                    origin + ": must be an https:// URL (the token must not travel in clear text)");
    }
    return url;
}

net::HttpRequest json_post(const net::Url& url, std::string body) {
    net::HttpRequest request;
    request.method = "POST";
    request.url = url;
    request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    request.body = std::move(body);
    request.read_error_body = true;
    return request;
}

net::HttpRequest bearer_request(const std::string& method, const net::Url& url,
                                const std::string& token) {
    net::HttpRequest request;
    request.method = method;
    request.url = url;
    request.headers = {{"Authorization", "Bearer " + token}, {"Accept", "application/json"}};
    request.read_error_body = true;
    return request;
}

std::string url_base(const net::Url& url) {
    std::string path = url.path;
    while (!path.empty() && path.back() == '/') {
        path.pop_back();
    }
    return url.scheme + "://" + url.authority() + path;
}

std::optional<net::HttpRequest> Service::audience_request(const Plan&) const {
    return std::nullopt;
}

std::string Service::parse_audience(std::string_view) const {
    throw net::AttemptError(net::Failure::InvalidToken, title() + " names no audience");
}

Refusal Service::refusal(const net::HttpResponse& response) const {
    return Refusal{net::classify_status(response.status), decode_error_body(response.body), false};
}

std::string Service::hint(const net::HttpResponse&, const token::Jwt&, WallTime) const {
    return "";
}

std::optional<net::HttpRequest> Service::revocation(const Plan&, const Credential&) const {
    return std::nullopt;
}

}  // namespace ambient_oidc::exchange
