// TLS: the certificate is checked against the URL's host in whatever form it is written, hosts in
// forms that would dodge that check are refused before anything is sent, and a handshake refused
// for its TLS version or ciphers fails at once (CONTRACT §3).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <openssl/ssl.h>

#include "integration/harness.hpp"

namespace bdata = boost::unit_test::data;
using ambient_oidc::test::fast_args;
using ambient_oidc::test::Idp;
using ambient_oidc::test::run_program;

namespace {

// The token URL of idp's server with its host written as host.
std::string url_with_host(const Idp& idp, const std::string& host) {
    return "https://" + host + ":" + std::to_string(idp.server.port()) + "/token";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tls)

// getaddrinfo reads all of these as 127.0.0.1; OpenSSL's IP check does not, so they are refused.
BOOST_DATA_TEST_CASE(ipv4_addresses_in_other_forms_are_refused,
                     bdata::make({"127.1", "2130706433", "0x7f.0.0.1", "0177.0.0.1", "127.0.0.01",
                                  "127.0.0.1.", "1.2.3.4.5"}),
                     host) {
    Idp idp;
    auto env = idp.env();
    env["ACTIONS_ID_TOKEN_REQUEST_URL"] = url_with_host(idp, host);
    const auto result = run_program(fast_args(idp, {"token"}), env);
    BOOST_TEST(result.exit_code == 2, result.err);
    BOOST_TEST(result.out.empty());
    BOOST_TEST(result.err.find("IPv4 address") != std::string::npos, result.err);
    BOOST_TEST(idp.server.connections() == 0);
}

BOOST_AUTO_TEST_CASE(a_short_ipv4_form_is_shown_in_its_standard_form) {
    Idp idp;
    auto env = idp.env();
    env["ACTIONS_ID_TOKEN_REQUEST_URL"] = url_with_host(idp, "0x7f.1");
    const auto result = run_program(fast_args(idp, {"token"}), env);
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err.find("write it as 127.0.0.1") != std::string::npos, result.err);
}

// A certificate for another name, and one that names the address as a DNS name (which is not
// how an address is certified), are refused for the address and for localhost alike.
BOOST_DATA_TEST_CASE(a_certificate_for_another_name_is_rejected,
                     bdata::make({"DNS:example.com", "DNS:127.0.0.1,DNS:example.com"}) *
                         bdata::make({"127.0.0.1", "localhost"}),
                     names, host) {
    Idp idp(Idp::kRequestToken, names);
    auto env = idp.env();
    env["ACTIONS_ID_TOKEN_REQUEST_URL"] = url_with_host(idp, host);
    const auto result = run_program(fast_args(idp, {"token", "--attempts", "3"}), env);
    BOOST_TEST(result.exit_code == 6, result.err);
    BOOST_TEST(result.out.empty());
    BOOST_TEST(result.err.find("certificate failed verification") != std::string::npos, result.err);
    BOOST_TEST(result.err.find("retrying") == std::string::npos);
    BOOST_TEST(idp.server.requests() == 0);
}

BOOST_DATA_TEST_CASE(the_certificate_of_the_right_name_is_accepted,
                     bdata::make({"127.0.0.1", "localhost"}), host) {
    Idp idp;
    auto env = idp.env();
    env["ACTIONS_ID_TOKEN_REQUEST_URL"] = url_with_host(idp, host);
    const auto result = run_program(fast_args(idp, {"token"}), env);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(idp.server.requests() == 1);
}

struct Refusal {
    const char* name;
    std::function<void(SSL_CTX*)> setup;
    const char* alert;
};
std::ostream& operator<<(std::ostream& out, const Refusal& refusal) {
    return out << refusal.name;
}

const std::vector<Refusal> kRefusals = {
    {"a server of TLS 1.1 only",
     [](SSL_CTX* ctx) {
         SSL_CTX_set_security_level(ctx, 0);
         SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
         SSL_CTX_set_max_proto_version(ctx, TLS1_1_VERSION);
         SSL_CTX_set_cipher_list(ctx, "DEFAULT:@SECLEVEL=0");
     },
     "protocol version"},
    {"a server of no cipher in common",
     [](SSL_CTX* ctx) {
         SSL_CTX_set_security_level(ctx, 0);
         SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
         SSL_CTX_set_cipher_list(ctx, "ECDHE-ECDSA-NULL-SHA:@SECLEVEL=0");
     },
     "handshake failure"},
};

BOOST_DATA_TEST_CASE(a_handshake_refused_for_version_or_cipher_fails_at_once,
                     bdata::make(kRefusals), refusal) {
    Idp idp(Idp::kRequestToken, "IP:127.0.0.1,DNS:localhost", refusal.setup);
    const auto result = run_program(fast_args(idp, {"token", "--attempts", "3"}), idp.env());
    BOOST_TEST(result.exit_code == 6, result.err);
    BOOST_TEST(result.err.find("the TLS handshake was refused") != std::string::npos, result.err);
    BOOST_TEST(result.err.find(refusal.alert) != std::string::npos, result.err);
    BOOST_TEST(result.err.find("retrying") == std::string::npos);
    BOOST_TEST(idp.server.connections() == 1);
    BOOST_TEST(idp.server.requests() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
