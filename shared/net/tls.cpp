#include "net/tls.hpp"

#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureStreamSocketImpl.h>
#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "core/error.hpp"
#include "net/failure.hpp"

namespace ambient_oidc::net {

struct TlsContext::Record {
    int verify_error = X509_V_OK;  // the first certificate error, if any
    int alert_received = -1;       // the last fatal alert each way, if any
    int alert_sent = -1;
    bool completed = false;
    bool close_notify = false;  // the peer's close_notify arrived
};

namespace {

int record_index() {
    static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

TlsContext::Record& record_of(const SSL* ssl) {
    return *static_cast<TlsContext::Record*>(
        SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), record_index()));
}

extern "C" int on_verify(int preverified, X509_STORE_CTX* store) {
    const auto* ssl = static_cast<const SSL*>(
        X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
    auto& record = record_of(ssl);
    if (preverified == 0 && record.verify_error == X509_V_OK) {
        record.verify_error = X509_STORE_CTX_get_error(store);
    }
    return preverified;
}

extern "C" void on_info(const SSL* ssl, int where, int value) {
    auto& record = record_of(ssl);
    if ((where & SSL_CB_ALERT) != 0 && (value >> 8) == SSL3_AL_FATAL) {
        ((where & SSL_CB_READ) != 0 ? record.alert_received : record.alert_sent) = value & 0xff;
    }
    if ((where & SSL_CB_READ_ALERT) == SSL_CB_READ_ALERT && (value & 0xff) == SSL_AD_CLOSE_NOTIFY) {
        record.close_notify = true;
    }
    if ((where & SSL_CB_HANDSHAKE_DONE) != 0) {
        record.completed = true;
    }
}

bool issuer_missing(int verify_error) {
    return verify_error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
           verify_error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
           verify_error == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN ||
           verify_error == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT;
}

bool version_or_cipher_refusal(int alert) {
    return alert == SSL_AD_PROTOCOL_VERSION || alert == SSL_AD_HANDSHAKE_FAILURE ||
           alert == SSL_AD_INSUFFICIENT_SECURITY;
}

// Makes OpenSSL's chain verification check the certificate against host: as an IP address when
// it is one (parse_url admits only the standard forms), else as a DNS name.
void expect_peer(SSL_CTX* ctx, const std::string& host) {
    X509_VERIFY_PARAM* param = SSL_CTX_get0_param(ctx);
    unsigned char address[16];
    const bool ip = ::inet_pton(AF_INET, host.c_str(), address) == 1 ||
                    ::inet_pton(AF_INET6, host.c_str(), address) == 1;
    const bool set = ip ? X509_VERIFY_PARAM_set1_host(param, nullptr, 0) == 1 &&
                              X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) == 1
                        : X509_VERIFY_PARAM_set1_ip(param, nullptr, 0) == 1 &&
                              X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size()) == 1;
    if (!set) {
        throw AttemptError(Failure::Rejected,
                           "cannot check the server's certificate against host '" + host + "'");
    }
}

// Poco's TLS socket with its reads counted, and its handshake started by us.
class SecureSocket final : public Counting<Poco::Net::SecureStreamSocketImpl> {
  public:
    using Counting::Counting;

    void handshake(const std::string& host) {
        setPeerHostName(host);
        connectSSL();
    }
};

}  // namespace

TlsContext::TlsContext(const TrustSources& trust) : record_(std::make_unique<Record>()) {
    Poco::Net::Context::Params params;
    params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
    params.loadDefaultCAs = false;
    params.cipherList = "DEFAULT";
    // OpenSSL's own order: Poco's default puts X448 first, whose key share costs the handshake
    // about 4 million instructions more than X25519's.
    params.ecdhCurve = "X25519:P-256:X448:P-521:P-384";
    try {
        context_ = new Poco::Net::Context(Poco::Net::Context::TLSV1_2_CLIENT_USE, params);
    } catch (const Poco::Exception& error) {
        throw Error(ErrorKind::Internal, "cannot create a TLS context: " + error.displayText());
    }
    SSL_CTX* ctx = context_->sslContext();
    // A peer that closes without close_notify ends the stream; Content-Length and chunking
    // still tell a truncated body apart, and peer_closed_cleanly() one delimited by the close.
    SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
    SSL_CTX_set_verify(ctx, SSL_CTX_get_verify_mode(ctx), on_verify);
    SSL_CTX_set_info_callback(ctx, on_info);
    SSL_CTX_set_ex_data(ctx, record_index(), record_.get());
    trust_ = std::make_unique<TrustStore>(ctx, trust);
}

TlsContext::~TlsContext() = default;

bool TlsContext::peer_closed_cleanly() const {
    return record_->close_notify;
}

Poco::Net::StreamSocket TlsContext::handshake(const Poco::Net::StreamSocket& plain,
                                              const std::string& host, Traffic& traffic) {
    *record_ = Record{};
    expect_peer(context_->sslContext(), host);
    auto* socket = new SecureSocket(
        traffic, static_cast<Poco::Net::StreamSocketImpl*>(plain.impl()), context_);
    Poco::Net::StreamSocket secure(socket);  // owns it from here
    try {
        socket->handshake(host);
    } catch (const Poco::Exception& error) {
        const int verify_error = record_->verify_error;
        if (verify_error != X509_V_OK) {
            if (issuer_missing(verify_error) && trust_->widen()) {
                throw TrustWidened{};
            }
            std::string message = std::string("the server's certificate failed verification: ") +
                                  X509_verify_cert_error_string(verify_error);
            if (!trust_->nothing_found().empty()) {
                message += "; " + trust_->nothing_found();
            }
            throw AttemptError(Failure::Rejected, message);
        }
        if (dynamic_cast<const Poco::Net::CertificateValidationException*>(&error) != nullptr) {
            throw AttemptError(Failure::Rejected,
                               "the server's certificate failed verification: " + error.message());
        }
        for (const int alert : {record_->alert_received, record_->alert_sent}) {
            if (version_or_cipher_refusal(alert)) {
                throw AttemptError(Failure::Rejected,
                                   std::string("the TLS handshake was refused (") +
                                       SSL_alert_desc_string_long(alert) +
                                       "): the server and ambient-oidc share no TLS version or "
                                       "cipher (TLS 1.2 or later is required)");
            }
        }
        throw;
    }
    ERR_clear_error();
    if (!record_->completed) {  // Poco takes a close (or EINTR) in the handshake for its end
        throw AttemptError(Failure::Transient, "the TLS handshake did not complete");
    }
    return secure;
}

}  // namespace ambient_oidc::net
