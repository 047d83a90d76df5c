// One case per row of ambient-oidc(1) RETRIES, against the built program and a fault-injecting
// endpoint.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>

#include "integration/harness.hpp"

namespace bdata = boost::unit_test::data;
using namespace std::chrono_literals;
using ambient_oidc::test::count_of;
using ambient_oidc::test::Idp;
using ambient_oidc::test::make_token;
using ambient_oidc::test::Step;

namespace {

struct Transient {
    const char* name;
    Step step;
    const char* logged;  // the retry line's failure text
    long min_ms;         // correctness bounds on the run's duration
    long max_ms;
};
std::ostream& operator<<(std::ostream& out, const Transient& c) {
    return out << c.name;
}

const std::string kBody = R"({"value":")" + std::string(120, 'x') + "\"}";

const std::vector<Transient> kTransient = {
    {"500", Step::respond(500), "HTTP 500 Internal Server Error; retrying in 0.1s", 100, 10000},
    {"502", Step::respond(502), "HTTP 502 Bad Gateway; retrying in 0.1s", 100, 10000},
    {"503", Step::respond(503), "HTTP 503 Service Unavailable; retrying in 0.1s", 100, 10000},
    {"504", Step::respond(504), "HTTP 504 Gateway Timeout; retrying in 0.1s", 100, 10000},
    {"408", Step::respond(408), "HTTP 408 Request Timeout; retrying in 0.1s", 100, 10000},
    {"429 with Retry-After seconds", Step::respond(429, "", {{"Retry-After", "1"}}),
     "HTTP 429 Too Many Requests; retrying in 1.0s", 1000, 10000},
    {"503 with Retry-After date in the past",
     Step::respond(503, "", {{"Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"}}),
     "HTTP 503 Service Unavailable; retrying in 0.0s", 0, 10000},
    {"reset", Step::reset(), "connection reset by peer", 100, 10000},
    {"TLS handshake stall", Step::handshake_stall(),
     "timed out while in the TLS handshake; retrying in 0.1s", 1000, 10000},
    {"stall after the request", Step::stall_after_request(),
     "timed out while waiting for the response; retrying in 0.1s", 1000, 10000},
    {"drip-fed body", Step::drip(kBody, 100ms),
     "timed out while waiting for the response; retrying in 0.1s", 1000, 10000},
    {"truncated body", Step::truncated(kBody), "truncated response", 100, 10000},
    {"HTTP/0.9 garbage", Step::raw("garbage without a status line\n"), "malformed HTTP response",
     100, 10000},
    {"status 600", Step::raw("HTTP/1.1 600 Weird\r\nContent-Length: 0\r\n\r\n"),
     "malformed HTTP response: the status code 600 is outside 100-599; retrying in 0.1s", 100,
     10000},
    {"bad chunk size", Step::raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
     "malformed HTTP response: a bad chunk size; retrying in 0.1s", 100, 10000},
    {"close-delimited body cut off",
     Step::cut("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + kBody),
     "truncated response: the connection closed without TLS close_notify", 100, 10000},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(retry_contract)

BOOST_DATA_TEST_CASE(recovers_after_a_transient_failure, bdata::make(kTransient), sample) {
    Idp idp;
    const std::string token = make_token("sigstore");
    idp.server.set_steps({sample.step}, Step::token_json(token));
    const auto result = ambient_oidc::test::run_program(
        ambient_oidc::test::fast_args(idp, {"token", "-v"}), idp.env());
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out == token + "\n");
    BOOST_TEST(idp.server.connections() == 2);
    BOOST_TEST(count_of(result.err, "attempt 1/3 failed: ") == 1, result.err);
    BOOST_TEST(result.err.find(sample.logged) != std::string::npos, result.err);
    BOOST_TEST(result.elapsed.count() >= sample.min_ms);
    BOOST_TEST(result.elapsed.count() <= sample.max_ms);
    ambient_oidc::test::check_no_secret_in_stderr(result, {token, Idp::kRequestToken});
}

BOOST_DATA_TEST_CASE(permanent_refusals_fail_fast, bdata::make({401, 403, 404, 400, 302}), status) {
    Idp idp;
    idp.server.set_steps({}, Step::respond(status, "{}", {{"Location", "https://127.0.0.1:1/"}}));
    const auto result = ambient_oidc::test::run_program(
        ambient_oidc::test::fast_args(idp, {"token", "-vv"}), idp.env());
    BOOST_TEST(result.exit_code == 6);
    BOOST_TEST(result.out.empty());
    BOOST_TEST(idp.server.requests() == 1);
    BOOST_TEST(result.err.find("github-actions: HTTP " + std::to_string(status)) !=
               std::string::npos);
    BOOST_TEST(result.err.find("not retried") != std::string::npos);
    BOOST_TEST(result.err.find("retrying") == std::string::npos);
    BOOST_TEST(result.elapsed.count() < 5000);
    ambient_oidc::test::check_no_secret_in_stderr(result, {Idp::kRequestToken});
}

// A request token with a line break would add header lines of its own: refused before sending.
BOOST_DATA_TEST_CASE(a_request_token_with_a_control_character_is_refused,
                     bdata::make({"gh-5ecret\r\nX-Injected: 1", "gh-5ecret\nX-Injected: 1",
                                  "gh-5ecret\x7fx"}),
                     request_token) {
    Idp idp;
    idp.server.set_steps({});
    auto env = idp.env();
    env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = request_token;
    const auto result =
        ambient_oidc::test::run_program(ambient_oidc::test::fast_args(idp, {"token"}), env);
    BOOST_TEST(result.exit_code == 2, result.err);
    BOOST_TEST(
        result.err.find("Authorization header contains a control character") != std::string::npos,
        result.err);
    BOOST_TEST(idp.server.connections() == 0);
    ambient_oidc::test::check_no_secret_in_stderr(result, {"gh-5ecret"});
}

BOOST_AUTO_TEST_CASE(a_missing_request_token_is_a_refusal) {
    Idp idp;
    idp.server.set_steps({});
    auto env = idp.env();
    env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "wrong-request-token";
    const auto result =
        ambient_oidc::test::run_program(ambient_oidc::test::fast_args(idp, {"token"}), env);
    BOOST_TEST(result.exit_code == 6);
    BOOST_TEST(result.err.find("HTTP 401 Unauthorized") != std::string::npos);
    BOOST_TEST(idp.server.requests() == 1);
    ambient_oidc::test::check_no_secret_in_stderr(result, {"wrong-request-token"});
}

BOOST_AUTO_TEST_CASE(attempts_are_used_up_on_transient_failures) {
    Idp idp;
    idp.server.set_steps({}, Step::respond(503));
    const auto result = ambient_oidc::test::run_program(
        ambient_oidc::test::fast_args(idp, {"token", "--attempts", "4"}), idp.env());
    BOOST_TEST(result.exit_code == 4);
    BOOST_TEST(result.out.empty());
    BOOST_TEST(idp.server.requests() == 4);
    // 0.1 + 0.5 + 2.5 s of waiting.
    BOOST_TEST(result.err.find("attempt 1/4 failed: HTTP 503 Service Unavailable; retrying in "
                               "0.1s\n") != std::string::npos);
    BOOST_TEST(result.err.find("attempt 2/4 failed: HTTP 503 Service Unavailable; retrying in "
                               "0.5s\n") != std::string::npos);
    BOOST_TEST(result.err.find("attempt 3/4 failed: HTTP 503 Service Unavailable; retrying in "
                               "2.5s\n") != std::string::npos);
    BOOST_TEST(result.err.find("github-actions: giving up after 4 attempts; the last failed with: "
                               "HTTP 503 Service Unavailable") != std::string::npos);
    BOOST_TEST(result.elapsed.count() >= 3100);
    BOOST_TEST(result.elapsed.count() < 15000);
}

// A listener whose accept queue is full drops further SYNs: connecting never completes.
BOOST_AUTO_TEST_CASE(a_connect_that_never_completes_is_bounded_by_the_attempt) {
    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    BOOST_REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    BOOST_REQUIRE(::listen(listener, 0) == 0);
    socklen_t length = sizeof address;
    ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
    const int filler = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    BOOST_REQUIRE(::connect(filler, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    Idp idp;
    auto env = idp.env();
    env["ACTIONS_ID_TOKEN_REQUEST_URL"] =
        "https://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/token";
    const auto result = ambient_oidc::test::run_program(
        ambient_oidc::test::fast_args(idp, {"token", "--attempts", "2"}), env);
    ::close(filler);
    ::close(listener);
    BOOST_TEST(result.exit_code == 4);
    BOOST_TEST(count_of(result.err, "timed out while connecting") == 2, result.err);
    BOOST_TEST(result.elapsed.count() >= 2000);
    BOOST_TEST(result.elapsed.count() < 8000);
}

BOOST_AUTO_TEST_CASE(connection_refused_uses_every_attempt) {
    // A port that was just bound and released: nothing listens there.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    Idp idp;
    auto env = idp.env();
    env["ACTIONS_ID_TOKEN_REQUEST_URL"] =
        "https://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/token";
    const auto result =
        ambient_oidc::test::run_program(ambient_oidc::test::fast_args(idp, {"token"}), env);
    BOOST_TEST(result.exit_code == 4);
    BOOST_TEST(count_of(result.err, "Connection refused; retrying") == 2);
    BOOST_TEST(result.err.find("giving up after 3 attempts") != std::string::npos);
    BOOST_TEST(result.elapsed.count() < 10000);
}

BOOST_AUTO_TEST_CASE(an_untrusted_certificate_is_rejected_at_once) {
    Idp idp;
    const auto other = ambient_oidc::test::TestPki::create(idp.dir.path(), "another CA", "other-");
    idp.server.set_steps({});
    auto args = ambient_oidc::test::fast_args(idp, {"token"});
    args[7] = other.ca_file;  // trust the other CA only
    const auto result = ambient_oidc::test::run_program(args, idp.env());
    BOOST_TEST(result.exit_code == 6);
    BOOST_TEST(result.err.find("certificate failed verification") != std::string::npos);
    BOOST_TEST(idp.server.connections() == 1);
    BOOST_TEST(idp.server.requests() == 0);
}

BOOST_AUTO_TEST_CASE(the_system_store_does_not_trust_a_private_ca) {
    Idp idp;
    idp.server.set_steps({});
    const auto result =
        ambient_oidc::test::run_program({"token", "--attempt-timeout", "2s"}, idp.env());
    BOOST_TEST(result.exit_code == 6);
    BOOST_TEST(result.err.find("retrying") == std::string::npos);
    // Two where the system has a hashed directory: the bundle file is tried once more.
    BOOST_TEST(idp.server.connections() >= 1);
    BOOST_TEST(idp.server.connections() <= 2);
    BOOST_TEST(idp.server.requests() == 0);
}

BOOST_AUTO_TEST_CASE(ssl_cert_file_is_honoured) {
    Idp idp;
    const std::string token = make_token("sigstore");
    idp.server.set_steps({}, Step::token_json(token));
    auto env = idp.env();
    env["SSL_CERT_FILE"] = idp.pki.ca_file;
    const auto result = ambient_oidc::test::run_program({"token"}, env);
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out == token + "\n");
}

BOOST_AUTO_TEST_CASE(the_whole_run_deadline_during_an_attempt) {
    Idp idp;
    idp.server.set_steps({}, Step::stall_after_request());
    const auto result = ambient_oidc::test::run_program(
        ambient_oidc::test::fast_args(idp,
                                      {"token", "--timeout", "1500ms", "--attempt-timeout", "20s"}),
        idp.env());
    BOOST_TEST(result.exit_code == 5);
    BOOST_TEST(result.err.find("1.5s deadline (--timeout) passed during attempt 1/3") !=
               std::string::npos);
    BOOST_TEST(result.elapsed.count() >= 1400);
    BOOST_TEST(result.elapsed.count() < 6000);
}

BOOST_AUTO_TEST_CASE(the_whole_run_deadline_during_a_wait) {
    Idp idp;
    idp.server.set_steps({}, Step::respond(503));
    const auto result = ambient_oidc::test::run_program(
        ambient_oidc::test::fast_args(idp, {"token", "--timeout", "1s", "--backoff", "30s"}),
        idp.env());
    BOOST_TEST(result.exit_code == 5);
    BOOST_TEST(idp.server.requests() == 1);
    BOOST_TEST(result.err.find("while waiting to retry") != std::string::npos);
    BOOST_TEST(result.elapsed.count() >= 900);
    BOOST_TEST(result.elapsed.count() < 6000);
}

BOOST_DATA_TEST_CASE(a_signal_during_a_wait_stops_at_once, bdata::make({SIGTERM, SIGINT}),
                     signal_number) {
    Idp idp;
    idp.server.set_steps({}, Step::respond(503));
    const auto result = ambient_oidc::test::run_program(
        ambient_oidc::test::fast_args(idp, {"token", "--backoff", "30s"}), idp.env(), "",
        std::make_pair(std::chrono::milliseconds(800), signal_number));
    BOOST_TEST(result.exit_code == 4);
    BOOST_TEST(idp.server.requests() == 1);
    BOOST_TEST(result.err.find("interrupted by SIG") != std::string::npos);
    BOOST_TEST(result.elapsed.count() >= 700);
    BOOST_TEST(result.elapsed.count() < 6000);
}

BOOST_AUTO_TEST_CASE(a_signal_during_an_attempt_stops_at_once) {
    Idp idp;
    idp.server.set_steps({}, Step::handshake_stall());
    const auto result = ambient_oidc::test::run_program(
        ambient_oidc::test::fast_args(idp, {"token", "--attempt-timeout", "30s"}), idp.env(), "",
        std::make_pair(std::chrono::milliseconds(800), SIGTERM));
    BOOST_TEST(result.exit_code == 4);
    BOOST_TEST(result.err.find("interrupted by SIGTERM during attempt 1/3") != std::string::npos);
    BOOST_TEST(result.elapsed.count() < 6000);
}

BOOST_AUTO_TEST_SUITE_END()
