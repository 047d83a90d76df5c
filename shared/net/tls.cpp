#include "net/tls.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "core/error.hpp"

namespace ambient_oidc::net {

void TlsContext::Free::operator()(SSL_CTX* ctx) const {
    SSL_CTX_free(ctx);
}

TlsContext::TlsContext(const std::string& ca_file) : ctx_(SSL_CTX_new(TLS_client_method())) {
    if (!ctx_) {
        throw Error(ErrorKind::Internal, "cannot create a TLS context");
    }
    SSL_CTX_set_min_proto_version(ctx_.get(), TLS1_2_VERSION);
    SSL_CTX_set_verify(ctx_.get(), SSL_VERIFY_PEER, nullptr);
    // A peer that closes without close_notify ends the stream; Content-Length and chunking
    // still tell a truncated body apart.
    SSL_CTX_set_options(ctx_.get(), SSL_OP_IGNORE_UNEXPECTED_EOF);
    if (ca_file.empty()) {
        SSL_CTX_set_default_verify_paths(ctx_.get());
    } else if (SSL_CTX_load_verify_locations(ctx_.get(), ca_file.c_str(), nullptr) != 1) {
        ERR_clear_error();
        throw Error(ErrorKind::Usage, "cannot load CA certificates from '" + ca_file +
                                          "': check the --ca-file path (a PEM file)");
    }
}

}  // namespace ambient_oidc::net
