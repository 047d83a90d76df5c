// The single validation point every token passes before any protocol writes it
// (ambient-oidc(1) RETRIES): size, JWT shape, expiry, audience.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "token/id_token.hpp"
#include "token/jwt.hpp"

namespace ambient_oidc::token {

struct ValidToken {
    IdToken token;
    Jwt jwt;
    WallTime expires_at;
};

// The Error(InvalidToken) validate_token throws when the token is sound but its `aud` lacks, or
// does not name, the audience asked for.
class AudienceMismatch : public Error {
  public:
    explicit AudienceMismatch(const std::string& message)
        : Error(ErrorKind::InvalidToken, message) {}
};

// Accepts a token of at most kMaxTokenBytes that is a JWT whose numeric `exp` lies after now
// and whose `aud` (a string or an array of strings) names audience. Throws Error(InvalidToken)
// naming the failed check and, for claims, the value found and the value expected
// (AudienceMismatch for the audience).
ValidToken validate_token(std::string raw, std::string_view audience, WallTime now);

// The string values of the token's `aud` claim (a string, or the strings of an array); empty
// when it has none. Checks nothing else.
std::vector<std::string> audiences(const Jwt& jwt);

}  // namespace ambient_oidc::token
