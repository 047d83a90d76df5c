#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <sstream>

#include "core/error.hpp"
#include "net/failure.hpp"
#include "net/http_status.hpp"
#include "net/retry.hpp"
#include "unit/fake_clock.hpp"

namespace bdata = boost::unit_test::data;
using ambient_oidc::Error;
using ambient_oidc::ErrorKind;
using ambient_oidc::Millis;
using ambient_oidc::SteadyTime;
using ambient_oidc::net::AttemptError;
using ambient_oidc::net::Failure;
using ambient_oidc::net::RetryPolicy;

namespace {

// Runs the retry loop with a fake clock; each attempt takes `attempt_cost` of fake time and then
// throws the next scripted failure, or returns "token" once the script is used up.
struct Harness {
    ambient_oidc::test::FakeClock clock;
    std::ostringstream stderr_text;
    ambient_oidc::Logger log{stderr_text};
    RetryPolicy policy;
    Millis timeout{120'000};
    Millis attempt_cost{0};
    double u = 0.0;
    std::vector<AttemptError> script;
    std::vector<Millis> attempt_budgets;  // attempt deadline minus attempt start

    std::string run() {
        ambient_oidc::net::RetryRun retry_run{
            clock, log, [this] { return u; }, "github-actions", clock.now() + timeout, timeout};
        std::size_t calls = 0;
        return ambient_oidc::net::retry(policy, retry_run, [&](SteadyTime deadline) {
            attempt_budgets.push_back(std::chrono::duration_cast<Millis>(deadline - clock.now()));
            clock.advance(attempt_cost);
            if (calls < script.size()) {
                throw script[calls++];
            }
            return std::string("token");
        });
    }

    ErrorKind run_expecting_error(std::string* message = nullptr) {
        try {
            run();
        } catch (const Error& error) {
            if (message != nullptr) {
                *message = error.what();
            }
            return error.kind();
        }
        BOOST_FAIL("the retry loop did not throw");
        return ErrorKind::Internal;
    }
};

AttemptError transient(const std::string& what = "HTTP 503 Service Unavailable") {
    return AttemptError(Failure::Transient, what);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(retry_policy)

BOOST_AUTO_TEST_CASE(default_schedule_is_one_then_five_seconds_capped_at_thirty) {
    const RetryPolicy policy;
    BOOST_TEST(policy.base_delay(1).count() == 1000);
    BOOST_TEST(policy.base_delay(2).count() == 5000);
    BOOST_TEST(policy.base_delay(3).count() == 25000);
    BOOST_TEST(policy.base_delay(4).count() == 30000);
    BOOST_TEST(policy.base_delay(40).count() == 30000);
}

BOOST_AUTO_TEST_CASE(jitter_shortens_within_bounds) {
    RetryPolicy policy;
    policy.jitter = 0.25;
    BOOST_TEST(policy.jittered_delay(2, 0.0).count() == 5000);
    BOOST_TEST(policy.jittered_delay(2, 1.0).count() == 3750);
    BOOST_TEST(policy.jittered_delay(2, 0.5).count() == 4375);
    for (double u = 0; u <= 1.0; u += 0.01) {
        const auto d = policy.jittered_delay(2, u).count();
        BOOST_TEST(d >= 3750);
        BOOST_TEST(d <= 5000);
    }
    policy.jitter = 0;
    BOOST_TEST(policy.jittered_delay(2, 1.0).count() == 5000);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(retry_loop)

BOOST_AUTO_TEST_CASE(reference_schedule_with_jitter_zero) {
    Harness h;
    h.policy.jitter = 0;
    h.script = {transient(), transient(), transient()};
    std::string message;
    BOOST_TEST(static_cast<int>(h.run_expecting_error(&message)) == 4);
    BOOST_TEST(h.clock.sleeps == (std::vector<Millis>{Millis(1000), Millis(5000)}));
    BOOST_TEST(message ==
               "github-actions: giving up after 3 attempts; the last failed with: HTTP 503 "
               "Service Unavailable");
    BOOST_TEST(
        h.stderr_text.str() ==
        "ambient-oidc: attempt 1/3 failed: HTTP 503 Service Unavailable; retrying in 1.0s\n"
        "ambient-oidc: attempt 2/3 failed: HTTP 503 Service Unavailable; retrying in 5.0s\n");
}

BOOST_AUTO_TEST_CASE(jitter_applies_the_uniform_sample) {
    Harness h;
    h.u = 1.0;
    h.script = {transient(), transient()};
    BOOST_TEST(h.run() == "token");
    BOOST_TEST(h.clock.sleeps == (std::vector<Millis>{Millis(750), Millis(3750)}));
}

BOOST_AUTO_TEST_CASE(succeeds_after_transient_failures) {
    Harness h;
    h.script = {transient()};
    BOOST_TEST(h.run() == "token");
    BOOST_TEST(h.clock.sleeps.size() == 1u);
}

BOOST_AUTO_TEST_CASE(single_attempt_never_sleeps) {
    Harness h;
    h.policy.attempts = 1;
    h.script = {transient("connection reset by peer while waiting for the response")};
    std::string message;
    BOOST_TEST(static_cast<int>(h.run_expecting_error(&message)) == 4);
    BOOST_TEST(h.clock.sleeps.empty());
    BOOST_TEST(message.find("giving up after 1 attempt;") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(rejection_fails_fast) {
    Harness h;
    h.script = {AttemptError(Failure::Rejected, "HTTP 403 Forbidden")};
    std::string message;
    BOOST_TEST(static_cast<int>(h.run_expecting_error(&message)) == 6);
    BOOST_TEST(h.clock.sleeps.empty());
    BOOST_TEST(h.attempt_budgets.size() == 1u);
    BOOST_TEST(message.find("github-actions: HTTP 403 Forbidden") == 0u);
    BOOST_TEST(h.stderr_text.str().empty());
}

BOOST_AUTO_TEST_CASE(invalid_token_fails_fast) {
    Harness h;
    h.script = {AttemptError(Failure::InvalidToken, "the response has no \"value\" string")};
    BOOST_TEST(static_cast<int>(h.run_expecting_error()) == 7);
    BOOST_TEST(h.attempt_budgets.size() == 1u);
}

BOOST_AUTO_TEST_CASE(interruption_during_an_attempt_stops_at_once) {
    Harness h;
    h.script = {AttemptError(Failure::Interrupted, "interrupted while connecting")};
    std::string message;
    BOOST_TEST(static_cast<int>(h.run_expecting_error(&message)) == 4);
    BOOST_TEST(h.attempt_budgets.size() == 1u);
    BOOST_TEST(message.find("interrupted") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(interruption_during_a_wait_stops_at_once) {
    Harness h;
    h.script = {transient(), transient()};
    h.clock.interrupt_next_sleep();
    std::string message;
    BOOST_TEST(static_cast<int>(h.run_expecting_error(&message)) == 4);
    BOOST_TEST(h.attempt_budgets.size() == 1u);
    BOOST_TEST(message.find("while waiting to retry") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(retry_after_replaces_the_computed_wait) {
    Harness h;
    h.script = {AttemptError(Failure::Transient, "HTTP 429 Too Many Requests", Millis(7000))};
    BOOST_TEST(h.run() == "token");
    BOOST_TEST(h.clock.sleeps == (std::vector<Millis>{Millis(7000)}));
}

BOOST_AUTO_TEST_CASE(retry_after_is_capped_by_max_backoff) {
    Harness h;
    h.policy.max_backoff = Millis(2000);
    h.script = {AttemptError(Failure::Transient, "HTTP 429 Too Many Requests", Millis(3'600'000))};
    BOOST_TEST(h.run() == "token");
    BOOST_TEST(h.clock.sleeps == (std::vector<Millis>{Millis(2000)}));
}

BOOST_AUTO_TEST_CASE(waits_are_capped_by_the_time_left_then_time_out) {
    Harness h;
    h.timeout = Millis(3000);
    h.attempt_cost = Millis(500);
    h.script = {AttemptError(Failure::Transient, "HTTP 503 Service Unavailable", Millis(20000))};
    std::string message;
    BOOST_TEST(static_cast<int>(h.run_expecting_error(&message)) == 5);
    BOOST_TEST(h.clock.sleeps == (std::vector<Millis>{Millis(2500)}));
    BOOST_TEST(message.find("3.0s deadline (--timeout) passed") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(each_attempt_is_bounded_by_attempt_timeout_and_time_left) {
    Harness h;
    h.timeout = Millis(10'000);
    h.policy.attempt_timeout = Millis(4000);
    h.policy.jitter = 0;
    h.attempt_cost = Millis(4000);
    h.script = {transient(), transient()};
    BOOST_TEST(static_cast<int>(h.run_expecting_error()) == 5);
    // 4 s attempt, 1 s wait, 4 s attempt, wait capped at the 1 s left, then the deadline.
    BOOST_TEST(h.attempt_budgets == (std::vector<Millis>{Millis(4000), Millis(4000)}));
    BOOST_TEST(h.clock.sleeps == (std::vector<Millis>{Millis(1000), Millis(1000)}));
}

BOOST_AUTO_TEST_CASE(deadline_during_an_attempt_is_a_timeout) {
    Harness h;
    h.timeout = Millis(2000);
    h.attempt_cost = Millis(2000);
    h.script = {transient("timed out while waiting for the response")};
    std::string message;
    BOOST_TEST(static_cast<int>(h.run_expecting_error(&message)) == 5);
    BOOST_TEST(h.attempt_budgets == (std::vector<Millis>{Millis(2000)}));
    BOOST_TEST(message.find("during attempt 1/3: timed out while waiting") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

struct StatusCase {
    int status;
    Failure failure;
};
std::ostream& operator<<(std::ostream& out, const StatusCase& c) {
    return out << c.status;
}

const StatusCase kStatuses[] = {
    {500, Failure::Transient}, {502, Failure::Transient}, {503, Failure::Transient},
    {504, Failure::Transient}, {599, Failure::Transient}, {408, Failure::Transient},
    {429, Failure::Transient}, {400, Failure::Rejected},  {401, Failure::Rejected},
    {403, Failure::Rejected},  {404, Failure::Rejected},  {409, Failure::Rejected},
    {301, Failure::Rejected},  {302, Failure::Rejected},  {307, Failure::Rejected},
    {304, Failure::Rejected},  {100, Failure::Rejected},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(classification)

BOOST_DATA_TEST_CASE(status_classes, bdata::make(kStatuses), sample) {
    BOOST_TEST(static_cast<int>(ambient_oidc::net::classify_status(sample.status)) ==
               static_cast<int>(sample.failure));
}

BOOST_AUTO_TEST_CASE(describes_statuses_with_standard_reasons) {
    using ambient_oidc::net::describe_status;
    BOOST_TEST(describe_status(503, "whatever") == "HTTP 503 Service Unavailable");
    BOOST_TEST(describe_status(418, "I'm a teapot") == "HTTP 418 I'm a teapot");
    BOOST_TEST(describe_status(418, "bad\x1b[31m") == "HTTP 418 bad?[31m");
    BOOST_TEST(describe_status(499, "") == "HTTP 499");
}

// A secret the server echoes across the 80-character cut is masked whole, not printed in part.
BOOST_AUTO_TEST_CASE(a_reason_is_masked_before_it_is_cut) {
    std::ostringstream sink;
    ambient_oidc::Logger log(sink);
    const std::string secret = "gh-request-5ecret-0123456789";
    log.add_secret(secret);
    const std::string reason = std::string(70, 'x') + secret + " echoed";
    const std::string described = ambient_oidc::net::describe_status(499, reason, log);
    BOOST_TEST(described == "HTTP 499 " + std::string(70, 'x') + "*** echoed");
    BOOST_TEST(log.redact(described).find(secret.substr(0, 6)) == std::string::npos);

    ambient_oidc::net::HttpResponse echoed;
    echoed.status = 499;
    echoed.reason = reason;
    try {
        ambient_oidc::net::body_or_throw(echoed, std::chrono::system_clock::now(), log);
        BOOST_FAIL("no exception");
    } catch (const AttemptError& error) {
        BOOST_TEST(std::string(error.what()).find(secret.substr(0, 6)) == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(body_or_throw_maps_statuses) {
    using ambient_oidc::net::HttpResponse;
    std::ostringstream sink;
    const ambient_oidc::Logger log(sink);
    const auto now = std::chrono::system_clock::now();
    HttpResponse ok;
    ok.status = 200;
    ok.body = "{}";
    BOOST_TEST(ambient_oidc::net::body_or_throw(ok, now, log) == "{}");
    HttpResponse busy;
    busy.status = 429;
    busy.headers = {{"retry-after", "3"}};
    try {
        ambient_oidc::net::body_or_throw(busy, now, log);
        BOOST_FAIL("no exception");
    } catch (const AttemptError& error) {
        BOOST_TEST(static_cast<int>(error.failure()) == static_cast<int>(Failure::Transient));
        BOOST_TEST(error.retry_after().value().count() == 3000);
        BOOST_TEST(std::string(error.what()) == "HTTP 429 Too Many Requests");
    }
    HttpResponse denied;
    denied.status = 401;
    denied.headers = {{"Retry-After", "3"}};
    try {
        ambient_oidc::net::body_or_throw(denied, now, log);
        BOOST_FAIL("no exception");
    } catch (const AttemptError& error) {
        BOOST_TEST(static_cast<int>(error.failure()) == static_cast<int>(Failure::Rejected));
        BOOST_TEST(!error.retry_after().has_value());
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(retry_after)

BOOST_AUTO_TEST_CASE(parses_seconds_and_http_dates) {
    using ambient_oidc::net::parse_retry_after;
    // 2025-11-28T12:00:00Z
    const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'764'331'200));
    BOOST_TEST(parse_retry_after("120", now).value().count() == 120'000);
    BOOST_TEST(parse_retry_after(" 0 ", now).value().count() == 0);
    BOOST_TEST(parse_retry_after("Fri, 28 Nov 2025 12:00:30 GMT", now).value().count() == 30'000);
    BOOST_TEST(parse_retry_after("Friday, 28-Nov-25 12:00:45 GMT", now).value().count() == 45'000);
    BOOST_TEST(parse_retry_after("Fri Nov 28 12:01:00 2025", now).value().count() == 60'000);
    BOOST_TEST(parse_retry_after("Fri, 28 Nov 2025 11:00:00 GMT", now).value().count() == 0);
    BOOST_TEST(parse_retry_after("99999999999999", now).value().count() > 0);
    BOOST_TEST(!parse_retry_after("", now).has_value());
    BOOST_TEST(!parse_retry_after("soon", now).has_value());
    BOOST_TEST(!parse_retry_after("-5", now).has_value());
    BOOST_TEST(!parse_retry_after("1.5", now).has_value());
    // Far dates are capped, not overflowed; guesses are not dates.
    BOOST_TEST(parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now).value().count() ==
               24 * 3600 * 1000);
    BOOST_TEST(!parse_retry_after("Sun Nov  6 08:48:3-12004", now).has_value());
    BOOST_TEST(!parse_retry_after("Sat,Many Requests", now).has_value());
    BOOST_TEST(!parse_retry_after("x, 1", now).has_value());
    BOOST_TEST(!parse_retry_after("Fri, 28 Foo 2025 12:00:30 GMT", now).has_value());
    BOOST_TEST(!parse_retry_after("Fri, 28 Nov 2025 12:00:30 UTC", now).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
