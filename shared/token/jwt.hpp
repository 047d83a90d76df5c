// Decoding a JWT's header and claims without verifying its signature (the relying party, e.g.
// Fulcio, verifies it). Decoding is strict: three non-empty base64url parts, JSON objects.
#pragma once

#include <Poco/JSON/Object.h>

#include <string>
#include <string_view>

namespace ambient_oidc::token {

struct Jwt {
    Poco::JSON::Object::Ptr header;
    Poco::JSON::Object::Ptr claims;
};

// Decodes unpadded base64url; throws std::invalid_argument on any other character or a bad
// length.
std::string base64url_decode(std::string_view text);

// Decodes the header and claims. Throws Error(InvalidToken) saying which part is wrong; the
// message never contains the token.
Jwt decode_jwt(std::string_view token);

}  // namespace ambient_oidc::token
