#include "provider/provider.hpp"

#include <stdexcept>

#include "core/error.hpp"
#include "core/text.hpp"
#include "net/http_status.hpp"
#include "token/id_token.hpp"

namespace ambient_oidc::provider {

std::string FetchContext::with_retry(const std::string& provider,
                                     const std::function<std::string(SteadyTime)>& attempt) {
    net::RetryRun run{clock, log, uniform, provider, deadline, settings.timeout};
    return net::retry(settings.retry, run, attempt);
}

std::string FetchContext::http_fetch(
    const std::string& provider, const net::HttpRequest& request,
    const std::function<std::string(const std::string&)>& extract) {
    log.debug(provider + ": " + request.method + " " + request.url.scheme + "://" +
              request.url.authority() + request.url.path);
    return with_retry(provider, [&](SteadyTime attempt_deadline) {
        const net::HttpResponse response =
            http.send(request, attempt_deadline, token::kMaxTokenBytes);
        return extract(net::body_or_throw(response, clock.wall_now(), log));
    });
}

std::optional<std::string> FetchContext::read(const Variable& variable,
                                              std::string_view name) const {
    auto value = env.non_empty(name.empty() ? std::string_view(variable.name) : name);
    if (value && variable.secret) {
        log.add_secret(*value);
        log.add_secret(std::string(trim(*value)));  // as a token, which is read trimmed
    }
    return value;
}

std::optional<std::string> joined_values(const Environment& env,
                                         std::initializer_list<Variable> variables) {
    std::string joined;
    for (const auto& variable : variables) {
        const auto value = env.non_empty(variable.name);
        if (!value) {
            return std::nullopt;
        }
        joined += *value + '\n';
    }
    return joined;
}

net::Url https_url(const char* variable, const std::string& value) {
    net::Url parsed;
    try {
        parsed = net::parse_url(value);
    } catch (const std::invalid_argument& error) {
        throw Error(ErrorKind::Usage, std::string(variable) + ": " + error.what());
    }
    if (parsed.scheme != "https") {
        throw Error(ErrorKind::Usage, std::string(variable) +
                                          ": must be an https:// URL, so that the request token "
                                          "is never sent in clear text");
    }
    return parsed;
}

}  // namespace ambient_oidc::provider
