// The HTTP client of every provider: Poco::Net::HTTPSClientSession (HTTPClientSession for plain
// metadata requests), one request per connection, no redirects, the body capped.
//
// How the deadline is kept with Poco: Poco's socket timeouts bound each blocking call, not the
// attempt, and its session would resolve the host without a deadline. So the host is resolved
// first under the deadline (net/resolve), the session's connect() is ours: it connects a socket
// that a Watchdog thread watches, sends a proxy's CONNECT on it, and starts TLS on it; the
// watchdog shuts that socket down at the attempt's deadline or on SIGINT/SIGTERM, which ends
// whatever call is blocked (connect, handshake, send, headers, a drip-fed body) at once.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "net/proxy.hpp"
#include "net/trust_store.hpp"
#include "net/url.hpp"

namespace ambient_oidc::net {

class TlsContext;

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
    std::string method = "GET";
    Url url;
    Headers headers;
    std::string body;
    // Read the body of a non-2xx response as well (capped the same way): for services that
    // explain their refusals in it, as STS does.
    bool read_error_body = false;
};

struct HttpResponse {
    int status = 0;
    std::string reason;
    Headers headers;
    std::string body;  // read for 2xx responses only, unless the request asks for more

    // The first header of that name (case-insensitive).
    std::optional<std::string> header(std::string_view name) const;
};

class HttpClient {
  public:
    // trust: see TrustStore; the TLS context is made on the first https request. HTTPS requests
    // go through the proxy that proxies names for their host; plain HTTP never does.
    explicit HttpClient(TrustSources trust, ProxySettings proxies = {});
    ~HttpClient();

    // Sends the request and reads the response (through a CONNECT tunnel when a proxy applies;
    // the proxy's refusals are classified like the server's); the body of a 2xx response is read
    // whole and must not exceed max_body bytes (else AttemptError InvalidToken). Throws
    // AttemptError for every transport failure (Transient; Rejected for a certificate or TLS
    // version refusal, see TlsContext; Interrupted for a signal) and for malformed or truncated
    // responses (Transient: see ambient-oidc(1) RETRIES; interim 1xx responses are skipped, and
    // over HTTPS a body that only the connection's end delimits is whole only after the peer's
    // close_notify). Throws Error(Usage), before anything is sent, when a header value holds a
    // control character.
    HttpResponse send(const HttpRequest& request, SteadyTime deadline, std::size_t max_body);

  private:
    TrustSources trust_;
    ProxySettings proxies_;
    std::unique_ptr<TlsContext> tls_;
};

}  // namespace ambient_oidc::net
