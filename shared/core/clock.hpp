// Time and interruption. Everything that waits goes through here, so that SIGINT/SIGTERM end
// any wait at once and tests can replace the clock and never sleep.
#pragma once

#include <chrono>

namespace ambient_oidc {

using SteadyTime = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;

// Process-wide SIGINT/SIGTERM catcher: the handler sets a flag and makes a self-pipe readable,
// so poll() on fd() wakes every waiter. Nothing else in the program installs signal handlers.
namespace interrupt {

// Installs the handlers (not over a signal ignored at start, which stays ignored) and ignores
// SIGPIPE (idempotent); hardening::restore_for_exec and hardening::inherit_signals give a child
// the dispositions from before. Throws std::runtime_error if the pipe cannot be made.
void install();
// True once SIGINT or SIGTERM arrived.
bool raised();
// The signal that arrived, or 0.
int signal_number();
// A descriptor that becomes readable when a signal arrives, or -1 before install().
int fd();

}  // namespace interrupt

enum class WaitResult { Ready, TimedOut, Interrupted };

// Waits until fd has one of events (poll flags), the deadline passes, or a signal arrives.
// fd may be -1 to wait only for the deadline or a signal.
WaitResult wait_for(int fd, short events, SteadyTime deadline);

// The seam between the retry loop and time.
class Clock {
  public:
    virtual ~Clock() = default;
    virtual SteadyTime now() = 0;
    virtual WallTime wall_now() = 0;
    // Sleeps until `until`; returns false when a signal interrupted the sleep.
    virtual bool sleep_until(SteadyTime until) = 0;
    // True when a signal asked the run to stop.
    virtual bool interrupted() = 0;
};

// The real clock: steady time, the wall clock, and sleeps that end on a signal.
class SystemClock : public Clock {
  public:
    SteadyTime now() override { return std::chrono::steady_clock::now(); }
    WallTime wall_now() override { return std::chrono::system_clock::now(); }
    bool sleep_until(SteadyTime until) override;
    bool interrupted() override { return interrupt::raised(); }
};

}  // namespace ambient_oidc
