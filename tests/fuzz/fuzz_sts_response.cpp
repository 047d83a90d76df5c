// STS's answers to AssumeRoleWithWebIdentity, read with Poco's XML parser: the credentials of a
// 2xx answer, and the classification of an error answer. Input: the body.
#include <chrono>
#include <sstream>

#include "core/log.hpp"
#include "fuzz_common.hpp"
#include "net/failure.hpp"
#include "net/sts.hpp"

namespace net = ambient_oidc::net;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string body(fuzz::text(data, size));
    try {
        const net::AwsCredentials credentials = net::parse_sts_credentials(body);
        FUZZ_CHECK(!credentials.access_key_id.empty());
        FUZZ_CHECK(!credentials.secret_access_key.empty());
        FUZZ_CHECK(!credentials.session_token.empty());
    } catch (const net::AttemptError& error) {
        FUZZ_CHECK(error.failure() == net::Failure::InvalidToken);
    }
    std::ostringstream sink;
    ambient_oidc::Logger log(sink);
    for (const int status : {400, 403, 503}) {
        net::HttpResponse response;
        response.status = status;
        response.reason = "Bad Request";
        response.body = body;
        try {
            net::throw_sts_error(response, fuzz::fixed_now(), log);
        } catch (const net::AttemptError& error) {
            // 5xx is always retried; a 4xx is retried only for STS's throttling codes.
            FUZZ_CHECK(status < 500 || error.failure() == net::Failure::Transient);
            FUZZ_CHECK(error.failure() == net::Failure::Transient ||
                       error.failure() == net::Failure::Rejected);
            FUZZ_CHECK(std::string(error.what()).find('\n') == std::string::npos);
        }
    }
    return 0;
}
