#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

typedef struct ssl_ctx_st SSL_CTX;

namespace ambient_oidc::test {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// What FakeServer does with one connection. Every kind except HandshakeStall first completes the
// TLS handshake (when TLS is on) and reads one whole request.
struct Step {
    enum class Kind {
        Respond,
        IssueToken,
        Reset,
        HandshakeStall,
        StallAfterRequest,
        Drip,
        Truncate,
        Raw,
        Cut
    };
    Kind kind = Kind::Respond;
    int status = 200;
    HeaderList headers;                       // extra response headers
    std::string body;                         // Raw: the bytes sent verbatim
    std::chrono::milliseconds interval{200};  // Drip: pause before each body byte
    std::int64_t lifetime_seconds = 300;      // IssueToken: lifetime of the issued token
    // Every kind but HandshakeStall: pause after reading the request, before answering (a slow
    // server; longer than the client waits, a stall that ends). HandshakeStall: when positive,
    // close the connection after this long instead of holding it until the server is destroyed.
    std::chrono::milliseconds delay{0};

    // Answers with status, the extra headers and body.
    static Step respond(int status, std::string body = "", HeaderList headers = {});
    // Answers 200, Content-Type: application/json, body {"value":"<token>"}.
    static Step token_json(const std::string& token);
    // Answers like token_json with make_token(audience, lifetime_seconds), where audience is the
    // request's percent-decoded `audience` query parameter (empty when absent).
    static Step issue_token(std::int64_t lifetime_seconds = 300);
    // Closes the connection with a TCP RST (SO_LINGER {1, 0}) instead of answering.
    static Step reset();
    // Accepts the TCP connection but never reads or writes (no TLS handshake) until the server is
    // destroyed, or for `duration` when it is positive, then closes it.
    static Step handshake_stall(std::chrono::milliseconds duration = std::chrono::milliseconds(0));
    // Sends nothing after reading the request, until the server is destroyed.
    static Step stall_after_request();
    // Answers 200 with the right Content-Length, then sends body one byte at a time, pausing
    // interval before each byte.
    static Step drip(std::string body, std::chrono::milliseconds interval);
    // Answers 200 with Content-Length: body.size() + 100, sends body, then closes.
    static Step truncated(std::string body);
    // Sends bytes verbatim instead of a well-formed response, then closes (after TLS
    // close_notify when TLS is on).
    static Step raw(std::string bytes);
    // Like raw, but closes the TCP connection without TLS close_notify: a connection cut off.
    static Step cut(std::string bytes);
    // Returns a copy of step that pauses `by` after reading the request, before answering.
    static Step delayed(Step step, std::chrono::milliseconds by);
};

// The Content-Type of a JSON answer.
inline const HeaderList kJson = {{"Content-Type", "application/json"}};

// One request as FakeServer read it.
struct SeenRequest {
    std::string method, target;
    HeaderList headers;
    std::string body;

    // The target without its query.
    std::string path() const { return target.substr(0, target.find('?')); }
    // Returns the value of the first header called name (compared case-insensitively), if any.
    std::optional<std::string> header(const std::string& name) const;
    // Returns the percent-decoded value of the first query parameter called name, if any ('+' is
    // not decoded to a space).
    std::optional<std::string> query_param(const std::string& name) const;
};

// A fault-injecting HTTP/1.1 server (HTTPS by default) on 127.0.0.1 with an ephemeral port. Each
// connection carries one request and gets the next scripted Step; then the connection is closed.
// Every wait also wakes when the server is destroyed, and a silent client is dropped after 5 s.
class FakeServer {
  public:
    struct Options {
        bool tls = true;
        std::string cert_file, key_file;  // PEM files, required when tls is true
        // When set, called with the server's TLS context once it holds the certificate, e.g. to
        // limit the protocol versions or ciphers it accepts.
        std::function<void(SSL_CTX*)> tls_setup;
        // When set, a request whose Authorization header is not exactly "Bearer <value>" is
        // answered 401 (and counted) instead of getting its step.
        std::optional<std::string> required_bearer;
        // When set, called on the connection's thread for each counted request with its 1-based
        // number, the request, and the status about to be sent (0 for Reset, StallAfterRequest, Raw
        // and Cut). Must be thread-safe.
        std::function<void(int number, const SeenRequest& request, int status)> on_request;
        // When set, called on the connection's thread for each request; a Step it returns answers
        // the request instead of the scripted step (and of required_bearer). Must be thread-safe.
        std::function<std::optional<Step>(const SeenRequest& request)> route;
        // Ends each response by closing the connection at once (TLS close_notify, then close),
        // as many servers and load balancers do after "Connection: close", instead of waiting
        // for the client to close first.
        bool close_first = false;
        // The least size of the tokens that IssueToken steps issue (make_token's min_bytes).
        std::size_t token_bytes = 0;
    };

    // Binds 127.0.0.1:0 and starts serving in a background thread; until set_steps is called every
    // connection gets Step::issue_token(). Throws std::runtime_error (e.g. unusable certificate).
    explicit FakeServer(Options options);
    // Stops accepting, wakes every stalled connection and joins all threads; returns promptly.
    ~FakeServer();
    FakeServer(const FakeServer&) = delete;
    FakeServer& operator=(const FakeServer&) = delete;

    // Returns the port the server listens on.
    std::uint16_t port() const;
    // Returns "https://127.0.0.1:PORT" (http:// without TLS) followed by path_and_query.
    std::string url(const std::string& path_and_query) const;
    // Resets the counters and seen(); connection k accepted from now on (0-based) gets steps[k],
    // and later ones get fallback. Requests of connections accepted before are no longer counted.
    void set_steps(std::vector<Step> steps, Step fallback = Step::issue_token());
    // Like set_steps, but the steps repeat: connection k accepted from now on gets
    // cycle[k % cycle.size()], for as long as the server runs. cycle must not be empty.
    void repeat_steps(std::vector<Step> cycle);
    // Returns how many TCP connections were accepted since set_steps.
    int connections() const;
    // Returns how many complete requests (head and Content-Length body) were read since set_steps.
    int requests() const;
    // Returns the requests counted by requests(), in the order they were read.
    std::vector<SeenRequest> seen() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ambient_oidc::test
