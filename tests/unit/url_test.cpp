#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <stdexcept>

#include "core/error.hpp"
#include "net/url.hpp"
#include "provider/github_actions.hpp"

namespace bdata = boost::unit_test::data;
using ambient_oidc::net::parse_url;

namespace {

struct AudienceCase {
    const char* url;
    const char* audience;
    const char* expected;
};
std::ostream& operator<<(std::ostream& out, const AudienceCase& c) {
    return out << c.url;
}

const AudienceCase kAudienceCases[] = {
    {"https://token.example/id", "sigstore", "https://token.example/id?audience=sigstore"},
    {"https://token.example/id?api-version=2.0", "sigstore",
     "https://token.example/id?api-version=2.0&audience=sigstore"},
    {"https://token.example/id?audience=old&x=1", "sigstore",
     "https://token.example/id?x=1&audience=sigstore"},
    {"https://token.example/id?audience=a&audience=b", "new",
     "https://token.example/id?audience=new"},
    {"https://token.example/id?a=%20b&&c", "sigstore",
     "https://token.example/id?a=%20b&c&audience=sigstore"},
    {"https://token.example/id?aud%69ence=old", "x", "https://token.example/id?audience=x"},
    {"https://token.example/id", "https://reg.example/a b&c=d",
     "https://token.example/id?audience=https%3A%2F%2Freg.example%2Fa%20b%26c%3Dd"},
    {"https://token.example/id?x=1#frag", "sigstore",
     "https://token.example/id?x=1&audience=sigstore"},
    {"https://token.example:8443", "sigstore", "https://token.example:8443/?audience=sigstore"},
    {"https://token.example:443/p", "s", "https://token.example/p?audience=s"},
};

const char* const kBadUrls[] = {
    "",
    "token.example/id",
    "ftp://token.example/id",
    "https:///id",
    "https://user:pass@token.example/id",
    "https://token.example:0/id",
    "https://token.example:70000/id",
    "https://token.example:8x/id",
    "https://token.example/a b",
    "https://[::1/id",
    "https://token.example/\n",
    "http://[[]",
    "https://[example.com]/",
    "https://exa$mple.com/",
    "https://[::1%eth0]/",
};

}  // namespace

BOOST_AUTO_TEST_SUITE(url)

BOOST_DATA_TEST_CASE(audience_is_added_or_replaced, bdata::make(kAudienceCases), sample) {
    BOOST_TEST(ambient_oidc::provider::github_request_url(sample.url, sample.audience).str() ==
               sample.expected);
}

BOOST_DATA_TEST_CASE(rejects_bad_urls, bdata::make(kBadUrls), text) {
    BOOST_CHECK_THROW(parse_url(text), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(parses_parts) {
    const auto url = parse_url("HTTPS://[::1]:8443/a/b?c=d");
    BOOST_TEST(url.scheme == "https");
    BOOST_TEST(url.host == "::1");
    BOOST_TEST(url.port == 8443);
    BOOST_TEST(url.target() == "/a/b?c=d");
    BOOST_TEST(url.authority() == "[::1]:8443");
    const auto plain = parse_url("http://metadata.google.internal/computeMetadata/v1");
    BOOST_TEST(plain.port == 80);
    BOOST_TEST(plain.authority() == "metadata.google.internal");
}

BOOST_AUTO_TEST_CASE(github_request_url_must_be_https) {
    try {
        ambient_oidc::provider::github_request_url("http://token.example/id", "sigstore");
        BOOST_FAIL("no exception");
    } catch (const ambient_oidc::Error& error) {
        BOOST_TEST(static_cast<int>(error.kind()) == 2);
        BOOST_TEST(std::string(error.what()).find("ACTIONS_ID_TOKEN_REQUEST_URL") == 0u);
    }
    BOOST_CHECK_THROW(ambient_oidc::provider::github_request_url("not a url", "sigstore"),
                      ambient_oidc::Error);
}

BOOST_AUTO_TEST_CASE(percent_coding_round_trips) {
    using ambient_oidc::net::percent_decode;
    using ambient_oidc::net::percent_encode;
    BOOST_TEST(percent_encode("a-b_c.d~e f/") == "a-b_c.d~e%20f%2F");
    BOOST_TEST(percent_decode("a%20b%2f%zz%") == "a b/%zz%");
    BOOST_TEST(percent_decode(percent_encode("x=\xff&y")) == "x=\xff&y");
}

BOOST_AUTO_TEST_SUITE_END()
