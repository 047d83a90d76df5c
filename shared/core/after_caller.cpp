#include "core/after_caller.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

#include <algorithm>

#include "core/unique_fd.hpp"

namespace ambient_oidc {

namespace {

// A descriptor that becomes readable when pid ends (pidfd_open, Linux 5.3), or -1.
int pidfd_of(pid_t pid) {
#ifdef SYS_pidfd_open
    return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#else
    (void)pid;
    return -1;
#endif
}

void to_dev_null() {
    const int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null >= 0) {
        ::dup2(null, 0);
        ::dup2(null, 1);
        ::dup2(null, 2);
        ::close(null);
    }
}

}  // namespace

bool run_after_caller_ends(const std::function<void()>& work, WallTime until) {
    const pid_t caller = ::getppid();
    // Opened before the fork: the caller's pid cannot be reused while the descriptor is open.
    const UniqueFd caller_fd(pidfd_of(caller));
    const pid_t pid = ::fork();
    if (pid < 0) {
        return false;
    }
    if (pid > 0) {
        return true;
    }
    ::setsid();
    to_dev_null();
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              until - std::chrono::system_clock::now())
                              .count();
        if (left <= 0) {
            break;
        }
        const int wait = static_cast<int>(std::min<long long>(left, 200));
        if (caller_fd.get() >= 0) {
            pollfd watched{caller_fd.get(), POLLIN, 0};
            if (::poll(&watched, 1, wait) > 0) {
                break;
            }
        } else {
            if (::kill(caller, 0) != 0 && errno == ESRCH) {  // without pidfd_open
                break;
            }
            ::poll(nullptr, 0, wait);
        }
    }
    try {
        work();
    } catch (...) {
    }
    ::_exit(0);
}

}  // namespace ambient_oidc
