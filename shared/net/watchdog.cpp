#include "net/watchdog.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace ambient_oidc::net {

Watchdog::Watchdog(SteadyTime deadline) : deadline_(deadline) {
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
        throw std::system_error(errno, std::generic_category(), "cannot create a pipe");
    }
    wake_read_.reset(pipe_fds[0]);
    wake_write_.reset(pipe_fds[1]);
    thread_ = std::thread([this] { run(); });
}

Watchdog::~Watchdog() {
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(wake_write_.get(), &byte, 1);
    thread_.join();
}

void Watchdog::watch(int fd) {
    const std::lock_guard<std::mutex> lock(mutex_);
    watched_.reset(::fcntl(fd, F_DUPFD_CLOEXEC, 0));
    if (fired_.load() != Fired::No && watched_) {
        ::shutdown(watched_.get(), SHUT_RDWR);
    }
}

void Watchdog::run() {
    const WaitResult result = wait_for(wake_read_.get(), POLLIN, deadline_);
    if (result == WaitResult::Ready) {
        return;  // the attempt ended first
    }
    const std::lock_guard<std::mutex> lock(mutex_);
    fired_.store(result == WaitResult::Interrupted ? Fired::Signal : Fired::Deadline);
    if (watched_) {
        ::shutdown(watched_.get(), SHUT_RDWR);
    }
}

}  // namespace ambient_oidc::net
