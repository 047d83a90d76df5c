#include "support/socket_util.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <map>
#include <system_error>
#include <tuple>
#include <utility>

namespace ambient_oidc::test {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Longest wait for a peer to close after finish_sending.
constexpr milliseconds kDrainTimeout{1000};

}  // namespace

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

std::string_view trim(std::string_view text) {
    const auto begin = text.find_first_not_of(" \t");
    return begin == std::string_view::npos
               ? std::string_view()
               : text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

const char* reason_phrase(int status) {
    static const std::map<int, const char*> kPhrases = {{200, "OK"},
                                                        {201, "Created"},
                                                        {204, "No Content"},
                                                        {301, "Moved Permanently"},
                                                        {302, "Found"},
                                                        {307, "Temporary Redirect"},
                                                        {400, "Bad Request"},
                                                        {401, "Unauthorized"},
                                                        {403, "Forbidden"},
                                                        {404, "Not Found"},
                                                        {405, "Method Not Allowed"},
                                                        {407, "Proxy Authentication Required"},
                                                        {408, "Request Timeout"},
                                                        {429, "Too Many Requests"},
                                                        {500, "Internal Server Error"},
                                                        {502, "Bad Gateway"},
                                                        {503, "Service Unavailable"},
                                                        {504, "Gateway Timeout"}};
    const auto found = kPhrases.find(status);
    return found != kPhrases.end() ? found->second : "Unknown";
}

bool would_block(int error) {
    return error == EAGAIN || error == EWOULDBLOCK || error == EINTR;
}

Wake wait_for(int fd, short events, int stop_fd, milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        pollfd fds[] = {{stop_fd, POLLIN, 0}, {fd, events, 0}};
        const auto left = std::chrono::ceil<milliseconds>(deadline - Clock::now()).count();
        const int ready = ::poll(
            fds, 2,
            timeout == kForever ? -1 : static_cast<int>(std::max<milliseconds::rep>(left, 0)));
        if (ready < 0 && errno == EINTR) {
            continue;
        }
        if (ready < 0 || fds[0].revents != 0) {
            return Wake::Stopped;
        }
        return ready == 0 ? Wake::Timeout : Wake::Ready;
    }
}

void finish_sending(int fd, int stop_fd) {
    ::shutdown(fd, SHUT_WR);
    const auto deadline = Clock::now() + kDrainTimeout;
    char buffer[4096];
    while (wait_for(fd, POLLIN, stop_fd,
                    std::chrono::ceil<milliseconds>(deadline - Clock::now())) == Wake::Ready &&
           ::recv(fd, buffer, sizeof buffer, 0) > 0) {
    }
}

LoopbackServer::LoopbackServer(const std::string& name, OnAccept on_accept)
    : on_accept_(std::move(on_accept)) {
    std::tie(stop_read_, stop_write_) = make_pipe(O_CLOEXEC);
    listener_.reset(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (listener_.get() < 0 ||
        ::bind(listener_.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener_.get(), SOMAXCONN) != 0 ||
        ::getsockname(listener_.get(), reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        throw std::system_error(errno, std::generic_category(), name + ": listening on 127.0.0.1");
    }
    port_ = ntohs(address.sin_port);
    accept_thread_ = std::thread([this] { accept_loop(); });
}

LoopbackServer::~LoopbackServer() {
    stop_write_.reset();
    accept_thread_.join();
    for (ConnectionThread& connection : connection_threads_) {
        connection.thread.join();
    }
}

void LoopbackServer::accept_loop() {
    // Connection threads inherit this mask: writing to a closed peer (also inside OpenSSL) must
    // fail with EPIPE instead of killing the process.
    sigset_t sigpipe;
    sigemptyset(&sigpipe);
    sigaddset(&sigpipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &sigpipe, nullptr);
    while (wait_for(listener_.get(), POLLIN, stop_read_.get(), kForever) == Wake::Ready) {
        UniqueFd fd(::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
        if (fd.get() < 0) {
            continue;
        }
        const auto finished = std::remove_if(connection_threads_.begin(), connection_threads_.end(),
                                             [](ConnectionThread& old) {
                                                 if (!old.done->load()) {
                                                     return false;
                                                 }
                                                 old.thread.join();
                                                 return true;
                                             });
        connection_threads_.erase(finished, connection_threads_.end());
        auto done = std::make_shared<std::atomic<bool>>(false);
        std::thread thread([serve = on_accept_(), fd = std::move(fd), done]() mutable {
            serve(std::move(fd));
            done->store(true);
        });
        connection_threads_.push_back({std::move(thread), std::move(done)});
    }
}

}  // namespace ambient_oidc::test
