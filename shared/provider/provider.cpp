#include "provider/provider.hpp"

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

}  // namespace ambient_oidc::provider
