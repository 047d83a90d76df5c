// token::validate_token: the single check every token passes (size, JWT shape, exp, aud).
// Input: the token, or a structured token (fuzz_common.hpp) whose claims the fuzzer writes.
#include "core/error.hpp"
#include "fuzz_common.hpp"
#include "token/id_token.hpp"
#include "token/validate.hpp"

namespace token = ambient_oidc::token;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string raw = fuzz::token_from_input(fuzz::text(data, size));
    const std::size_t raw_size = raw.size();
    try {
        const token::ValidToken valid =
            token::validate_token(std::move(raw), "sigstore", fuzz::fixed_now());
        FUZZ_CHECK(raw_size > 0 && raw_size <= token::kMaxTokenBytes);
        FUZZ_CHECK(valid.token.reveal().size() == raw_size);
        FUZZ_CHECK(valid.expires_at > fuzz::fixed_now());
        FUZZ_CHECK(!valid.jwt.claims.isNull());
    } catch (const ambient_oidc::Error& error) {
        FUZZ_CHECK(error.kind() == ambient_oidc::ErrorKind::InvalidToken);
    }
    return 0;
}
