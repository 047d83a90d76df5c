#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <sstream>

#include "core/error.hpp"
#include "support/jwt.hpp"
#include "token/jwt.hpp"
#include "token/validate.hpp"

namespace bdata = boost::unit_test::data;
using ambient_oidc::Error;
using ambient_oidc::token::validate_token;

namespace ambient_oidc {
template <typename T, typename = void>
struct test_streamable : std::false_type {};
template <typename T>
struct test_streamable<
    T, std::void_t<decltype(std::declval<std::ostream&>() << std::declval<const T&>())>>
    : std::true_type {};
}  // namespace ambient_oidc

namespace {

const std::string kHeader = R"({"alg":"RS256","typ":"JWT"})";
constexpr long long kNow = 1'764'331'200;  // 2025-11-28T12:00:00Z
const auto kNowTime = std::chrono::system_clock::time_point(std::chrono::seconds(kNow));

std::string jwt(const std::string& claims, const std::string& header = kHeader) {
    return ambient_oidc::test::base64url(header) + "." + ambient_oidc::test::base64url(claims) +
           ".c2lnbmF0dXJl";
}

std::string claims(const std::string& aud, long long exp) {
    return R"({"iss":"https://issuer.example","aud":)" + aud + R"(,"exp":)" + std::to_string(exp) +
           "}";
}

struct InvalidCase {
    const char* name;
    std::string token;
    const char* message;  // a part of the expected message
};
std::ostream& operator<<(std::ostream& out, const InvalidCase& c) {
    return out << c.name;
}

const std::vector<InvalidCase> kInvalid = {
    {"empty", "", "the token is empty"},
    {"two parts", "abc.def", "three dot-separated parts"},
    {"four parts", "a.b.c.d", "three dot-separated parts"},
    {"empty signature",
     ambient_oidc::test::base64url(kHeader) + "." +
         ambient_oidc::test::base64url(claims("\"sigstore\"", kNow + 60)) + ".",
     "a part is empty"},
    {"not base64url",
     "a+b." + ambient_oidc::test::base64url(claims("\"sigstore\"", kNow + 60)) + ".sig",
     "header is not base64url"},
    {"padding",
     ambient_oidc::test::base64url(kHeader) + "=." +
         ambient_oidc::test::base64url(claims("\"sigstore\"", kNow + 60)) + ".sig",
     "header is not base64url"},
    {"header not json", jwt(claims("\"sigstore\"", kNow + 60), "nope"),
     "header is not a JSON object"},
    {"payload array", jwt("[1,2]"), "payload is not a JSON object"},
    {"NUL in aud", jwt(claims(R"("sigstore\u0000evil")", kNow + 60)),
     "the token's payload is not usable JSON: a string holds \\u0000 (a NUL character)"},
    {"NUL in a claim name",
     jwt(R"({"aud":"sigstore","exp\u0000":1,"exp":)" + std::to_string(kNow + 60) + "}"),
     "the token's payload is not usable JSON"},
    {"NUL in the header", jwt(claims("\"sigstore\"", kNow + 60), R"({"alg\u0000x":"RS256"})"),
     "the token's header is not usable JSON"},
    {"undefined", "undefined", "three dot-separated parts"},
    {"expired", jwt(claims("\"sigstore\"", kNow - 5)), "the token expired at 2025-11-28T11:59:55Z"},
    {"expires now", jwt(claims("\"sigstore\"", kNow)), "expired"},
    {"no exp", jwt(R"({"aud":"sigstore"})"), "no numeric exp claim"},
    {"string exp", jwt(R"({"aud":"sigstore","exp":"tomorrow"})"), "no numeric exp claim"},
    {"boolean exp", jwt(R"({"aud":"sigstore","exp":true})"), "no numeric exp claim"},
    {"wrong aud", jwt(claims("\"sts.amazonaws.com\"", kNow + 60)),
     "token audience is sts.amazonaws.com, expected sigstore; pass --audience"},
    {"wrong aud array", jwt(claims(R"(["a","b"])", kNow + 60)),
     "token audiences are [a, b], expected sigstore"},
    {"aud number", jwt(claims("5", kNow + 60)), "neither a string nor an array"},
    {"aud array of numbers", jwt(claims("[5]", kNow + 60)), "not a string"},
    {"exp after 2200", jwt(claims("\"sigstore\"", 190'000'000'000)), "exp claim is out of range"},
    {"no aud", jwt(R"({"exp":)" + std::to_string(kNow + 60) + "}"), "no aud claim"},
    {"too large",
     jwt(R"({"aud":"sigstore","exp":)" + std::to_string(kNow + 60) + R"(,"pad":")" +
         std::string(70000, 'x') + "\"}"),
     "larger than 64 KiB"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(token_validation)

BOOST_AUTO_TEST_CASE(accepts_a_valid_token) {
    const std::string raw = jwt(claims("\"sigstore\"", kNow + 300));
    const auto valid = validate_token(raw, "sigstore", kNowTime);
    BOOST_TEST(valid.token.reveal() == raw);
    BOOST_TEST(valid.jwt.claims->getValue<std::string>("iss") == "https://issuer.example");
    BOOST_TEST(valid.jwt.header->getValue<std::string>("alg") == "RS256");
    BOOST_TEST(
        std::chrono::duration_cast<std::chrono::seconds>(valid.expires_at - kNowTime).count() ==
        300);
}

BOOST_AUTO_TEST_CASE(accepts_an_audience_array) {
    BOOST_CHECK_NO_THROW(
        validate_token(jwt(claims(R"(["other","sigstore"])", kNow + 60)), "sigstore", kNowTime));
}

BOOST_DATA_TEST_CASE(rejects_invalid_tokens, bdata::make(kInvalid), sample) {
    try {
        validate_token(sample.token, "sigstore", kNowTime);
        BOOST_FAIL("accepted");
    } catch (const Error& error) {
        BOOST_TEST(static_cast<int>(error.kind()) == 7);
        BOOST_TEST(std::string(error.what()).find(sample.message) != std::string::npos,
                   error.what());
        if (sample.token.size() > 8) {
            BOOST_TEST(std::string(error.what()).find(sample.token) == std::string::npos);
        }
    }
}

// Streaming an IdToken must not compile: checked at compile time.
static_assert(!ambient_oidc::test_streamable<ambient_oidc::token::IdToken>::value,
              "IdToken must not be streamable");
static_assert(ambient_oidc::test_streamable<std::string>::value, "the probe works");

BOOST_AUTO_TEST_CASE(base64url_decoding) {
    using ambient_oidc::token::base64url_decode;
    BOOST_TEST(base64url_decode("aGVsbG8") == "hello");
    BOOST_TEST(base64url_decode("_-8") == "\xff\xef");
    BOOST_CHECK_THROW(base64url_decode("a"), std::invalid_argument);
    BOOST_CHECK_THROW(base64url_decode("aGVsbG8="), std::invalid_argument);
    BOOST_CHECK_THROW(base64url_decode("a/b+"), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
