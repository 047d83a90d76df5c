// exec-credential, google-executable and aws-credential-process end to end: the built program
// against fake endpoints, then the real kubectl, gcloud and AWS CLI against loopback servers,
// each with its configuration in a temporary directory (never the machine's, never the network).
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Object.h>
#include <sys/stat.h>

#include <tuple>

#include "core/json.hpp"
#include "integration/harness.hpp"
#include "support/fake_sts.hpp"
#include "support/preconditions.hpp"

using ambient_oidc::test::cached_env;
using ambient_oidc::test::Env;
using ambient_oidc::test::FakeServer;
using ambient_oidc::test::FakeSts;
using ambient_oidc::test::form_field;
using ambient_oidc::test::Idp;
using ambient_oidc::test::make_token;
using ambient_oidc::test::ProcessResult;
using ambient_oidc::test::read_file;
using ambient_oidc::test::run_program;
using ambient_oidc::test::SeenRequest;
using ambient_oidc::test::Step;
using ambient_oidc::test::write_file;

namespace {

using ambient_oidc::test::kGooglePool;
constexpr const char* kPool = kGooglePool;
constexpr const char* kRole = "arn:aws:iam::123456789012:role/ci";

Poco::JSON::Object::Ptr json(const std::string& text) {
    return ambient_oidc::parse_json_object(text);
}

const std::string kExecInfoV1beta1 =
    R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","spec":)"
    R"({"interactive":false,"cluster":{"server":"https://127.0.0.1:6443","config":)"
    R"({"audience":"my-cluster"}}}})";

// The first request's audience query parameter.
std::string asked_audience(const FakeServer& server) {
    const auto seen = server.seen();
    return seen.empty() ? "" : seen.front().query_param("audience").value_or("");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(exec_credential)

BOOST_AUTO_TEST_CASE(answers_in_kind_through_the_cache) {
    Idp idp;
    Env env = cached_env(idp);
    env["KUBERNETES_EXEC_INFO"] = kExecInfoV1beta1;
    const ProcessResult first = run_program(fast_args(idp, {"exec-credential"}), env);
    BOOST_TEST(first.exit_code == 0, first.err);
    BOOST_TEST(asked_audience(idp.server) == "my-cluster");
    const auto answer = json(first.out);
    BOOST_TEST(answer->getValue<std::string>("apiVersion") ==
               "client.authentication.k8s.io/v1beta1");
    BOOST_TEST(answer->getValue<std::string>("kind") == "ExecCredential");
    const std::string token = answer->getObject("status")->getValue<std::string>("token");
    BOOST_TEST(answer->getObject("status")->has("expirationTimestamp"));
    // kubectl runs the plugin for every command: the second run is the cache's.
    const ProcessResult second = run_program(fast_args(idp, {"exec-credential", "-vv"}), env);
    BOOST_TEST(second.exit_code == 0, second.err);
    BOOST_TEST(second.out == first.out);
    BOOST_TEST(idp.server.requests() == 1);
    check_no_secret_in_stderr(second, {token, Idp::kRequestToken});
}

BOOST_AUTO_TEST_CASE(the_flag_beats_the_cluster_and_no_audience_is_exit_2) {
    Idp idp;
    Env env = idp.env();
    env["KUBERNETES_EXEC_INFO"] = kExecInfoV1beta1;
    const ProcessResult flagged =
        run_program(fast_args(idp, {"exec-credential", "--audience", "flag-aud"}), env);
    BOOST_TEST(flagged.exit_code == 0, flagged.err);
    BOOST_TEST(asked_audience(idp.server) == "flag-aud");
    env.erase("KUBERNETES_EXEC_INFO");  // an old client: v1, and no cluster to ask
    const ProcessResult none = run_program(fast_args(idp, {"exec-credential"}), env);
    BOOST_TEST(none.exit_code == 2);
    BOOST_TEST(none.out.empty());
    BOOST_TEST(none.err.find("--audience") != std::string::npos);
    env["AMBIENT_OIDC_AUDIENCE"] = "env-aud";
    const ProcessResult configured = run_program(fast_args(idp, {"exec-credential"}), env);
    BOOST_TEST(configured.exit_code == 0, configured.err);
    BOOST_TEST(json(configured.out)->getValue<std::string>("apiVersion") ==
               "client.authentication.k8s.io/v1");
}

BOOST_AUTO_TEST_CASE(failures_go_to_stderr_with_nothing_on_stdout) {
    Idp idp;
    idp.server.set_steps({}, Step::respond(403, "{}"));
    Env env = idp.env();
    env["KUBERNETES_EXEC_INFO"] = kExecInfoV1beta1;
    const ProcessResult refused = run_program(fast_args(idp, {"exec-credential"}), env);
    BOOST_TEST(refused.exit_code == 6);
    BOOST_TEST(refused.out.empty());
    BOOST_TEST(refused.err.find("HTTP 403") != std::string::npos);
    env["KUBERNETES_EXEC_INFO"] = R"({"apiVersion":"client.authentication.k8s.io/v2"})";
    const ProcessResult version = run_program(fast_args(idp, {"exec-credential"}), env);
    BOOST_TEST(version.exit_code == 2);
    BOOST_TEST(version.out.empty());
    BOOST_TEST(version.err.find("v2") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(google_executable)

BOOST_AUTO_TEST_CASE(success_on_stdout_and_in_the_file_nothing_on_stderr) {
    Idp idp;
    // A retried 503 would log a line at any level; in this protocol it must not.
    idp.server.set_steps({Step::respond(503)});
    Env env = idp.env();
    env["GOOGLE_EXTERNAL_ACCOUNT_AUDIENCE"] = kPool;
    env["GOOGLE_EXTERNAL_ACCOUNT_TOKEN_TYPE"] = "urn:ietf:params:oauth:token-type:jwt";
    env["GOOGLE_EXTERNAL_ACCOUNT_INTERACTIVE"] = "0";
    env["GOOGLE_EXTERNAL_ACCOUNT_OUTPUT_FILE"] = idp.dir.path() + "/out.json";
    const ProcessResult result = run_program(fast_args(idp, {"google-executable", "-vv"}), env);
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.err.empty(), result.err);
    BOOST_TEST(asked_audience(idp.server) == std::string("https:") + kPool);
    const auto answer = json(result.out);
    BOOST_TEST(answer->getValue<bool>("success"));
    BOOST_TEST(answer->getValue<int>("version") == 1);
    BOOST_TEST(answer->getValue<std::string>("id_token").size() > 20u);
    BOOST_TEST(read_file(idp.dir.path() + "/out.json") + "\n" == result.out);
    struct stat info {};
    BOOST_TEST(::stat((idp.dir.path() + "/out.json").c_str(), &info) == 0);
    BOOST_TEST((info.st_mode & 0777) == 0600u);
}

BOOST_AUTO_TEST_CASE(failures_are_json_on_stdout_nothing_on_stderr) {
    Idp idp;
    idp.server.set_steps({}, Step::respond(403, "{}"));
    Env env = idp.env();
    env["GOOGLE_EXTERNAL_ACCOUNT_AUDIENCE"] = kPool;
    struct Case {
        std::vector<std::string> args;
        Env env;
        int code;
        const char* wire;
    };
    Env interactive = env;
    interactive["GOOGLE_EXTERNAL_ACCOUNT_INTERACTIVE"] = "1";
    Env no_audience = env;
    no_audience.erase("GOOGLE_EXTERNAL_ACCOUNT_AUDIENCE");
    const std::vector<Case> cases = {
        {fast_args(idp, {"google-executable", "-vv"}), env, 6, "REJECTED"},
        {{"google-executable", "--bogus"}, env, 2, "USAGE"},
        {{"-vv", "google-executable"}, interactive, 2, "USAGE"},
        {{"google-executable"}, no_audience, 2, "USAGE"},
        {{"google-executable", "--timeout", "soon"}, env, 2, "USAGE"},
    };
    for (const auto& c : cases) {
        const ProcessResult result = run_program(c.args, c.env);
        BOOST_TEST(result.exit_code == c.code);
        BOOST_TEST(result.err.empty(), result.err);
        const auto answer = json(result.out);
        BOOST_TEST(answer->getValue<bool>("success") == false);
        BOOST_TEST(answer->getValue<std::string>("code") == c.wire);
        BOOST_TEST(!answer->getValue<std::string>("message").empty());
        BOOST_TEST(result.out.find(Idp::kRequestToken) == std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(aws_credential_process)

struct StsFixture {
    Idp idp;
    FakeSts sts{idp.pki};
    Env env = [this] {
        Env e = idp.env();
        e["AWS_ENDPOINT_URL_STS"] = sts.url();
        return e;
    }();
    std::vector<std::string> args(std::vector<std::string> extra = {}) const {
        std::vector<std::string> all = {"aws-credential-process", "--role-arn", kRole};
        all.insert(all.end(), extra.begin(), extra.end());
        return fast_args(idp, all);
    }
};

BOOST_FIXTURE_TEST_CASE(trades_the_token_for_role_credentials, StsFixture) {
    const ProcessResult result = run_program(args({"-vv", "--duration", "30m"}), env);
    BOOST_TEST(result.exit_code == 0, result.err);
    const auto answer = json(result.out);
    BOOST_TEST(answer->getValue<int>("Version") == 1);
    BOOST_TEST(answer->getValue<std::string>("AccessKeyId") == FakeSts::kAccessKeyId);
    BOOST_TEST(answer->getValue<std::string>("SecretAccessKey") == FakeSts::kSecretAccessKey);
    BOOST_TEST(answer->getValue<std::string>("SessionToken") == FakeSts::kSessionToken);
    BOOST_TEST(answer->getValue<std::string>("Expiration").back() == 'Z');
    BOOST_TEST(asked_audience(idp.server) == "sts.amazonaws.com");
    const auto requests = sts.assume_role_requests();
    BOOST_REQUIRE(requests.size() == 1u);
    const SeenRequest& request = requests.front();
    BOOST_TEST(request.method == "POST");
    BOOST_TEST(
        request.header("Content-Type").value_or("").find("application/x-www-form-urlencoded") ==
        0u);
    BOOST_TEST(!request.header("Authorization"));  // unsigned, as AWS specifies
    BOOST_TEST(form_field(request.body, "Version") == "2011-06-15");
    BOOST_TEST(form_field(request.body, "RoleArn") == kRole);
    BOOST_TEST(form_field(request.body, "RoleSessionName") == "ambient-oidc-github-actions");
    BOOST_TEST(form_field(request.body, "DurationSeconds") == "1800");
    const std::string token = form_field(request.body, "WebIdentityToken");
    BOOST_TEST(token.size() > 20u);
    check_no_secret_in_stderr(
        result, {token, FakeSts::kSecretAccessKey, FakeSts::kSessionToken, Idp::kRequestToken});
}

BOOST_FIXTURE_TEST_CASE(throttling_and_503_are_retried_though_throttling_is_400, StsFixture) {
    sts.script({Step::respond(503), FakeSts::error(400, "Throttling", "Rate exceeded")});
    const ProcessResult result = run_program(args(), env);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(sts.assume_role_requests().size() == 3u);
    BOOST_TEST(result.err.find("attempt 2/3 failed: STS refused AssumeRoleWithWebIdentity (HTTP "
                               "400 Bad Request): Throttling: Rate exceeded") != std::string::npos,
               result.err);
    BOOST_TEST(json(result.out)->getValue<std::string>("AccessKeyId") == FakeSts::kAccessKeyId);
}

BOOST_FIXTURE_TEST_CASE(sts_refusals_are_exit_6_with_code_and_message, StsFixture) {
    for (const auto& [status, code] : std::vector<std::pair<int, std::string>>{
             {403, "AccessDenied"}, {400, "InvalidIdentityToken"}}) {
        sts.script({FakeSts::error(status, code, "Not authorized to perform sts:Assume")});
        const std::size_t before = sts.assume_role_requests().size();
        const ProcessResult result = run_program(args(), env);
        BOOST_TEST(result.exit_code == 6);
        BOOST_TEST(result.out.empty());
        BOOST_TEST(
            result.err.find(code + ": Not authorized to perform sts:Assume") != std::string::npos,
            result.err);
        BOOST_TEST(sts.assume_role_requests().size() == before + 1);  // not retried
    }
}

BOOST_FIXTURE_TEST_CASE(unusable_answers_are_exit_7, StsFixture) {
    for (const Step& step :
         {Step::respond(200, "<html>not STS</html"),
          Step::respond(200, "<AssumeRoleWithWebIdentityResponse>" + std::string(70000, ' ') +
                                 "</AssumeRoleWithWebIdentityResponse>")}) {
        sts.script({step});
        const ProcessResult result = run_program(args(), env);
        BOOST_TEST(result.exit_code == 7, result.err);
        BOOST_TEST(result.out.empty());
    }
}

// Credentials that have expired, or expire within min-validity, are no success: exit 7.
BOOST_FIXTURE_TEST_CASE(expired_or_soon_expiring_credentials_are_exit_7, StsFixture) {
    for (const auto& [valid_for, extra, exit_code] :
         std::vector<std::tuple<std::chrono::seconds, std::vector<std::string>, int>>{
             {std::chrono::seconds(-600), {}, 7},
             {std::chrono::seconds(30), {}, 7},  // min-validity 60s by default
             {std::chrono::seconds(30), {"--min-validity", "10s"}, 0}}) {
        sts.script({FakeSts::success(valid_for)});
        const ProcessResult result = run_program(args(extra), env);
        BOOST_TEST(result.exit_code == exit_code, result.err);
        if (exit_code != 0) {
            BOOST_TEST(result.out.empty());
            BOOST_TEST(
                result.err.find("STS answered with credentials that expire") != std::string::npos,
                result.err);
            BOOST_TEST(result.err.find(FakeSts::kSecretAccessKey) == std::string::npos);
        }
    }
}

BOOST_FIXTURE_TEST_CASE(options_are_checked_before_any_fetch, StsFixture) {
    for (const auto& extra : std::vector<std::vector<std::string>>{
             {"--duration", "5m"}, {"--role-session-name", "a b"}}) {
        const ProcessResult result = run_program(args(extra), env);
        BOOST_TEST(result.exit_code == 2);
        BOOST_TEST(result.out.empty());
    }
    const ProcessResult missing = run_program(fast_args(idp, {"aws-credential-process"}), env);
    BOOST_TEST(missing.exit_code == 2);
    BOOST_TEST(missing.err.find("--role-arn") != std::string::npos);
    BOOST_TEST(idp.server.requests() == 0);
    BOOST_TEST(sts.assume_role_requests().empty());
}

BOOST_AUTO_TEST_SUITE_END()
