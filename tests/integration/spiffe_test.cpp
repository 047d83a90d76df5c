// The spiffe provider end to end: the built program against a real gRPC server (Debian's grpcio,
// tests/support/fake_workload_api.py) on a Unix socket, and against sockets that misbehave below
// gRPC; then exec-credential and aws-credential-process with the spiffe source.
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Object.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <thread>

#include "core/json.hpp"
#include "integration/harness.hpp"
#include "support/fake_sts.hpp"
#include "support/fake_workload_api.hpp"
#include "support/preconditions.hpp"

using ambient_oidc::test::Env;
using ambient_oidc::test::FakeSts;
using ambient_oidc::test::FakeWorkloadApi;
using ambient_oidc::test::form_field;
using ambient_oidc::test::make_token;
using ambient_oidc::test::ProcessResult;
using ambient_oidc::test::run_program;
using ambient_oidc::test::TempDir;
using ambient_oidc::test::write_file;

namespace {

constexpr const char* kWorkload = "spiffe://example.org/ci";
constexpr const char* kOther = "spiffe://example.org/other";

struct Spiffe {
    FakeWorkloadApi& api = ambient_oidc::test::shared_workload_api();
    TempDir home;

    // The environment of a workload whose agent listens at socket (one of the fake's).
    Env env(const std::string& socket = "agent.sock") const {
        return Env{{"SPIFFE_ENDPOINT_SOCKET", "unix://" + api.path(socket)},
                   {"HOME", home.path()},
                   {"PATH", "/usr/bin:/bin"}};
    }
    static std::vector<std::string> args(std::vector<std::string> extra) {
        std::vector<std::string> all = {"token", "--provider", "spiffe", "--backoff",
                                        "100ms", "--jitter",   "0",      "--attempt-timeout",
                                        "1s"};
        all.insert(all.end(), extra.begin(), extra.end());
        return all;
    }
    // Calls seen at socket.
    int calls_at(const std::string& socket) const {
        int count = 0;
        for (const auto& call : api.calls()) {
            count += call.socket == socket ? 1 : 0;
        }
        return count;
    }
};

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The rest of the line of text that starts with start, without the blanks that follow start.
std::string line_of(const std::string& text, const std::string& start) {
    const auto at = text.find("\n" + start);
    if (at == std::string::npos) {
        return "";
    }
    const auto begin = text.find_first_not_of(' ', at + 1 + start.size());
    return text.substr(begin, text.find('\n', begin) - begin);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(spiffe, *ambient_oidc::test::needs_python_grpc())

BOOST_FIXTURE_TEST_CASE(fetches_the_svid_for_the_audience_with_the_security_header, Spiffe) {
    const std::string token = make_token("sigstore");
    api.script({}, {{kWorkload, token}});
    const ProcessResult result = run_program(args({"-vv"}), env());
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out == token + "\n");
    const auto calls = api.calls();
    BOOST_REQUIRE(calls.size() == 1u);
    BOOST_TEST(calls[0].metadata.at("workload.spiffe.io") == "true");
    BOOST_TEST(calls[0].metadata.at("user-agent").rfind("ambient-oidc/", 0) == 0u);
    BOOST_TEST(calls[0].audience == std::vector<std::string>{"sigstore"});
    BOOST_TEST(calls[0].spiffe_id.empty());
    BOOST_TEST(contains(result.err, "spiffe: the JWT-SVID of spiffe://example.org/ci"), result.err);
    ambient_oidc::test::check_no_secret_in_stderr(result, {token});
}

BOOST_FIXTURE_TEST_CASE(the_real_grpc_server_refuses_a_call_without_the_security_header, Spiffe) {
    api.script({}, {{kWorkload, ""}});
    BOOST_TEST(api.probe() == "INVALID_ARGUMENT\nOK\n");
}

BOOST_FIXTURE_TEST_CASE(auto_finds_it_and_detect_lists_it, Spiffe) {
    const std::string token = make_token("my-audience");
    api.script({}, {{kWorkload, token}});
    Env plain = env();
    plain["SPIFFE_ENDPOINT_SOCKET"] = "unix:" + api.path();  // the unix:/path form
    const ProcessResult result = run_program({"token", "--audience", "my-audience"}, plain);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out == token + "\n");
    BOOST_TEST(api.calls().at(0).audience == std::vector<std::string>{"my-audience"});
    const ProcessResult detect = run_program({"detect"}, plain);
    BOOST_TEST(detect.exit_code == 0);
    BOOST_TEST(line_of(detect.out, "spiffe ") == "present", detect.out);
    BOOST_TEST(contains(detect.out, "selected: spiffe\n"), detect.out);
    const ProcessResult absent = run_program({"detect", "--json"}, {{"HOME", home.path()}});
    BOOST_TEST(contains(absent.out,
                        R"({"name":"spiffe","present":false,"needs":"SPIFFE_ENDPOINT_SOCKET set, )"
                        R"(or providers.spiffe.socket configured"})"),
               absent.out);
}

BOOST_FIXTURE_TEST_CASE(the_configured_socket_and_spiffe_id_pick_one_identity, Spiffe) {
    const std::string mine = make_token("sigstore");
    const std::string other = make_token("sigstore");
    api.script({}, {{kOther, other}, {kWorkload, mine}});
    write_file(home.path() + "/config.json", R"({"providers": {"spiffe": {"socket": "unix://)" +
                                                 api.path() +
                                                 R"(", "spiffe_id": "spiffe://example.org/ci"}}})");
    Env configured = env("missing.sock");  // the configuration wins over the variable
    configured["AMBIENT_OIDC_CONFIG"] = home.path() + "/config.json";
    const ProcessResult result = run_program(args({}), configured);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out == mine + "\n");
    BOOST_TEST(api.calls().at(0).spiffe_id == kWorkload);
    // Without a spiffe_id, the first SVID is the token.
    const ProcessResult first = run_program(args({}), env());
    BOOST_TEST(first.exit_code == 0, first.err);
    BOOST_TEST(first.out == other + "\n");
}

BOOST_FIXTURE_TEST_CASE(svids_get_the_jwt_checks_of_every_token, Spiffe) {
    for (const std::string& svid :
         {make_token("another-audience"), make_token("sigstore", -60), std::string("not-a-jwt")}) {
        api.script({}, {{kWorkload, svid}});
        const ProcessResult result = run_program(args({}), env());
        BOOST_TEST(result.exit_code == 7, result.err);
        BOOST_TEST(result.out.empty());
        BOOST_TEST(calls_at("agent.sock") == 1);  // not retried
        ambient_oidc::test::check_no_secret_in_stderr(result, {svid});
    }
    // An agent that answers OK without an SVID, or without one for the configured spiffe_id.
    write_file(home.path() + "/config.json",
               R"({"providers": {"spiffe": {"spiffe_id": "spiffe://example.org/ci"}}})");
    Env configured = env();
    configured["AMBIENT_OIDC_CONFIG"] = home.path() + "/config.json";
    for (const auto& [svids, why] :
         std::vector<std::pair<std::vector<FakeWorkloadApi::Svid>, std::string>>{
             {{}, "it holds no JWT-SVID"},
             {{{kOther, make_token("sigstore")}},
              "it holds no JWT-SVID for spiffe://example.org/ci (only for "
              "spiffe://example.org/other)"},
             {{{kWorkload, ""}}, "the JWT-SVID of spiffe://example.org/ci is empty"}}) {
        // An empty svid in the script is minted by the fake; ok_with sends it empty.
        std::string answer = FakeWorkloadApi::ok_with(svids);
        if (!svids.empty() && svids[0].svid.empty()) {
            answer = R"({"ok":true,"svids":[{"spiffe_id":"spiffe://example.org/ci","svid":""}]})";
        }
        api.script({answer}, {});
        const ProcessResult result = run_program(args({}), configured);
        BOOST_TEST(result.exit_code == 7, result.err);
        BOOST_TEST(contains(result.err,
                            "spiffe: the Workload API's FetchJWTSVID answer is "
                            "unusable: " +
                                why),
                   result.err);
    }
    // No identity for this workload: SPIRE's PERMISSION_DENIED "no identity issued", retried
    // until the attempts are used up.
    api.script({}, {{kOther, ""}});
    const ProcessResult none = run_program(args({"--attempts", "2"}), configured);
    BOOST_TEST(none.exit_code == 4, none.err);
    BOOST_TEST(contains(none.err,
                        "giving up after 2 attempts; the last failed with: the Workload "
                        "API answered PERMISSION_DENIED: no identity issued"),
               none.err);
}

BOOST_FIXTURE_TEST_CASE(each_retried_status_is_retried_then_the_svid_is_served, Spiffe) {
    const std::string token = make_token("sigstore");
    api.script(
        {FakeWorkloadApi::status(14, "agent restarting"), FakeWorkloadApi::status(4, "deadline"),
         FakeWorkloadApi::status(8, "rate limited"), FakeWorkloadApi::status(10, "aborted"),
         FakeWorkloadApi::status(7, "no identity issued")},
        {{kWorkload, token}});
    const ProcessResult result =
        run_program(args({"--attempts", "6", "--backoff-factor", "1"}), env());
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out == token + "\n");
    BOOST_TEST(calls_at("agent.sock") == 6);
    for (const char* expected :
         {"attempt 1/6 failed: the Workload API answered UNAVAILABLE: agent restarting",
          "attempt 2/6 failed: the Workload API answered DEADLINE_EXCEEDED: deadline",
          "attempt 3/6 failed: the Workload API answered RESOURCE_EXHAUSTED: rate limited",
          "attempt 4/6 failed: the Workload API answered ABORTED: aborted",
          "attempt 5/6 failed: the Workload API answered PERMISSION_DENIED: no identity issued "
          "(the agent has not attested this workload yet)"}) {
        BOOST_TEST(contains(result.err, expected), result.err);
    }
}

BOOST_FIXTURE_TEST_CASE(other_statuses_are_exit_6_with_the_masked_message, Spiffe) {
    // A proxy's credentials are secrets of every run: an agent that echoes one is masked.
    Env with_proxy = env();
    with_proxy["HTTPS_PROXY"] = "http://user:pr0xy-5ecret@127.0.0.1:9";
    const std::vector<std::pair<int, std::string>> refusals = {
        {3, "INVALID_ARGUMENT"}, {7, "PERMISSION_DENIED"},  {16, "UNAUTHENTICATED"},
        {5, "NOT_FOUND"},        {12, "UNIMPLEMENTED"},     {13, "INTERNAL"},
        {2, "UNKNOWN"},          {9, "FAILED_PRECONDITION"}};
    for (const auto& [code, name] : refusals) {
        api.script({FakeWorkloadApi::status(code, "refused: pr0xy-5ecret\nnot for you \xc3\xa9")},
                   {});
        const ProcessResult result = run_program(args({}), with_proxy);
        BOOST_TEST(result.exit_code == 6, name << ": " << result.err);
        BOOST_TEST(result.out.empty());
        BOOST_TEST(calls_at("agent.sock") == 1, name);
        BOOST_TEST(contains(result.err, "spiffe: the Workload API answered " + name +
                                            ": refused: ***?not for you ?? (a permanent "
                                            "failure: not retried)"),
                   result.err);
        ambient_oidc::test::check_no_secret_in_stderr(result, {"pr0xy-5ecret"});
    }
}

BOOST_FIXTURE_TEST_CASE(a_stalled_call_ends_at_the_attempt_timeout, Spiffe) {
    const std::string token = make_token("sigstore");
    api.script({FakeWorkloadApi::stall()}, {{kWorkload, token}});
    const ProcessResult retried = run_program(args({}), env());
    BOOST_TEST(retried.exit_code == 0, retried.err);
    BOOST_TEST(retried.out == token + "\n");
    // The call carries its deadline (grpc-timeout), so grpcio may end it first.
    BOOST_TEST(
        (contains(retried.err, "attempt 1/3 failed: timed out while waiting for the response") ||
         contains(retried.err,
                  "attempt 1/3 failed: the Workload API answered "
                  "DEADLINE_EXCEEDED")),
        retried.err);
    BOOST_TEST(retried.elapsed.count() < 3000);
    // Stalled to the end: the run's deadline (--timeout) is exit 5.
    api.script({FakeWorkloadApi::stall(), FakeWorkloadApi::stall(), FakeWorkloadApi::stall()}, {});
    const ProcessResult deadline = run_program(args({"--timeout", "1500ms"}), env());
    BOOST_TEST(deadline.exit_code == 5, deadline.err);
    BOOST_TEST(deadline.elapsed.count() < 3000);
}

BOOST_FIXTURE_TEST_CASE(sockets_that_misbehave_below_grpc_are_retried_within_the_deadline, Spiffe) {
    api.script({}, {});
    struct Fault {
        const char* socket;
        const char* message;
        bool reaches_the_socket;
    };
    for (const Fault& fault : {
             Fault{"silent.sock", "timed out while waiting for the response", true},
             Fault{"half-stall.sock", "timed out while waiting for the response", true},
             Fault{"half-close.sock",
                   "truncated response: the connection closed while waiting for the response",
                   true},
             Fault{"not-listening.sock", "nothing listens on it (Connection refused)", false},
             Fault{"missing.sock", "there is no socket there", false},
         }) {
        api.script({}, {});
        const ProcessResult result =
            run_program(args({"--attempts", "2", "--attempt-timeout", "500ms"}), env(fault.socket));
        BOOST_TEST(result.exit_code == 4, fault.socket << ": " << result.err);
        BOOST_TEST(result.out.empty());
        BOOST_TEST(
            contains(result.err, "spiffe: giving up after 2 attempts; the last failed with: "),
            result.err);
        BOOST_TEST(contains(result.err, fault.message), fault.socket << ": " << result.err);
        BOOST_TEST(calls_at(fault.socket) == (fault.reaches_the_socket ? 2 : 0), fault.socket);
        // Two attempts of at most 500 ms and a 100 ms wait, with room for a loaded machine.
        BOOST_TEST(result.elapsed.count() < 3000, fault.socket);
    }
}

BOOST_FIXTURE_TEST_CASE(a_socket_this_user_may_not_use_is_exit_6, Spiffe) {
    api.script({}, {{kWorkload, make_token("sigstore")}});
    const std::string locked = home.path() + "/locked";
    BOOST_REQUIRE(::mkdir(locked.c_str(), 0700) == 0);
    BOOST_REQUIRE(::symlink(api.path().c_str(), (locked + "/agent.sock").c_str()) == 0);
    BOOST_REQUIRE(::chmod(locked.c_str(), 0) == 0);
    std::vector<std::string> all = args({});
    std::string program;
    if (::geteuid() == 0) {  // root enters any directory: run as nobody
        all.insert(all.begin(),
                   {"--reuid=65534", "--regid=65534", "--clear-groups", AMBIENT_OIDC_BINARY});
        program = "/usr/bin/setpriv";
    }
    const ProcessResult result = run_program(
        all,
        {{"SPIFFE_ENDPOINT_SOCKET", "unix://" + locked + "/agent.sock"}, {"HOME", "/nonexistent"}},
        "", std::nullopt, program);
    ::chmod(locked.c_str(), 0700);
    BOOST_TEST(result.exit_code == 6, result.err);
    BOOST_TEST(contains(result.err, "cannot connect to " + locked +
                                        "/agent.sock: Permission "
                                        "denied (this user may not use the socket or a directory "
                                        "above it) (a permanent failure: not retried)"),
               result.err);
    BOOST_TEST(api.calls().empty());
}

BOOST_FIXTURE_TEST_CASE(a_socket_that_appears_between_attempts_is_used, Spiffe) {
    // At a pod's start the agent's socket may not be there yet.
    const std::string token = make_token("sigstore");
    api.script({}, {{kWorkload, token}});
    const std::string late = home.path() + "/late.sock";
    Env waiting = env();
    waiting["SPIFFE_ENDPOINT_SOCKET"] = "unix://" + late;
    // The socket appears 1 s after the start, half-way through the wait after attempt 1 (a start
    // slower than 1 s, on a machine under heavy load, would find it at once).
    std::thread agent_starts([&] {
        std::this_thread::sleep_for(std::chrono::seconds(1));
        BOOST_TEST(::symlink(api.path().c_str(), late.c_str()) == 0);
    });
    const ProcessResult result = run_program(args({"--backoff", "2s"}), waiting);
    agent_starts.join();
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out == token + "\n");
    BOOST_TEST(contains(result.err, "attempt 1/3 failed: cannot connect to " + late +
                                        ": there is no socket there; retrying in 2.0s"),
               result.err);
}

BOOST_FIXTURE_TEST_CASE(sigterm_ends_a_stalled_call_at_once, Spiffe) {
    api.script({FakeWorkloadApi::stall()}, {});
    const ProcessResult result =
        run_program(args({"--attempt-timeout", "30s"}), env(), "",
                    std::make_pair(std::chrono::milliseconds(500), SIGTERM));
    BOOST_TEST(result.exit_code == 4, result.err);
    BOOST_TEST(contains(result.err, "interrupted by SIGTERM during attempt 1/3"), result.err);
    BOOST_TEST(result.elapsed.count() < 2500);
}

BOOST_FIXTURE_TEST_CASE(addresses_that_are_not_absolute_unix_paths_are_exit_2, Spiffe) {
    api.script({}, {});
    for (const auto& [address, why] : std::vector<std::pair<std::string, std::string>>{
             {"unix:agent.sock", "is a relative path"},
             {"tcp://127.0.0.1:8081",
              "is a TCP address; ambient-oidc reaches the Workload API "
              "over a Unix socket only"},
             {"/run/spire/agent.sock", "is not a unix: address"}}) {
        Env bad = env();
        bad["SPIFFE_ENDPOINT_SOCKET"] = address;
        const ProcessResult result = run_program(args({}), bad);
        BOOST_TEST(result.exit_code == 2, result.err);
        BOOST_TEST(contains(result.err, "SPIFFE_ENDPOINT_SOCKET: '" + address + "' " + why),
                   result.err);
    }
    write_file(home.path() + "/config.json",
               R"({"providers": {"spiffe": {"socket": "unix:relative.sock"}}})");
    Env configured = env();
    configured["AMBIENT_OIDC_CONFIG"] = home.path() + "/config.json";
    const ProcessResult result = run_program(args({}), configured);
    BOOST_TEST(result.exit_code == 2, result.err);
    BOOST_TEST(contains(result.err, "providers.spiffe.socket: 'unix:relative.sock' is a relative"),
               result.err);
    BOOST_TEST(api.calls().empty());
}

BOOST_FIXTURE_TEST_CASE(exec_credential_asks_for_the_cluster_audience, Spiffe) {
    const std::string token = make_token("my-cluster");
    api.script({FakeWorkloadApi::status(14, "starting")}, {{kWorkload, token}});
    Env kubectl = env();
    kubectl["KUBERNETES_EXEC_INFO"] =
        R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential",)"
        R"("spec":{"interactive":false,"cluster":{"server":"https://127.0.0.1:6443",)"
        R"("config":{"audience":"my-cluster"}}}})";
    const ProcessResult result =
        run_program({"exec-credential", "--backoff", "100ms", "--jitter", "0"}, kubectl);
    BOOST_TEST(result.exit_code == 0, result.err);
    const auto answer = ambient_oidc::parse_json_object(result.out);
    BOOST_TEST(answer->getValue<std::string>("kind") == "ExecCredential");
    BOOST_TEST(answer->getObject("status")->getValue<std::string>("token") == token);
    const auto calls = api.calls();
    BOOST_REQUIRE(calls.size() == 2u);
    BOOST_TEST(calls[1].audience == std::vector<std::string>{"my-cluster"});
    ambient_oidc::test::check_no_secret_in_stderr(result, {token});
}

BOOST_FIXTURE_TEST_CASE(aws_credential_process_trades_the_svid, Spiffe) {
    TempDir pki_dir;
    const auto pki = ambient_oidc::test::TestPki::create(pki_dir.path(), "ambient-oidc test CA", "",
                                                         "IP:127.0.0.1");
    FakeSts sts(pki);
    const std::string token = make_token("sts.amazonaws.com");
    api.script({}, {{kWorkload, token}});
    Env aws = env();
    aws["AWS_ENDPOINT_URL_STS"] = sts.url();
    const ProcessResult result =
        run_program({"aws-credential-process", "--role-arn", "arn:aws:iam::123456789012:role/ci",
                     "--ca-file", pki.ca_file, "-vv"},
                    aws);
    BOOST_TEST(result.exit_code == 0, result.err);
    const auto answer = ambient_oidc::parse_json_object(result.out);
    BOOST_TEST(answer->getValue<std::string>("AccessKeyId") == FakeSts::kAccessKeyId);
    BOOST_TEST(answer->getValue<std::string>("SessionToken") == FakeSts::kSessionToken);
    BOOST_TEST(api.calls().at(0).audience == std::vector<std::string>{"sts.amazonaws.com"});
    const auto requests = sts.assume_role_requests();
    BOOST_REQUIRE(requests.size() == 1u);
    BOOST_TEST(form_field(requests[0].body, "WebIdentityToken") == token);
    BOOST_TEST(form_field(requests[0].body, "RoleSessionName") == "ambient-oidc-spiffe");
    ambient_oidc::test::check_no_secret_in_stderr(
        result, {token, FakeSts::kSecretAccessKey, FakeSts::kSessionToken});
}

BOOST_AUTO_TEST_SUITE_END()
