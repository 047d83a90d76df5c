#include "net/connection.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <future>
#include <thread>

#include "net/failure.hpp"
#include "net/tls.hpp"

namespace ambient_oidc::net {

namespace {

struct AddrInfoFree {
    void operator()(addrinfo* info) const { freeaddrinfo(info); }
};
using AddrInfoPtr = std::unique_ptr<addrinfo, AddrInfoFree>;

struct Resolved {
    int status = 0;
    AddrInfoPtr list;
};

Resolved getaddrinfo_now(const std::string& host, std::uint16_t port, int flags) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = flags;
    addrinfo* list = nullptr;
    Resolved result;
    result.status = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &list);
    result.list.reset(list);
    return result;
}

[[noreturn]] void throw_wait_failure(WaitResult result, const char* stage) {
    if (result == WaitResult::Interrupted) {
        throw AttemptError(Failure::Interrupted, std::string("interrupted while ") + stage);
    }
    throw AttemptError(Failure::Transient, std::string("timed out while ") + stage);
}

// getaddrinfo cannot be cancelled, so a name lookup runs on a detached thread and is abandoned
// when the deadline passes or a signal arrives. Literal addresses are resolved inline.
Resolved resolve(const std::string& host, std::uint16_t port, SteadyTime deadline) {
    Resolved numeric = getaddrinfo_now(host, port, AI_NUMERICHOST);
    if (numeric.status == 0) {
        return numeric;
    }
    std::packaged_task<Resolved()> task(
        [host, port] { return getaddrinfo_now(host, port, AI_ADDRCONFIG); });
    auto future = task.get_future();
    std::thread(std::move(task)).detach();
    for (;;) {
        if (future.wait_for(Millis(20)) == std::future_status::ready) {
            return future.get();
        }
        if (interrupt::raised()) {
            throw_wait_failure(WaitResult::Interrupted, "resolving the host name");
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            throw_wait_failure(WaitResult::TimedOut, "resolving the host name");
        }
    }
}

std::string openssl_error() {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) {
        return "unknown error";
    }
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    return buffer;
}

}  // namespace

Connection::Connection(const std::string& host, std::uint16_t port, SteadyTime deadline) {
    stage_ = "resolving the host name";
    const Resolved resolved = resolve(host, port, deadline);
    if (resolved.status != 0) {
        throw AttemptError(Failure::Transient,
                           "cannot resolve host '" + host + "': " + gai_strerror(resolved.status));
    }
    stage_ = "connecting";
    std::string last_error = "no address";
    for (const addrinfo* info = resolved.list.get(); info != nullptr; info = info->ai_next) {
        const int fd =
            ::socket(info->ai_family, info->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            last_error = std::strerror(errno);
            continue;
        }
        fd_ = fd;
        if (::connect(fd, info->ai_addr, info->ai_addrlen) != 0 && errno != EINPROGRESS) {
            last_error = std::strerror(errno);
        } else {
            wait(POLLOUT, deadline);
            int error = 0;
            socklen_t length = sizeof error;
            ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
            if (error == 0) {
                return;
            }
            last_error = std::strerror(error);
        }
        ::close(fd);
        fd_ = -1;
    }
    throw AttemptError(Failure::Transient, "cannot connect to " + host + " port " +
                                               std::to_string(port) + ": " + last_error);
}

Connection::~Connection() {
    if (ssl_ != nullptr) {
        SSL_free(ssl_);
    }
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

void Connection::wait(short events, SteadyTime deadline) {
    const WaitResult result = wait_for(fd_, events, deadline);
    if (result != WaitResult::Ready) {
        throw_wait_failure(result, stage_);
    }
}

void Connection::fail_io(const std::string& what) {
    const int error = errno;
    if (error == ECONNRESET || error == EPIPE) {
        throw AttemptError(Failure::Transient,
                           std::string("connection reset by peer while ") + stage_);
    }
    throw AttemptError(Failure::Transient,
                       what + " while " + stage_ +
                           (error != 0 ? std::string(": ") + std::strerror(error) : std::string()));
}

void Connection::start_tls(const TlsContext& tls, const std::string& host, SteadyTime deadline) {
    stage_ = "in the TLS handshake";
    ssl_ = SSL_new(tls.get());
    if (ssl_ == nullptr || SSL_set_fd(ssl_, fd_) != 1) {
        throw AttemptError(Failure::Transient, "cannot set up TLS: " + openssl_error());
    }
    if (getaddrinfo_now(host, 0, AI_NUMERICHOST).status == 0) {  // an IP literal
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_), host.c_str());
    } else {
        SSL_set_tlsext_host_name(ssl_, host.c_str());
        SSL_set1_host(ssl_, host.c_str());
    }
    for (;;) {
        ERR_clear_error();
        errno = 0;
        const int result = SSL_connect(ssl_);
        if (result == 1) {
            return;
        }
        const int error = SSL_get_error(ssl_, result);
        if (error == SSL_ERROR_WANT_READ) {
            wait(POLLIN, deadline);
        } else if (error == SSL_ERROR_WANT_WRITE) {
            wait(POLLOUT, deadline);
        } else if (SSL_get_verify_result(ssl_) != X509_V_OK) {
            throw AttemptError(Failure::Rejected,
                               std::string("the server's certificate failed verification: ") +
                                   X509_verify_cert_error_string(SSL_get_verify_result(ssl_)));
        } else if (error == SSL_ERROR_SYSCALL || error == SSL_ERROR_ZERO_RETURN) {
            fail_io("connection closed");
        } else {
            throw AttemptError(Failure::Transient, "TLS handshake failed: " + openssl_error());
        }
    }
}

void Connection::write_all(std::string_view data, SteadyTime deadline) {
    while (!data.empty()) {
        long written = 0;
        short want = POLLOUT;
        errno = 0;
        if (ssl_ != nullptr) {
            ERR_clear_error();
            const int result = SSL_write(ssl_, data.data(), static_cast<int>(data.size()));
            if (result > 0) {
                written = result;
            } else {
                const int error = SSL_get_error(ssl_, result);
                if (error == SSL_ERROR_WANT_READ) {
                    want = POLLIN;
                } else if (error != SSL_ERROR_WANT_WRITE) {
                    fail_io("write failed");
                }
            }
        } else {
            written = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
            if (written < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                fail_io("write failed");
            }
        }
        if (written > 0) {
            data.remove_prefix(static_cast<std::size_t>(written));
        } else {
            wait(want, deadline);
        }
    }
}

std::size_t Connection::read_some(char* buffer, std::size_t size, SteadyTime deadline) {
    for (;;) {
        short want = POLLIN;
        errno = 0;
        if (ssl_ != nullptr) {
            ERR_clear_error();
            const int result = SSL_read(ssl_, buffer, static_cast<int>(size));
            if (result > 0) {
                return static_cast<std::size_t>(result);
            }
            const int error = SSL_get_error(ssl_, result);
            if (error == SSL_ERROR_ZERO_RETURN) {
                return 0;
            }
            if (error == SSL_ERROR_WANT_WRITE) {
                want = POLLOUT;
            } else if (error != SSL_ERROR_WANT_READ) {
                fail_io(error == SSL_ERROR_SYSCALL ? "read failed"
                                                   : "TLS error " + openssl_error());
            }
        } else {
            const long result = ::recv(fd_, buffer, size, 0);
            if (result >= 0) {
                return static_cast<std::size_t>(result);
            }
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                fail_io("read failed");
            }
        }
        wait(want, deadline);
    }
}

}  // namespace ambient_oidc::net
