// `ambient-oidc inspect`: a token's decoded header and claims, never the raw token or its
// signature.
#pragma once

#include <ostream>
#include <string>

#include "core/clock.hpp"
#include "token/jwt.hpp"

namespace ambient_oidc::protocol {

// Text: "provider: ...", the header's and the claims' members one per line, and the seconds
// until exp. JSON: {"provider","header","claims","expires_in"} (expires_in null without a
// numeric exp; negative once expired).
void write_inspection(const token::Jwt& jwt, const std::string& provider, WallTime now, bool json,
                      std::ostream& out);

}  // namespace ambient_oidc::protocol
