// `ambient-oidc token` and `inspect` end to end: request shape, outputs, invalid tokens, usage.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "integration/harness.hpp"

namespace bdata = boost::unit_test::data;
using ambient_oidc::test::Idp;
using ambient_oidc::test::make_jwt;
using ambient_oidc::test::make_token;
using ambient_oidc::test::read_file;
using ambient_oidc::test::run_program;
using ambient_oidc::test::Step;
using ambient_oidc::test::write_file;

namespace {

struct InvalidCase {
    const char* name;
    Step step;
    const char* message;
};
std::ostream& operator<<(std::ostream& out, const InvalidCase& c) {
    return out << c.name;
}

const std::vector<InvalidCase> kInvalid = {
    {"empty body", Step::respond(200, ""), "the response body is empty"},
    {"not JSON", Step::respond(200, "<html>ok</html>"), "the response is not valid JSON"},
    {"JSON array", Step::respond(200, "[]"), "the response is not a JSON object"},
    {"NUL in a name", Step::respond(200, R"({"value\u0000x":")" + make_token("sigstore") + "\"}"),
     "the response is not usable JSON: a string holds \\u0000 (a NUL character) at line 1, "
     "column 8"},
    {"NUL in aud", Step::token_json(make_jwt(R"({"aud":"sigstore\u0000evil","exp":4102444800})")),
     "the token's payload is not usable JSON: a string holds \\u0000"},
    {"no value", Step::respond(200, R"({"count":1})"), "has no \"value\" string"},
    {"value null", Step::respond(200, R"({"value":null})"), "has no \"value\" string"},
    {"value empty", Step::respond(200, R"({"value":""})"), "has an empty \"value\""},
    {"value undefined", Step::respond(200, R"({"value":"undefined"})"),
     "does not have three dot-separated parts"},
    {"body over 64 KiB", Step::respond(200, R"({"value":")" + std::string(70000, 'a') + "\"}"),
     "larger than 64 KiB"},
    {"chunked body over 64 KiB",
     Step::raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10000\r\n" +
               std::string(0x10000, 'a') + "\r\n10\r\n" + std::string(16, 'a') + "\r\n0\r\n\r\n"),
     "larger than 64 KiB"},
    {"not a JWT", Step::token_json("abc.def"), "not a JWT"},
    {"payload not JSON", Step::token_json("eyJhbGciOiJSUzI1NiJ9.bm9wZQ.c2ln"),
     "payload is not a JSON object"},
    {"expired", Step::token_json(make_token("sigstore", -60)), "the token expired at"},
    {"other audience", Step::token_json(make_token("sts.amazonaws.com")),
     "token audience is sts.amazonaws.com, expected sigstore"},
    {"no exp", Step::token_json(make_jwt(R"({"aud":"sigstore"})")), "no numeric exp claim"},
};

std::string ok_head(std::size_t length) {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(length) + "\r\n\r\n";
}

// A response a server may send for the token body, sent with or without TLS close_notify.
struct GoodResponse {
    const char* name;
    std::string (*response)(const std::string& body);
    bool close_notify;
};
std::ostream& operator<<(std::ostream& out, const GoodResponse& c) {
    return out << c.name;
}

const std::vector<GoodResponse> kGoodResponses = {
    {"103 Early Hints first",
     [](const std::string& body) {
         return "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n" +
                ok_head(body.size()) + body;
     },
     true},
    {"100 Continue first",
     [](const std::string& body) {
         return "HTTP/1.1 100 Continue\r\n\r\n" + ok_head(body.size()) + body;
     },
     true},
    {"102, 103 and 199 first",
     [](const std::string& body) {
         return "HTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                "HTTP/1.1 199 Whatever\r\n\r\n" +
                ok_head(body.size()) + body;
     },
     true},
    {"chunked with extensions and a trailer",
     [](const std::string& body) {
         char size[32];
         std::snprintf(size, sizeof size, "%zX", body.size() - 5);
         return "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\n" +
                body.substr(0, 5) + "\r\n" + size + " \r\n" + body.substr(5) +
                "\r\n000\r\nX-Trailer: t\r\n\r\n";
     },
     true},
    {"ended by the connection with close_notify",
     [](const std::string& body) {
         return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + body;
     },
     true},
    {"Content-Length, closed without close_notify",
     [](const std::string& body) { return ok_head(body.size()) + body; }, false},
    {"chunked, closed without close_notify",
     [](const std::string& body) {
         char size[32];
         std::snprintf(size, sizeof size, "%zx", body.size());
         return "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + std::string(size) +
                "\r\n" + body + "\r\n0\r\n\r\n";
     },
     false},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(token_command)

// Interim (1xx) responses before the real one are skipped (RFC 9110 section 15.2), and every
// framing that delimits the whole body hands over the token.
BOOST_DATA_TEST_CASE(interim_responses_and_every_framing_deliver_the_token,
                     bdata::make(kGoodResponses), sample) {
    Idp idp;
    const std::string token = make_token("sigstore");
    const std::string bytes = sample.response(R"({"value":")" + token + "\"}");
    idp.server.set_steps({}, sample.close_notify ? Step::raw(bytes) : Step::cut(bytes));
    const auto result = run_program({"token", "--ca-file", idp.pki.ca_file}, idp.env());
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out == token + "\n");
    BOOST_TEST(idp.server.connections() == 1);
}

BOOST_AUTO_TEST_CASE(prints_the_token_and_sends_the_right_request) {
    Idp idp;
    const std::string token = make_token("sigstore");
    idp.server.set_steps({}, Step::token_json(token));
    const auto result = run_program({"token", "--ca-file", idp.pki.ca_file, "-vv"}, idp.env());
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out == token + "\n");
    BOOST_REQUIRE(idp.server.seen().size() == 1u);
    const auto request = idp.server.seen().front();
    BOOST_TEST(request.method == "GET");
    BOOST_TEST(request.target == "/token?api-version=2.0&audience=sigstore");
    BOOST_TEST(request.header("Authorization").value_or("") ==
               std::string("Bearer ") + Idp::kRequestToken);
    BOOST_TEST(request.header("Accept").value_or("") == "application/json");
    BOOST_TEST(request.header("User-Agent").value_or("").find("ambient-oidc/") == 0u);
    ambient_oidc::test::check_no_secret_in_stderr(result, {token, Idp::kRequestToken});
    BOOST_TEST(result.err.find("using provider github-actions") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(audience_replaces_the_one_in_the_url) {
    Idp idp;
    idp.server.set_steps({});  // issue_token: a token for the audience asked for
    const auto result =
        run_program({"token", "--ca-file", idp.pki.ca_file, "--audience", "https://reg.example/x"},
                    idp.env("/token?audience=old&api-version=2.0"));
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(idp.server.seen().at(0).query_param("audience").value_or("") ==
               "https://reg.example/x");
    BOOST_TEST(idp.server.seen().at(0).target ==
               "/token?api-version=2.0&audience=https%3A%2F%2Freg.example%2Fx");
}

BOOST_AUTO_TEST_CASE(output_file_is_0600_without_newline_and_stdout_is_empty) {
    Idp idp;
    const std::string token = make_token("sigstore");
    idp.server.set_steps({}, Step::token_json(token));
    const std::string path = idp.dir.path() + "/oidc-token";
    const auto result =
        run_program({"token", "--ca-file", idp.pki.ca_file, "--output-file", path}, idp.env());
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out.empty());
    BOOST_TEST(read_file(path) == token);
    struct stat info {};
    ::stat(path.c_str(), &info);
    BOOST_TEST((info.st_mode & 0777) == 0600u);
}

BOOST_AUTO_TEST_CASE(output_file_in_a_missing_directory_fails_cleanly) {
    Idp idp;
    idp.server.set_steps({});
    const std::string path = idp.dir.path() + "/missing/oidc-token";
    const auto result =
        run_program({"token", "--ca-file", idp.pki.ca_file, "--output-file", path}, idp.env());
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err.find("cannot write " + path) != std::string::npos);
    BOOST_TEST(!std::filesystem::exists(idp.dir.path() + "/missing"));
}

BOOST_AUTO_TEST_CASE(json_output) {
    Idp idp;
    const std::string token = make_token("sigstore", 600);
    idp.server.set_steps({}, Step::token_json(token));
    const auto result = run_program({"token", "--ca-file", idp.pki.ca_file, "--json"}, idp.env());
    BOOST_TEST(result.exit_code == 0);
    const std::string prefix = "{\"token\":\"" + token +
                               "\",\"provider\":\"github-actions\",\"audience\":\"sigstore\","
                               "\"expires_at\":\"";
    BOOST_TEST(result.out.substr(0, prefix.size()) == prefix);
    BOOST_TEST(result.out.substr(result.out.size() - 19) == "Z\",\"cached\":false}\n");
}

BOOST_AUTO_TEST_CASE(json_with_output_file_leaves_the_token_out) {
    Idp idp;
    const std::string token = make_token("sigstore");
    idp.server.set_steps({}, Step::token_json(token));
    const std::string path = idp.dir.path() + "/t";
    const auto result = run_program(
        {"token", "--ca-file", idp.pki.ca_file, "--json", "--output-file", path}, idp.env());
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out.find(token) == std::string::npos);
    BOOST_TEST(result.out.find("{\"provider\":\"github-actions\"") == 0u);
    BOOST_TEST(read_file(path) == token);
}

BOOST_DATA_TEST_CASE(invalid_tokens_fail_fast, bdata::make(kInvalid), sample) {
    Idp idp;
    idp.server.set_steps({}, sample.step);
    const auto result =
        run_program(ambient_oidc::test::fast_args(idp, {"token", "-vv"}), idp.env());
    BOOST_TEST(result.exit_code == 7);
    BOOST_TEST(result.out.empty());
    BOOST_TEST(idp.server.requests() == 1);
    BOOST_TEST(result.err.find("ambient-oidc: github-actions: ") != std::string::npos);
    BOOST_TEST(result.err.find(sample.message) != std::string::npos, result.err);
    BOOST_TEST(result.err.find("retrying") == std::string::npos);
    ambient_oidc::test::check_no_secret_in_stderr(result, {Idp::kRequestToken});
}

BOOST_AUTO_TEST_CASE(invalid_token_never_reaches_the_output_file) {
    Idp idp;
    idp.server.set_steps({}, Step::token_json(make_token("other")));
    const std::string path = idp.dir.path() + "/t";
    const auto result =
        run_program({"token", "--ca-file", idp.pki.ca_file, "--output-file", path}, idp.env());
    BOOST_TEST(result.exit_code == 7);
    BOOST_TEST(!std::filesystem::exists(path));
}

BOOST_AUTO_TEST_CASE(inspect_prints_claims_but_never_the_token) {
    Idp idp;
    const std::string token = make_token("sigstore");
    idp.server.set_steps({}, Step::token_json(token));
    auto result = run_program({"inspect", "--ca-file", idp.pki.ca_file}, idp.env());
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out.find("provider: github-actions\nheader:\n") == 0u);
    BOOST_TEST(result.out.find("  aud: sigstore\n") != std::string::npos);
    BOOST_TEST(result.out.find("  repository: example/project\n") != std::string::npos);
    BOOST_TEST(result.out.find("expires in: ") != std::string::npos);
    BOOST_TEST(result.out.find(token.substr(token.rfind('.') + 1)) == std::string::npos);

    result = run_program({"inspect", "--json", "-"}, idp.env(), token + "\n");
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out.find("{\"provider\":\"-\",\"header\":{\"alg\":\"RS256\"") == 0u);
    BOOST_TEST(result.out.find("\"aud\":\"sigstore\"") != std::string::npos);
    BOOST_TEST(result.out.find(token) == std::string::npos);

    result = run_program({"inspect", "-"}, idp.env(), "not-a-token");
    BOOST_TEST(result.exit_code == 7);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(usage)

struct UsageCase {
    const char* name;
    std::vector<std::string> args;
    bool github_env;
    int exit_code;
    const char* message;
};
std::ostream& operator<<(std::ostream& out, const UsageCase& c) {
    return out << c.name;
}

const std::vector<UsageCase> kUsage = {
    {"no command", {}, true, 2, "no command given"},
    {"unknown command", {"fetch"}, true, 2, "unknown command 'fetch'"},
    {"unknown option", {"token", "--retries", "3"}, true, 2, "unknown option --retries"},
    {"bad duration", {"token", "--timeout", "soon"}, true, 2, "--timeout: invalid duration"},
    {"unknown provider", {"token", "--provider", "jenkins"}, true, 2, "unknown provider 'jenkins'"},
    {"no credential", {"token"}, false, 3, "no ambient OIDC credential found"},
    {"named provider absent",
     {"token", "--provider", "github-actions"},
     false,
     3,
     "provider github-actions is not available here"},
    {"missing CA file",
     {"token", "--ca-file", "/nonexistent/ca.pem"},
     true,
     2,
     "cannot load CA certificates from '/nonexistent/ca.pem'"},
};

BOOST_DATA_TEST_CASE(usage_errors, bdata::make(kUsage), sample) {
    Idp idp;
    idp.server.set_steps({});
    auto env = sample.github_env ? idp.env() : ambient_oidc::test::Env{{"HOME", idp.dir.path()}};
    const auto result = run_program(sample.args, env);
    BOOST_TEST(result.exit_code == sample.exit_code);
    BOOST_TEST(result.out.empty());
    BOOST_TEST(result.err.find(sample.message) != std::string::npos, result.err);
    BOOST_TEST(idp.server.requests() == 0);
}

BOOST_AUTO_TEST_CASE(an_http_request_url_is_refused_before_any_request) {
    Idp idp;
    auto env = idp.env();
    env["ACTIONS_ID_TOKEN_REQUEST_URL"] = "http://127.0.0.1:9/token";
    const auto result = run_program({"token"}, env);
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err.find("must be an https:// URL") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(config_file_settings_apply) {
    Idp idp;
    idp.server.set_steps({}, Step::respond(503));
    const std::string config = idp.dir.path() + "/config.json";
    std::ofstream(config) << R"({"retry":{"attempts":2,"backoff":"50ms","jitter":0},
                                  "tls":{"ca_file":")"
                          << idp.pki.ca_file << "\"}}";
    auto env = idp.env();
    env["AMBIENT_OIDC_CONFIG"] = config;
    auto result = run_program({"token"}, env);
    BOOST_TEST(result.exit_code == 4);
    BOOST_TEST(idp.server.requests() == 2);
    BOOST_TEST(result.err.find("attempt 1/2 failed: HTTP 503 Service Unavailable; retrying in "
                               "0.1s") != std::string::npos);

    std::ofstream(config) << R"({"retry":{"attemps":2}})";
    result = run_program({"token"}, env);
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err.find("unknown key 'retry.attemps'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(help_and_version) {
    const ambient_oidc::test::Env env{{"HOME", "/nonexistent"}};
    auto result = run_program({"--version"}, env);
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out.find("ambient-oidc ") == 0u);
    result = run_program({"--help"}, env);
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out.find("Usage: ambient-oidc") == 0u);
    result = run_program({"token", "--help"}, env);
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out.find("Usage: ambient-oidc token") == 0u);
    BOOST_TEST(result.out.find("--output-file") != std::string::npos);
    BOOST_TEST(result.out.find("the token's audience (default sigstore)") != std::string::npos);
    // Each command's help shows its own default audience.
    for (const auto& [command, shown] : std::vector<std::pair<std::string, std::string>>{
             {"aws-credential-process", "(default sts.amazonaws.com)"},
             {"google-executable", "(default https: and GOOGLE_EXTERNAL_ACCOUNT_AUDIENCE)"},
             {"exec-credential",
              "(default the cluster's, else the configured one; none is an "
              "error)"}}) {
        result = run_program({command, "--help"}, env);
        BOOST_TEST(result.exit_code == 0);
        BOOST_TEST(result.out.find(shown) != std::string::npos, result.out);
        BOOST_TEST(result.out.find("default sigstore") == std::string::npos, result.out);
    }
}

BOOST_AUTO_TEST_SUITE_END()
