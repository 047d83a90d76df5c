#include "net/resolve.hpp"

#include <netdb.h>
#include <sys/socket.h>

#include <future>
#include <memory>
#include <thread>

#include "net/failure.hpp"

namespace ambient_oidc::net {

namespace {

struct AddrInfoFree {
    void operator()(addrinfo* info) const { freeaddrinfo(info); }
};

struct Resolved {
    int status = 0;
    std::unique_ptr<addrinfo, AddrInfoFree> list;
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

Resolved resolve_in_time(const std::string& host, std::uint16_t port, SteadyTime deadline) {
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
            throw AttemptError(Failure::Interrupted, "interrupted while resolving the host name");
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            throw AttemptError(Failure::Transient, "timed out while resolving the host name");
        }
    }
}

}  // namespace

std::vector<Poco::Net::SocketAddress> resolve(const std::string& host, std::uint16_t port,
                                              SteadyTime deadline) {
    const Resolved resolved = resolve_in_time(host, port, deadline);
    if (resolved.status != 0) {
        throw AttemptError(Failure::Transient,
                           "cannot resolve host '" + host + "': " + gai_strerror(resolved.status));
    }
    std::vector<Poco::Net::SocketAddress> addresses;
    for (const addrinfo* info = resolved.list.get(); info != nullptr; info = info->ai_next) {
        if (info->ai_family == AF_INET || info->ai_family == AF_INET6) {
            addresses.emplace_back(info->ai_addr, static_cast<poco_socklen_t>(info->ai_addrlen));
        }
    }
    if (addresses.empty()) {
        throw AttemptError(Failure::Transient, "cannot resolve host '" + host + "': no address");
    }
    return addresses;
}

}  // namespace ambient_oidc::net
