// The exchanges (ambient-oidc(1) EXCHANGES) against the loopback registries of
// support/fake_registry: the token minted by the fake IdP for each attempt, the credential on
// the stream asked for, faults retried with a fresh token, refusals explained, and no secret on
// stderr at any verbosity.
#include <boost/test/unit_test.hpp>

#include <functional>
#include <sstream>
#include <thread>

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

// The retry contract for one service: a 503, a reset, a stall past --attempt-timeout, a truncated
// body and a 429 with Retry-After, each followed by success, each attempt with a new token.
void check_faults(const std::function<void(Registries&)>& setup,
                  const std::function<std::vector<std::string>(const Registries&)>& args) {
    const std::vector<std::pair<std::string, Step>> faults = {
        {"503", Step::respond(503, "busy")},
        {"reset", Step::reset()},
        {"stall", Step::stall_after_request()},
        {"truncated", Step::truncated(R"({"token":"cut)")},
        {"429", Step::respond(429, "", {{"Retry-After", "1"}})},
    };
    for (const auto& [name, fault] : faults) {
        BOOST_TEST_CONTEXT(name) {
            Registries r;
            setup(r);
            r.registry.script({fault});
            std::vector<std::string> all = args(r);
            all.push_back("-vvv");
            const ProcessResult result = run_program(fast_args(r.idp, all), r.idp.env());
            BOOST_TEST(result.exit_code == 0);
            const auto seen = r.registry.exchange_tokens();
            BOOST_REQUIRE(seen.size() == 2u);
            BOOST_TEST(seen[0] != seen[1]);
            BOOST_TEST(r.minter.minted(seen[0]));
            BOOST_TEST(r.minter.minted(seen[1]));
            BOOST_REQUIRE(!r.registry.issued().empty());
            BOOST_TEST(result.out == r.registry.issued().back() + "\n");
            BOOST_TEST(count_of(result.err, "attempt 1/3 failed") == 1);
            check_no_secret(result, r.secrets());
        }
    }
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
    check_faults([](Registries&) {}, [](const Registries& r) { return pypi_args(r); });
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

// Runs the program as cargo does, from a caller (sh) that ends once the program has ended, so
// that revocations wait for nothing longer.
ProcessResult run_as_cargo(const Registries& r, const std::string& config,
                           const std::string& input) {
    std::vector<std::string> args = {"-c", "\"$0\" \"$@\"; :", AMBIENT_OIDC_BINARY};
    for (const auto& arg : fast_args(r.idp, {"--config", config, "--cargo-plugin"})) {
        args.push_back(arg);
    }
    return run_program(args, r.idp.env(), input, std::nullopt, "/bin/sh");
}

// Waits up to 5 s for the registry to have revoked count credentials.
void wait_for_revocations(const Registries& r, std::size_t count) {
    for (int i = 0; i < 100 && r.registry.revoked().size() < count; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

BOOST_AUTO_TEST_SUITE(crates_io)

BOOST_AUTO_TEST_CASE(exec_revokes_the_token_when_the_command_ends) {
    Registries r;
    const ProcessResult result =
        run_program(fast_args(r.idp, {"-vvv", "exec", "--exchange", "crates-io", "--registry",
                                      r.registry.url("/"), "--", "/bin/sh", "-c",
                                      "printf %s \"$CARGO_REGISTRY_TOKEN\"; exit 5"}),
                    r.idp.env());
    BOOST_TEST(result.exit_code == 5);
    BOOST_REQUIRE(r.registry.issued().size() == 1u);
    BOOST_TEST(result.out == r.registry.issued().front());
    BOOST_TEST(r.registry.revoked() == r.registry.issued());
    check_no_secret(result, r.secrets());
}

BOOST_AUTO_TEST_CASE(a_failed_revocation_is_a_warning_and_exec_keeps_the_status) {
    Registries r;
    r.registry.refuse_revocations();
    const ProcessResult result =
        run_program(fast_args(r.idp, {"exec", "--exchange", "crates-io", "--registry",
                                      r.registry.url("/"), "--", "/bin/sh", "-c", "exit 4"}),
                    r.idp.env());
    BOOST_TEST(result.exit_code == 4);
    BOOST_TEST(r.registry.revoked().empty());
    BOOST_TEST(result.err.find("the command ended, but revoking its credential failed: crates-io "
                               "revocation: crates.io did not revoke the credential (HTTP 403 "
                               "Forbidden): revocation refused") != std::string::npos);
    check_no_secret(result, r.secrets());
}

BOOST_AUTO_TEST_CASE(every_retried_fault_gets_a_fresh_token) {
    check_faults([](Registries&) {},
                 [](const Registries& r) -> std::vector<std::string> {
                     return {"exchange", "crates-io", "--registry", r.registry.url("")};
                 });
}

BOOST_AUTO_TEST_CASE(a_refusal_carries_the_errors_detail) {
    Registries r;
    r.registry.refuse(400,
                      R"({"errors":[{"detail":"No matching Trusted Publishing config found"}]})");
    const ProcessResult result = run_program(
        fast_args(r.idp, {"exchange", "crates-io", "--registry", r.registry.url("")}), r.idp.env());
    BOOST_TEST(result.exit_code == 6);
    BOOST_TEST(r.registry.exchange_tokens().size() == 1u);
    BOOST_TEST(result.err.find("crates.io refused the token (HTTP 400 Bad Request): No matching "
                               "Trusted Publishing config found; the token's claims: sub=") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(cargo_credential_speaks_cargos_protocol) {
    Registries r;
    const std::string index = "sparse+" + r.registry.url("/index/");
    const std::string config = r.idp.dir.path() + "/config.json";
    write_file(config, R"({"cargo":{"registries":{")" + index + R"(":{"api":")" +
                           r.registry.url("") + R"("}}}})");
    auto request = [&](const std::string& kind, const std::string& operation,
                       const std::string& url) {
        return R"({"v":1,"registry":{"index-url":")" + url + R"(","name":"fake"},"kind":")" + kind +
               "\"" + (operation.empty() ? "" : R"(,"operation":")" + operation + "\"") +
               R"(,"name":"demo","vers":"0.1.0","args":[]})" + "\n";
    };
    const std::string input =
        request("get", "read", index) + request("get", "publish", index) +
        request("get", "publish", "https://github.com/rust-lang/crates.io-index-other") +
        "not json\n" + request("get", "yank", index) + request("login", "", index) +
        request("logout", "", index) + request("get", "publish", index);
    const ProcessResult result = run_as_cargo(r, config, input);
    BOOST_TEST(result.exit_code == 0);
    BOOST_REQUIRE(r.registry.issued().size() == 2u);
    // logout revoked the first at once; the second is revoked once the caller has ended.
    BOOST_TEST(r.registry.revoked().size() >= 1u);
    wait_for_revocations(r, 2);
    const std::string first = r.registry.issued()[0], second = r.registry.issued()[1];
    std::istringstream lines(result.out);
    std::vector<std::string> answers;
    for (std::string line; std::getline(lines, line);) {
        answers.push_back(line);
    }
    BOOST_REQUIRE(answers.size() == 9u);
    BOOST_TEST(answers[0] == R"({"v":[1]})");
    // read (which cargo asks for first when it publishes) gets a token, publish the same one.
    BOOST_TEST(answers[1].find(R"({"Ok":{"kind":"get","token":")" + first +
                               R"(","cache":"expires","expiration":)") == 0u);
    BOOST_TEST(answers[1].find(R"(,"operation_independent":true}})") != std::string::npos);
    BOOST_TEST(answers[2] == answers[1]);
    BOOST_TEST(answers[3] == R"({"Err":{"kind":"url-not-supported"}})");
    BOOST_TEST(answers[4].find(R"({"Err":{"kind":"other","message":")") == 0u);
    BOOST_TEST(answers[5] == answers[1]);  // the same token while it lasts
    BOOST_TEST(answers[6] == R"({"Err":{"kind":"operation-not-supported"}})");
    BOOST_TEST(answers[7] == R"({"Ok":{"kind":"logout"}})");
    BOOST_TEST(answers[8].find(second) != std::string::npos);  // a new one after logout
    BOOST_TEST(r.registry.revoked() == r.registry.issued());
    check_no_secret(result, r.secrets());
}

BOOST_AUTO_TEST_CASE(cargo_credential_failures_are_err_lines_and_it_goes_on) {
    Registries r;
    const std::string index = "sparse+" + r.registry.url("/index/");
    const std::string config = r.idp.dir.path() + "/config.json";
    write_file(config, R"({"cargo":{"registries":{")" + index + R"(":{"api":")" +
                           r.registry.url("") + R"("}}}})");
    r.registry.refuse(400, R"({"errors":[{"detail":"No matching Trusted Publishing config"}]})");
    const std::string get = R"({"v":1,"registry":{"index-url":")" + index +
                            R"("},"kind":"get","operation":"publish","args":[]})" + "\n";
    const ProcessResult result = run_as_cargo(r, config, get + get);
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(count_of(result.out, R"({"Err":{"kind":"other","message":"crates-io: crates.io )"
                                    R"(refused the token (HTTP 400 Bad Request): No matching )"
                                    R"(Trusted Publishing config)") == 2);
    BOOST_TEST(count_of(result.err, "No matching Trusted Publishing config") == 2);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(npm)

std::vector<std::string> npm_args(const Registries& r) {
    return {"exchange", "npm", "--registry", r.registry.url("/"), "--package", "@ambient/demo"};
}

BOOST_AUTO_TEST_CASE(every_retried_fault_gets_a_fresh_token) {
    check_faults([](Registries& r) { r.registry.trust_npm_package("@ambient%2fdemo"); }, npm_args);
}

BOOST_AUTO_TEST_CASE(package_not_found_names_the_package_and_the_claims) {
    Registries r;
    const ProcessResult result = run_program(fast_args(r.idp, npm_args(r)), r.idp.env());
    BOOST_TEST(result.exit_code == 6);
    BOOST_TEST(r.registry.exchange_tokens().size() == 1u);
    BOOST_TEST(result.err.find("npm refused the token for package @ambient/demo (HTTP 404 Not "
                               "Found): package not found; the token's claims: sub=") !=
               std::string::npos);
    check_no_secret(result, r.secrets());
}

BOOST_AUTO_TEST_CASE(no_package_name_is_exit_2_before_any_token) {
    Registries r;
    const ProcessResult result = run_program(
        fast_args(r.idp, {"exchange", "npm", "--registry", r.registry.url("/")}), r.idp.env());
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err.find("npm needs the package's name: --package (or exchanges.npm.package "
                               "in the configuration), or a ./package.json with a \"name\"") !=
               std::string::npos);
    BOOST_TEST(r.idp.server.requests() == 0);
    const ProcessResult bad =
        run_program(fast_args(r.idp, {"exchange", "npm", "--package", "Bad Name"}), r.idp.env());
    BOOST_TEST(bad.exit_code == 2);
    BOOST_TEST(r.idp.server.requests() == 0);
}

BOOST_AUTO_TEST_CASE(exec_sets_node_auth_token_and_npms_own_setting) {
    Registries r;
    r.registry.trust_npm_package("demo");
    const ProcessResult result = run_program(
        fast_args(r.idp, {"exec", "--exchange", "npm", "--registry", r.registry.url("/"),
                          "--package", "demo", "--", "/usr/bin/env"}),
        r.idp.env());
    BOOST_TEST(result.exit_code == 0);
    BOOST_REQUIRE(r.registry.issued().size() == 1u);
    const std::string credential = r.registry.issued().front();
    const std::string host = r.registry.url("/").substr(6);  // //127.0.0.1:PORT/
    BOOST_TEST(result.out.find("NODE_AUTH_TOKEN=" + credential + "\n") != std::string::npos);
    BOOST_TEST(result.out.find("npm_config_" + host + ":_authToken=" + credential + "\n") !=
               std::string::npos);
    BOOST_TEST(result.out.find("npm_config_registry=" + r.registry.url("/") + "\n") !=
               std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(rubygems_nuget)

BOOST_AUTO_TEST_CASE(rubygems_faults_get_a_fresh_token) {
    check_faults([](Registries&) {},
                 [](const Registries& r) -> std::vector<std::string> {
                     return {"exchange", "rubygems", "--registry", r.registry.url("")};
                 });
}

BOOST_AUTO_TEST_CASE(nuget_faults_get_a_fresh_token) {
    check_faults([](Registries&) {},
                 [](const Registries& r) -> std::vector<std::string> {
                     return {"exchange",         "nuget",  "--registry",
                             r.registry.url(""), "--user", "ci-owner"};
                 });
}

BOOST_AUTO_TEST_CASE(nuget_without_user_is_exit_2_and_a_refusal_names_the_user) {
    Registries r;
    const ProcessResult missing = run_program(
        fast_args(r.idp, {"exchange", "nuget", "--registry", r.registry.url("")}), r.idp.env());
    BOOST_TEST(missing.exit_code == 2);
    BOOST_TEST(missing.err.find("nuget needs the policy owner's profile name: --user (or "
                                "exchanges.nuget.user in the configuration)") != std::string::npos);
    BOOST_TEST(r.idp.server.requests() == 0);
    const ProcessResult refused = run_program(
        fast_args(r.idp, {"exchange", "nuget", "--registry", r.registry.url(""), "--user", "x"}),
        r.idp.env());
    BOOST_TEST(refused.exit_code == 6);
    BOOST_TEST(refused.err.find("NuGet refused the token for user x (HTTP 401 Unauthorized): no "
                                "trusted publishing policy for this user") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(exec_sets_the_api_key_variables) {
    Registries r;
    const ProcessResult gem =
        run_program(fast_args(r.idp, {"exec", "--exchange", "rubygems", "--registry",
                                      r.registry.url(""), "--", "/bin/sh", "-c",
                                      "printf '%s %s' \"$GEM_HOST_API_KEY\" \"$RUBYGEMS_HOST\""}),
                    r.idp.env());
    BOOST_TEST(gem.exit_code == 0);
    BOOST_REQUIRE(r.registry.issued().size() == 1u);
    BOOST_TEST(gem.out == r.registry.issued()[0] + " " + r.registry.url(""));
    const ProcessResult nuget = run_program(
        fast_args(r.idp, {"exec", "--exchange", "nuget", "--registry", r.registry.url(""), "--user",
                          "ci-owner", "--", "/bin/sh", "-c", "printf %s \"$NUGET_API_KEY\""}),
        r.idp.env());
    BOOST_TEST(nuget.exit_code == 0);
    BOOST_REQUIRE(r.registry.issued().size() == 2u);
    BOOST_TEST(nuget.out == r.registry.issued()[1]);
}

BOOST_AUTO_TEST_SUITE_END()
