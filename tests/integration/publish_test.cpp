// The registries' own clients publish through the built program against the loopback registries
// of support/fake_registry: each upload is accepted only with a credential the registry issued
// in exchange for a token the fake IdP minted. Every client's configuration lives in a temporary
// HOME, and every URL it is given is on 127.0.0.1. A machine without a client skips its case.
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "integration/registries.hpp"
#include "support/preconditions.hpp"

using ambient_oidc::test::check_no_secret;
using ambient_oidc::test::Env;
using ambient_oidc::test::fast_args;
using ambient_oidc::test::find_on_path;
using ambient_oidc::test::needs_program;
using ambient_oidc::test::ProcessOptions;
using ambient_oidc::test::ProcessResult;
using ambient_oidc::test::Registries;
using ambient_oidc::test::run_program;
using ambient_oidc::test::Step;
using ambient_oidc::test::write_file;

namespace {

// Runs a program (found on the test's PATH) with exactly env.
ProcessResult run_tool(const std::string& program, std::vector<std::string> args, const Env& env) {
    ProcessOptions options;
    options.argv = {find_on_path(program)};
    BOOST_REQUIRE_MESSAGE(!options.argv[0].empty(), program << " is not on PATH");
    options.argv.insert(options.argv.end(), args.begin(), args.end());
    options.env = env;
    options.timeout = std::chrono::seconds(120);
    const ProcessResult result = run_process(options);
    BOOST_TEST_MESSAGE(program << " exit " << result.exit_code << " after "
                               << result.elapsed.count() << " ms; stderr:\n"
                               << result.err);
    return result;
}

// The environment of a publishing job: the fake IdP's (github-actions), PATH with the client's
// directory first.
Env job_env(const Registries& r, const std::string& client) {
    Env env = r.idp.env();
    const std::string path = find_on_path(client);
    env["PATH"] = path.substr(0, path.rfind('/')) + ":/usr/bin:/bin";
    env["LANG"] = "C.UTF-8";
    return env;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(publish)

BOOST_AUTO_TEST_CASE(twine_uploads_through_exec_exchange_pypi, *needs_program("twine")) {
    Registries r;
    const std::string dir = r.idp.dir.path();
    // A source distribution twine can read: PKG-INFO in demo-0.1/.
    ::mkdir((dir + "/demo-0.1").c_str(), 0755);
    write_file(dir + "/demo-0.1/PKG-INFO",
               "Metadata-Version: 2.1\nName: demo\nVersion: 0.1\nSummary: a demo\n", 0644);
    Env env = job_env(r, "twine");
    BOOST_REQUIRE(
        run_tool("tar", {"-C", dir, "-czf", dir + "/demo-0.1.tar.gz", "demo-0.1"}, env).exit_code ==
        0);
    env["REQUESTS_CA_BUNDLE"] = r.idp.pki.ca_file;
    r.registry.script({Step::respond(503, "busy")});  // the first exchange fails; a new token
    const ProcessResult result = run_program(
        fast_args(r.idp, {"-vvv", "exec", "--exchange", "pypi", "--registry",
                          r.registry.url("/legacy/"), "--", "twine", "upload", "--non-interactive",
                          "--disable-progress-bar", dir + "/demo-0.1.tar.gz"}),
        env);
    BOOST_TEST(result.exit_code == 0);
    const auto tokens = r.registry.exchange_tokens();
    BOOST_REQUIRE(tokens.size() == 2u);
    BOOST_TEST(tokens[0] != tokens[1]);
    BOOST_REQUIRE(r.registry.issued().size() == 1u);
    BOOST_TEST(r.registry.uploads("pypi") == r.registry.issued());
    check_no_secret(result, r.secrets());
}

BOOST_AUTO_TEST_CASE(cargo_publishes_with_the_credential_provider_and_the_token_is_revoked,
                     *needs_program("cargo")) {
    Registries r;
    const std::string dir = r.idp.dir.path();
    const std::string index = "sparse+" + r.registry.url("/index/");
    // The provider is set for the registry in a private CARGO_HOME; the program maps the index
    // to the fake API in its configuration.
    const std::string cargo_home = dir + "/cargo-home";
    ::mkdir(cargo_home.c_str(), 0700);
    write_file(cargo_home + "/config.toml",
               "[registries.fake]\nindex = \"" + index + "\"\ncredential-provider = [\"" +
                   AMBIENT_OIDC_BINARY + "\", \"cargo-credential\"]\n[http]\ncainfo = \"" +
                   r.idp.pki.ca_file + "\"\n",
               0600);
    write_file(dir + "/config.json",
               R"({"cargo":{"registries":{")" + index + R"(":{"api":")" + r.registry.url("") +
                   R"("}}},"retry":{"backoff":"100ms","jitter":0,"attempt_timeout":"2s"}})");
    const std::string crate = dir + "/demo";
    ::mkdir(crate.c_str(), 0755);
    ::mkdir((crate + "/src").c_str(), 0755);
    write_file(crate + "/Cargo.toml",
               "[package]\nname = \"ambient-demo\"\nversion = \"0.1.0\"\nedition = \"2021\"\n"
               "description = \"a demo\"\nlicense = \"MIT\"\n",
               0644);
    write_file(crate + "/src/lib.rs", "pub fn demo() {}\n", 0644);
    Env env = job_env(r, "cargo");
    env["CARGO_HOME"] = cargo_home;
    // rustup's proxy finds its toolchains in RUSTUP_HOME, by default under the real HOME.
    const char* rustup_home = std::getenv("RUSTUP_HOME");
    const char* home = std::getenv("HOME");
    env["RUSTUP_HOME"] = rustup_home != nullptr
                             ? rustup_home
                             : std::string(home != nullptr ? home : "") + "/.rustup";
    env["AMBIENT_OIDC_CONFIG"] = dir + "/config.json";
    // cargo sets SSL_CERT_FILE for what it runs (openssl-probe) unless it is set already, and
    // SSL_CERT_FILE replaces the configuration's tls.ca_file: the test CA is named here.
    env["SSL_CERT_FILE"] = r.idp.pki.ca_file;
    env["AMBIENT_OIDC_LOG"] = "debug";
    r.registry.script({Step::respond(503, "busy")});  // the first exchange fails; a new token
    const ProcessResult result =
        run_tool("cargo",
                 {"publish", "--registry", "fake", "--no-verify", "--allow-dirty",
                  "--manifest-path", crate + "/Cargo.toml"},
                 env);
    BOOST_TEST(result.exit_code == 0);
    const auto tokens = r.registry.exchange_tokens();
    BOOST_REQUIRE(tokens.size() == 2u);
    BOOST_TEST(tokens[0] != tokens[1]);
    BOOST_REQUIRE(r.registry.issued().size() == 1u);
    BOOST_TEST(r.registry.uploads("crates-io") == r.registry.issued());
    // The provider revokes the token when cargo closes its stdin: at most a moment after cargo.
    for (int i = 0; i < 50 && r.registry.revoked().empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    BOOST_TEST(r.registry.revoked() == r.registry.issued());
    check_no_secret(result, r.secrets());
}

BOOST_AUTO_TEST_CASE(npm_publishes_through_exec_exchange_npm_without_an_npmrc,
                     *needs_program("npm")) {
    Registries r;
    r.registry.trust_npm_package("@ambient%2fdemo");
    const std::string dir = r.idp.dir.path();
    const std::string package = dir + "/package";
    ::mkdir(package.c_str(), 0755);
    write_file(package + "/package.json",
               R"({"name":"@ambient/demo","version":"0.1.0","description":"a demo",)"
               R"("license":"MIT"})",
               0644);
    write_file(package + "/index.js", "module.exports = 1;\n", 0644);
    Env env = job_env(r, "npm");
    env["npm_config_cafile"] = r.idp.pki.ca_file;
    env["npm_config_update_notifier"] = "false";
    env["npm_config_audit"] = "false";
    env["npm_config_fund"] = "false";
    r.registry.script({Step::reset()});  // a reset first (SIGPIPE left pending); a new token
    const ProcessResult result =
        run_program(fast_args(r.idp, {"-vvv", "exec", "--exchange", "npm", "--registry",
                                      r.registry.url("/"), "--package", "@ambient/demo", "--",
                                      "npm", "publish", "--access", "public", package}),
                    env);
    BOOST_TEST(result.exit_code == 0, "signal " << result.term_signal << " out " << result.out);
    const auto tokens = r.registry.exchange_tokens();
    BOOST_REQUIRE(tokens.size() == 2u);
    BOOST_TEST(tokens[0] != tokens[1]);
    BOOST_REQUIRE(r.registry.issued().size() == 1u);
    BOOST_TEST(r.registry.uploads("npm") == r.registry.issued());
    check_no_secret(result, r.secrets());
}

BOOST_AUTO_TEST_CASE(gem_pushes_through_exec_exchange_rubygems, *needs_program("gem")) {
    Registries r;
    const std::string dir = r.idp.dir.path();
    write_file(dir + "/demo.gemspec",
               "Gem::Specification.new do |s|\n  s.name = 'ambient-demo'\n  s.version = '0.1.0'\n"
               "  s.summary = 'a demo'\n  s.authors = ['ci']\n  s.files = []\n"
               "  s.license = 'MIT'\nend\n",
               0644);
    Env env = job_env(r, "gem");
    ProcessOptions build;
    build.argv = {"/bin/sh", "-c", "cd \"$0\" && gem build demo.gemspec", dir};
    build.env = env;
    BOOST_REQUIRE(run_process(build).exit_code == 0);
    env["SSL_CERT_FILE"] = r.idp.pki.ca_file;  // gem's (and this program's) trust store
    r.registry.script({Step::truncated(R"({"rubygems_api_key":"cut)")});
    const ProcessResult result =
        run_program(fast_args(r.idp, {"-vvv", "exec", "--exchange", "rubygems", "--registry",
                                      r.registry.url(""), "--", "gem", "push", "--host",
                                      r.registry.url(""), dir + "/ambient-demo-0.1.0.gem"}),
                    env);
    BOOST_TEST(result.exit_code == 0);
    const auto tokens = r.registry.exchange_tokens();
    BOOST_REQUIRE(tokens.size() == 2u);
    BOOST_TEST(tokens[0] != tokens[1]);
    BOOST_REQUIRE(r.registry.issued().size() == 1u);
    BOOST_TEST(r.registry.uploads("rubygems") == r.registry.issued());
    check_no_secret(result, r.secrets());
}

BOOST_AUTO_TEST_SUITE_END()
