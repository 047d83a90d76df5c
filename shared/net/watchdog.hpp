// Bounds every blocking socket call of one attempt by the attempt's deadline and ends it at once
// on SIGINT/SIGTERM. Poco's socket timeouts bound each call, not the attempt (a drip-fed body never
// times out), so a thread waits for the deadline or a signal and then shuts the watched socket
// down: connect, the TLS handshake, send and receive all return at once, and the caller asks
// fired() why.
#pragma once

#include <atomic>
#include <mutex>
#include <thread>

#include "core/clock.hpp"
#include "core/unique_fd.hpp"

namespace ambient_oidc::net {

class Watchdog {
  public:
    enum class Fired { No, Deadline, Signal };

    // Starts watching. Throws std::system_error when the thread or its pipe cannot be made.
    explicit Watchdog(SteadyTime deadline);
    // Stops the thread; the watched socket itself is left to its owner.
    ~Watchdog();
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

    // Watches socket fd from now on instead of the one before. A duplicate of fd is kept, so the
    // shutdown never hits a number the owner closed and the system reused. If the watchdog has
    // already fired, fd is shut down at once.
    void watch(int fd);
    Fired fired() const { return fired_.load(); }

  private:
    void run();

    SteadyTime deadline_;
    std::mutex mutex_;
    UniqueFd watched_;
    UniqueFd wake_read_, wake_write_;
    std::atomic<Fired> fired_{Fired::No};
    std::thread thread_;
};

}  // namespace ambient_oidc::net
