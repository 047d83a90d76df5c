#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ambient_oidc::test {

// A test-only HTTP CONNECT proxy on 127.0.0.1 with an ephemeral port. Each connection carries one
// CONNECT request; with status 200 the proxy opens a tunnel to the target, which must be 127.0.0.1
// or localhost (it never connects anywhere else), and relays bytes both ways until both sides have
// closed, either side fails, or the proxy is destroyed. Every wait also wakes when the proxy is
// destroyed, and a client that stops sending its request head is dropped after 5 s.
class ConnectProxy {
  public:
    struct Options {
        // The answer to a CONNECT. Anything but 200 is sent as "HTTP/1.1 <status> <reason>" with
        // Content-Length: 0, and the connection is closed; 0 sends nothing until the proxy is
        // destroyed.
        int status = 200;
        // When set, a CONNECT whose Proxy-Authorization header is not exactly this value (e.g.
        // "Basic dXNlcjpwYXNz") is answered 407 with Proxy-Authenticate: Basic realm="test", before
        // status is considered.
        std::optional<std::string> required_authorization;
        // When true, a refusal's reason phrase is 60 dots and then the request's
        // Proxy-Authorization value, as a proxy that echoes what it was sent.
        bool echo_authorization = false;
    };

    // Same as ConnectProxy(Options{}): answers every CONNECT with a tunnel, without authorization.
    ConnectProxy();
    // Binds 127.0.0.1:0 and starts serving in a background thread at once. Throws std::system_error
    // when it cannot listen.
    explicit ConnectProxy(Options options);
    // Stops accepting, wakes every connection (idle tunnels included) and joins all threads;
    // returns promptly.
    ~ConnectProxy();
    ConnectProxy(const ConnectProxy&) = delete;
    ConnectProxy& operator=(const ConnectProxy&) = delete;

    // Returns the port the proxy listens on.
    std::uint16_t port() const;
    // Returns "http://127.0.0.1:PORT", e.g. for curl --proxy.
    std::string url() const;
    // Returns how many well-formed CONNECT requests ("CONNECT host:port HTTP/1.x" with a complete
    // head of at most 16 KiB) were received, whatever they were answered. Other requests get 400
    // and are not counted.
    int connects() const;
    // Returns the "host:port" target of each request counted by connects(), in the order read.
    std::vector<std::string> targets() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ambient_oidc::test
