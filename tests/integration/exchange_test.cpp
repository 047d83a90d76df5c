// The exchanges (ambient-oidc(1) EXCHANGES) against the loopback registries of
// support/fake_registry: the token minted by the fake IdP for each attempt, the credential on
// the stream asked for, faults retried with a fresh token, refusals explained, and no secret on
// stderr at any verbosity.
#include <boost/test/unit_test.hpp>

#include "integration/harness.hpp"
#include "integration/registries.hpp"

using ambient_oidc::test::check_no_secret;
using ambient_oidc::test::count_of;
using ambient_oidc::test::Env;
using ambient_oidc::test::FakeRegistry;
using ambient_oidc::test::FakeServer;
using ambient_oidc::test::fast_args;
using ambient_oidc::test::Idp;
using ambient_oidc::test::make_token;
using ambient_oidc::test::Minter;
using ambient_oidc::test::ProcessResult;
using ambient_oidc::test::read_file;
using ambient_oidc::test::Registries;
using ambient_oidc::test::run_program;
using ambient_oidc::test::Step;
using ambient_oidc::test::write_file;

namespace {

std::vector<std::string> pypi_args(const Registries& r, std::vector<std::string> extra = {}) {
    std::vector<std::string> args =
        fast_args(r.idp, {"exchange", "pypi", "--registry", r.registry.url("/legacy/")});
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(exchange)

BOOST_AUTO_TEST_CASE(pypi_prints_a_credential_minted_for_a_fresh_token) {
    Registries r;
    const ProcessResult result = run_program(pypi_args(r, {"-vvv"}), r.idp.env());
    BOOST_TEST(result.exit_code == 0);
    BOOST_REQUIRE(r.registry.issued().size() == 1u);
    BOOST_TEST(result.out == r.registry.issued().front() + "\n");
    BOOST_REQUIRE(r.minter.tokens().size() == 1u);
    BOOST_TEST(r.registry.exchange_tokens() == r.minter.tokens());
    BOOST_TEST(result.err.find("the audience is pypi") != std::string::npos);
    check_no_secret(result, r.secrets());
}

BOOST_AUTO_TEST_CASE(pypi_json_and_output_file) {
    Registries r;
    const ProcessResult json = run_program(pypi_args(r, {"--json"}), r.idp.env());
    BOOST_TEST(json.exit_code == 0);
    BOOST_REQUIRE(r.registry.issued().size() == 1u);
    BOOST_TEST(json.out.find(R"({"service":"pypi","credential":")" + r.registry.issued()[0] +
                             R"(","expires_at":")") == 0u);
    BOOST_TEST(json.out.find(R"("provider":"github-actions"})") != std::string::npos);
    const std::string file = r.idp.dir.path() + "/pypi-token";
    const ProcessResult written = run_program(pypi_args(r, {"--output-file", file}), r.idp.env());
    BOOST_TEST(written.exit_code == 0);
    BOOST_TEST(written.out.empty());
    BOOST_REQUIRE(r.registry.issued().size() == 2u);
    BOOST_TEST(read_file(file) == r.registry.issued()[1]);
}

BOOST_AUTO_TEST_CASE(every_retried_fault_gets_a_fresh_token) {
    const std::vector<std::pair<std::string, Step>> faults = {
        {"503", Step::respond(503, "busy")},
        {"reset", Step::reset()},
        {"stall", Step::stall_after_request()},
        {"truncated", Step::truncated(R"({"token":"pypi-cut)")},
        {"429", Step::respond(429, "", {{"Retry-After", "1"}})},
    };
    for (const auto& [name, fault] : faults) {
        BOOST_TEST_CONTEXT(name) {
            Registries r;
            r.registry.script({fault});
            const ProcessResult result = run_program(pypi_args(r, {"-vvv"}), r.idp.env());
            BOOST_TEST(result.exit_code == 0);
            const auto seen = r.registry.exchange_tokens();
            BOOST_REQUIRE(seen.size() == 2u);
            BOOST_TEST(seen[0] != seen[1]);
            BOOST_TEST(r.minter.minted(seen[0]));
            BOOST_TEST(r.minter.minted(seen[1]));
            BOOST_TEST(result.out == r.registry.issued().back() + "\n");
            BOOST_TEST(count_of(result.err, "attempt 1/3 failed") == 1);
            check_no_secret(result, r.secrets());
        }
    }
}

BOOST_AUTO_TEST_CASE(a_lost_answer_is_retried_with_a_fresh_token) {
    Registries r;
    r.registry.lose_answers(1);  // PyPI took the first token; its answer never arrived
    const ProcessResult result = run_program(pypi_args(r), r.idp.env());
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(r.registry.exchange_tokens().size() == 2u);
    BOOST_TEST(r.registry.refusals().empty());
    BOOST_TEST(result.out == r.registry.issued().back() + "\n");
}

BOOST_AUTO_TEST_CASE(a_refusal_fails_at_once_in_pypis_words_with_the_claims) {
    Registries r;
    r.registry.refuse(422,
                      R"({"message":"Token request failed","errors":[{"code":"invalid-publisher",)"
                      R"("description":"valid token, but no corresponding publisher"}]})");
    const ProcessResult result = run_program(pypi_args(r, {"-vvv"}), r.idp.env());
    BOOST_TEST(result.exit_code == 6);
    BOOST_TEST(r.registry.exchange_tokens().size() == 1u);
    BOOST_TEST(result.out.empty());
    BOOST_TEST(result.err.find("PyPI refused the token (HTTP 422 Unprocessable Entity): "
                               "invalid-publisher: valid token, but no corresponding publisher") !=
               std::string::npos);
    BOOST_TEST(result.err.find("the token's claims: sub=repo:example/project:ref:refs/heads/main, "
                               "repository=example/project") != std::string::npos);
    check_no_secret(result, r.secrets());
}

BOOST_AUTO_TEST_CASE(a_fixed_token_refused_as_reused_says_to_rerun_the_job) {
    Registries r;
    const std::string token = make_token("pypi", 300, 0, "gitlab-fixed");
    r.minter.trust(token);
    r.registry.lose_answers(1);
    const Env env = {{"GITLAB_CI", "true"},
                     {"PYPI_ID_TOKEN", token},
                     {"HOME", r.idp.dir.path()},
                     {"AMBIENT_OIDC_CACHE", "0"},
                     {"PATH", "/usr/bin:/bin"}};
    const ProcessResult result = run_program(pypi_args(r, {"-vvv"}), env);
    BOOST_TEST(result.exit_code == 6);
    const auto seen = r.registry.exchange_tokens();
    BOOST_REQUIRE(seen.size() == 2u);
    BOOST_TEST(seen[0] == token);
    BOOST_TEST(seen[1] == token);
    BOOST_TEST(result.err.find("invalid-reuse-token") != std::string::npos);
    BOOST_TEST(result.err.find("an earlier attempt may have succeeded on PyPI's side with its "
                               "answer lost; re-run the job") != std::string::npos);
    check_no_secret(result, {token, r.registry.issued().front()});
}

BOOST_AUTO_TEST_CASE(bad_options_are_exit_2_before_any_token_is_fetched) {
    Registries r;
    const std::vector<std::vector<std::string>> cases = {
        {"exchange", "pypi", "--registry", "http://127.0.0.1/legacy/"},
        {"exchange", "nosuch"},
        {"exchange"},
        {"exec", "--exchange", "nosuch", "--", "true"},
    };
    for (const auto& args : cases) {
        const ProcessResult result = run_program(fast_args(r.idp, args), r.idp.env());
        BOOST_TEST(result.exit_code == 2);
        BOOST_TEST(result.out.empty());
    }
    BOOST_TEST(r.idp.server.requests() == 0);
    BOOST_TEST(r.registry.exchange_tokens().empty());
}

BOOST_AUTO_TEST_CASE(options_come_from_the_configuration_and_unknown_keys_are_exit_2) {
    Registries r;
    const std::string config = r.idp.dir.path() + "/config.json";
    write_file(config,
               R"({"exchanges":{"pypi":{"registry":")" + r.registry.url("/legacy/") + R"("}}})");
    const ProcessResult result =
        run_program(fast_args(r.idp, {"--config", config, "exchange", "pypi"}), r.idp.env());
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(r.registry.issued().size() == 1u);
    write_file(config, R"({"exchanges":{"pypi":{"package":"x"}}})");
    const ProcessResult unknown =
        run_program(fast_args(r.idp, {"--config", config, "exchange", "pypi"}), r.idp.env());
    BOOST_TEST(unknown.exit_code == 2);
    BOOST_TEST(unknown.err.find("pypi: unknown key 'package'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(exec_sets_the_variables_of_pypis_clients) {
    Registries r;
    const ProcessResult result = run_program(
        fast_args(r.idp, {"exec", "--exchange", "pypi", "--registry", r.registry.url("/legacy/"),
                          "--", "/bin/sh", "-c",
                          "printf '%s %s %s %s' \"$TWINE_USERNAME\" \"$TWINE_PASSWORD\" "
                          "\"$UV_PUBLISH_TOKEN\" \"$TWINE_REPOSITORY_URL\"; exit 3"}),
        r.idp.env());
    BOOST_TEST(result.exit_code == 3);
    BOOST_REQUIRE(r.registry.issued().size() == 1u);
    const std::string credential = r.registry.issued().front();
    BOOST_TEST(result.out ==
               "__token__ " + credential + " " + credential + " " + r.registry.url("/legacy/"));
}

BOOST_AUTO_TEST_SUITE_END()
