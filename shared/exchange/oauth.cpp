#include "exchange/oauth.hpp"

#include "core/error.hpp"
#include "core/json.hpp"
#include "exchange/answer.hpp"

namespace ambient_oidc::exchange {

net::Url append_path(net::Url base, const std::string& suffix) {
    while (!base.path.empty() && base.path.back() == '/') {
        base.path.pop_back();
    }
    base.path += suffix;
    base.query.clear();
    return base;
}

net::HttpRequest form_post(const net::Url& url,
                           const std::vector<std::pair<std::string, std::string>>& fields) {
    net::HttpRequest request;
    request.method = "POST";
    request.url = url;
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                       {"Accept", "application/json"}};
    for (const auto& [name, value] : fields) {
        request.body += (request.body.empty() ? "" : "&") + name + "=" + net::percent_encode(value);
    }
    request.read_error_body = true;
    return request;
}

Credential access_token_answer(std::string_view body, const std::string& title, WallTime now) {
    const auto object = answer_object(body, title);
    Credential credential;
    credential.secret = required_string(*object, "access_token", title);
    const Poco::Dynamic::Var lifetime = object->get("expires_in");
    if (is_number(lifetime) || lifetime.isString()) {
        try {
            const double seconds = lifetime.convert<double>();
            if (seconds > 0 && seconds < 10 * 365 * 86400.0) {
                credential.expires_at = now + std::chrono::seconds(static_cast<long long>(seconds));
            }
        } catch (const std::exception&) {
            // not a number: the expiry stays unknown
        }
    }
    const Poco::Dynamic::Var username = object->get("username");
    if (username.isString()) {
        credential.username = username.toString();
    }
    return credential;
}

std::string required_option(const Inputs& inputs, const std::string& option) {
    const auto value = inputs.get(option);
    if (!value) {
        throw Error(ErrorKind::Usage, inputs.where(option) + ": required");
    }
    return *value;
}

}  // namespace ambient_oidc::exchange
