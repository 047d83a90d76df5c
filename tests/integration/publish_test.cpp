// The registries' own clients publish through the built program against the loopback registries
// of support/fake_registry: each upload is accepted only with a credential the registry issued
// in exchange for a token the fake IdP minted. Every client's configuration lives in a temporary
// HOME, and every URL it is given is on 127.0.0.1. A machine without a client skips its case.
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <chrono>

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

BOOST_AUTO_TEST_SUITE_END()
