#include "support/fake_server.hpp"

#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <charconv>
#include <mutex>
#include <stdexcept>
#include <string_view>

#include "core/json.hpp"
#include "net/url.hpp"
#include "support/handles.hpp"
#include "support/jwt.hpp"
#include "support/socket_util.hpp"

namespace ambient_oidc::test {
namespace {

using std::chrono::milliseconds;

constexpr std::size_t kMaxHeadBytes = 64 * 1024;
constexpr std::size_t kMaxBodyBytes = 16 * 1024 * 1024;

std::string token_body(const std::string& token) {
    return R"({"value":)" + json_quote(token) + "}";
}

// Parses "METHOD TARGET VERSION" and "Name: value" lines (CRLF-separated); nullopt if malformed.
std::optional<SeenRequest> parse_head(std::string_view head) {
    const auto line_end = std::min(head.find("\r\n"), head.size());
    const std::string_view line = head.substr(0, line_end);
    const auto space1 = line.find(' ');
    const auto space2 = line.find(' ', space1 + 1);
    if (space1 == std::string_view::npos || space2 == std::string_view::npos) {
        return std::nullopt;
    }
    SeenRequest request;
    request.method = line.substr(0, space1);
    request.target = line.substr(space1 + 1, space2 - space1 - 1);
    for (auto start = line_end + 2; start < head.size();) {
        const auto end = std::min(head.find("\r\n", start), head.size());
        const std::string_view field = head.substr(start, end - start);
        const auto colon = field.find(':');
        if (colon == std::string_view::npos) {
            return std::nullopt;
        }
        request.headers.emplace_back(trim(field.substr(0, colon)), trim(field.substr(colon + 1)));
        start = end + 2;
    }
    return request;
}

std::string response_head(const Step& step, std::size_t content_length) {
    std::string head =
        "HTTP/1.1 " + std::to_string(step.status) + " " + reason_phrase(step.status) +
        "\r\nContent-Length: " + std::to_string(content_length) + "\r\nConnection: close\r\n";
    for (const auto& [name, value] : step.headers) {
        head += name + ": " + value + "\r\n";
    }
    return head + "\r\n";
}

// One accepted connection: its non-blocking socket, its TLS session once the handshake started, and
// the server's stop pipe, which aborts every wait.
class Connection {
  public:
    Connection(UniqueFd fd, SSL_CTX* ssl_ctx, int stop_fd)
        : fd_(std::move(fd)), ssl_ctx_(ssl_ctx), stop_fd_(stop_fd) {}

    // Performs the TLS handshake (nothing without TLS); false on failure, timeout or stop.
    bool handshake() {
        if (ssl_ctx_ == nullptr) {
            return true;
        }
        ssl_.reset(SSL_new(ssl_ctx_));
        return ssl_ != nullptr && SSL_set_fd(ssl_.get(), fd_.get()) == 1 &&
               retry(POLLIN, [&] { return SSL_accept(ssl_.get()); }) > 0;
    }

    // Reads one request: a head of at most 64 KiB, then Content-Length bytes of body; nullopt on
    // a malformed or oversized request, EOF, error, timeout or stop.
    std::optional<SeenRequest> read_request() {
        std::string data;
        std::size_t head_end;
        while ((head_end = data.find("\r\n\r\n")) == std::string::npos) {
            if (data.size() > kMaxHeadBytes || !read_some(data)) {
                return std::nullopt;
            }
        }
        std::optional<SeenRequest> request;
        if (head_end <= kMaxHeadBytes) {
            request = parse_head(std::string_view(data).substr(0, head_end));
        }
        if (!request) {
            return std::nullopt;
        }
        std::size_t length = 0;
        if (const auto value = request->header("Content-Length")) {
            const auto [end, error] =
                std::from_chars(value->data(), value->data() + value->size(), length);
            if (error != std::errc() || end != value->data() + value->size() ||
                length > kMaxBodyBytes) {
                return std::nullopt;
            }
        }
        request->body = data.substr(head_end + 4);
        while (request->body.size() < length) {
            if (!read_some(request->body)) {
                return std::nullopt;
            }
        }
        request->body.resize(length);
        return request;
    }

    // Sends all of data; false on error, timeout or stop.
    bool send_all(std::string_view data) {
        while (!data.empty()) {
            const long sent = retry(POLLOUT, [&]() -> long {
                return ssl_ ? SSL_write(
                                  ssl_.get(), data.data(),
                                  static_cast<int>(std::min<std::size_t>(data.size(), 1 << 20)))
                            : ::send(fd_.get(), data.data(), data.size(), 0);
            });
            if (sent <= 0) {
                return false;
            }
            data.remove_prefix(static_cast<std::size_t>(sent));
        }
        return true;
    }

    // Sends body one byte at a time, waiting interval before each; false on error or stop.
    bool drip(std::string_view body, milliseconds interval) {
        for (std::size_t i = 0; i < body.size(); ++i) {
            if (wait_for(-1, 0, stop_fd_, interval) != Wake::Timeout ||
                !send_all(body.substr(i, 1))) {
                return false;
            }
        }
        return true;
    }

    // Blocks until the server stops.
    void wait_for_stop() { wait(kForever); }
    // Blocks for duration (kForever: no limit); false when the server stopped first.
    bool wait(milliseconds duration) {
        return wait_for(-1, 0, stop_fd_, duration) == Wake::Timeout;
    }

    // Makes closing the socket send a TCP RST instead of a FIN.
    void arm_reset() {
        const linger abortive{1, 0};
        ::setsockopt(fd_.get(), SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    }

    // Ends a response: TLS close_notify (unless close_notify is false), FIN, then (unless
    // close_first) discards what the client still sends until it closes (briefly), so that unread
    // input cannot turn the close into a reset that loses data. With close_first the socket closes
    // at once: what the client sends after that (its own close_notify) is answered with a reset.
    void finish(bool close_notify, bool close_first) {
        if (ssl_ && close_notify) {
            SSL_shutdown(ssl_.get());
        }
        if (!close_first) {
            finish_sending(fd_.get(), stop_fd_);
        }
    }

  private:
    // Appends what one read returns to out; false on EOF, error, timeout or stop.
    bool read_some(std::string& out) {
        char buffer[16 * 1024];
        const long got = retry(POLLIN, [&]() -> long {
            return ssl_ ? SSL_read(ssl_.get(), buffer, sizeof buffer)
                        : ::recv(fd_.get(), buffer, sizeof buffer, 0);
        });
        if (got <= 0) {
            return false;
        }
        out.append(buffer, static_cast<std::size_t>(got));
        return true;
    }

    // Calls op (one SSL_* call, or one recv/send that waits for plain_events) until it returns a
    // positive value, waiting for the socket as needed; returns that value, or 0 on EOF, error,
    // timeout or stop.
    template <typename Op>
    long retry(short plain_events, Op op) {
        for (;;) {
            ERR_clear_error();
            const long result = op();
            if (result > 0) {
                return result;
            }
            short events = plain_events;
            if (ssl_) {
                const int error = SSL_get_error(ssl_.get(), static_cast<int>(result));
                if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) {
                    return 0;
                }
                events = error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
            } else if (result == 0 || !would_block(errno)) {
                return 0;
            }
            if (wait_for(fd_.get(), events, stop_fd_, kIoTimeout) != Wake::Ready) {
                return 0;
            }
        }
    }

    UniqueFd fd_;
    SSL_CTX* ssl_ctx_;
    int stop_fd_;
    OpenSslPtr<SSL, SSL_free> ssl_;  // declared after fd_: freed before the socket closes
};

// Returns a TLS server context using the certificate chain and key of options, or null without
// TLS. Throws std::runtime_error when they are unusable.
OpenSslPtr<SSL_CTX, SSL_CTX_free> make_ssl_ctx(const FakeServer::Options& options) {
    if (!options.tls) {
        return nullptr;
    }
    OpenSslPtr<SSL_CTX, SSL_CTX_free> ctx(SSL_CTX_new(TLS_server_method()));
    if (!ctx || SSL_CTX_use_certificate_chain_file(ctx.get(), options.cert_file.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx.get(), options.key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(ctx.get()) != 1) {
        throw openssl_error("FakeServer: cannot use " + options.cert_file + " and " +
                            options.key_file);
    }
    if (options.tls_setup) {
        options.tls_setup(ctx.get());
    }
    return ctx;
}

}  // namespace

Step Step::respond(int status, std::string body, HeaderList headers) {
    Step step;
    step.status = status;
    step.body = std::move(body);
    step.headers = std::move(headers);
    return step;
}

Step Step::token_json(const std::string& token) {
    return respond(200, token_body(token), {{"Content-Type", "application/json"}});
}

Step Step::issue_token(std::int64_t lifetime_seconds) {
    Step step = respond(200, "", {{"Content-Type", "application/json"}});
    step.kind = Kind::IssueToken;
    step.lifetime_seconds = lifetime_seconds;
    return step;
}

Step Step::reset() {
    Step step;
    step.kind = Kind::Reset;
    return step;
}

Step Step::handshake_stall(milliseconds duration) {
    Step step;
    step.kind = Kind::HandshakeStall;
    step.delay = duration;
    return step;
}

Step Step::stall_after_request() {
    Step step;
    step.kind = Kind::StallAfterRequest;
    return step;
}

Step Step::drip(std::string body, milliseconds interval) {
    Step step = respond(200, std::move(body));
    step.kind = Kind::Drip;
    step.interval = interval;
    return step;
}

Step Step::truncated(std::string body) {
    Step step = respond(200, std::move(body));
    step.kind = Kind::Truncate;
    return step;
}

Step Step::raw(std::string bytes) {
    Step step;
    step.kind = Kind::Raw;
    step.body = std::move(bytes);
    return step;
}

Step Step::cut(std::string bytes) {
    Step step = raw(std::move(bytes));
    step.kind = Kind::Cut;
    return step;
}

Step Step::delayed(Step step, milliseconds by) {
    step.delay = by;
    return step;
}

std::optional<std::string> SeenRequest::header(const std::string& name) const {
    for (const auto& [field, value] : headers) {
        if (equals_ignoring_case(field, name)) {
            return value;
        }
    }
    return std::nullopt;
}

std::optional<std::string> SeenRequest::query_param(const std::string& name) const {
    const auto question = target.find('?');
    if (question == std::string::npos) {
        return std::nullopt;
    }
    const std::string_view query = std::string_view(target).substr(question + 1);
    for (std::size_t start = 0; start <= query.size();) {
        const auto end = std::min(query.find('&', start), query.size());
        const std::string_view pair = query.substr(start, end - start);
        const auto equals = std::min(pair.find('='), pair.size());
        if (net::percent_decode(pair.substr(0, equals)) == name) {
            return net::percent_decode(pair.substr(std::min(equals + 1, pair.size())));
        }
        start = end + 1;
    }
    return std::nullopt;
}

struct FakeServer::Impl {
    explicit Impl(Options server_options) : options(std::move(server_options)) {}

    // Picks the step of a connection just accepted (on the accept thread, in order) and returns
    // how to serve it.
    LoopbackServer::Serve accept() {
        const std::lock_guard lock(mutex);
        const auto index = static_cast<std::size_t>(connections++);
        Step step = repeat                 ? steps[index % steps.size()]
                    : index < steps.size() ? steps[index]
                                           : fallback;
        return [this, step = std::move(step), connection_generation = generation](UniqueFd fd) {
            serve(std::move(fd), step, connection_generation);
        };
    }

    void serve(UniqueFd fd, Step step, int connection_generation) {
        Connection connection(std::move(fd), ssl_ctx.get(), server.stop_fd());
        if (step.kind == Step::Kind::HandshakeStall) {
            connection.wait(step.delay > milliseconds(0) ? step.delay : kForever);
            return;
        }
        if (!connection.handshake()) {
            return;
        }
        const std::optional<SeenRequest> request = connection.read_request();
        if (!request) {
            return;
        }
        std::optional<Step> routed = options.route ? options.route(*request) : std::nullopt;
        if (routed) {
            step = std::move(*routed);
        } else if (options.required_bearer &&
                   request->header("Authorization") != "Bearer " + *options.required_bearer) {
            step = Step::respond(401);
        } else if (step.kind == Step::Kind::IssueToken) {
            step.kind = Step::Kind::Respond;
            step.body = token_body(make_token(request->query_param("audience").value_or(""),
                                              step.lifetime_seconds, options.token_bytes));
        }
        const bool has_status = step.kind == Step::Kind::Respond || step.kind == Step::Kind::Drip ||
                                step.kind == Step::Kind::Truncate;
        record(*request, connection_generation, has_status ? step.status : 0);
        if (step.delay > milliseconds(0) && !connection.wait(step.delay)) {
            return;
        }

        bool sent = false;
        switch (step.kind) {
            case Step::Kind::Reset: connection.arm_reset(); return;
            case Step::Kind::StallAfterRequest: connection.wait_for_stop(); return;
            case Step::Kind::Raw:
            case Step::Kind::Cut: sent = connection.send_all(step.body); break;
            case Step::Kind::Drip:
                sent = connection.send_all(response_head(step, step.body.size())) &&
                       connection.drip(step.body, step.interval);
                break;
            case Step::Kind::Truncate:
                sent = connection.send_all(response_head(step, step.body.size() + 100) + step.body);
                break;
            default: sent = connection.send_all(response_head(step, step.body.size()) + step.body);
        }
        if (sent) {
            connection.finish(step.kind != Step::Kind::Cut, options.close_first);
        }
    }

    // Serves new connections from steps (and fallback, or repeating the steps) from now on.
    void reset(std::vector<Step> new_steps, Step new_fallback, bool new_repeat) {
        const std::lock_guard lock(mutex);
        steps = std::move(new_steps);
        fallback = std::move(new_fallback);
        repeat = new_repeat;
        ++generation;
        connections = 0;
        requests = 0;
        seen.clear();
    }

    // Counts request and reports it to on_request unless set_steps was called since its connection
    // was accepted.
    void record(const SeenRequest& request, int connection_generation, int status) {
        std::unique_lock lock(mutex);
        if (connection_generation != generation) {
            return;
        }
        const int number = ++requests;
        seen.push_back(request);
        lock.unlock();
        if (options.on_request) {
            options.on_request(number, request, status);
        }
    }

    const Options options;
    const OpenSslPtr<SSL_CTX, SSL_CTX_free> ssl_ctx = make_ssl_ctx(options);

    mutable std::mutex mutex;  // guards the members up to seen
    std::vector<Step> steps;
    Step fallback = Step::issue_token();
    bool repeat = false;  // steps repeat instead of ending in fallback
    int generation = 0;   // incremented by set_steps
    int connections = 0;
    int requests = 0;
    std::vector<SeenRequest> seen;

    // Declared last: its destructor joins the connection threads before the members above go.
    LoopbackServer server{"FakeServer", [this] { return accept(); }};
};

FakeServer::FakeServer(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}

FakeServer::~FakeServer() = default;

std::uint16_t FakeServer::port() const {
    return impl_->server.port();
}

std::string FakeServer::url(const std::string& path_and_query) const {
    return (impl_->options.tls ? "https://127.0.0.1:" : "http://127.0.0.1:") +
           std::to_string(impl_->server.port()) + path_and_query;
}

void FakeServer::set_steps(std::vector<Step> steps, Step fallback) {
    impl_->reset(std::move(steps), std::move(fallback), false);
}

void FakeServer::repeat_steps(std::vector<Step> cycle) {
    if (cycle.empty()) {
        throw std::invalid_argument("FakeServer::repeat_steps: no steps");
    }
    impl_->reset(std::move(cycle), Step::issue_token(), true);
}

int FakeServer::connections() const {
    const std::lock_guard lock(impl_->mutex);
    return impl_->connections;
}

int FakeServer::requests() const {
    const std::lock_guard lock(impl_->mutex);
    return impl_->requests;
}

std::vector<SeenRequest> FakeServer::seen() const {
    const std::lock_guard lock(impl_->mutex);
    return impl_->seen;
}

}  // namespace ambient_oidc::test
