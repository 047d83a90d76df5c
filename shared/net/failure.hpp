// How one attempt failed, and so whether the retry loop tries again (ambient-oidc(1) RETRIES).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

#include "core/duration.hpp"

namespace ambient_oidc::net {

enum class Failure {
    Transient,     // retried: network errors, stalls, 5xx, 408, 429, truncated responses
    Rejected,      // not retried, exit 6: other non-2xx statuses, certificate verification
    InvalidToken,  // not retried, exit 7: the response holds no usable token
    Interrupted,   // a signal arrived: stop at once, exit 4
};

class AttemptError : public std::runtime_error {
  public:
    AttemptError(Failure failure, const std::string& message,
                 std::optional<Millis> retry_after = std::nullopt)
        : std::runtime_error(message), failure_(failure), retry_after_(retry_after) {}

    Failure failure() const { return failure_; }
    // The server's Retry-After, when it sent one.
    std::optional<Millis> retry_after() const { return retry_after_; }

  private:
    Failure failure_;
    std::optional<Millis> retry_after_;
};

}  // namespace ambient_oidc::net
