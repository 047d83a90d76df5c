#include "net/trust_store.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "core/error.hpp"

namespace ambient_oidc::net {

namespace {

// Hashed certificate directories and bundle files, in the order looked at.
constexpr const char* kHashedDirs[] = {"/etc/ssl/certs",
                                       "/etc/pki/ca-trust/extracted/pem/directory-hash"};
constexpr const char* kBundles[] = {"/etc/ssl/certs/ca-certificates.crt",
                                    "/etc/pki/tls/certs/ca-bundle.crt",
                                    "/etc/ssl/ca-bundle.pem",
                                    "/etc/pki/tls/cacert.pem",
                                    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
                                    "/etc/ssl/cert.pem"};

bool is_file(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

// True when dir holds a certificate under a subject-hash name ("5ad8a5d6.0"), as c_rehash and
// update-ca-certificates make them; a directory of plain .pem files is no use per issuer.
bool is_hashed_dir(const std::string& dir) {
    std::error_code error;
    for (std::filesystem::directory_iterator entry(dir, error), end; !error && entry != end;
         entry.increment(error)) {
        const std::string name = entry->path().filename().string();
        const auto dot = name.find('.');
        if (dot == 8 && name.size() > 9 &&
            std::all_of(name.begin(), name.begin() + 8,
                        [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); }) &&
            std::all_of(name.begin() + 9, name.end(),
                        [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
            return true;
        }
    }
    return false;
}

bool load_file(SSL_CTX* ctx, const std::string& path) {
    const bool loaded = X509_STORE_load_file(SSL_CTX_get_cert_store(ctx), path.c_str()) == 1;
    ERR_clear_error();
    return loaded;
}

bool add_dir(SSL_CTX* ctx, const std::string& dir) {
    X509_LOOKUP* lookup =
        X509_STORE_add_lookup(SSL_CTX_get_cert_store(ctx), X509_LOOKUP_hash_dir());
    const bool added =
        lookup != nullptr && X509_LOOKUP_add_dir(lookup, dir.c_str(), X509_FILETYPE_PEM) == 1;
    ERR_clear_error();
    return added;
}

std::string joined(const std::string& a, const std::string& b) {
    return a.empty() ? b : a + ", " + b;
}

}  // namespace

TrustStore::TrustStore(SSL_CTX* ctx, const TrustSources& sources) : ctx_(ctx) {
    if (!sources.ca_file.empty()) {
        if (!load_file(ctx, sources.ca_file)) {
            throw Error(ErrorKind::Usage, "cannot load CA certificates from '" + sources.ca_file +
                                              "': check the --ca-file path (a PEM file)");
        }
        return;
    }
    if (!sources.cert_file.empty() || !sources.cert_dir.empty()) {
        if (!sources.cert_file.empty() && !load_file(ctx, sources.cert_file)) {
            throw Error(ErrorKind::Usage, "cannot load CA certificates from '" + sources.cert_file +
                                              "': check SSL_CERT_FILE (a PEM file)");
        }
        if (!sources.cert_dir.empty()) {
            add_dir(ctx, sources.cert_dir);
        }
        return;
    }
    std::string dir, bundle, looked;
    for (const char* candidate : kHashedDirs) {
        looked = joined(looked, candidate);
        if (dir.empty() && is_hashed_dir(candidate)) {
            dir = candidate;
        }
    }
    for (const char* candidate : kBundles) {
        looked = joined(looked, candidate);
        if (bundle.empty() && is_file(candidate)) {
            bundle = candidate;
        }
    }
    // What OpenSSL was built to look at (Debian's /usr/lib/ssl), when the system has nothing else.
    const std::string default_file = X509_get_default_cert_file();
    const std::string default_dir = X509_get_default_cert_dir();
    looked = joined(joined(looked, default_file), default_dir);
    if (dir.empty() && bundle.empty()) {
        dir = is_hashed_dir(default_dir) ? default_dir : "";
        bundle = is_file(default_file) ? default_file : "";
    }
    if (!dir.empty() && add_dir(ctx, dir)) {
        held_back_ = bundle;
        return;
    }
    if (!bundle.empty() && load_file(ctx, bundle)) {
        return;
    }
    nothing_found_ = "no trusted CA certificates were found (looked in " + looked +
                     "): name them with --ca-file or SSL_CERT_FILE";
}

bool TrustStore::widen() {
    if (held_back_.empty()) {
        return false;
    }
    const bool loaded = load_file(ctx_, held_back_);
    held_back_.clear();
    return loaded;
}

}  // namespace ambient_oidc::net
