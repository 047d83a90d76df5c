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
    std::string audience;  // empty: the registry host (jfrog: required)
    std::string username = "oidc";
    bool identity_token = false;
    // An exchange (ambient-oidc.json(5) registries): "" (the token itself), "docker-hub" or
    // "jfrog"; then Secret is the service's credential for the token.
    std::string exchange;
    std::string connection_id;     // docker-hub
    Millis expires_in{3'600'000};  // docker-hub: 300s to 3600s
    std::string provider_name;     // jfrog
    std::string url;               // jfrog: the platform URL; empty: https://<registry host>
};

// A host of the `git` section (ambient-oidc.json(5) git): the exchange whose credential git gets.
struct GitEntry {
    std::string exchange;           // "azure" or "octo-sts"
    std::string tenant, client_id;  // azure
    std::string scope;              // azure: the resource's scope; octo-sts: owner/repo
    std::string identity;           // octo-sts: the trust policy's name
    std::string username;           // empty: x-access-token for octo-sts, else oidc
    std::string audience;           // empty: the exchange's default
    std::string url;                // empty: the exchange's default
};

struct UriEntry {
    std::string audience;
};

// A cargo registry the cargo-credential provider serves besides crates.io (cargo.registries,
// keyed by its index URL as cargo sends it).
struct CargoRegistry {
    std::string api;       // its API URL, where trusted publishing's tokens come from
    std::string audience;  // empty: crates.io's
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
    std::map<std::string, GitEntry> git;  // by host[:port], in lower case
    std::string file_path;                // providers.file.path
    std::string google_iam_endpoint = "https://iamcredentials.googleapis.com";
    std::string azure_service_connection_id;
    std::string aws_sts_endpoint;  // providers.aws.sts_endpoint; empty: from the environment
    std::string spiffe_socket;     // providers.spiffe.socket; empty: SPIFFE_ENDPOINT_SOCKET
    std::string spiffe_id;         // providers.spiffe.spiffe_id; empty: the agent's first SVID
    // exchanges.<service>.<option>: each service's options under their flags' names.
    std::map<std::string, std::map<std::string, std::string>> exchanges;
    std::map<std::string, CargoRegistry> cargo_registries;  // by index URL
};

}  // namespace ambient_oidc::config
