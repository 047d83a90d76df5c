// HTTPS_PROXY / https_proxy (an http:// proxy spoken to with CONNECT, optionally with
// user:password for Basic authentication) and NO_PROXY / no_proxy, as curl reads them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/environment.hpp"

namespace ambient_oidc::net {

struct Proxy {
    std::string host;
    std::uint16_t port = 1080;
    std::string authorization;  // "Basic ..." or empty
};

class ProxySettings {
  public:
    ProxySettings() = default;

    // Reads the variables; the lower-case ones win, as in curl. Throws Error(Usage) for a proxy
    // URL that does not parse or uses another scheme than http.
    static ProxySettings from_environment(const Environment& env);

    // The proxy for an HTTPS request to host, unless none is set or NO_PROXY matches the host.
    std::optional<Proxy> for_host(const std::string& host) const;

    // Values that must never be printed (the proxy's credentials).
    const std::vector<std::string>& secrets() const { return secrets_; }

  private:
    std::optional<Proxy> proxy_;
    std::string no_proxy_;
    std::vector<std::string> secrets_;
};

// True when the comma-separated NO_PROXY list names host: "*", the host itself, or a domain it
// is in ("example.com" and ".example.com" both match "a.example.com"); ports in entries are
// ignored; comparison ignores case.
bool no_proxy_matches(const std::string& list, const std::string& host);

}  // namespace ambient_oidc::net
