#include "net/http.hpp"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/HTTPStream.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <functional>
#include <istream>
#include <streambuf>

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/text.hpp"
#include "core/version.hpp"
#include "net/failure.hpp"
#include "net/http_status.hpp"
#include "net/resolve.hpp"
#include "net/tls.hpp"
#include "net/traffic.hpp"
#include "net/watchdog.hpp"

namespace ambient_oidc::net {

namespace {

// A response head larger than this is refused; a body may bring this much framing (chunk sizes,
// extensions, trailer) on top of its cap.
constexpr std::size_t kMaxHeadBytes = 64 * 1024;
// A line of chunk framing (a chunk size with its extensions) longer than this is refused.
constexpr std::size_t kMaxFramingLine = 4 * 1024;

// One attempt: what it is doing (for messages), what it received, and its watchdog.
struct Attempt {
    explicit Attempt(SteadyTime until) : deadline(until), watchdog(until) {}
    SteadyTime deadline;
    const char* stage = "resolving the host name";
    Traffic traffic;  // outlives every socket below, which count into it
    Watchdog watchdog;
};

// A Poco session whose connect() is ours (see http.hpp): Poco's would resolve the name without a
// deadline and connect a socket that no watchdog sees.
template <class Base>
class Session final : public Base {
  public:
    template <class... Args>
    explicit Session(std::function<Poco::Net::StreamSocket()> open, Args&&... args)
        : Base(std::forward<Args>(args)...), open_(std::move(open)) {}

  protected:
    void connect(const Poco::Net::SocketAddress&) override { this->attachSocket(open_()); }

  private:
    std::function<Poco::Net::StreamSocket()> open_;
};

[[noreturn]] void malformed(const std::string& why) {
    throw AttemptError(Failure::Transient, "malformed HTTP response: " + why);
}
[[noreturn]] void truncated(const std::string& how) {
    throw AttemptError(Failure::Transient, "truncated response: " + how);
}
[[noreturn]] void too_large(std::size_t max_body) {
    throw AttemptError(Failure::InvalidToken, "the response body is larger than " +
                                                  std::to_string(max_body / 1024) + " KiB");
}

// What a Poco network exception says: the system's text for the errno it carries, else Poco's.
std::string describe(const Poco::Exception& error) {
    return error.code() > 0 && error.code() < 4096 ? std::strerror(error.code())
                                                   : error.displayText();
}

// The AttemptError a Poco exception in stage stands for: all of them are network trouble.
AttemptError transport_error(const Poco::Exception& error, const char* stage) {
    const std::string during = std::string(" while ") + stage;
    if (dynamic_cast<const Poco::TimeoutException*>(&error) != nullptr) {
        return AttemptError(Failure::Transient, "timed out" + during);
    }
    if (dynamic_cast<const Poco::Net::ConnectionResetException*>(&error) != nullptr ||
        error.code() == ECONNRESET || error.code() == EPIPE) {
        return AttemptError(Failure::Transient, "connection reset by peer" + during);
    }
    if (dynamic_cast<const Poco::Net::SSLConnectionUnexpectedlyClosedException*>(&error) !=
        nullptr) {
        return AttemptError(Failure::Transient, "the connection closed" + during);
    }
    return AttemptError(Failure::Transient, describe(error) + during);
}

std::size_t microseconds_left(SteadyTime deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::microseconds>(
        deadline - std::chrono::steady_clock::now());
    return static_cast<std::size_t>(std::max<long long>(left.count(), 0));
}

// Connects to the first address that accepts, each socket watched from before its connect.
Poco::Net::StreamSocket connect_tcp(const std::vector<Poco::Net::SocketAddress>& addresses,
                                    const std::string& host, std::uint16_t port, Attempt& attempt) {
    attempt.stage = "connecting";
    std::string last_error = "no address";
    for (const auto& address : addresses) {
        Poco::Net::StreamSocket socket(new CountingSocketImpl(attempt.traffic, address.family()));
        attempt.watchdog.watch(socket.impl()->sockfd());
        try {
            socket.connect(address, Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(
                                        microseconds_left(attempt.deadline))));
            socket.setNoDelay(true);
            return socket;
        } catch (const Poco::TimeoutException&) {
            throw;
        } catch (const Poco::Exception& error) {
            if (attempt.watchdog.fired() != Watchdog::Fired::No) {
                throw;
            }
            last_error = describe(error);
        }
    }
    throw AttemptError(Failure::Transient, "cannot connect to " + host + " port " +
                                               std::to_string(port) + ": " + last_error);
}

// A response head as Poco reads it, keeping the first bytes of its status line as the peer sent
// them: Poco keeps the status code in an enum that cannot hold every three-digit code, and the
// start of the line tells an HTTP response from something else.
class Head final : public Poco::Net::HTTPResponse {
  public:
    static constexpr std::size_t kStartBytes = 32;

    // The first kStartBytes bytes of the last head read (up to its first line feed).
    const std::string& start() const { return start_; }

    void read(std::istream& in) override {
        start_.clear();
        FirstLine tee(*in.rdbuf(), start_);
        std::istream through(&tee);
        Poco::Net::HTTPResponse::read(through);
    }

  private:
    // Passes on what it reads from source, keeping the start of the first line in line.
    class FirstLine final : public std::streambuf {
      public:
        FirstLine(std::streambuf& source, std::string& line) : source_(source), line_(line) {}

      protected:
        int_type underflow() override { return source_.sgetc(); }
        int_type uflow() override {
            const int_type c = source_.sbumpc();
            if (c == traits_type::eof() || c == '\n') {
                done_ = true;
            } else if (!done_ && line_.size() < kStartBytes) {
                line_ += traits_type::to_char_type(c);
            }
            return c;
        }
        int_type pbackfail(int_type c) override {
            return source_.sputbackc(traits_type::to_char_type(c));
        }

      private:
        std::streambuf& source_;
        std::string& line_;
        bool done_ = false;
    };

    std::string start_;
};

// The status code of a status line that starts "HTTP/1.x": three digits after blanks, from 100
// to 599 (RFC 9110 section 15), else the response is malformed.
int status_code(std::string_view start) {
    std::size_t digits = 8;
    while (digits < start.size() && (start[digits] == ' ' || start[digits] == '\t')) {
        ++digits;
    }
    int status = 0;
    for (std::size_t i = digits; i < digits + 3; ++i) {
        if (i >= start.size() || start[i] < '0' || start[i] > '9') {
            malformed("bad status code");
        }
        status = status * 10 + (start[i] - '0');
    }
    if (status < 100 || status > 599) {
        malformed("the status code " + std::to_string(status) + " is outside 100-599");
    }
    return status;
}

// Reads the final response head with Poco, skipping interim (1xx) responses as RFC 9110 section
// 15.2 asks of a client that did not ask for one (Poco itself skips only 100 Continue); all the
// heads together get kMaxHeadBytes. Poco takes a head cut short for a whole one: the traffic
// tells a head the peer cut short, or one that is no HTTP at all, from other malformed heads.
// Returns the body stream and sets status.
std::istream& receive_head(Poco::Net::HTTPClientSession& session, Head& head, Traffic& traffic,
                           int& status) {
    traffic.expect(kMaxHeadBytes);
    for (;;) {
        std::istream* body = nullptr;
        std::string poco_says;
        try {
            body = &session.receiveResponse(head);
        } catch (const Poco::Net::NoMessageException&) {
            poco_says = "no response";
        } catch (const Poco::Net::MessageException& error) {
            poco_says = error.message();
        } catch (const Poco::SyntaxException& error) {
            poco_says = error.message();
        }
        const std::string_view start = std::string_view(head.start()).substr(0, 7);
        if (start.empty() && traffic.eof && !traffic.capped) {
            throw AttemptError(Failure::Transient,
                               "the server closed the connection without a response");
        }
        if (start != std::string_view("HTTP/1.").substr(0, start.size())) {
            malformed("not an HTTP/1.x status line");
        }
        if (traffic.capped) {
            malformed("the headers are larger than 64 KiB");
        }
        if (traffic.eof) {
            truncated("the connection closed in the response head");
        }
        if (body == nullptr) {
            malformed(poco_says);
        }
        status = status_code(head.start());
        if (status == 101) {  // only an answer to an Upgrade header, which is never sent
            malformed("an unasked 101 Switching Protocols");
        }
        if (status >= 200) {
            return *body;
        }
    }
}

// The size of the next chunk from its size line (its CR LF taken off): at most 16 hex digits for
// a size below 2^63 (as a Content-Length), blanks, then the end or chunk extensions, which are
// ignored.
std::uint64_t chunk_size(std::string_view line) {
    std::size_t digits = 0;
    std::uint64_t size = 0;
    for (; digits < line.size() && std::isxdigit(static_cast<unsigned char>(line[digits])) != 0;
         ++digits) {
        if (digits == 16) {
            malformed("a bad chunk size");
        }
        const int c = std::tolower(static_cast<unsigned char>(line[digits]));
        size = size * 16 + static_cast<std::uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    std::size_t rest = digits;
    while (rest < line.size() && (line[rest] == ' ' || line[rest] == '\t')) {
        ++rest;
    }
    if (digits == 0 || size > static_cast<std::uint64_t>(INT64_MAX) ||
        (rest < line.size() && line[rest] != ';')) {
        malformed("a bad chunk size");
    }
    return size;
}

// Reads one line of chunked framing into line, without its LF and a CR before it; false when the
// connection ended first. A line longer than kMaxFramingLine is malformed.
bool framing_line(std::istream& in, std::string& line) {
    line.clear();
    for (;;) {
        const auto c = in.get();
        if (c == std::char_traits<char>::eof()) {
            return false;
        }
        if (c == '\n') {
            break;
        }
        if (line.size() == kMaxFramingLine) {
            malformed("a chunk size line longer than 4 KiB");
        }
        line += static_cast<char>(c);
    }
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return true;
}

// Decodes a chunked body (RFC 9112 section 7.1) strictly from the bytes after the head; Poco's
// own reader ends the body silently at framing it cannot read. The trailer section after the
// last chunk is not read. Returns false when the connection ended first.
bool read_chunked(std::istream& raw, std::string& body, std::size_t max_body) {
    std::string line;
    for (;;) {
        if (!framing_line(raw, line)) {
            return false;
        }
        const std::uint64_t next = chunk_size(line);
        if (next == 0) {
            return true;
        }
        if (next > max_body - body.size()) {
            too_large(max_body);
        }
        const auto size = static_cast<std::size_t>(next);
        const std::size_t old = body.size();
        body.resize(old + size);
        raw.read(&body[old], static_cast<std::streamsize>(size));
        if (static_cast<std::size_t>(raw.gcount()) < size || !framing_line(raw, line)) {
            return false;
        }
        if (!line.empty()) {
            malformed("a chunk not followed by a line end");
        }
    }
}

// Reads a 2xx body, at most max_body bytes, and fails a body cut short: fewer bytes than
// Content-Length, a chunked body without its last chunk, or over TLS (tls is not null) a body
// that the connection's end delimits without the peer's close_notify. Content-Length and
// close-delimited bodies are read through Poco's stream in, a chunked one from session.
std::string read_body(std::istream& in, Poco::Net::HTTPSession& session,
                      const Poco::Net::HTTPResponse& head, Traffic& traffic, std::size_t max_body,
                      const TlsContext* tls) {
    const bool chunked = head.getChunkedTransferEncoding();
    if (!chunked && head.has("Transfer-Encoding") &&
        lower(trim(head.get("Transfer-Encoding"), " \t")) != "identity") {
        malformed("unsupported Transfer-Encoding");
    }
    long long length = -1;
    if (!chunked && head.hasContentLength()) {
        try {
            length = head.getContentLength64();
        } catch (const Poco::SyntaxException&) {
            malformed("bad Content-Length");
        }
        if (length < 0) {
            malformed("bad Content-Length");
        }
        if (static_cast<unsigned long long>(length) > max_body) {
            too_large(max_body);
        }
    }
    traffic.expect(max_body + kMaxHeadBytes);
    std::string body;
    if (chunked) {
        Poco::Net::HTTPInputStream raw(session);  // the bytes after the head, as they come
        raw.exceptions(std::ios::badbit);
        const bool whole = read_chunked(raw, body, max_body);
        if (traffic.capped) {
            too_large(max_body);
        }
        if (!whole) {
            truncated("the connection closed in the chunked body");
        }
        return body;
    }
    in.exceptions(std::ios::badbit);
    char buffer[16 * 1024];
    while (in) {
        in.read(buffer, sizeof buffer);
        body.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (body.size() > max_body) {
            too_large(max_body);
        }
    }
    if (traffic.capped) {
        too_large(max_body);
    }
    if (length >= 0 && body.size() < static_cast<std::size_t>(length)) {
        truncated("the connection closed after " + std::to_string(body.size()) + " of " +
                  std::to_string(length) + " body bytes");
    }
    if (length < 0 && tls != nullptr && !tls->peer_closed_cleanly()) {
        truncated("the connection closed without TLS close_notify after " +
                  std::to_string(body.size()) +
                  " body bytes, and the response has neither Content-Length nor chunking");
    }
    return body;
}

// Asks the proxy for a tunnel to the URL's host on socket; throws AttemptError when it refuses.
void open_tunnel(Poco::Net::StreamSocket& socket, const Proxy& proxy,
                 const std::vector<std::string>& proxy_secrets, const Url& url, Attempt& attempt) {
    attempt.stage = "asking the proxy for a tunnel";
    Poco::Net::HTTPClientSession tunnel(socket);
    tunnel.setKeepAlive(true);  // no "Connection: close" on a CONNECT
    const bool ipv6 = url.host.find(':') != std::string::npos;
    const std::string target =
        (ipv6 ? "[" + url.host + "]" : url.host) + ":" + std::to_string(url.port);
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_CONNECT, target,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.set("Host", target);
    if (!proxy.authorization.empty()) {
        request.set("Proxy-Authorization", proxy.authorization);
    }
    tunnel.sendRequest(request).flush();
    Head answer;
    int status = 0;
    receive_head(tunnel, answer, attempt.traffic, status);
    if (status == 200) {
        socket = tunnel.detachSocket();
        return;
    }
    // The proxy can echo only what it was sent: its credentials are masked before the cut.
    const std::string what =
        "the proxy answered CONNECT with " +
        describe_status(status, redact_secrets(answer.getReason(), proxy_secrets));
    if (status == 407) {
        throw AttemptError(Failure::Rejected, what + ": check the credentials in HTTPS_PROXY");
    }
    throw AttemptError(classify_status(status), what);
}

// One request and its response on a new connection (through the proxy when one applies).
HttpResponse exchange(const HttpRequest& request, const ProxySettings& proxies, TlsContext* tls,
                      Attempt& attempt, std::size_t max_body) {
    const Url& url = request.url;
    const bool https = url.scheme == "https";
    const auto proxy = https ? proxies.for_host(url.host) : std::nullopt;
    const std::string& host = proxy ? proxy->host : url.host;
    const std::uint16_t port = proxy ? proxy->port : url.port;
    const auto addresses = resolve(host, port, attempt.deadline);
    auto open = [&]() {
        Poco::Net::StreamSocket socket = connect_tcp(addresses, host, port, attempt);
        if (proxy) {
            open_tunnel(socket, *proxy, proxies.secrets(), url, attempt);
        }
        if (!https) {
            return socket;
        }
        attempt.stage = "in the TLS handshake";
        return tls->handshake(socket, url.host, attempt.traffic);
    };
    // The sessions get an address, so that Poco resolves nothing; the Host header, SNI and the
    // certificate check use the URL's host.
    const std::string address = addresses.front().host().toString();
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (https) {
        session = std::make_unique<Session<Poco::Net::HTTPSClientSession>>(open, address, port,
                                                                           tls->context());
    } else {
        session = std::make_unique<Session<Poco::Net::HTTPClientSession>>(open, address, port);
    }
    Poco::Net::HTTPRequest out(request.method, url.target(), Poco::Net::HTTPMessage::HTTP_1_1);
    out.set("Host", url.authority());
    out.set("User-Agent", "ambient-oidc/" AMBIENT_OIDC_VERSION);
    for (const auto& [name, value] : request.headers) {
        out.add(name, value);
    }
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
        out.setContentLength64(static_cast<Poco::Int64>(request.body.size()));
    }
    std::ostream& body_out = session->sendRequest(out);
    attempt.stage = "sending the request";
    body_out.exceptions(std::ios::badbit);
    body_out << request.body;
    body_out.flush();
    attempt.stage = "waiting for the response";
    Head head;
    HttpResponse response;
    std::istream& body_in = receive_head(*session, head, attempt.traffic, response.status);
    response.reason = head.getReason();
    for (const auto& [name, value] : head) {
        response.headers.emplace_back(name, value);
    }
    if ((response.status >= 200 && response.status < 300) || request.read_error_body) {
        response.body =
            read_body(body_in, *session, head, attempt.traffic, max_body, https ? tls : nullptr);
    }
    return response;
}

// exchange() under a watchdog. A failure once a signal arrived or the deadline passed is an
// interruption or a timeout in the stage the attempt was in, whatever it looked like: a shut
// down socket reads as a closed one, and a signal can end a handshake before the watchdog acts.
HttpResponse bounded_exchange(const HttpRequest& request, const ProxySettings& proxies,
                              TlsContext* tls, SteadyTime deadline, std::size_t max_body) {
    Attempt attempt(deadline);
    const auto cut_short = [&] {
        return attempt.watchdog.fired() != Watchdog::Fired::No || interrupt::raised() ||
               std::chrono::steady_clock::now() >= deadline;
    };
    try {
        return exchange(request, proxies, tls, attempt, max_body);
    } catch (const AttemptError&) {
        if (!cut_short()) {
            throw;
        }
    } catch (const Poco::Exception& error) {
        if (!cut_short()) {
            throw transport_error(error, attempt.stage);
        }
    }
    if (attempt.watchdog.fired() == Watchdog::Fired::Signal || interrupt::raised()) {
        throw AttemptError(Failure::Interrupted, std::string("interrupted while ") + attempt.stage);
    }
    throw AttemptError(Failure::Transient, std::string("timed out while ") + attempt.stage);
}

}  // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (lower(key) == lower(name)) {
            return value;
        }
    }
    return std::nullopt;
}

HttpClient::HttpClient(TrustSources trust, ProxySettings proxies)
    : trust_(std::move(trust)), proxies_(std::move(proxies)) {}
HttpClient::~HttpClient() = default;

HttpResponse HttpClient::send(const HttpRequest& request, SteadyTime deadline,
                              std::size_t max_body) {
    // Poco writes header values as they are: a CR or LF would add header lines of its own.
    for (const auto& [name, value] : request.headers) {
        if (std::any_of(value.begin(), value.end(), [](char c) {
                return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f;
            })) {
            throw Error(ErrorKind::Usage, "the value of the " + name +
                                              " header contains a control character (such as a "
                                              "line break): check the variable it comes from");
        }
    }
    if (request.url.scheme == "https" && !tls_) {
        tls_ = std::make_unique<TlsContext>(trust_);
    }
    try {
        return bounded_exchange(request, proxies_, tls_.get(), deadline, max_body);
    } catch (const TrustWidened&) {
        // The chain lacked an issuer, and the bundle file held back is now loaded: connect again
        // (once: there is nothing more to load).
    }
    return bounded_exchange(request, proxies_, tls_.get(), deadline, max_body);
}

}  // namespace ambient_oidc::net
