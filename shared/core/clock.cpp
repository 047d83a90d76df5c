#include "core/clock.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <stdexcept>

namespace ambient_oidc {

namespace {

volatile std::sig_atomic_t g_signal = 0;
int g_pipe[2] = {-1, -1};

extern "C" void on_signal(int number) {
    g_signal = number;
    const int saved = errno;
    const char byte = 1;
    // The pipe is non-blocking and never drained, so one byte keeps it readable for good.
    [[maybe_unused]] auto written = ::write(g_pipe[1], &byte, 1);
    errno = saved;
}

}  // namespace

namespace interrupt {

void install() {
    if (g_pipe[0] != -1) {
        return;
    }
    if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        throw std::runtime_error("cannot create the signal pipe");
    }
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: blocking calls return EINTR
    for (const int number : {SIGINT, SIGTERM}) {
        // Ignored at start (SIGINT in a shell's background job), it stays ignored, as sh keeps
        // it: so it is for the programs this one starts, which a handler would not let them have.
        struct sigaction previous {};
        if (sigaction(number, nullptr, &previous) == 0 && previous.sa_handler != SIG_IGN) {
            sigaction(number, &action, nullptr);
        }
    }
    // A peer that closes early must fail a write with EPIPE, not kill the process.
    std::signal(SIGPIPE, SIG_IGN);
}

bool raised() {
    return g_signal != 0;
}
int signal_number() {
    return g_signal;
}
int fd() {
    return g_pipe[0];
}

}  // namespace interrupt

WaitResult wait_for(int fd, short events, SteadyTime deadline) {
    for (;;) {
        if (interrupt::raised()) {
            return WaitResult::Interrupted;
        }
        const auto left = deadline - std::chrono::steady_clock::now();
        if (left <= SteadyTime::duration::zero()) {
            return WaitResult::TimedOut;
        }
        // Round up, so a wait never ends a little before its deadline.
        const auto millis = std::chrono::ceil<std::chrono::milliseconds>(left).count();
        pollfd fds[2] = {{fd, events, 0}, {interrupt::fd(), POLLIN, 0}};
        const int timeout = static_cast<int>(std::min<long long>(millis, 60'000));
        const int ready = ::poll(fds, 2, timeout);
        if (ready < 0 && errno != EINTR) {
            throw std::runtime_error("poll failed");
        }
        if (ready > 0 && fds[1].revents != 0) {
            return WaitResult::Interrupted;
        }
        if (ready > 0 && fds[0].revents != 0) {
            return WaitResult::Ready;
        }
    }
}

bool SystemClock::sleep_until(SteadyTime until) {
    return wait_for(-1, 0, until) != WaitResult::Interrupted;
}

}  // namespace ambient_oidc
