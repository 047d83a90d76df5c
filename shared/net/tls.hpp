// The TLS client side of every HTTPS request: one Poco::Net::Context per run (VERIFY_STRICT, TLS
// 1.2 or later), trust from net/trust_store, the certificate checked against
// the URL's host by OpenSSL's chain verification (as an IP address when the host is one, else as a
// DNS name) and by Poco's, and a record of each handshake so that a refusal no retry can fix (a
// certificate that fails, a version or cipher mismatch) is told apart from network trouble.
#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/StreamSocket.h>

#include <memory>
#include <string>

#include "net/traffic.hpp"
#include "net/trust_store.hpp"

namespace ambient_oidc::net {

// Thrown by TlsContext::handshake when trying again is worth it (see there).
struct TrustWidened {};

class TlsContext {
  public:
    // Throws Error(Usage) when a named CA file cannot be loaded (see TrustStore).
    explicit TlsContext(const TrustSources& trust);
    ~TlsContext();
    TlsContext(const TlsContext&) = delete;
    TlsContext& operator=(const TlsContext&) = delete;

    Poco::Net::Context::Ptr context() const { return context_; }

    // Runs the TLS handshake on the connected socket `plain` for host and returns the secure
    // socket, its reads counted in traffic. Throws AttemptError(Rejected) when the certificate
    // fails verification or the server refuses the handshake for its TLS version or ciphers
    // (alerts protocol_version, handshake_failure, insufficient_security), AttemptError(Transient)
    // when the handshake ends before it completes, TrustWidened when the chain lacked an
    // issuer and the system's bundle file has now been loaded (connect again, once), and Poco's
    // exception for anything else.
    Poco::Net::StreamSocket handshake(const Poco::Net::StreamSocket& plain, const std::string& host,
                                      Traffic& traffic);

    // True when the peer of the last handshake's connection has since ended it with TLS
    // close_notify. The context ignores an end without it (SSL_OP_IGNORE_UNEXPECTED_EOF) so that
    // Content-Length and chunking tell a body cut short; a body that only the end of the
    // connection delimits is whole only when this is true.
    bool peer_closed_cleanly() const;

    struct Record;  // what the last handshake did, filled in by OpenSSL's callbacks

  private:
    Poco::Net::Context::Ptr context_;
    std::unique_ptr<Record> record_;
    std::unique_ptr<TrustStore> trust_;
};

}  // namespace ambient_oidc::net
