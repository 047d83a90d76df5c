// TLS: the certificate is checked against the URL's host in whatever form it is written, hosts in
// forms that would dodge that check are refused before anything is sent, and a handshake refused
// for its TLS version or ciphers fails at once (ambient-oidc(1) RETRIES).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include <cstdio>
#include <filesystem>

#include "integration/harness.hpp"
#include "net/traffic.hpp"
#include "support/preconditions.hpp"

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
    Idp idp(Idp::kRequestToken, "IP:127.0.0.1,DNS:localhost",
            [&](ambient_oidc::test::FakeServer::Options& options) {
                options.tls_setup = refusal.setup;
            });
    const auto result = run_program(fast_args(idp, {"token", "--attempts", "3"}), idp.env());
    BOOST_TEST(result.exit_code == 6, result.err);
    BOOST_TEST(result.err.find("the TLS handshake was refused") != std::string::npos, result.err);
    BOOST_TEST(result.err.find(refusal.alert) != std::string::npos, result.err);
    BOOST_TEST(result.err.find("retrying") == std::string::npos);
    BOOST_TEST(idp.server.connections() == 1);
    BOOST_TEST(idp.server.requests() == 0);
}

// A server that closes the connection first, as many servers and load balancers do after
// "Connection: close", ends the exchange as normally as one that waits for the client: the
// token of GitHub's size arrives, at the first attempt.
BOOST_AUTO_TEST_CASE(a_server_that_closes_first_gives_the_token) {
    Idp idp(Idp::kRequestToken, "IP:127.0.0.1,DNS:localhost",
            [](ambient_oidc::test::FakeServer::Options& options) {
                options.close_first = true;
                options.token_bytes = 1100;
            });
    for (int run = 0; run < 3; ++run) {
        const auto result = run_program(fast_args(idp, {"token", "--attempts", "1"}), idp.env());
        BOOST_TEST(result.exit_code == 0, result.err);
        BOOST_TEST(result.out.size() >= 1100);
        BOOST_TEST(result.err.empty(), result.err);
    }
    BOOST_TEST(idp.server.requests() == 3);
}

// What such a server leaves: the client's close_notify, sent after the server's close, is
// answered with a reset, and shutting the socket down then fails with ENOTCONN. That is the
// normal end of the connection, which throws nothing (an exception, even one caught inside
// Poco, costs the first throw's unwinder set-up); a socket that is not open still throws.
BOOST_AUTO_TEST_CASE(shutting_down_a_connection_the_server_reset_throws_nothing) {
    auto options = ambient_oidc::test::http_options();
    options.close_first = true;
    ambient_oidc::test::FakeServer server(options);
    server.set_steps({}, ambient_oidc::test::Step::raw("HTTP/1.1 204 No Content\r\n\r\n"));
    ambient_oidc::net::Traffic traffic;
    const Poco::Net::SocketAddress address("127.0.0.1", server.port());
    Poco::Net::StreamSocket socket(
        new ambient_oidc::net::CountingSocketImpl(traffic, address.family()));
    socket.connect(address);
    const std::string request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    socket.sendBytes(request.data(), static_cast<int>(request.size()));
    char buffer[256];
    while (socket.receiveBytes(buffer, sizeof buffer) > 0) {
    }
    // The server has closed; what is sent now is answered with a reset (which may take a
    // moment to arrive, and may fail the send itself).
    int error = 0;
    for (int tries = 0; tries < 200 && error != ENOTCONN; ++tries) {
        try {
            socket.sendBytes("x", 1);
        } catch (const Poco::Exception&) {
        }
        ::usleep(5000);
        // Poco's own shutdown, as the socket's was before: ENOTCONN once the reset arrived.
        error = ::shutdown(socket.impl()->sockfd(), SHUT_RD) == 0 ? 0 : errno;
    }
    BOOST_TEST_REQUIRE(error == ENOTCONN);
    BOOST_CHECK_NO_THROW(socket.impl()->shutdown());
    socket.close();
    BOOST_CHECK_THROW(socket.impl()->shutdown(), Poco::Exception);
}

// The system's trust store (ambient-oidc(1) TLS), seen by the program in a private mount namespace
// where a directory of this test replaces /etc/ssl/certs: the test CA in a hashed directory, only
// in the bundle file, or nowhere.
BOOST_AUTO_TEST_SUITE(system_trust_store, *ambient_oidc::test::needs_private_mount_namespace())

namespace {

std::string system_bundle() {
    return ambient_oidc::test::read_file("/etc/ssl/certs/ca-certificates.crt");
}

// The file name c_rehash gives a CA certificate: its subject hash and ".0".
std::string hashed_name(const std::string& ca_file) {
    BIO* bio = BIO_new_file(ca_file.c_str(), "r");
    X509* ca = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    BOOST_REQUIRE(ca != nullptr);
    char name[16];
    std::snprintf(name, sizeof name, "%08lx.0", X509_subject_name_hash(ca));
    X509_free(ca);
    return name;
}

// Runs `ambient-oidc token` with certs mounted over /etc/ssl/certs, and no SSL_CERT_FILE.
ambient_oidc::test::ProcessResult token_with_certs(const Idp& idp, const std::string& certs) {
    BOOST_REQUIRE_MESSAGE(::geteuid() == 0, "needs root for a private mount namespace");
    const std::string script =
        "mount --bind \"$1\" /etc/ssl/certs && exec \"$2\" token --attempts 1 --no-cache";
    return run_program({"--mount", "--propagation", "private", "/bin/sh", "-c", script, "sh", certs,
                        AMBIENT_OIDC_BINARY},
                       idp.env(), "", std::nullopt, "/usr/bin/unshare");
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_hashed_directory_is_consulted_per_issuer) {
    Idp idp;
    const std::string certs = idp.dir.path() + "/certs";
    std::filesystem::create_directories(certs);
    std::filesystem::copy_file(idp.pki.ca_file, certs + "/" + hashed_name(idp.pki.ca_file));
    const auto result = token_with_certs(idp, certs);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(idp.server.connections() == 1);
}

BOOST_AUTO_TEST_CASE(a_ca_only_in_the_bundle_file_still_verifies) {
    Idp idp;
    const std::string certs = idp.dir.path() + "/certs";
    std::filesystem::copy(
        "/etc/ssl/certs", certs,
        std::filesystem::copy_options::recursive | std::filesystem::copy_options::copy_symlinks);
    ambient_oidc::test::write_file(certs + "/ca-certificates.crt",
                                   system_bundle() + ambient_oidc::test::read_file(idp.pki.ca_file),
                                   0644);
    const auto result = token_with_certs(idp, certs);
    BOOST_TEST(result.exit_code == 0, result.err);
    // The hashed directory lacks the issuer, so the bundle file is loaded and the server tried
    // again within the same attempt.
    BOOST_TEST(idp.server.connections() == 2);
    BOOST_TEST(result.err.find("retrying") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(no_trust_store_at_all_says_where_it_looked) {
    Idp idp;
    const std::string certs = idp.dir.path() + "/empty";
    std::filesystem::create_directories(certs);
    const auto result = token_with_certs(idp, certs);
    BOOST_TEST(result.exit_code == 6, result.err);
    BOOST_TEST(result.err.find("no trusted CA certificates were found") != std::string::npos,
               result.err);
    BOOST_TEST(result.err.find("/etc/pki/tls/certs/ca-bundle.crt") != std::string::npos);
    BOOST_TEST(result.err.find("--ca-file or SSL_CERT_FILE") != std::string::npos);
    BOOST_TEST(idp.server.requests() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()
