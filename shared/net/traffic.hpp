// What one connection received, counted below Poco's HTTP code: Poco reads a response cut short
// as a complete one (a head without its blank line), so the layer around it asks here whether the
// peer closed early, and caps what a hostile peer can send.
#pragma once

#include <Poco/Net/StreamSocketImpl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <limits>
#include <utility>

namespace ambient_oidc::net {

struct Traffic {
    std::size_t received = 0;
    std::size_t limit = std::numeric_limits<std::size_t>::max();
    bool eof = false;     // a read returned 0: the peer closed, or the limit was reached
    bool capped = false;  // the limit was reached

    // Allows `more` bytes from now on and forgets an earlier end of stream.
    void expect(std::size_t more) {
        limit = received + more;
        eof = capped = false;
    }
    // How much of length a read may ask for; 0 at the limit (which then counts as the end).
    int allowed(int length) {
        if (received >= limit) {
            capped = eof = true;
            return 0;
        }
        return static_cast<int>(
            std::min<std::size_t>(static_cast<std::size_t>(length), limit - received));
    }
    // Records what a read returned.
    void note(int count) {
        if (count == 0) {
            eof = true;
        } else if (count > 0) {
            received += static_cast<std::size_t>(count);
        }
    }
};

// A Poco socket implementation (plain or TLS) whose reads are counted in a Traffic that must
// outlive it.
template <class Base>
class Counting : public Base {
  public:
    template <class... Args>
    explicit Counting(Traffic& traffic, Args&&... args)
        : Base(std::forward<Args>(args)...), traffic_(traffic) {}

    using Base::receiveBytes;
    int receiveBytes(void* buffer, int length, int flags = 0) override {
        const int allowed = traffic_.allowed(length);
        if (allowed == 0) {
            return 0;
        }
        const int count = Base::receiveBytes(buffer, allowed, flags);
        traffic_.note(count);
        return count;
    }

  private:
    Traffic& traffic_;
};

// The plain TCP socket under every connection (and under TLS), its reads counted.
class CountingSocketImpl final : public Counting<Poco::Net::StreamSocketImpl> {
  public:
    using Counting::Counting;

    // Shuts both directions down as Poco's does, but takes ENOTCONN for the normal end it is: a
    // server that closed first answers the TLS close_notify sent after its close with a reset,
    // and Poco would throw (and catch) an exception for it at every such close. Any other
    // failure still throws.
    void shutdown() override {
        if (::shutdown(sockfd(), SHUT_RDWR) != 0 && errno != ENOTCONN) {
            error();
        }
    }
};

}  // namespace ambient_oidc::net
