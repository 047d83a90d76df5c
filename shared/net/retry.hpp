// The one retry loop every fetch goes through (ambient-oidc(1) RETRIES): bounded attempts,
// exponential backoff with jitter, Retry-After, a per-attempt and a whole-run deadline, and
// signals.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <type_traits>

#include "core/clock.hpp"
#include "core/duration.hpp"
#include "core/log.hpp"

namespace ambient_oidc::net {

struct RetryPolicy {
    int attempts = 3;
    Millis backoff{1000};
    double factor = 5;
    Millis max_backoff{30000};
    double jitter = 0.25;
    Millis attempt_timeout{30000};

    // The wait after failed attempt n (1-based), before jitter: backoff × factor^(n-1), capped
    // at max_backoff.
    Millis base_delay(int attempt) const;
    // base_delay shortened by jitter: u in [0, 1] maps linearly onto [d × (1 − jitter), d].
    Millis jittered_delay(int attempt, double u) const;
};

struct RetryRun {
    Clock& clock;
    Logger& log;
    std::function<double()> uniform;  // a uniform sample in [0, 1], for jitter
    std::string what;                 // the provider's name, for messages
    SteadyTime deadline;              // the whole run's deadline
    Millis timeout;                   // the whole run's budget, for messages
};

// Calls attempt(attempt_deadline) until it returns, with attempt_deadline =
// min(now + attempt_timeout, run deadline). attempt throws AttemptError to fail; anything else
// propagates unchanged. Logs one warning per retried failure. Throws Error: Unavailable (4)
// when the attempts are used up or a signal arrives, Timeout (5) when the run deadline passes,
// Rejected (6) and InvalidToken (7) at once for those failures.
void retry_loop(const RetryPolicy& policy, RetryRun& run,
                const std::function<void(SteadyTime)>& attempt);

// retry_loop for an attempt that returns a value: returns what the successful attempt returned.
template <typename Attempt>
std::invoke_result_t<Attempt&, SteadyTime> retry(const RetryPolicy& policy, RetryRun& run,
                                                 Attempt&& attempt) {
    std::optional<std::invoke_result_t<Attempt&, SteadyTime>> result;
    retry_loop(policy, run, [&](SteadyTime deadline) { result.emplace(attempt(deadline)); });
    return std::move(*result);
}

}  // namespace ambient_oidc::net
