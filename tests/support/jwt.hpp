#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ambient_oidc::test {

// Encodes bytes as unpadded base64url (RFC 4648 section 5).
std::string base64url(const std::string& bytes);

// Encodes bytes as padded base64 (RFC 4648 section 4), e.g. for Basic authorization.
std::string base64(const std::string& bytes);

// Builds a compact JWT base64url(header).base64url(payload).base64url(sig) whose signature is 32
// fixed bytes: it parses like a real token but does not verify.
std::string make_jwt(
    const std::string& payload_json,
    const std::string& header_json = R"({"alg":"RS256","typ":"JWT","kid":"test"})");

// Builds a JWT shaped like a GitHub Actions ID token for audience, issued now and expiring after
// lifetime_seconds (negative: already expired), at least min_bytes long (a longer `jti` claim
// pads it: GitHub's own tokens are about 1.1 KB). A non-empty jti is the `jti` claim's start,
// so that tokens made in the same second differ.
std::string make_token(const std::string& audience, std::int64_t lifetime_seconds = 300,
                       std::size_t min_bytes = 0, const std::string& jti = "");

}  // namespace ambient_oidc::test
