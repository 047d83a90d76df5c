#include "support/connect_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <mutex>
#include <string_view>
#include <system_error>
#include <utility>

#include "support/handles.hpp"
#include "support/socket_util.hpp"

namespace ambient_oidc::test {
namespace {

constexpr std::size_t kMaxProxyHeadBytes = 16 * 1024;
constexpr std::size_t kRelayChunk = 16 * 1024;

// Sends all of data on the non-blocking socket fd; false on error, timeout or stop.
bool send_all(int fd, std::string_view data, int stop_fd) {
    while (!data.empty()) {
        const long sent = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (sent > 0) {
            data.remove_prefix(static_cast<std::size_t>(sent));
        } else if ((sent < 0 && !would_block(errno)) ||
                   wait_for(fd, POLLOUT, stop_fd, kIoTimeout) != Wake::Ready) {
            return false;
        }
    }
    return true;
}

// Reads from the non-blocking socket fd into data until data holds "\r\n\r\n" or more than
// kMaxProxyHeadBytes; false on EOF, error, timeout or stop.
bool read_head(int fd, int stop_fd, std::string& data) {
    while (data.find("\r\n\r\n") == std::string::npos && data.size() <= kMaxProxyHeadBytes) {
        if (wait_for(fd, POLLIN, stop_fd, kIoTimeout) != Wake::Ready) {
            return false;
        }
        char buffer[4096];
        const long got = ::recv(fd, buffer, sizeof buffer, 0);
        if (got == 0 || (got < 0 && !would_block(errno))) {
            return false;
        }
        if (got > 0) {
            data.append(buffer, static_cast<std::size_t>(got));
        }
    }
    return true;
}

// A well-formed "CONNECT host:port HTTP/1.x" request head.
struct ConnectRequest {
    std::string target;  // "host:port" as sent
    std::string host;
    std::uint16_t port = 0;
    std::optional<std::string> authorization;  // the first Proxy-Authorization value, trimmed
};

// Parses a request head (without the final blank line); nullopt unless it is a CONNECT to
// host:port (port 1-65535) over HTTP/1.x with well-formed "Name: value" header lines.
std::optional<ConnectRequest> parse_connect(std::string_view head) {
    const auto line_end = std::min(head.find("\r\n"), head.size());
    const std::string_view line = head.substr(0, line_end);
    const auto space1 = line.find(' ');
    const auto space2 = line.find(' ', space1 + 1);
    if (space1 == std::string_view::npos || space2 == std::string_view::npos ||
        line.find(' ', space2 + 1) != std::string_view::npos) {
        return std::nullopt;
    }
    const std::string_view method = line.substr(0, space1);
    const std::string_view target = line.substr(space1 + 1, space2 - space1 - 1);
    const std::string_view version = line.substr(space2 + 1);
    if (method != "CONNECT" || version.size() != 8 || version.substr(0, 7) != "HTTP/1." ||
        !std::isdigit(static_cast<unsigned char>(version[7]))) {
        return std::nullopt;
    }
    const auto colon = target.rfind(':');
    if (colon == std::string_view::npos || colon == 0) {
        return std::nullopt;
    }
    const std::string_view port_text = target.substr(colon + 1);
    unsigned port = 0;
    const auto [port_end, port_error] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (port_text.empty() || port_error != std::errc() ||
        port_end != port_text.data() + port_text.size() || port == 0 || port > 65535) {
        return std::nullopt;
    }
    ConnectRequest request;
    request.target = target;
    request.host = target.substr(0, colon);
    request.port = static_cast<std::uint16_t>(port);
    for (auto start = line_end + 2; start < head.size();) {
        const auto end = std::min(head.find("\r\n", start), head.size());
        const std::string_view field = head.substr(start, end - start);
        const auto field_colon = field.find(':');
        if (field_colon == std::string_view::npos || field_colon == 0) {
            return std::nullopt;
        }
        if (!request.authorization &&
            equals_ignoring_case(trim(field.substr(0, field_colon)), "Proxy-Authorization")) {
            request.authorization = std::string(trim(field.substr(field_colon + 1)));
        }
        start = end + 2;
    }
    return request;
}

// Connects a non-blocking socket to 127.0.0.1:port; an invalid UniqueFd on failure, timeout or
// stop.
UniqueFd connect_loopback(std::uint16_t port, int stop_fd) {
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (fd.get() < 0) {
        return {};
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        int error = 0;
        socklen_t length = sizeof error;
        if (errno != EINPROGRESS ||
            wait_for(fd.get(), POLLOUT, stop_fd, kIoTimeout) != Wake::Ready ||
            ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0) {
            return {};
        }
    }
    return fd;
}

// One direction of a tunnel: bytes read from `from` wait in pending until written to `to`.
struct Flow {
    int from, to;
    std::string pending;
    bool eof = false;   // from has sent its FIN
    bool shut = false;  // to has been shut down for writing (after eof and pending was written)

    // The poll events this flow waits for on from and on to.
    short from_events() const { return !eof && pending.empty() ? POLLIN : 0; }
    short to_events() const { return pending.empty() ? 0 : POLLOUT; }

    // Moves bytes once without blocking: reads when nothing is pending, writes what is pending,
    // and passes a FIN on once everything was written. False on an error of either socket.
    bool pump() {
        if (!eof && pending.empty()) {
            char buffer[kRelayChunk];
            const long got = ::recv(from, buffer, sizeof buffer, 0);
            if (got < 0 && !would_block(errno)) {
                return false;
            }
            if (got == 0) {
                eof = true;
            } else if (got > 0) {
                pending.assign(buffer, static_cast<std::size_t>(got));
            }
        }
        if (!pending.empty()) {
            const long sent = ::send(to, pending.data(), pending.size(), MSG_NOSIGNAL);
            if (sent < 0 && !would_block(errno)) {
                return false;
            }
            if (sent > 0) {
                pending.erase(0, static_cast<std::size_t>(sent));
            }
        }
        if (eof && pending.empty() && !shut) {
            ::shutdown(to, SHUT_WR);
            shut = true;
        }
        return true;
    }
};

// Relays bytes between the client and target sockets (both non-blocking), starting with early
// (client bytes read past the request head), until both directions have ended with a FIN, either
// socket fails, or the stop pipe wakes.
void relay(int client, int target, int stop_fd, std::string early) {
    Flow up{client, target, std::move(early)};
    Flow down{target, client, {}};
    for (;;) {
        if (!up.pump() || !down.pump() || (up.shut && down.shut)) {
            return;
        }
        const short client_events = up.from_events() | down.to_events();
        const short target_events = down.from_events() | up.to_events();
        // A socket nothing waits for is left out, so that its POLLHUP cannot make poll spin.
        pollfd fds[] = {{stop_fd, POLLIN, 0},
                        {client_events != 0 ? client : -1, client_events, 0},
                        {target_events != 0 ? target : -1, target_events, 0}};
        const int ready = ::poll(fds, 3, -1);
        if (ready < 0 && errno == EINTR) {
            continue;
        }
        if (ready < 0 || fds[0].revents != 0) {
            return;
        }
    }
}

// Sends "HTTP/1.1 <status> <reason>" with Content-Length: 0 and the extra header lines (each
// ending in CRLF), then closes gracefully.
void refuse(int fd, int stop_fd, int status, const std::string& extra_headers = "",
            const std::string& reason = "") {
    const std::string head = "HTTP/1.1 " + std::to_string(status) + " " +
                             (reason.empty() ? reason_phrase(status) : reason) + "\r\n" +
                             extra_headers + "Content-Length: 0\r\n\r\n";
    if (send_all(fd, head, stop_fd)) {
        finish_sending(fd, stop_fd);
    }
}

}  // namespace

struct ConnectProxy::Impl {
    explicit Impl(Options proxy_options) : options(std::move(proxy_options)) {}

    void serve(UniqueFd client) {
        const int stop_fd = server.stop_fd();
        std::string data;
        if (!read_head(client.get(), stop_fd, data)) {
            return;
        }
        const auto head_end = data.find("\r\n\r\n");
        std::optional<ConnectRequest> request;
        if (head_end != std::string::npos && head_end + 4 <= kMaxProxyHeadBytes) {
            request = parse_connect(std::string_view(data).substr(0, head_end));
        }
        if (!request) {
            refuse(client.get(), stop_fd, 400);
            return;
        }
        {
            const std::lock_guard lock(mutex);
            ++connects;
            targets.push_back(request->target);
        }
        if (options.required_authorization &&
            request->authorization != options.required_authorization) {
            refuse(client.get(), stop_fd, 407, "Proxy-Authenticate: Basic realm=\"test\"\r\n");
            return;
        }
        if (options.status == 0) {
            wait_for(client.get(), 0, stop_fd, kForever);
            return;
        }
        if (options.status != 200) {
            refuse(client.get(), stop_fd, options.status, "",
                   options.echo_authorization
                       ? std::string(60, '.') + request->authorization.value_or("")
                       : "");
            return;
        }
        // Only loopback targets, and "localhost" is never resolved: the proxy cannot reach out.
        UniqueFd target;
        if (request->host == "127.0.0.1" || equals_ignoring_case(request->host, "localhost")) {
            target = connect_loopback(request->port, stop_fd);
        }
        if (target.get() < 0) {
            refuse(client.get(), stop_fd, 502);
            return;
        }
        if (send_all(client.get(), "HTTP/1.1 200 Connection established\r\n\r\n", stop_fd)) {
            relay(client.get(), target.get(), stop_fd, data.substr(head_end + 4));
        }
    }

    const Options options;

    mutable std::mutex mutex;  // guards connects and targets
    int connects = 0;
    std::vector<std::string> targets;

    // Declared last: its destructor joins the connection threads before the members above go.
    LoopbackServer server{"ConnectProxy",
                          [this] { return [this](UniqueFd fd) { serve(std::move(fd)); }; }};
};

ConnectProxy::ConnectProxy() : ConnectProxy(Options{}) {}

ConnectProxy::ConnectProxy(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}

ConnectProxy::~ConnectProxy() = default;

std::uint16_t ConnectProxy::port() const {
    return impl_->server.port();
}

std::string ConnectProxy::url() const {
    return "http://127.0.0.1:" + std::to_string(impl_->server.port());
}

int ConnectProxy::connects() const {
    const std::lock_guard lock(impl_->mutex);
    return impl_->connects;
}

std::vector<std::string> ConnectProxy::targets() const {
    const std::lock_guard lock(impl_->mutex);
    return impl_->targets;
}

}  // namespace ambient_oidc::test
