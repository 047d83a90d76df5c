// What is still ours around Poco's HTTP client in net::HttpClient: telling a response head that
// the peer cut short or that is no HTTP from other malformed heads, skipping interim (1xx)
// responses, the status range, the Content-Length checks (refused above 64 KiB before reading, a
// short body is truncated), the strict chunked decoding (chunk sizes, line ends, the framing
// caps, a chunked body the peer closed in); then what the github-actions provider does with the
// response: body_or_throw (status classification, Retry-After) and token_from_json (a \u0000 in a
// string refused). Poco parses each head underneath.
//
// HttpClient reads from a real socket, so this target drives the public HttpClient::send over
// plain HTTP against a server thread on 127.0.0.1 that answers every request with the input's
// bytes, then closes its side. Input: the raw response as the server sends it. An input holding
// the marker "\0REPEAT\0" stands for an endless response: the bytes before the marker, then the
// bytes after it over and over (up to 4 MiB, or until the client closes), so that unbounded
// buffering of a response that never ends (headers, interim responses, chunks) trips
// -malloc_limit_mb.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>

#include "core/error.hpp"
#include "fuzz_common.hpp"
#include "net/failure.hpp"
#include "net/http.hpp"
#include "net/http_status.hpp"
#include "provider/json_token.hpp"
#include "token/id_token.hpp"

namespace net = ambient_oidc::net;

namespace {

// Accepts one connection at a time: reads the request head, sends the response, shuts down its
// sending side, waits for the client to close, then closes without lingering (no TIME_WAIT, so
// millions of connections do not exhaust the ephemeral ports).
class ResponseServer {
  public:
    ResponseServer() {
        listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        FUZZ_CHECK(listener_ >= 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = 0;
        FUZZ_CHECK(::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        FUZZ_CHECK(::listen(listener_, 8) == 0);
        socklen_t length = sizeof address;
        FUZZ_CHECK(::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) == 0);
        port_ = ntohs(address.sin_port);
        std::thread([this] { serve(); }).detach();
    }

    std::uint16_t port() const { return port_; }

    // Makes prefix, then unit repeated (if not empty) up to kEndless bytes, the answer to the
    // next connection.
    void arm(std::string prefix, std::string unit) {
        std::lock_guard<std::mutex> lock(mutex_);
        response_ = std::move(prefix);
        unit_ = std::move(unit);
        armed_ = true;
        finished_ = false;
    }

    // Waits until the server has closed the connection that used the armed response.
    void wait_finished() {
        std::unique_lock<std::mutex> lock(mutex_);
        finished_cv_.wait(lock, [this] { return finished_; });
        armed_ = false;
    }

  private:
    static constexpr std::size_t kEndless = 4 * 1024 * 1024;

    static bool send_all(int fd, const std::string& bytes) {
        for (std::size_t sent = 0; sent < bytes.size();) {
            const ssize_t put = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
            if (put <= 0) {
                return false;
            }
            sent += static_cast<std::size_t>(put);
        }
        return true;
    }

    void serve() {
        for (;;) {
            const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) {
                continue;
            }
            std::string response;
            std::string unit;
            {
                std::lock_guard<std::mutex> lock(mutex_);
                FUZZ_CHECK(armed_);
                response = response_;
                unit = unit_;
            }
            // The request head.
            std::string request;
            char buffer[4096];
            while (request.find("\r\n\r\n") == std::string::npos) {
                const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
                if (got <= 0) {
                    break;
                }
                request.append(buffer, static_cast<std::size_t>(got));
            }
            // The client gives up (a cap, a malformed head) by closing: send then fails.
            bool open = send_all(fd, response);
            if (!unit.empty()) {
                std::string block;
                while (block.size() < 64 * 1024) {
                    block += unit;
                }
                for (std::size_t total = response.size(); open && total < kEndless;
                     total += block.size()) {
                    open = send_all(fd, block);
                }
            }
            ::shutdown(fd, SHUT_WR);
            while (::recv(fd, buffer, sizeof buffer, 0) > 0) {
            }
            const linger abort_on_close{1, 0};
            ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
            ::close(fd);
            {
                std::lock_guard<std::mutex> lock(mutex_);
                finished_ = true;
            }
            finished_cv_.notify_all();
        }
    }

    int listener_ = -1;
    std::uint16_t port_ = 0;
    std::mutex mutex_;
    std::condition_variable finished_cv_;
    std::string response_;
    std::string unit_;
    bool armed_ = false;
    bool finished_ = false;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static ResponseServer* const server = new ResponseServer();  // lives for the process
    static const net::Url url = net::parse_url(
        "http://127.0.0.1:" + std::to_string(server->port()) + "/token?audience=sigstore");

    const std::string_view input = fuzz::text(data, size);
    constexpr std::string_view kRepeat("\0REPEAT\0", 8);
    const auto marker = input.find(kRepeat);
    if (marker == std::string_view::npos) {
        server->arm(std::string(input), "");
    } else {
        server->arm(std::string(input.substr(0, marker)),
                    std::string(input.substr(marker + kRepeat.size())));
    }
    net::HttpClient client(net::TrustSources{});
    net::HttpRequest request;
    request.url = url;
    request.headers = {{"Authorization", "Bearer fuzz"}, {"Accept", "application/json"}};
    try {
        // Every response ends with the server closing its side, so nothing waits for this
        // deadline; it is only a bound.
        const net::HttpResponse response =
            client.send(request, std::chrono::steady_clock::now() + std::chrono::seconds(10),
                        ambient_oidc::token::kMaxTokenBytes);
        // Interim responses are skipped, and a status outside 100-599 is malformed.
        FUZZ_CHECK(response.status >= 200 && response.status <= 599);
        FUZZ_CHECK(response.body.size() <= ambient_oidc::token::kMaxTokenBytes);
        std::ostringstream sink;
        const ambient_oidc::Logger log(sink);
        const std::string body = net::body_or_throw(response, fuzz::fixed_now(), log);
        FUZZ_CHECK(!ambient_oidc::provider::token_from_json(body, "value").empty());
    } catch (const net::AttemptError&) {
        // Malformed, truncated, too large, a refused status, no token: all expected outcomes.
    }
    server->wait_finished();
    return 0;
}
