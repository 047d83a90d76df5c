// The credential helpers chosen by the program's name beside the Docker one:
// vault-token-helper-ambient-oidc and git-credential-ambient-oidc, run by their link names as
// the Vault CLI and git run them, against the fake IdP and the fake exchange services.
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "integration/harness.hpp"
#include "support/fake_services.hpp"
#include "support/git_server.hpp"
#include "support/preconditions.hpp"

namespace fs = std::filesystem;
using ambient_oidc::test::Env;
using ambient_oidc::test::Idp;
using ambient_oidc::test::kDocker;
using ambient_oidc::test::kGit;
using ambient_oidc::test::kVault;
using ambient_oidc::test::ProcessResult;
using ambient_oidc::test::run_program;
using ambient_oidc::test::write_file;

namespace {

// A link to the program called name in the IdP's directory, as the packages install it.
std::string helper_link(const Idp& idp, const std::string& name) {
    const std::string link = idp.dir.path() + "/" + name;
    if (!fs::exists(link)) {
        ::symlink(AMBIENT_OIDC_BINARY, link.c_str());
    }
    return link;
}

// The IdP's environment with a configuration file of text.
Env configured_env(const Idp& idp, const std::string& config) {
    Env env = idp.env();
    env["SSL_CERT_FILE"] = idp.pki.ca_file;
    env["AMBIENT_OIDC_CONFIG"] = idp.dir.path() + "/config.json";
    write_file(env["AMBIENT_OIDC_CONFIG"], config);
    return env;
}

int lines(const std::string& text) {
    return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(linked_helpers)

BOOST_AUTO_TEST_CASE(the_vault_helper_without_a_role_prints_nothing_and_says_what_to_set) {
    Idp idp;
    Env env = configured_env(idp, "{}");
    env["VAULT_ADDR"] = "https://127.0.0.1:1";
    const ProcessResult result =
        run_program({"get"}, env, "", std::nullopt, helper_link(idp, kVault));
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out.empty());
    BOOST_TEST(lines(result.err) == 1, result.err);
    BOOST_TEST(result.err.find("exchanges.vault.role") != std::string::npos, result.err);
    BOOST_TEST(idp.server.requests() == 0);
}

BOOST_AUTO_TEST_CASE(the_vault_helper_stores_nothing_and_takes_one_action) {
    Idp idp;
    const Env env = configured_env(idp, "{}");
    const std::string vault = helper_link(idp, kVault);
    ProcessResult result = run_program({"store"}, env, "hvs.from-vault-login", std::nullopt, vault);
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST((result.out.empty() && result.err.empty()));
    result = run_program({"get", "extra"}, env, "", std::nullopt, vault);
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.out.empty());
    BOOST_TEST(result.err.find("usage: vault-token-helper-ambient-oidc get|store|erase") !=
                   std::string::npos,
               result.err);
    result = run_program({"lookup"}, env, "", std::nullopt, vault);
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.out.empty());
    result = run_program({"--help"}, env, "", std::nullopt, vault);
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out.find("usage: vault-token-helper-ambient-oidc") == 0u);
}

BOOST_AUTO_TEST_CASE(the_git_helper_is_silent_for_hosts_it_does_not_serve) {
    Idp idp;
    const Env env = configured_env(
        idp, R"({"git":{"github.com":{"exchange":"octo-sts","scope":"o/r","identity":"ci"}}})");
    const std::string git = helper_link(idp, kGit);
    for (const std::string input :
         {"protocol=https\nhost=gitlab.com\n\n", "protocol=http\nhost=github.com\n\n"}) {
        const ProcessResult result = run_program({"get"}, env, input, std::nullopt, git);
        BOOST_TEST(result.exit_code == 0);
        BOOST_TEST(result.out.empty());
    }
    BOOST_TEST(idp.server.requests() == 0);
    const ProcessResult store =
        run_program({"store"}, env, "protocol=https\nhost=github.com\npassword=ghs_5ecret\n\n",
                    std::nullopt, git);
    BOOST_TEST((store.exit_code == 0 && store.out.empty() && store.err.empty()));
}

BOOST_AUTO_TEST_CASE(the_git_helper_refuses_bad_input_and_configuration_with_exit_2) {
    Idp idp;
    const std::string git = helper_link(idp, kGit);
    Env env =
        configured_env(idp, R"({"git":{"github.com":{"exchange":"octo-sts","scope":"o/r"}}})");
    ProcessResult result =
        run_program({"get"}, env, "protocol=https\nhost=github.com\n\n", std::nullopt, git);
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.out.empty());
    BOOST_TEST(result.err.find("github.com.identity: missing") != std::string::npos, result.err);
    env = configured_env(idp, "{}");
    result =
        run_program({"get"}, env, "protocol=https\npassword5ecret-value\n\n", std::nullopt, git);
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.out.empty());
    BOOST_TEST(result.err.find("line 2 has no '='") != std::string::npos, result.err);
    BOOST_TEST(result.err.find("5ecret-value") == std::string::npos);
    result = run_program({}, env, "", std::nullopt, git);
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err.find("usage: git-credential-ambient-oidc get|store|erase") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(docker_exchange_entries_are_checked_before_any_fetch) {
    Idp idp;
    const Env env = configured_env(
        idp, R"({"registries":{"docker.io":{"exchange":"docker-hub","username":"org"}}})");
    const std::string docker = helper_link(idp, kDocker);
    const ProcessResult result = run_program({"get"}, env, "docker.io", std::nullopt, docker);
    BOOST_TEST(result.exit_code == 1);
    BOOST_TEST(lines(result.out) == 1);
    BOOST_TEST(result.out.find("docker.io.connection_id: missing") != std::string::npos,
               result.out);
    BOOST_TEST(idp.server.requests() == 0);
}

// The loopback git server of the real-client tests serves git http-backend only to the
// credential it accepts: git with another one fails, with the accepted one clones.
BOOST_AUTO_TEST_CASE(the_git_server_fake_serves_only_the_accepted_credential) {
    Idp idp;
    const std::string repos = idp.dir.path() + "/repos";
    fs::create_directories(repos);
    ambient_oidc::test::make_bare_repository(repos + "/app.git", "README", "hello\n");
    const std::string accepted = "Basic " + ambient_oidc::test::base64("u:right");
    ambient_oidc::test::GitServer server(
        idp.pki, repos,
        [&](const std::optional<std::string>& authorization) { return authorization == accepted; });
    for (const std::string password : {"wrong", "right"}) {
        ambient_oidc::test::ProcessOptions git;
        git.argv = {
            "/usr/bin/git",
            "-c",
            "credential.helper=!f() { echo username=u; echo password=" + password + "; }; f",
            "-c",
            "http.sslCAInfo=" + idp.pki.ca_file,
            "clone",
            "-q",
            server.url("/app.git"),
            idp.dir.path() + "/clone-" + password};
        git.env = {{"PATH", "/usr/bin:/bin"},
                   {"HOME", idp.dir.path()},
                   {"GIT_CONFIG_NOSYSTEM", "1"},
                   {"GIT_TERMINAL_PROMPT", "0"}};
        const ProcessResult result = ambient_oidc::test::run_process(git);
        BOOST_TEST((result.exit_code == 0) == (password == "right"),
                   password << ": " << result.err);
    }
    BOOST_TEST(ambient_oidc::test::read_file(idp.dir.path() + "/clone-right/README") == "hello\n");
}

BOOST_AUTO_TEST_SUITE_END()
