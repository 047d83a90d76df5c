// Everything a run is configured with, after the sources are merged
// (ambient-oidc(1) CONFIGURATION).
#pragma once

#include <map>
#include <string>

#include "core/duration.hpp"
#include "core/log.hpp"
#include "net/retry.hpp"

namespace ambient_oidc::config {

struct RegistryEntry {
    std::string audience;  // empty: the registry host
    std::string username = "oidc";
    bool identity_token = false;
};

struct UriEntry {
    std::string audience;
};

struct Settings {
    std::string audience = "sigstore";
    // True when a flag, the environment or a file set `audience`: the commands whose audience
    // is not a Sigstore one (exec-credential) use it, never the default.
    bool audience_configured = false;
    std::string provider = "auto";
    Millis timeout{120'000};
    net::RetryPolicy retry;
    bool cache_enabled = true;
    std::string cache_dir;  // empty: the default location
    Millis min_validity{60'000};
    std::string ca_file;  // empty: OpenSSL's default store (SSL_CERT_FILE, SSL_CERT_DIR)
    LogLevel log_level = LogLevel::Warn;
    std::map<std::string, RegistryEntry> registries;  // by config::registry_name
    std::map<std::string, UriEntry> uris;
    std::string file_path;  // providers.file.path
    std::string google_iam_endpoint = "https://iamcredentials.googleapis.com";
    std::string azure_service_connection_id;
    std::string aws_sts_endpoint;  // providers.aws.sts_endpoint; empty: from the environment
    std::string spiffe_socket;     // providers.spiffe.socket; empty: SPIFFE_ENDPOINT_SOCKET
    std::string spiffe_id;         // providers.spiffe.spiffe_id; empty: the agent's first SVID
};

}  // namespace ambient_oidc::config
