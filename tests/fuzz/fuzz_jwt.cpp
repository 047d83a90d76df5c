// token::decode_jwt and base64url_decode: `inspect -` decodes whatever stdin holds, and every
// token a server returns is decoded. Input: the token, or a structured token (fuzz_common.hpp).
#include <stdexcept>

#include "core/error.hpp"
#include "fuzz_common.hpp"
#include "token/jwt.hpp"

namespace token = ambient_oidc::token;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input = fuzz::text(data, size);
    try {
        const std::string bytes = token::base64url_decode(input);
        FUZZ_CHECK(bytes.size() == input.size() * 6 / 8);
    } catch (const std::invalid_argument&) {
    }
    const std::string raw = fuzz::token_from_input(input);
    try {
        const token::Jwt jwt = token::decode_jwt(raw);
        FUZZ_CHECK(!jwt.header.isNull() && !jwt.claims.isNull());
    } catch (const ambient_oidc::Error& error) {
        FUZZ_CHECK(error.kind() == ambient_oidc::ErrorKind::InvalidToken);
    }
    return 0;
}
