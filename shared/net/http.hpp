// A minimal HTTP/1.1 client for token endpoints: one request per connection, no redirects,
// every step bounded by the attempt deadline, the body capped. Written on Connection rather
// than Poco::Net so that a stalled handshake, a stalled server and a drip-fed body all end at
// the deadline, and a signal ends them at once.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "net/proxy.hpp"
#include "net/url.hpp"

namespace ambient_oidc::net {

class TlsContext;

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
    std::string method = "GET";
    Url url;
    Headers headers;
    std::string body;
};

struct HttpResponse {
    int status = 0;
    std::string reason;
    Headers headers;
    std::string body;  // read for 2xx responses only

    // The first header of that name (case-insensitive).
    std::optional<std::string> header(std::string_view name) const;
};

class HttpClient {
  public:
    // ca_file: see TlsContext; the context is made on the first https request. HTTPS requests
    // go through the proxy that proxies names for their host; plain HTTP never does.
    explicit HttpClient(std::string ca_file, ProxySettings proxies = {});
    ~HttpClient();

    // Sends the request and reads the response (through a CONNECT tunnel when a proxy applies;
    // the proxy's refusals are classified like the server's); the body of a 2xx response is read
    // whole and must not exceed max_body bytes (else AttemptError InvalidToken). Throws
    // AttemptError for every transport failure (see Connection) and for malformed or truncated
    // responses.
    HttpResponse send(const HttpRequest& request, SteadyTime deadline, std::size_t max_body);

  private:
    std::string ca_file_;
    ProxySettings proxies_;
    std::unique_ptr<TlsContext> tls_;
};

// The header block of a request as sent on the wire.
std::string format_request(const HttpRequest& request);

}  // namespace ambient_oidc::net
