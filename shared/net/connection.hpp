// One client connection (TCP, optionally TLS) whose every blocking step is bounded by a deadline
// and ends early on SIGINT/SIGTERM. The fd is non-blocking; each step polls with the time left.
// Failures throw AttemptError: Transient for network trouble and expired deadlines, Rejected
// for certificate verification, Interrupted for a signal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/clock.hpp"

typedef struct ssl_st SSL;

namespace ambient_oidc::net {

class TlsContext;

class Connection {
  public:
    // Resolves host and connects to the first address that accepts, before deadline.
    Connection(const std::string& host, std::uint16_t port, SteadyTime deadline);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Runs the TLS handshake, verifying the certificate against host (a name or IP literal).
    void start_tls(const TlsContext& tls, const std::string& host, SteadyTime deadline);

    void write_all(std::string_view data, SteadyTime deadline);
    // Reads up to size bytes; returns 0 at the end of the stream.
    std::size_t read_some(char* buffer, std::size_t size, SteadyTime deadline);

    // Names the current step in timeout messages, e.g. "waiting for the response".
    void set_stage(const char* stage) { stage_ = stage; }

  private:
    void wait(short events, SteadyTime deadline);
    [[noreturn]] void fail_io(const std::string& what);

    int fd_ = -1;
    SSL* ssl_ = nullptr;
    const char* stage_ = "connecting";
};

}  // namespace ambient_oidc::net
