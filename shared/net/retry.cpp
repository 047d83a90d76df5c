#include "net/retry.hpp"

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstring>

#include "core/error.hpp"
#include "net/failure.hpp"

namespace ambient_oidc::net {

namespace {

std::string signal_name() {
    return interrupt::signal_number() == SIGINT ? "SIGINT" : "SIGTERM";
}

}  // namespace

Millis RetryPolicy::base_delay(int attempt) const {
    const double millis = static_cast<double>(backoff.count()) * std::pow(factor, attempt - 1);
    const double capped = std::min(millis, static_cast<double>(max_backoff.count()));
    return Millis(static_cast<Millis::rep>(std::llround(capped)));
}

Millis RetryPolicy::jittered_delay(int attempt, double u) const {
    const double base = static_cast<double>(base_delay(attempt).count());
    const double shortened = base * (1.0 - jitter * std::clamp(u, 0.0, 1.0));
    return Millis(static_cast<Millis::rep>(std::llround(shortened)));
}

void retry_loop(const RetryPolicy& policy, RetryRun& run,
                const std::function<void(SteadyTime)>& attempt) {
    const std::string of = "/" + std::to_string(policy.attempts);
    auto timed_out = [&](const std::string& during) {
        return Error(ErrorKind::Timeout, run.what + ": the " + format_seconds(run.timeout) +
                                             " deadline (--timeout) passed " + during);
    };
    for (int n = 1;; ++n) {
        const std::string nth = std::to_string(n) + of;
        if (run.clock.interrupted()) {
            throw Error(ErrorKind::Unavailable,
                        run.what + ": interrupted by " + signal_name() + " before attempt " + nth);
        }
        const SteadyTime start = run.clock.now();
        if (start >= run.deadline) {
            throw timed_out("before attempt " + nth);
        }
        try {
            attempt(std::min(start + policy.attempt_timeout, run.deadline));
            return;
        } catch (const AttemptError& failure) {
            const std::string what = failure.what();
            switch (failure.failure()) {
                case Failure::Interrupted:
                    throw Error(
                        ErrorKind::Unavailable,
                        run.what + ": interrupted by " + signal_name() + " during attempt " + nth);
                case Failure::Rejected:
                    throw Error(ErrorKind::Rejected,
                                run.what + ": " + what + " (a permanent failure: not retried)");
                case Failure::InvalidToken:
                    throw Error(ErrorKind::InvalidToken, run.what + ": " + what);
                case Failure::Transient: break;
            }
            const SteadyTime now = run.clock.now();
            if (now >= run.deadline) {
                throw timed_out("during attempt " + nth + ": " + what);
            }
            if (n >= policy.attempts) {
                throw Error(ErrorKind::Unavailable, run.what + ": giving up after " +
                                                        std::to_string(n) +
                                                        (n == 1 ? " attempt" : " attempts") +
                                                        "; the last failed with: " + what);
            }
            Millis delay = failure.retry_after()
                               ? std::min(*failure.retry_after(), policy.max_backoff)
                               : policy.jittered_delay(n, run.uniform());
            delay = std::min(delay, std::chrono::ceil<Millis>(run.deadline - now));
            run.log.warn("attempt " + nth + " failed: " + what + "; retrying in " +
                         format_seconds(delay));
            if (!run.clock.sleep_until(now + delay)) {
                throw Error(ErrorKind::Unavailable, run.what + ": interrupted by " + signal_name() +
                                                        " while waiting to retry after attempt " +
                                                        nth + ": " + what);
            }
            if (run.clock.now() >= run.deadline) {
                throw timed_out("while waiting to retry after attempt " + nth + ": " + what);
            }
        }
    }
}

}  // namespace ambient_oidc::net
