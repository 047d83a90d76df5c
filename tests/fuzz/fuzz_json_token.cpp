// provider::token_from_json: the body of a token endpoint's 2xx response (GitHub's {"value":..},
// and every provider that answers with a JSON object). Input: the body.
#include "fuzz_common.hpp"
#include "net/failure.hpp"
#include "provider/json_token.hpp"

namespace net = ambient_oidc::net;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string body(fuzz::text(data, size));
    for (const char* field : {"value", "token"}) {
        try {
            FUZZ_CHECK(!ambient_oidc::provider::token_from_json(body, field).empty());
        } catch (const net::AttemptError& error) {
            FUZZ_CHECK(error.failure() == net::Failure::InvalidToken);
        }
    }
    return 0;
}
