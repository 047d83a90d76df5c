// Where the trusted CA certificates come from (ambient-oidc(1) TLS): --ca-file, else
// SSL_CERT_FILE and/or SSL_CERT_DIR, else the system's own store, found on Debian, Ubuntu,
// Alpine, Fedora, RHEL/UBI and distroless layouts alike (a static binary cannot rely on the
// directory OpenSSL was built for). A hashed directory is consulted per issuer, which is far
// cheaper than parsing a bundle of a hundred and more CAs on every run; the bundle file is then
// held back and loaded only when a chain needs an issuer the directory lacks (a CA appended to
// the bundle by hand).
#pragma once

#include <string>

typedef struct ssl_ctx_st SSL_CTX;

namespace ambient_oidc::net {

struct TrustSources {
    std::string ca_file;    // --ca-file or tls.ca_file: this file, and nothing else
    std::string cert_file;  // SSL_CERT_FILE
    std::string cert_dir;   // SSL_CERT_DIR
};

class TrustStore {
  public:
    // Loads sources into ctx's certificate store, or finds the system's store. Throws
    // Error(Usage) when a named file (--ca-file, SSL_CERT_FILE) cannot be loaded.
    TrustStore(SSL_CTX* ctx, const TrustSources& sources);

    // After a chain failed for want of an issuer: loads the bundle file held back, if any, and
    // returns true (the handshake is worth one more try); false when there is nothing more.
    bool widen();

    // Empty when some store was found; otherwise where it looked and what to do, for the
    // certificate error.
    const std::string& nothing_found() const { return nothing_found_; }

  private:
    SSL_CTX* ctx_;
    std::string held_back_;
    std::string nothing_found_;
};

}  // namespace ambient_oidc::net
