// Real clients through the exchange-backed helpers, against loopback fakes that accept only what
// the fake services issued for a token the fake IdP minted: skopeo (and podman where the machine
// has it) through the Docker helper with a docker-hub and a jfrog entry, and Debian's git
// cloning and fetching over HTTPS from `git http-backend` through the git helper with an azure
// and an octo-sts host.
#include <boost/test/unit_test.hpp>

#include <Poco/Base64Decoder.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "integration/harness.hpp"
#include "support/fake_registry.hpp"
#include "support/fake_services.hpp"
#include "support/git_server.hpp"
#include "support/preconditions.hpp"

namespace fs = std::filesystem;
using ambient_oidc::test::Env;
using ambient_oidc::test::FakeServer;
using ambient_oidc::test::FakeServices;
using ambient_oidc::test::GitServer;
using ambient_oidc::test::Idp;
using ambient_oidc::test::kDocker;
using ambient_oidc::test::kGit;
using ambient_oidc::test::Minter;
using ambient_oidc::test::ProcessOptions;
using ambient_oidc::test::ProcessResult;
using ambient_oidc::test::read_file;
using ambient_oidc::test::run_process;
using ambient_oidc::test::SeenRequest;
using ambient_oidc::test::Step;
using ambient_oidc::test::write_file;

namespace {

struct Fixture {
    Minter minter;
    Idp idp{Idp::kRequestToken, "IP:127.0.0.1,DNS:localhost", [this](FakeServer::Options& options) {
                options.route = minter.route(Idp::kRequestToken);
            }};
    FakeServices services{idp.pki, [this](const std::string& jwt) { return minter.minted(jwt); }};
    std::string bin = idp.dir.path() + "/bin";
    Env env = [this] {
        fs::create_directories(bin);
        for (const char* link : {kDocker, kGit}) {
            ::symlink(AMBIENT_OIDC_BINARY, (bin + "/" + link).c_str());
        }
        Env e = idp.env();
        e.erase("AMBIENT_OIDC_CACHE");
        e["AMBIENT_OIDC_CACHE_DIR"] = idp.dir.path() + "/cache";
        e["AMBIENT_OIDC_CONFIG"] = idp.dir.path() + "/config.json";
        e["SSL_CERT_FILE"] = idp.pki.ca_file;
        e["PATH"] = bin + ":/usr/bin:/bin";
        e["HOME"] = idp.dir.path();
        e["TMPDIR"] = idp.dir.path();
        return e;
    }();

    // True for "Basic base64(user:credential)" with a credential the services issued.
    bool issued_basic(const std::optional<std::string>& authorization,
                      const std::string& user) const {
        if (!authorization || authorization->rfind("Basic ", 0) != 0) {
            return false;
        }
        std::istringstream encoded(authorization->substr(6));
        Poco::Base64Decoder decoder(encoded);
        const std::string decoded((std::istreambuf_iterator<char>(decoder)), {});
        return decoded.rfind(user + ":", 0) == 0 &&
               services.issued(decoded.substr(user.size() + 1));
    }

    void check_quiet(const ProcessResult& result) const {
        ambient_oidc::test::check_no_secret_in_stderr(result, minter.tokens());
        ambient_oidc::test::check_no_secret_in_stderr(result, {Idp::kRequestToken});
    }
};

ProcessResult run(const std::vector<std::string>& argv, const Env& env) {
    ProcessOptions options;
    options.argv = argv;
    options.env = env;
    options.timeout = std::chrono::seconds(60);
    const ProcessResult result = run_process(options);
    BOOST_TEST_MESSAGE(argv.at(1) << " exit " << result.exit_code << " after "
                                  << result.elapsed.count() << " ms; stderr:\n"
                                  << result.err);
    return result;
}

const std::string kManifest =
    R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
    R"("config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":2,)"
    R"("digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"},)"
    R"("layers":[]})";

}  // namespace

BOOST_AUTO_TEST_SUITE(consumer_real_clients)

// skopeo (and podman) ask the Docker helper (credHelpers) for two registries on 127.0.0.1, one
// configured with a docker-hub exchange and one with a jfrog exchange; each registry accepts
// only Basic auth with a credential the fake services issued (the organisation as the user for
// Docker Hub, JFrog's answer's user name for JFrog).
BOOST_FIXTURE_TEST_CASE(container_tools_pull_through_docker_hub_and_jfrog_entries, Fixture) {
    auto registry_for = [&](const std::string& user) {
        FakeServer::Options options = ambient_oidc::test::https_options(idp.pki);
        options.route = [this, user](const SeenRequest& request) -> std::optional<Step> {
            if (!issued_basic(request.header("Authorization"), user)) {
                return Step::respond(401, "{}", {{"WWW-Authenticate", "Basic realm=\"test\""}});
            }
            if (request.target == "/v2/") {
                return Step::respond(200, "{}", {{"Content-Type", "application/json"}});
            }
            if (request.target == "/v2/team/app/manifests/latest") {
                return Step::respond(
                    200, request.method == "HEAD" ? "" : kManifest,
                    {{"Content-Type", "application/vnd.oci.image.manifest.v1+json"}});
            }
            return Step::respond(404, "{}");
        };
        return options;
    };
    FakeServer hub_registry(registry_for("acme"));
    FakeServer jfrog_registry(registry_for("ci-bot"));
    const std::string hub = "127.0.0.1:" + std::to_string(hub_registry.port());
    const std::string jfrog = "127.0.0.1:" + std::to_string(jfrog_registry.port());
    write_file(env["AMBIENT_OIDC_CONFIG"],
               R"({"registries":{")" + hub +
                   R"(":{"exchange":"docker-hub","connection_id":"conn-1","username":"acme"},")" +
                   jfrog + R"(":{"exchange":"jfrog","provider_name":"github","audience":"jf",)" +
                   R"("url":")" + services.url() + R"("}},)" +
                   R"("exchanges":{"docker-hub":{"url":")" + services.url() + R"("}}})");
    const std::string certs = idp.dir.path() + "/certs";
    fs::create_directories(certs);
    fs::copy_file(idp.pki.ca_file, certs + "/ca.crt");
    const std::string auth = idp.dir.path() + "/auth.json";
    write_file(auth, "{\"credHelpers\":{\"" + hub + "\":\"ambient-oidc\",\"" + jfrog +
                         "\":\"ambient-oidc\"}}");
    const std::string skopeo = "/usr/bin/skopeo";
    BOOST_REQUIRE_MESSAGE(fs::exists(skopeo), "skopeo is not installed (scripts/deps installs it)");
    for (const std::string& registry : {hub, jfrog}) {
        const ProcessResult result =
            run({skopeo, "inspect", "--raw", "--authfile", auth, "--cert-dir", certs,
                 "docker://" + registry + "/team/app:latest"},
                env);
        BOOST_TEST(result.exit_code == 0, registry << ": " << result.err);
        BOOST_TEST(result.out == kManifest);
        check_quiet(result);
    }
    // One exchange each: the helper's later answers come from the cache.
    BOOST_TEST(services.exchanges().size() == 2u);
    BOOST_TEST(services.exchanges().front().target == "/oauth/token");
    BOOST_TEST(services.exchanges().back().target == "/access/api/v1/oidc/token");
    const std::string podman = ambient_oidc::test::find_on_path("podman");
    if (podman.empty()) {
        BOOST_TEST_MESSAGE("podman is not installed: skopeo alone was run");
        return;
    }
    Env podman_env = env;
    podman_env["PATH"] = bin + ":" + fs::path(podman).parent_path().string() + ":/usr/bin:/bin";
    const ProcessResult pulled = run({podman, "manifest", "inspect", "--authfile", auth,
                                      "--cert-dir", certs, hub + "/team/app:latest"},
                                     podman_env);
    BOOST_TEST(pulled.exit_code == 0, pulled.err);
    check_quiet(pulled);
}

// git clones and fetches over HTTPS from two git http-backend servers on 127.0.0.1 through the
// git helper: one host configured with the azure exchange (Azure DevOps), one with octo-sts
// (GitHub). Each server accepts only Basic auth with a credential the services issued.
BOOST_FIXTURE_TEST_CASE(git_clones_and_fetches_through_azure_and_octo_sts_hosts, Fixture) {
    const std::string git = "/usr/bin/git";
    BOOST_REQUIRE_MESSAGE(fs::exists(git) && fs::exists("/usr/lib/git-core/git-http-backend"),
                          "git is not installed (scripts/deps installs it)");
    const std::string repos = idp.dir.path() + "/repos";
    fs::create_directories(repos + "/org");
    std::string head =
        ambient_oidc::test::make_bare_repository(repos + "/org/app.git", "README", "hello\n");
    GitServer azure(idp.pki, repos, [this](const std::optional<std::string>& authorization) {
        return issued_basic(authorization, "oidc");
    });
    GitServer octo(idp.pki, repos, [this](const std::optional<std::string>& authorization) {
        return issued_basic(authorization, "x-access-token");
    });
    write_file(env["AMBIENT_OIDC_CONFIG"],
               R"({"git":{")" + azure.host() +
                   R"(":{"exchange":"azure","tenant":"t-1","client_id":"c-1","url":")" +
                   services.url() + R"("},")" + octo.host() +
                   R"(":{"exchange":"octo-sts","scope":"org/app","identity":"ci","url":")" +
                   services.url() + R"("}}})");
    Env git_env = env;
    git_env["GIT_CONFIG_NOSYSTEM"] = "1";
    git_env["GIT_TERMINAL_PROMPT"] = "0";
    git_env["GIT_CONFIG_COUNT"] = "2";
    git_env["GIT_CONFIG_KEY_0"] = "credential.helper";
    git_env["GIT_CONFIG_VALUE_0"] = "ambient-oidc";
    git_env["GIT_CONFIG_KEY_1"] = "http.sslCAInfo";
    git_env["GIT_CONFIG_VALUE_1"] = idp.pki.ca_file;
    int exchanges = 0;
    for (const GitServer* server : {&azure, &octo}) {
        const std::string clone = idp.dir.path() + "/clone-" + std::to_string(exchanges);
        ProcessResult result =
            run({git, "clone", "-q", server->url("/org/app.git"), clone}, git_env);
        BOOST_TEST(result.exit_code == 0, server->host() << ": " << result.err);
        BOOST_TEST(read_file(clone + "/README") == "hello\n");
        BOOST_TEST(run({git, "-C", clone, "rev-parse", "HEAD"}, git_env).out == head + "\n");
        check_quiet(result);
        const std::string next = ambient_oidc::test::add_commit(
            repos + "/org/app.git", idp.dir.path() + "/push-" + std::to_string(exchanges), "NEWS",
            "more " + std::to_string(exchanges) + "\n");
        result = run({git, "-C", clone, "fetch", "-q", "origin"}, git_env);
        BOOST_TEST(result.exit_code == 0, server->host() << ": " << result.err);
        const ProcessResult fetched = run({git, "-C", clone, "rev-parse", "origin/main"}, git_env);
        BOOST_TEST(fetched.out == next + "\n");
        head = next;
        check_quiet(result);
        ++exchanges;
    }
    const auto seen = services.exchanges();
    BOOST_REQUIRE(!seen.empty());
    // Entra's token has an expiry and is cached: one exchange for the clone and the fetch;
    // octo-sts names none, so each git command exchanges.
    BOOST_TEST(seen.front().target == "/t-1/oauth2/v2.0/token");
    BOOST_TEST(seen.size() == 3u);
    for (std::size_t i = 1; i < seen.size(); ++i) {
        BOOST_TEST(seen[i].target.find("/sts/exchange?") == 0u);
    }
}

BOOST_AUTO_TEST_SUITE_END()
