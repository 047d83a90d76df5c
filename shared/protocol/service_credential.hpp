// A credential a service issued in exchange for the token (ambient-oidc(1) EXCHANGES), as the
// credential-helper front ends (Docker, Vault, git) hand it on.
#pragma once

#include <optional>
#include <string>

#include "core/clock.hpp"

namespace ambient_oidc::protocol {

struct ServiceCredential {
    std::string value;                   // a secret: already registered with the Logger
    std::optional<WallTime> expires_at;  // when the service said
    std::string username;                // when the service named one (JFrog); else empty
};

}  // namespace ambient_oidc::protocol
