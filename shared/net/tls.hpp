// The TLS client context, made once per run: peer verification always on, trust from
// --ca-file or else OpenSSL's default store (which honours SSL_CERT_FILE and SSL_CERT_DIR).
#pragma once

#include <memory>
#include <string>

typedef struct ssl_ctx_st SSL_CTX;

namespace ambient_oidc::net {

class TlsContext {
  public:
    // Throws Error(Usage) when ca_file is given and cannot be loaded.
    explicit TlsContext(const std::string& ca_file);
    SSL_CTX* get() const { return ctx_.get(); }

  private:
    struct Free {
        void operator()(SSL_CTX* ctx) const;
    };
    std::unique_ptr<SSL_CTX, Free> ctx_;
};

}  // namespace ambient_oidc::net
