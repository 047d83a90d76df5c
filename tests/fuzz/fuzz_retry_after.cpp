// net::parse_retry_after and body_or_throw: the Retry-After header of a 408, 429 or 5xx response
// comes from the server. Input: the header's value.
#include <sstream>

#include "fuzz_common.hpp"
#include "net/failure.hpp"
#include "net/http_status.hpp"

namespace net = ambient_oidc::net;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view value = fuzz::text(data, size);
    for (const auto now : {fuzz::fixed_now(), std::chrono::system_clock::time_point()}) {
        if (const auto wait = net::parse_retry_after(value, now)) {
            FUZZ_CHECK(wait->count() >= 0);
        }
    }
    net::HttpResponse response;
    response.status = 503;
    response.reason = std::string(value);
    response.headers = {{"Retry-After", std::string(value)}};
    std::ostringstream sink;
    ambient_oidc::Logger log(sink);
    log.add_secret("secret");
    try {
        net::body_or_throw(response, fuzz::fixed_now(), log);
        FUZZ_CHECK(false);
    } catch (const net::AttemptError& error) {
        FUZZ_CHECK(error.failure() == net::Failure::Transient);
        FUZZ_CHECK(std::string_view(error.what()).find("secret") == std::string_view::npos);
        FUZZ_CHECK(!error.retry_after() || error.retry_after()->count() >= 0);
    }
    return 0;
}
