// Every exchange service's answers (exchange/): the credential of a 2xx answer, the audience
// PyPI names, and the refusal of a non-2xx answer in the service's words. Input: the body.
#include <chrono>

#include "exchange/answer.hpp"
#include "exchange/registry.hpp"
#include "fuzz_common.hpp"
#include "net/failure.hpp"

namespace exchange = ambient_oidc::exchange;
namespace net = ambient_oidc::net;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string body(fuzz::text(data, size));
    const std::string words = exchange::decode_error_body(body);
    FUZZ_CHECK(words.size() <= 400);
    FUZZ_CHECK(words.find('\n') == std::string::npos);
    exchange::error_codes(body);
    for (const auto& service : exchange::all_services()) {
        try {
            const exchange::Credential credential = service->parse(body, fuzz::fixed_now());
            FUZZ_CHECK(!credential.secret.empty());
        } catch (const net::AttemptError& error) {
            FUZZ_CHECK(error.failure() == net::Failure::InvalidToken);
        }
        try {
            FUZZ_CHECK(!service->parse_audience(body).empty());
        } catch (const net::AttemptError& error) {
            FUZZ_CHECK(error.failure() == net::Failure::InvalidToken);
        }
        for (const int status : {400, 404, 422, 503}) {
            net::HttpResponse response;
            response.status = status;
            response.body = body;
            const exchange::Refusal refusal = service->refusal(response);
            FUZZ_CHECK(status < 500 || refusal.failure == net::Failure::Transient);
            FUZZ_CHECK(refusal.words.find('\n') == std::string::npos);
        }
    }
    return 0;
}
