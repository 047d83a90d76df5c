#include "support/test_pki.hpp"

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <filesystem>
#include <utility>
#include <vector>

#include "support/handles.hpp"

namespace ambient_oidc::test {
namespace {

using KeyPtr = OpenSslPtr<EVP_PKEY, EVP_PKEY_free>;
using CertPtr = OpenSslPtr<X509, X509_free>;

// Throws the pending OpenSSL error, prefixed with what, unless ok.
void check(bool ok, const std::string& what) {
    if (!ok) {
        throw openssl_error("TestPki: " + what);
    }
}

// Generates a fresh EC P-256 key pair.
KeyPtr make_key() {
    KeyPtr key(EVP_EC_gen("P-256"));
    check(key != nullptr, "generating an EC key");
    return key;
}

// Issues a v3 certificate for key with subject CN=common_name and the given extensions (nid, value
// in openssl.cnf syntax), signed by issuer_key as issuer; a null issuer makes it self-signed.
CertPtr make_cert(EVP_PKEY* key, const std::string& common_name, X509* issuer, EVP_PKEY* issuer_key,
                  const std::vector<std::pair<int, std::string>>& extensions) {
    CertPtr cert(X509_new());
    check(cert != nullptr, "X509_new");
    OpenSslPtr<BIGNUM, BN_free> serial(BN_new());
    check(serial != nullptr &&
              BN_rand(serial.get(), 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1 &&
              BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) != nullptr,
          "setting the serial number");
    X509_NAME* subject = X509_get_subject_name(cert.get());
    check(X509_set_version(cert.get(), X509_VERSION_3) == 1 &&
              X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) != nullptr &&
              X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600) != nullptr &&
              X509_NAME_add_entry_by_txt(
                  subject, "CN", MBSTRING_UTF8,
                  reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0) == 1 &&
              X509_set_issuer_name(
                  cert.get(), issuer != nullptr ? X509_get_subject_name(issuer) : subject) == 1 &&
              X509_set_pubkey(cert.get(), key) == 1,
          "filling in the certificate for " + common_name);
    X509V3_CTX context;
    X509V3_set_ctx(&context, issuer != nullptr ? issuer : cert.get(), cert.get(), nullptr, nullptr,
                   0);
    for (const auto& [nid, value] : extensions) {
        OpenSslPtr<X509_EXTENSION, X509_EXTENSION_free> extension(
            X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str()));
        check(extension != nullptr && X509_add_ext(cert.get(), extension.get(), -1) == 1,
              "adding extension " + value);
    }
    check(X509_sign(cert.get(), issuer_key, EVP_sha256()) > 0, "signing " + common_name);
    return cert;
}

// Writes one PEM file by calling write(bio), which returns 1 on success.
template <typename Write>
void write_pem(const std::string& file, Write write) {
    OpenSslPtr<BIO, BIO_free_all> bio(BIO_new_file(file.c_str(), "w"));
    check(bio != nullptr && write(bio.get()) == 1 && BIO_flush(bio.get()) == 1, "writing " + file);
}

}  // namespace

TestPki TestPki::create(const std::string& dir, const std::string& ca_name,
                        const std::string& file_prefix, const std::string& server_names) {
    std::filesystem::create_directories(dir);
    const auto file = [&](const char* name) {
        return (std::filesystem::path(dir) / (file_prefix + name)).string();
    };
    TestPki pki{file("ca.pem"), file("server.pem"), file("server.key")};

    const KeyPtr ca_key = make_key();
    const CertPtr ca = make_cert(ca_key.get(), ca_name, nullptr, ca_key.get(),
                                 {{NID_basic_constraints, "critical,CA:TRUE"},
                                  {NID_key_usage, "critical,keyCertSign,cRLSign"},
                                  {NID_subject_key_identifier, "hash"}});
    const KeyPtr server_key = make_key();
    const CertPtr server = make_cert(server_key.get(), "localhost", ca.get(), ca_key.get(),
                                     {{NID_basic_constraints, "critical,CA:FALSE"},
                                      {NID_key_usage, "critical,digitalSignature"},
                                      {NID_ext_key_usage, "serverAuth"},
                                      {NID_subject_alt_name, server_names.c_str()},
                                      {NID_subject_key_identifier, "hash"},
                                      {NID_authority_key_identifier, "keyid:always"}});

    write_pem(pki.ca_file, [&](BIO* bio) { return PEM_write_bio_X509(bio, ca.get()); });
    write_pem(pki.cert_file, [&](BIO* bio) { return PEM_write_bio_X509(bio, server.get()); });
    write_pem(pki.key_file, [&](BIO* bio) {
        return PEM_write_bio_PrivateKey(bio, server_key.get(), nullptr, nullptr, 0, nullptr,
                                        nullptr);
    });
    return pki;
}

}  // namespace ambient_oidc::test
