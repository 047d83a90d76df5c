// The real kubectl, gcloud and AWS CLI get working credentials from the built program against
// loopback servers. Each client's configuration (HOME, KUBECONFIG, CLOUDSDK_CONFIG,
// AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE) lives in a temporary directory, and every
// endpoint it is given is on 127.0.0.1, so the machine's configuration is neither read nor
// written and nothing reaches the network. A machine without a client skips its case, saying so.
#include <boost/test/unit_test.hpp>

#include <mutex>

#include "integration/harness.hpp"
#include "support/fake_sts.hpp"
#include "support/preconditions.hpp"

using ambient_oidc::test::Env;
using ambient_oidc::test::FakeServer;
using ambient_oidc::test::FakeSts;
using ambient_oidc::test::form_field;
using ambient_oidc::test::Idp;
using ambient_oidc::test::make_token;
using ambient_oidc::test::needs_program;
using ambient_oidc::test::ProcessOptions;
using ambient_oidc::test::ProcessResult;
using ambient_oidc::test::SeenRequest;
using ambient_oidc::test::Step;
using ambient_oidc::test::TempDir;
using ambient_oidc::test::write_file;

namespace {

// Runs a client with exactly env, its own directory first on PATH.
ProcessResult run_client(const std::string& client, std::vector<std::string> args, Env env) {
    const std::string path = ambient_oidc::test::find_on_path(client);
    BOOST_REQUIRE_MESSAGE(!path.empty(), client << " is not on PATH");
    env["PATH"] = path.substr(0, path.rfind('/')) + ":/usr/bin:/bin";
    ProcessOptions options;
    options.argv = {path};
    options.argv.insert(options.argv.end(), args.begin(), args.end());
    options.env = env;
    options.timeout = std::chrono::seconds(120);
    const ProcessResult result = run_process(options);
    BOOST_TEST_MESSAGE(client << " exit " << result.exit_code << " after " << result.elapsed.count()
                              << " ms; stderr:\n"
                              << result.err);
    BOOST_TEST(!result.timed_out);
    return result;
}

// The clients' common environment: a private HOME, no proxy, the token in SIGSTORE_ID_TOKEN
// (the `env` provider, so the client's server can demand exactly that token).
Env client_env(const TempDir& dir, const std::string& token) {
    return Env{{"HOME", dir.path()},
               {"SIGSTORE_ID_TOKEN", token},
               {"AMBIENT_OIDC_PROVIDER", "env"},  // GCE_METADATA_HOST would select google
               {"AMBIENT_OIDC_CACHE_DIR", dir.path() + "/cache"},
               {"LANG", "C.UTF-8"}};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(real_clients)

BOOST_AUTO_TEST_CASE(kubectl_sends_the_exec_credential_as_bearer, *needs_program("kubectl")) {
    TempDir dir;
    const auto pki = ambient_oidc::test::TestPki::create(dir.path() + "/pki");
    const std::string token = make_token("my-cluster");
    FakeServer::Options options = ambient_oidc::test::https_options(pki, token);
    FakeServer api(options);
    api.set_steps({}, Step::respond(200, "ok", {{"Content-Type", "text/plain"}}));
    const std::string kubeconfig = dir.path() + "/kubeconfig";
    write_file(kubeconfig,
               "apiVersion: v1\nkind: Config\nclusters:\n- name: ci\n  cluster:\n"
               "    server: " +
                   api.url("") + "\n    certificate-authority: " + pki.ca_file +
                   "\n    extensions:\n    - name: client.authentication.k8s.io/exec\n"
                   "      extension:\n        audience: my-cluster\n"
                   "contexts:\n- name: ci\n  context:\n    cluster: ci\n    user: ci\n"
                   "current-context: ci\nusers:\n- name: ci\n  user:\n    exec:\n"
                   "      apiVersion: client.authentication.k8s.io/v1\n"
                   "      command: " +
                   AMBIENT_OIDC_BINARY +
                   "\n      args: [exec-credential]\n"
                   "      interactiveMode: Never\n      provideClusterInfo: true\n");
    Env env = client_env(dir, token);
    env["KUBECONFIG"] = kubeconfig;
    const ProcessResult result = run_client("kubectl", {"get", "--raw", "/healthz"}, env);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out == "ok");
    const auto seen = api.seen();
    BOOST_REQUIRE(!seen.empty());
    BOOST_TEST(seen.back().header("Authorization").value_or("") == "Bearer " + token);
}

BOOST_AUTO_TEST_CASE(gcloud_trades_the_executable_token_at_the_token_url,
                     *needs_program("gcloud")) {
    TempDir dir;
    const std::string audience = std::string("https:") + ambient_oidc::test::kGooglePool;
    const std::string token = make_token(audience);
    std::mutex mutex;
    std::vector<SeenRequest> exchanges;
    FakeServer::Options options = ambient_oidc::test::http_options();
    options.route = [&](const SeenRequest& request) -> std::optional<Step> {
        std::lock_guard<std::mutex> lock(mutex);
        if (request.target == "/v1/token") {
            exchanges.push_back(request);
            return Step::respond(
                200,
                R"({"access_token":"ya29.fake-federated-access","issued_token_type":)"
                R"("urn:ietf:params:oauth:token-type:access_token",)"
                R"("token_type":"Bearer","expires_in":3600})",
                {{"Content-Type", "application/json"}});
        }
        if (request.target == "/v1/introspect") {
            return Step::respond(200, R"({"active":true,"username":"ci-principal","sub":"ci"})",
                                 {{"Content-Type", "application/json"}});
        }
        return Step::respond(404, "{}");
    };
    FakeServer google(options);
    const std::string credentials = dir.path() + "/credentials.json";
    write_file(credentials, std::string(R"({"type":"external_account","audience":")") +
                                ambient_oidc::test::kGooglePool +
                                R"(","subject_token_type":"urn:ietf:params:oauth:token-type:jwt",)"
                                R"("token_url":")" +
                                google.url("/v1/token") + R"(","token_info_url":")" +
                                google.url("/v1/introspect") +
                                R"(","credential_source":{"executable":{"command":")" +
                                AMBIENT_OIDC_BINARY +
                                R"( google-executable","timeout_millis":30000}}})");
    Env env = client_env(dir, token);
    env["CLOUDSDK_CONFIG"] = dir.path() + "/gcloud";
    env["GOOGLE_EXTERNAL_ACCOUNT_ALLOW_EXECUTABLES"] = "1";
    env["CLOUDSDK_CORE_DISABLE_PROMPTS"] = "1";
    env["CLOUDSDK_CORE_DISABLE_USAGE_REPORTING"] = "true";
    env["CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK"] = "true";
    env["CLOUDSDK_CORE_CHECK_GCE_METADATA"] = "false";
    env["GCE_METADATA_HOST"] = "127.0.0.1:9";
    env["GCE_METADATA_IP"] = "127.0.0.1:9";
    env["GCE_METADATA_ROOT"] =
        "127.0.0.1:9";  // gcloud's own: else it resolves metadata.google.internal
    const ProcessResult login =
        run_client("gcloud", {"auth", "login", "--cred-file=" + credentials, "--quiet"}, env);
    BOOST_TEST(login.exit_code == 0, login.err);
    const ProcessResult printed = run_client("gcloud", {"auth", "print-access-token"}, env);
    BOOST_TEST(printed.exit_code == 0, printed.err);
    BOOST_TEST(printed.out == "ya29.fake-federated-access\n");
    std::lock_guard<std::mutex> lock(mutex);
    BOOST_REQUIRE(!exchanges.empty());
    BOOST_TEST(form_field(exchanges.back().body, "subject_token") == token);
    BOOST_TEST(form_field(exchanges.back().body, "audience") == ambient_oidc::test::kGooglePool);
}

BOOST_AUTO_TEST_CASE(aws_cli_signs_with_the_process_credentials, *needs_program("aws")) {
    TempDir dir;
    const auto pki = ambient_oidc::test::TestPki::create(dir.path() + "/pki");
    FakeSts sts(pki);
    const std::string config = dir.path() + "/aws-config";
    write_file(config, std::string("[profile ci]\nregion = us-east-1\ncredential_process = ") +
                           AMBIENT_OIDC_BINARY +
                           " aws-credential-process --role-arn arn:aws:iam::123456789012:role/ci "
                           "--ca-file " +
                           pki.ca_file + "\n");
    Env env = client_env(dir, make_token("sts.amazonaws.com"));
    env["AWS_CONFIG_FILE"] = config;
    env["AWS_SHARED_CREDENTIALS_FILE"] = dir.path() + "/aws-credentials";
    env["AWS_ENDPOINT_URL_STS"] = sts.url();
    env["AWS_CA_BUNDLE"] = pki.ca_file;
    env["AWS_EC2_METADATA_DISABLED"] = "true";
    const ProcessResult result = run_client(
        "aws", {"sts", "get-caller-identity", "--profile", "ci", "--output", "text"}, env);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out.find("123456789012") != std::string::npos);
    BOOST_TEST(sts.assume_role_requests().size() == 1u);
    const auto calls = sts.caller_identity_requests();
    BOOST_REQUIRE(calls.size() == 1u);
    const std::string authorization = calls.front().header("Authorization").value_or("");
    BOOST_TEST(authorization.find(std::string("Credential=") + FakeSts::kAccessKeyId + "/") !=
                   std::string::npos,
               authorization);
    BOOST_TEST(calls.front().header("X-Amz-Security-Token").value_or("") == FakeSts::kSessionToken);
}

BOOST_AUTO_TEST_SUITE_END()
