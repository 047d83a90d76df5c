// The exchange rows as pure functions: the requests they build, the answers and refusals they
// read, the variables they set; and the shared answer decoding.
#include <boost/test/unit_test.hpp>

#include "config/config.hpp"
#include "core/error.hpp"
#include "exchange/answer.hpp"
#include "exchange/pypi.hpp"
#include "exchange/registry.hpp"
#include "net/failure.hpp"

using ambient_oidc::Environment;
using ambient_oidc::Error;
using ambient_oidc::ErrorKind;
using ambient_oidc::WallTime;
using ambient_oidc::config::Flags;
using ambient_oidc::config::Settings;
using ambient_oidc::net::AttemptError;
using ambient_oidc::net::Failure;
namespace exchange = ambient_oidc::exchange;

namespace {

const WallTime kNow{std::chrono::seconds(1'764'331'200)};

exchange::Plan plan_of(const exchange::Service& service, const Flags& flags,
                       const Settings& settings = {}, const Environment& env = Environment{}) {
    const exchange::Inputs inputs(service.name(), flags, settings, env);
    return service.plan(inputs);
}

ambient_oidc::net::HttpResponse response(int status, std::string body) {
    ambient_oidc::net::HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(exchange_rows)

BOOST_AUTO_TEST_CASE(error_bodies_in_the_services_words) {
    BOOST_TEST(exchange::decode_error_body(
                   R"({"message":"Token request failed","errors":[{"code":"invalid-publisher",)"
                   R"("description":"no publisher"}]})") == "invalid-publisher: no publisher");
    BOOST_TEST(exchange::decode_error_body(R"({"errors":[{"detail":"a"},{"detail":"b"}]})") ==
               "a; b");
    BOOST_TEST(exchange::decode_error_body(R"({"errors":["permission denied"]})") ==
               "permission denied");
    BOOST_TEST(exchange::decode_error_body(
                   R"({"error":"invalid_client","error_description":"AADSTS700213: no match"})") ==
               "invalid_client: AADSTS700213: no match");
    BOOST_TEST(exchange::decode_error_body(R"({"message":"package not found"})") ==
               "package not found");
    BOOST_TEST(exchange::decode_error_body("Forbidden\nmore") == "Forbidden");
    BOOST_TEST(exchange::decode_error_body("") == "");
    BOOST_TEST(exchange::decode_error_body("bad\x01line") == "bad?line");
    BOOST_TEST(exchange::decode_error_body(std::string(1000, 'x')).size() == 400u);
}

BOOST_AUTO_TEST_CASE(pypi_base_of_upload_urls) {
    using ambient_oidc::net::parse_url;
    BOOST_TEST(exchange::pypi_base(parse_url("https://upload.pypi.org/legacy/")) ==
               "https://pypi.org");
    BOOST_TEST(exchange::pypi_base(parse_url("https://test.pypi.org/legacy/")) ==
               "https://test.pypi.org");
    BOOST_TEST(exchange::pypi_base(parse_url("https://pypi.example:8443/legacy/")) ==
               "https://pypi.example:8443");
}

BOOST_AUTO_TEST_CASE(pypi_request_answer_and_variables) {
    const exchange::Pypi pypi;
    const exchange::Plan plan = plan_of(pypi, {});
    BOOST_TEST(plan.url.str() == "https://pypi.org/_/oidc/mint-token");
    BOOST_TEST(plan.audience.empty());
    BOOST_TEST(pypi.audience_request(plan)->url.str() == "https://pypi.org/_/oidc/audience");
    BOOST_TEST(pypi.parse_audience(R"({"audience":"testpypi"})") == "testpypi");
    const auto request = pypi.request(plan, "a.b.c");
    BOOST_TEST(request.method == "POST");
    BOOST_TEST(request.body == R"({"token":"a.b.c"})");
    const auto credential =
        pypi.parse(R"({"success":true,"token":"pypi-AgE","expires":1764332100})", kNow);
    BOOST_TEST(credential.secret == "pypi-AgE");
    BOOST_TEST(credential.expires_at->time_since_epoch().count() ==
               WallTime(std::chrono::seconds(1764332100)).time_since_epoch().count());
    const auto fallback = pypi.parse(R"({"token":"pypi-AgE"})", kNow);
    BOOST_TEST((*fallback.expires_at - kNow == std::chrono::minutes(15)));
    const auto variables = pypi.variables(plan, credential);
    BOOST_TEST(variables.size() == 3u);
    BOOST_TEST(variables[0].first == "TWINE_USERNAME");
    BOOST_TEST(variables[0].second == "__token__");
    BOOST_TEST(variables[1].second == "pypi-AgE");
    const auto elsewhere =
        pypi.variables(plan_of(pypi, {{"registry", "https://test.pypi.org/legacy/"}}), credential);
    BOOST_TEST(elsewhere.size() == 5u);
    BOOST_TEST(elsewhere[3].second == "https://test.pypi.org/legacy/");
}

BOOST_AUTO_TEST_CASE(pypi_answers_without_a_token_are_invalid) {
    const exchange::Pypi pypi;
    for (const char* body : {"", "[]", "{}", R"({"token":""})", R"({"token":5})", "not json"}) {
        BOOST_TEST_CONTEXT(body) {
            try {
                pypi.parse(body, kNow);
                BOOST_FAIL("parsed");
            } catch (const AttemptError& error) {
                BOOST_TEST((error.failure() == Failure::InvalidToken));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(pypi_refusals) {
    const exchange::Pypi pypi;
    const auto reused = pypi.refusal(response(
        422, R"({"errors":[{"code":"invalid-reuse-token","description":"already used"}]})"));
    BOOST_TEST(reused.reused);
    BOOST_TEST((reused.failure == Failure::Rejected));
    BOOST_TEST(reused.words == "invalid-reuse-token: already used");
    const auto busy = pypi.refusal(response(503, "<html>"));
    BOOST_TEST((busy.failure == Failure::Transient));
    BOOST_TEST(!busy.reused);
}

BOOST_AUTO_TEST_CASE(options_of_other_services_and_bad_urls_are_usage_errors) {
    const exchange::Pypi pypi;
    try {
        plan_of(pypi, {{"registry", "http://pypi.example/legacy/"}});
        BOOST_FAIL("accepted");
    } catch (const Error& error) {
        BOOST_TEST((error.kind() == ErrorKind::Usage));
        BOOST_TEST(std::string(error.what()).find("--registry") != std::string::npos);
    }
    Settings settings;
    settings.exchanges["pypi"]["registry"] = "";
    try {
        plan_of(pypi, {}, settings);
        BOOST_FAIL("accepted");
    } catch (const Error& error) {
        BOOST_TEST(std::string(error.what()) ==
                   "exchanges.pypi.registry in the configuration: must not be empty");
    }
}

BOOST_AUTO_TEST_CASE(config_exchanges_keys_are_checked) {
    Settings settings;
    ambient_oidc::config::apply_config_json(
        settings,
        R"({"exchanges":{"pypi":{"registry":"https://x.example/legacy/","audience":"a"}}})",
        "test");
    BOOST_TEST(settings.exchanges["pypi"]["audience"] == "a");
    for (const char* bad : {R"({"exchanges":{"nosuch":{}}})", R"({"exchanges":{"pypi":{"x":"y"}}})",
                            R"({"exchanges":{"pypi":{"registry":5}}})", R"({"exchanges":[]})"}) {
        BOOST_TEST_CONTEXT(bad) {
            Settings fresh;
            BOOST_CHECK_THROW(ambient_oidc::config::apply_config_json(fresh, bad, "test"), Error);
        }
    }
}

// CONTRACT's example configuration gives PyPI's upload URL as the entry's `url`, the key every
// other service's URL has; `registry`, the flag's name, is the same option.
BOOST_AUTO_TEST_CASE(a_registrys_entry_may_give_its_url_as_url) {
    const exchange::Pypi pypi;
    Settings settings;
    ambient_oidc::config::apply_config_json(
        settings, R"({"exchanges":{"pypi":{"url":"https://test.pypi.org/legacy/"}}})", "test");
    BOOST_TEST(plan_of(pypi, {}, settings).url.host == "test.pypi.org");
    BOOST_TEST(
        plan_of(pypi, {{"registry", "https://upload.pypi.org/legacy/"}}, settings).url.host ==
        "pypi.org");
    for (const char* bad :
         {R"({"exchanges":{"pypi":{"url":"https://a/","registry":"https://b/"}}})",
          R"({"exchanges":{"vault":{"registry":"https://a/"}}})"}) {
        BOOST_TEST_CONTEXT(bad) {
            Settings fresh;
            BOOST_CHECK_THROW(ambient_oidc::config::apply_config_json(fresh, bad, "test"), Error);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
