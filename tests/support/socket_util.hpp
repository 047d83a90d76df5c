// Socket plumbing shared by the test servers (FakeServer, ConnectProxy): non-blocking waits that a
// stop pipe interrupts, a graceful close, and a threaded listener on 127.0.0.1.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "support/handles.hpp"

namespace ambient_oidc::test {

// Longest wait for a peer that stops talking or does not accept a connection.
constexpr std::chrono::milliseconds kIoTimeout{5000};
// A timeout for wait_for that never passes.
constexpr std::chrono::milliseconds kForever{-1};

// Returns whether a and b are equal, ignoring ASCII case.
bool equals_ignoring_case(std::string_view a, std::string_view b);

// Returns text without its leading and trailing spaces and tabs.
std::string_view trim(std::string_view text);

// Returns the standard reason phrase of an HTTP status, or "Unknown".
const char* reason_phrase(int status);

// Returns whether errno after a failed non-blocking recv/send only means "try again later".
bool would_block(int error);

// What ended a wait_for: the socket is ready, the timeout passed, or the server is stopping.
enum class Wake { Ready, Timeout, Stopped };

// Waits until fd (ignored when negative) reports one of events, the stop pipe becomes readable or
// closed, or timeout passes (kForever: never). A failing poll counts as Stopped.
Wake wait_for(int fd, short events, int stop_fd, std::chrono::milliseconds timeout);

// Sends a FIN on the socket fd, then discards what the peer still sends until it closes (at most
// 1 s, or until stop), so that unread input cannot turn the close into a reset that loses data.
void finish_sending(int fd, int stop_fd);

// A listening socket on 127.0.0.1 with an ephemeral port that accepts on a background thread and
// serves each connection on a thread of its own, until destroyed.
class LoopbackServer {
  public:
    // Serves one accepted non-blocking socket, on the connection's thread.
    using Serve = std::function<void(UniqueFd fd)>;
    // Called on the accept thread for each accepted connection, in order; returns how to serve it.
    using OnAccept = std::function<Serve()>;

    // Binds 127.0.0.1:0 and starts accepting at once; connection threads run with SIGPIPE blocked.
    // Throws std::system_error "<name>: listening on 127.0.0.1" when it cannot listen.
    LoopbackServer(const std::string& name, OnAccept on_accept);
    // Closes the stop pipe, which wakes every wait_for on stop_fd(), and joins all threads.
    ~LoopbackServer();
    LoopbackServer(const LoopbackServer&) = delete;
    LoopbackServer& operator=(const LoopbackServer&) = delete;

    // Returns the port it listens on.
    std::uint16_t port() const { return port_; }
    // Returns the read end of the stop pipe, which becomes readable when the server stops.
    int stop_fd() const { return stop_read_.get(); }

  private:
    void accept_loop();

    OnAccept on_accept_;
    UniqueFd stop_read_, stop_write_;  // closing stop_write_ stops the server
    UniqueFd listener_;
    std::uint16_t port_ = 0;
    std::thread accept_thread_;
    struct ConnectionThread {
        std::thread thread;
        std::shared_ptr<std::atomic<bool>> done;  // set by the thread as it ends
    };
    // Touched by accept_thread_ (which joins finished ones, so that a server running for hours
    // does not keep one per connection) and the destructor.
    std::vector<ConnectionThread> connection_threads_;
};

}  // namespace ambient_oidc::test
