#include "net/http.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "core/text.hpp"
#include "core/version.hpp"
#include "net/connection.hpp"
#include "net/failure.hpp"
#include "net/http_status.hpp"
#include "net/tls.hpp"

namespace ambient_oidc::net {

namespace {

constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
constexpr std::size_t kMaxHeaders = 100;

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::string_view trim_header(std::string_view text) {
    return trim(text, " \t\r");
}

[[noreturn]] void malformed(const std::string& why) {
    throw AttemptError(Failure::Transient, "malformed HTTP response: " + why);
}

// Buffered reads from a connection, each bounded by the deadline.
class Reader {
  public:
    Reader(Connection& connection, SteadyTime deadline)
        : connection_(connection), deadline_(deadline) {}

    // Appends more bytes to the buffer, first dropping those consumed, so that the buffer never
    // holds more than what is being parsed; false at the end of the stream.
    bool fill() {
        dropped_ += position_;
        buffer_.erase(0, position_);
        position_ = 0;
        char chunk[16 * 1024];
        const std::size_t got = connection_.read_some(chunk, sizeof chunk, deadline_);
        buffer_.append(chunk, got);
        return got > 0;
    }

    // Reads until at least count bytes are buffered or the stream ends; returns what is there.
    std::string_view peek(std::size_t count) {
        while (buffer_.size() - position_ < count && fill()) {
        }
        return std::string_view(buffer_).substr(position_, count);
    }

    // Returns the next CRLF-terminated line (without CRLF), reading at most limit bytes.
    std::string line(std::size_t limit, const char* what) {
        for (;;) {
            const auto end = buffer_.find("\r\n", position_);
            if (end != std::string::npos) {
                std::string result = buffer_.substr(position_, end - position_);
                position_ = end + 2;
                return result;
            }
            if (buffer_.size() - position_ > limit) {
                malformed(std::string(what) + " is too long");
            }
            if (!fill()) {
                throw AttemptError(
                    Failure::Transient,
                    std::string("truncated response: the connection closed in ") + what);
            }
        }
    }

    // Returns exactly count bytes, or throws a truncation error.
    std::string exactly(std::size_t count) {
        while (buffer_.size() - position_ < count) {
            if (!fill()) {
                throw AttemptError(Failure::Transient,
                                   "truncated response: the connection closed after " +
                                       std::to_string(buffer_.size() - position_) + " of " +
                                       std::to_string(count) + " body bytes");
            }
        }
        std::string result = buffer_.substr(position_, count);
        position_ += count;
        return result;
    }

    // How many bytes were consumed so far.
    std::size_t consumed() const { return dropped_ + position_; }

    // Returns everything until the end of the stream, at most limit bytes (else false).
    bool rest(std::size_t limit, std::string& out) {
        while (buffer_.size() - position_ <= limit) {
            if (!fill()) {
                out = buffer_.substr(position_);
                return true;
            }
        }
        return false;
    }

  private:
    Connection& connection_;
    SteadyTime deadline_;
    std::string buffer_;
    std::size_t position_ = 0;
    std::size_t dropped_ = 0;
};

[[noreturn]] void too_large(std::size_t max_body) {
    throw AttemptError(Failure::InvalidToken, "the response body is larger than " +
                                                  std::to_string(max_body / 1024) + " KiB");
}

// A chunked body, its framing (chunk sizes, extensions, trailer) counted against the cap too.
std::string read_chunked(Reader& reader, std::size_t max_body) {
    std::string body;
    const std::size_t start = reader.consumed();
    auto check_size = [&] {
        if (reader.consumed() - start > max_body + kMaxHeaderBytes) {
            too_large(max_body);
        }
    };
    for (;;) {
        check_size();
        const std::string size_line = reader.line(1024, "a chunk header");
        const std::string_view digits = trim_header(
            std::string_view(size_line).substr(0, std::min(size_line.find(';'), size_line.size())));
        if (digits.empty() || digits.size() > 8 ||
            !std::all_of(digits.begin(), digits.end(),
                         [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); })) {
            malformed("bad chunk size");
        }
        const std::size_t size = std::stoul(std::string(digits), nullptr, 16);
        if (size == 0) {
            while (!reader.line(kMaxHeaderBytes, "the trailer").empty()) {
                check_size();
            }
            return body;
        }
        if (body.size() + size > max_body) {
            too_large(max_body);
        }
        body += reader.exactly(size);
        if (!reader.line(2, "a chunk").empty()) {
            malformed("chunk data longer than its size");
        }
    }
}

std::string read_body(Reader& reader, const HttpResponse& response, std::size_t max_body) {
    const auto encoding = response.header("Transfer-Encoding");
    if (encoding && !iequals(trim_header(*encoding), "identity")) {
        if (!iequals(trim_header(*encoding), "chunked")) {
            malformed("unsupported Transfer-Encoding");
        }
        return read_chunked(reader, max_body);
    }
    if (const auto length = response.header("Content-Length")) {
        const std::string_view digits = trim_header(*length);
        if (digits.empty() || digits.size() > 18 ||
            !std::all_of(digits.begin(), digits.end(),
                         [](char c) { return c >= '0' && c <= '9'; })) {
            malformed("bad Content-Length");
        }
        const unsigned long long size = std::stoull(std::string(digits));
        if (size > max_body) {
            too_large(max_body);
        }
        return reader.exactly(static_cast<std::size_t>(size));
    }
    std::string body;
    if (!reader.rest(max_body, body)) {
        too_large(max_body);
    }
    return body;
}

// Reads the status line and the headers.
HttpResponse read_head(Reader& reader) {
    HttpResponse response;
    const std::string_view start = reader.peek(5);
    if (start.empty()) {
        throw AttemptError(Failure::Transient,
                           "the server closed the connection without a response");
    }
    if (start != std::string_view("HTTP/").substr(0, start.size())) {
        malformed("not an HTTP/1.x status line");
    }
    const std::string status_line = reader.line(kMaxHeaderBytes, "the status line");
    // "HTTP/1.x NNN reason"
    if (status_line.size() < 12 || status_line.compare(0, 7, "HTTP/1.") != 0 ||
        status_line[8] != ' ' || !std::isdigit(static_cast<unsigned char>(status_line[9])) ||
        !std::isdigit(static_cast<unsigned char>(status_line[10])) ||
        !std::isdigit(static_cast<unsigned char>(status_line[11])) ||
        (status_line.size() > 12 && status_line[12] != ' ')) {
        malformed("not an HTTP/1.x status line");
    }
    response.status = std::stoi(status_line.substr(9, 3));
    response.reason = status_line.size() > 13 ? status_line.substr(13) : "";
    std::size_t header_bytes = status_line.size();
    for (;;) {
        const std::string line = reader.line(kMaxHeaderBytes, "the response headers");
        if (line.empty()) {
            break;
        }
        header_bytes += line.size();
        if (header_bytes > kMaxHeaderBytes || response.headers.size() >= kMaxHeaders) {
            malformed("the headers are larger than 64 KiB or more than 100");
        }
        const auto colon = line.find(':');
        if (colon == std::string::npos || colon == 0) {
            malformed("a header line without a name");
        }
        response.headers.emplace_back(
            line.substr(0, colon),
            std::string(trim_header(std::string_view(line).substr(colon + 1))));
    }
    return response;
}

// Reads the head, and the body of a 2xx response.
HttpResponse read_response(Reader& reader, std::size_t max_body) {
    HttpResponse response = read_head(reader);
    if (response.status >= 200 && response.status < 300) {
        response.body = read_body(reader, response, max_body);
    }
    return response;
}

// Asks the proxy for a tunnel to the request's host; throws AttemptError when it refuses.
void open_tunnel(Connection& connection, const Proxy& proxy, const Url& url, SteadyTime deadline) {
    const bool ipv6 = url.host.find(':') != std::string::npos;
    const std::string target =
        (ipv6 ? "[" + url.host + "]" : url.host) + ":" + std::to_string(url.port);
    std::string head = "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n";
    if (!proxy.authorization.empty()) {
        head += "Proxy-Authorization: " + proxy.authorization + "\r\n";
    }
    connection.set_stage("asking the proxy for a tunnel");
    connection.write_all(head + "\r\n", deadline);
    Reader reader(connection, deadline);
    const HttpResponse answer = read_head(reader);
    if (answer.status == 200) {
        return;
    }
    const std::string what =
        "the proxy answered CONNECT with " + describe_status(answer.status, answer.reason);
    if (answer.status == 407) {
        throw AttemptError(Failure::Rejected, what + ": check the credentials in HTTPS_PROXY");
    }
    throw AttemptError(classify_status(answer.status), what);
}

}  // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (iequals(key, name)) {
            return value;
        }
    }
    return std::nullopt;
}

std::string format_request(const HttpRequest& request) {
    std::string wire = request.method + " " + request.url.target() + " HTTP/1.1\r\n";
    wire += "Host: " + request.url.authority() + "\r\n";
    wire += "User-Agent: ambient-oidc/" AMBIENT_OIDC_VERSION "\r\n";
    wire += "Connection: close\r\n";
    for (const auto& [name, value] : request.headers) {
        wire += name + ": " + value + "\r\n";
    }
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
        wire += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
    }
    wire += "\r\n";
    return wire;
}

HttpClient::HttpClient(std::string ca_file, ProxySettings proxies)
    : ca_file_(std::move(ca_file)), proxies_(std::move(proxies)) {}
HttpClient::~HttpClient() = default;

HttpResponse HttpClient::send(const HttpRequest& request, SteadyTime deadline,
                              std::size_t max_body) {
    const bool https = request.url.scheme == "https";
    const auto proxy = https ? proxies_.for_host(request.url.host) : std::nullopt;
    Connection connection(proxy ? proxy->host : request.url.host,
                          proxy ? proxy->port : request.url.port, deadline);
    if (proxy) {
        open_tunnel(connection, *proxy, request.url, deadline);
    }
    if (https) {
        if (!tls_) {
            tls_ = std::make_unique<TlsContext>(ca_file_);
        }
        connection.start_tls(*tls_, request.url.host, deadline);
    }
    connection.set_stage("sending the request");
    connection.write_all(format_request(request) + request.body, deadline);
    connection.set_stage("waiting for the response");
    Reader reader(connection, deadline);
    return read_response(reader, max_body);
}

}  // namespace ambient_oidc::net
