// Handing the token over: the Docker helper (in memory elsewhere; here through its link name and
// with skopeo as a real client), Bazel's `get`, exec, write and write --refresh, and the cache.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <future>
#include <set>
#include <thread>

#include "integration/harness.hpp"

namespace fs = std::filesystem;
using ambient_oidc::test::cached_env;
using ambient_oidc::test::Env;
using ambient_oidc::test::FakeServer;
using ambient_oidc::test::Idp;
using ambient_oidc::test::make_token;
using ambient_oidc::test::ProcessResult;
using ambient_oidc::test::read_file;
using ambient_oidc::test::run_program;
using ambient_oidc::test::SeenRequest;
using ambient_oidc::test::Step;
using ambient_oidc::test::write_file;

namespace {

// A link named docker-credential-ambient-oidc to the built program, in dir.
std::string docker_helper_link(const Idp& idp) {
    const std::string link = idp.dir.path() + "/docker-credential-ambient-oidc";
    ::symlink(AMBIENT_OIDC_BINARY, link.c_str());
    return link;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(docker_helper)

BOOST_AUTO_TEST_CASE(speaks_the_protocol_under_its_link_name) {
    Idp idp;
    const std::string token = make_token("registry.example.com");
    idp.server.set_steps({}, Step::token_json(token));
    const std::string helper = docker_helper_link(idp);
    Env env = idp.env();
    env["SSL_CERT_FILE"] = idp.pki.ca_file;
    env["AMBIENT_OIDC_CONFIG"] = idp.dir.path() + "/config.json";
    write_file(env["AMBIENT_OIDC_CONFIG"],
               R"({"registries":{"registry.example.com":{"identity_token":true}}})");

    auto result = run_program({"get"}, env, "https://registry.example.com\n", std::nullopt, helper);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out ==
               "{\"ServerURL\":\"https://registry.example.com\",\"Username\":"
               "\"oidc\",\"Secret\":\"" +
                   token + "\",\"IdentityToken\":\"" + token + "\"}\n");
    BOOST_TEST(idp.server.seen().at(0).query_param("audience").value_or("") ==
               "registry.example.com");
    ambient_oidc::test::check_no_secret_in_stderr(result, {token, Idp::kRequestToken});

    result = run_program({"get"}, env, "other.example", std::nullopt, helper);
    BOOST_TEST(result.exit_code == 1);
    BOOST_TEST(result.out == "credentials not found in native keychain\n");

    result = run_program({"list"}, env, "", std::nullopt, helper);
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out == "{\"registry.example.com\":\"oidc\"}\n");

    result =
        run_program({"store"}, env, "{\"ServerURL\":\"x\",\"Secret\":\"s\"}", std::nullopt, helper);
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out.empty());

    result = run_program({"version"}, env, "", std::nullopt, helper);
    BOOST_TEST(result.out.find("docker-credential-ambient-oidc (ambient-oidc) ") == 0u);

    write_file(env["AMBIENT_OIDC_CONFIG"], R"({"registries":5})");
    result = run_program({"list"}, env, "", std::nullopt, helper);
    BOOST_TEST(result.exit_code == 1);
    BOOST_TEST(result.out.find("key 'registries': expected an object") != std::string::npos);
}

// The helper takes exactly one action; anything else says so rather than "unknown action ''".
BOOST_AUTO_TEST_CASE(arguments_other_than_one_action_are_explained) {
    Idp idp;
    const std::string helper = docker_helper_link(idp);
    const Env env = idp.env();
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"get", "extra"}, {"-v", "get"}, {}}) {
        const auto result = run_program(args, env, "registry.example.com", std::nullopt, helper);
        BOOST_TEST(result.exit_code == 1);
        BOOST_TEST(result.out.find("unknown action") == std::string::npos, result.out);
        BOOST_TEST(result.out.find("usage: docker-credential-ambient-oidc "
                                   "get|store|erase|list|version\n") != std::string::npos,
                   result.out);
        BOOST_TEST(std::count(result.out.begin(), result.out.end(), '\n') == 1);
    }
    auto result = run_program({"get", "extra"}, env, "", std::nullopt, helper);
    BOOST_TEST(result.out.find("expected one action, got 'get extra'") == 0u, result.out);
    result = run_program({"get", "--help"}, env, "", std::nullopt, helper);
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out.find("usage: docker-credential-ambient-oidc get|store|erase|list|"
                               "version") == 0u,
               result.out);
    result = run_program({"fetch"}, env, "", std::nullopt, helper);
    BOOST_TEST(result.exit_code == 1);
    BOOST_TEST(result.out.find("unknown action 'fetch'") == 0u, result.out);
}

BOOST_AUTO_TEST_CASE(a_failed_fetch_is_exit_1_with_one_line_on_stdout) {
    Idp idp;
    idp.server.set_steps({}, Step::respond(403));
    const std::string helper = docker_helper_link(idp);
    Env env = idp.env();
    env["SSL_CERT_FILE"] = idp.pki.ca_file;
    env["AMBIENT_OIDC_CONFIG"] = idp.dir.path() + "/config.json";
    write_file(env["AMBIENT_OIDC_CONFIG"], R"({"registries":{"r.example":{}}})");
    const auto result = run_program({"get"}, env, "r.example", std::nullopt, helper);
    BOOST_TEST(result.exit_code == 1);
    BOOST_TEST(result.out ==
               "github-actions: HTTP 403 Forbidden (a permanent failure: not retried)\n");
    BOOST_TEST(result.err.find("HTTP 403 Forbidden") != std::string::npos);
}

// skopeo, a real client from Debian, asks the helper for credentials (credHelpers) and pulls a
// manifest from a registry on 127.0.0.1 that demands Basic auth with the token as password.
BOOST_AUTO_TEST_CASE(skopeo_pulls_a_manifest_with_the_helpers_credentials) {
    const std::string skopeo = "/usr/bin/skopeo";
    BOOST_REQUIRE_MESSAGE(fs::exists(skopeo), "skopeo is not installed (scripts/deps installs it)");
    Idp idp;
    const std::string manifest =
        R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
        R"("config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":2,)"
        R"("digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"},)"
        R"("layers":[]})";
    std::string expected_authorization;  // set before any request arrives
    FakeServer::Options options = ambient_oidc::test::https_options(idp.pki);
    options.route = [&](const SeenRequest& request) -> std::optional<Step> {
        if (request.header("Authorization").value_or("") != expected_authorization) {
            return Step::respond(401, "{}", {{"WWW-Authenticate", "Basic realm=\"test\""}});
        }
        if (request.target == "/v2/") {
            return Step::respond(200, "{}", {{"Content-Type", "application/json"}});
        }
        if (request.target == "/v2/test/image/manifests/latest") {
            return Step::respond(200, request.method == "HEAD" ? "" : manifest,
                                 {{"Content-Type", "application/vnd.oci.image.manifest.v1+json"}});
        }
        return Step::respond(404, "{}");
    };
    FakeServer registry(options);
    const std::string host = "127.0.0.1:" + std::to_string(registry.port());
    // The IdP issues a token for the registry's host as audience (the default for a registry
    // entry without one); the registry accepts exactly user oidc with that token as password.
    const std::string token = make_token(host);
    idp.server.set_steps({}, Step::token_json(token));
    expected_authorization = "Basic " + ambient_oidc::test::base64("oidc:" + token);

    const std::string certs = idp.dir.path() + "/certs";  // skopeo's CA directory
    fs::create_directories(certs);
    fs::copy_file(idp.pki.ca_file, certs + "/ca.crt");
    docker_helper_link(idp);
    write_file(idp.dir.path() + "/auth.json",
               "{\"credHelpers\":{\"" + host + "\":\"ambient-oidc\"}}");
    Env env = idp.env();
    env["PATH"] = idp.dir.path() + ":/usr/bin:/bin";
    env["SSL_CERT_FILE"] = idp.pki.ca_file;
    env["AMBIENT_OIDC_CONFIG"] = idp.dir.path() + "/config.json";
    env["TMPDIR"] = idp.dir.path();
    write_file(env["AMBIENT_OIDC_CONFIG"], "{\"registries\":{\"" + host + "\":{}}}");

    ambient_oidc::test::ProcessOptions run;
    run.argv = {skopeo,
                "inspect",
                "--raw",
                "--authfile",
                idp.dir.path() + "/auth.json",
                "--cert-dir",
                certs,
                "docker://" + host + "/test/image:latest"};
    run.env = env;
    run.timeout = std::chrono::seconds(60);
    const ProcessResult result = ambient_oidc::test::run_process(run);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out == manifest);
    BOOST_TEST(idp.server.requests() >= 1);
    int authorized = 0;
    for (const auto& request : registry.seen()) {
        authorized += request.header("Authorization").value_or("") == expected_authorization;
    }
    BOOST_TEST(authorized >= 1);
    BOOST_TEST(result.err.find(token) == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(bazel_helper)

BOOST_AUTO_TEST_CASE(get_answers_with_headers_for_a_configured_uri) {
    Idp idp;
    const std::string token = make_token("bazel-cache");
    idp.server.set_steps({}, Step::token_json(token));
    Env env = idp.env();
    env["SSL_CERT_FILE"] = idp.pki.ca_file;
    env["AMBIENT_OIDC_CONFIG"] = idp.dir.path() + "/config.json";
    write_file(env["AMBIENT_OIDC_CONFIG"],
               R"({"uris":{"https://cache.example.com/":{"audience":"bazel-cache"}}})");
    auto result = run_program({"get"}, env, R"({"uri":"https://cache.example.com/ac/123"})");
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out.find("{\"headers\":{\"Authorization\":[\"Bearer " + token +
                               "\"]},\"expires\":\"") == 0u);
    BOOST_TEST(result.out.substr(result.out.size() - 4) == "Z\"}\n");
    BOOST_TEST(idp.server.seen().at(0).query_param("audience").value_or("") == "bazel-cache");

    result = run_program({"get"}, env, R"({"uri":"https://elsewhere.example/x"})");
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out == "{}\n");
    BOOST_TEST(idp.server.requests() == 1);

    result = run_program({"get"}, env, "not json");
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.out.empty());
    BOOST_TEST(result.err.find("the request on stdin is not valid JSON") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(exec_command)

BOOST_AUTO_TEST_CASE(the_token_is_in_the_childs_environment_and_not_its_argv) {
    Idp idp;
    const std::string token = make_token("sigstore");
    idp.server.set_steps({}, Step::token_json(token));
    const std::string out = idp.dir.path() + "/seen";
    auto result = run_program(
        {"exec", "--ca-file", idp.pki.ca_file, "--", "/bin/sh", "-c",
         "printf '%s' \"$SIGSTORE_ID_TOKEN\" > \"$1\"; printf '%s' \"$*\" > \"$1.argv\"; exit 3",
         "sh", out},
        idp.env());
    BOOST_TEST(result.exit_code == 3);  // the child's status
    BOOST_TEST(read_file(out) == token);
    BOOST_TEST(read_file(out + ".argv").find(token) == std::string::npos);
    BOOST_TEST(result.err.find(token) == std::string::npos);

    result =
        run_program({"exec", "--ca-file", idp.pki.ca_file, "--env-var", "MY_TOKEN", "sh", "-c",
                     "test \"$MY_TOKEN\" = \"$1\" && test -z \"$SIGSTORE_ID_TOKEN\"", "sh", token},
                    idp.env());
    BOOST_TEST(result.exit_code == 0);
}

BOOST_AUTO_TEST_CASE(the_child_replaces_the_helper_and_its_signals_are_its_own) {
    Idp idp;
    idp.server.set_steps({});
    const auto result = run_program(
        {"exec", "--ca-file", idp.pki.ca_file, "--", "/bin/sh", "-c", "kill -TERM $$"}, idp.env());
    BOOST_TEST(result.exit_code == -1);
    BOOST_TEST(result.term_signal == SIGTERM);
}

// The command starts with the signal state the caller gave the helper, not the one the helper
// set up for itself: a writer whose reader left ends on SIGPIPE at once, and what the caller
// ignored (SIGPIPE, SIGINT, as a shell's background job has it) or blocked (SIGUSR1) is so in
// the command as it would be without the helper in between.
BOOST_AUTO_TEST_CASE(the_child_starts_with_the_signal_state_the_helper_was_given) {
    ambient_oidc::test::TempDir dir;
    const Env env = {{"SIGSTORE_ID_TOKEN", make_token("sigstore")},
                     {"AMBIENT_OIDC_CACHE", "0"},
                     {"HOME", dir.path()},
                     {"PATH", "/usr/bin:/bin"}};
    ambient_oidc::test::ProcessOptions options;
    options.env = env;
    options.timeout = std::chrono::seconds(10);
    options.argv = {AMBIENT_OIDC_BINARY, "exec", "--",
                    "/bin/sh",           "-c",   "while :; do echo y; done | head -1"};
    auto result = ambient_oidc::test::run_process(options);
    BOOST_TEST(!result.timed_out, "the writer never saw SIGPIPE");
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out == "y\n");

    // What the caller hands down; then the status lines of a program run through the helper,
    // and of the same program run directly.
    options.blocked_signals = {SIGUSR1};
    const std::string status = "exec /bin/grep -E '^Sig(Blk|Ign)' /proc/self/status";
    options.argv = {"/bin/sh", "-c", "trap '' PIPE INT; exec \"$0\" exec -- /bin/sh -c \"$1\"",
                    AMBIENT_OIDC_BINARY, status};
    result = ambient_oidc::test::run_process(options);
    BOOST_TEST(result.exit_code == 0, result.err);
    options.argv = {"/bin/sh", "-c", "trap '' PIPE INT; " + status};
    const auto direct = ambient_oidc::test::run_process(options);
    BOOST_TEST(direct.exit_code == 0, direct.err);
    BOOST_TEST(direct.out.find("SigBlk:\t0000000000000200") != std::string::npos, direct.out);
    BOOST_TEST(result.out == direct.out);
}

BOOST_AUTO_TEST_CASE(a_missing_command_fetches_nothing) {
    Idp idp;
    idp.server.set_steps({});
    auto result = run_program({"exec", "--", "no-such-command-here", "x"}, idp.env());
    BOOST_TEST(result.exit_code == 127);
    BOOST_TEST(result.err.find("exec: no-such-command-here: command not found") !=
               std::string::npos);
    BOOST_TEST(idp.server.requests() == 0);
    result = run_program({"exec"}, idp.env());
    BOOST_TEST(result.exit_code == 2);
    result = run_program({"exec", "--env-var", "BAD-NAME", "--", "true"}, idp.env());
    BOOST_TEST(result.exit_code == 2);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(write_command)

BOOST_AUTO_TEST_CASE(write_creates_the_file_for_cosign) {
    Idp idp;
    const std::string token = make_token("sigstore");
    idp.server.set_steps({}, Step::token_json(token));
    const std::string path = idp.dir.path() + "/run/sigstore/cosign/oidc-token";
    const auto result =
        run_program({"write", "--ca-file", idp.pki.ca_file, "--path", path}, idp.env());
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out.empty());
    BOOST_TEST(read_file(path) == token);
    struct stat info {};
    ::stat(path.c_str(), &info);
    BOOST_TEST((info.st_mode & 0777) == 0600u);
}

// A reader polls the file while tokens of three seconds are refreshed: it must never see a
// missing, empty or partial token; SIGTERM then ends the refresher with status 0 and no
// temporary file left.
BOOST_AUTO_TEST_CASE(refresh_rewrites_atomically_and_stops_on_sigterm) {
    Idp idp;
    idp.server.set_steps({}, Step::issue_token(3));
    const std::string dir = idp.dir.path() + "/shared";
    const std::string path = dir + "/oidc-token";
    std::atomic<bool> stop{false};
    std::set<std::string> tokens;
    int reads = 0;
    int bad = 0;
    std::thread reader([&] {
        while (!stop) {
            std::ifstream in(path, std::ios::binary);
            if (in) {
                const std::string text((std::istreambuf_iterator<char>(in)), {});
                ++reads;
                const bool whole = std::count(text.begin(), text.end(), '.') == 2 &&
                                   text.size() > 100 && text.back() != '\n';
                bad += whole ? 0 : 1;
                tokens.insert(text);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    });
    const auto result =
        run_program({"write", "--refresh", "--ca-file", idp.pki.ca_file, "--path", path,
                     "--min-validity", "500ms", "-v"},
                    idp.env(), "", std::make_pair(std::chrono::milliseconds(6500), SIGTERM));
    stop = true;
    reader.join();
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(bad == 0);
    BOOST_TEST(reads > 100);
    // Refreshed when a second of the three is left: at about 0, 2, 4 and 6 s.
    BOOST_TEST(idp.server.requests() >= 3);
    BOOST_TEST(tokens.size() >= 3u);
    std::size_t entries = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        BOOST_TEST(entry.path().filename() == "oidc-token");
        ++entries;
    }
    BOOST_TEST(entries == 1u);
    ambient_oidc::test::check_no_secret_in_stderr(result, {Idp::kRequestToken});
}

BOOST_AUTO_TEST_CASE(a_failed_refresh_keeps_the_previous_file) {
    Idp idp;
    const std::string first = make_token("sigstore", 3);
    idp.server.set_steps({Step::token_json(first)}, Step::respond(503));
    const std::string path = idp.dir.path() + "/oidc-token";
    const auto result =
        run_program({"write", "--refresh", "--ca-file", idp.pki.ca_file, "--path", path,
                     "--min-validity", "500ms", "--attempts", "1", "--backoff", "300ms"},
                    idp.env(), "", std::make_pair(std::chrono::milliseconds(3500), SIGINT));
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(read_file(path) == first);
    BOOST_TEST(result.err.find("refresh failed: github-actions: giving up after 1 attempt") !=
               std::string::npos);
    BOOST_TEST(result.err.find("keeping " + path) != std::string::npos);
    BOOST_TEST(idp.server.requests() >= 3);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(cache)

BOOST_AUTO_TEST_CASE(twenty_parallel_invocations_make_one_request) {
    Idp idp;
    const std::string token = make_token("sigstore");
    idp.server.set_steps({}, Step::token_json(token));
    const Env env = cached_env(idp);
    std::vector<std::future<ProcessResult>> runs;
    for (int i = 0; i < 20; ++i) {
        runs.push_back(std::async(std::launch::async, [&] {
            return run_program({"token", "--json"}, env);
        }));
    }
    int cached = 0;
    for (auto& run : runs) {
        const ProcessResult result = run.get();
        BOOST_TEST(result.exit_code == 0, result.err);
        BOOST_TEST(result.out.find("{\"token\":\"" + token + "\"") == 0u);
        cached += result.out.find("\"cached\":true") != std::string::npos;
    }
    BOOST_TEST(idp.server.requests() == 1);
    BOOST_TEST(cached == 19);
    // The cache directory is private and holds the token in a private file.
    struct stat info {};
    ::stat((idp.dir.path() + "/cache").c_str(), &info);
    BOOST_TEST((info.st_mode & 0777) == 0700u);
    for (const auto& entry : fs::directory_iterator(idp.dir.path() + "/cache")) {
        ::stat(entry.path().c_str(), &info);
        BOOST_TEST((info.st_mode & 0777) == 0600u);
    }
}

BOOST_AUTO_TEST_CASE(entries_are_per_credential_audience_and_bypassable) {
    Idp idp;
    idp.server.set_steps({});  // issue_token: a fresh token each time
    Env env = cached_env(idp);
    BOOST_TEST(run_program({"token"}, env).exit_code == 0);
    BOOST_TEST(run_program({"token"}, env).exit_code == 0);
    BOOST_TEST(idp.server.requests() == 1);
    BOOST_TEST(run_program({"token", "--audience", "other"}, env).exit_code == 0);
    BOOST_TEST(idp.server.requests() == 2);
    BOOST_TEST(run_program({"token", "--no-cache"}, env).exit_code == 0);
    BOOST_TEST(idp.server.requests() == 3);
    // Another job (another request token) never gets this job's token.
    Env other = env;
    other["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "another-job-request-token";
    BOOST_TEST(run_program({"token"}, other).exit_code == 6);  // the server refuses its token
    BOOST_TEST(idp.server.requests() == 4);
}

BOOST_AUTO_TEST_CASE(a_token_close_to_expiry_is_not_served) {
    Idp idp;
    idp.server.set_steps({}, Step::issue_token(30));
    Env env = cached_env(idp);
    BOOST_TEST(run_program({"token"}, env).exit_code == 0);
    BOOST_TEST(run_program({"token", "--min-validity", "10s"}, env).exit_code == 0);
    BOOST_TEST(idp.server.requests() == 1);
    BOOST_TEST(run_program({"token"}, env).exit_code == 0);  // 60 s default > 30 s left
    BOOST_TEST(idp.server.requests() == 2);
}

BOOST_AUTO_TEST_CASE(a_corrupt_entry_is_ignored_and_replaced) {
    Idp idp;
    const std::string token = make_token("sigstore");
    idp.server.set_steps({}, Step::token_json(token));
    Env env = cached_env(idp);
    BOOST_TEST(run_program({"token"}, env).exit_code == 0);
    std::string entry;
    for (const auto& file : fs::directory_iterator(idp.dir.path() + "/cache")) {
        if (file.path().extension() == ".token") {
            entry = file.path();
        }
    }
    BOOST_REQUIRE(!entry.empty());
    write_file(entry, "garbage");
    const auto result = run_program({"token"}, env);
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out == token + "\n");
    BOOST_TEST(result.err.find("ignoring an unusable cached token") != std::string::npos);
    BOOST_TEST(idp.server.requests() == 2);
    BOOST_TEST(read_file(entry) == token);
}

BOOST_AUTO_TEST_CASE(an_unsafe_cache_directory_degrades_to_no_cache) {
    Idp idp;
    idp.server.set_steps({});
    Env env = cached_env(idp);
    fs::create_directories(env["AMBIENT_OIDC_CACHE_DIR"]);
    ::chmod(env["AMBIENT_OIDC_CACHE_DIR"].c_str(), 0777);
    for (int i = 0; i < 2; ++i) {
        const auto result = run_program({"token"}, env);
        BOOST_TEST(result.exit_code == 0);
        BOOST_TEST(result.err.find("not using the token cache") != std::string::npos);
    }
    BOOST_TEST(idp.server.requests() == 2);
    BOOST_TEST(fs::is_empty(env["AMBIENT_OIDC_CACHE_DIR"]));
}

BOOST_AUTO_TEST_SUITE_END()
