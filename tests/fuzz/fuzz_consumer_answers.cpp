// The answers of the Docker Hub, JFrog, Vault, Microsoft Entra and octo-sts exchanges: each
// row's parse (a 2xx body) and refusal (a 400, 429 and 503 body), and Entra's AADSTS code and
// hint. Every failure of parse is an InvalidToken AttemptError; refusal words are one line.
// Input: an answer's body.
#include "core/error.hpp"
#include "exchange/azure.hpp"
#include "exchange/docker_hub.hpp"
#include "exchange/jfrog.hpp"
#include "exchange/octo_sts.hpp"
#include "exchange/vault.hpp"
#include "fuzz_common.hpp"
#include "token/jwt.hpp"

namespace exchange = ambient_oidc::exchange;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const exchange::DockerHub docker_hub;
    static const exchange::Jfrog jfrog;
    static const exchange::Vault vault;
    static const exchange::Azure azure;
    static const exchange::OctoSts octo_sts;
    static const std::vector<const exchange::Service*> services = {&docker_hub, &jfrog, &vault,
                                                                   &azure, &octo_sts};
    static const ambient_oidc::token::Jwt jwt = ambient_oidc::token::decode_jwt(
        "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm8vcjpyZWY6cmVmcy9oZWF"
        "kcy9tYWluIiwiaWF0IjoxNzk1ODY3MDAwLCJuYmYiOjE3OTU4NjcwMDAsImV4cCI6MTc5NTg2NzMwMH0.c2ln");
    const std::string body(fuzz::text(data, size));
    for (const exchange::Service* service : services) {
        try {
            const exchange::Credential credential = service->parse(body, fuzz::fixed_now());
            FUZZ_CHECK(!credential.secret.empty());
            if (credential.expires_at) {
                FUZZ_CHECK(*credential.expires_at > fuzz::fixed_now());
            }
        } catch (const ambient_oidc::net::AttemptError& error) {
            FUZZ_CHECK(error.failure() == ambient_oidc::net::Failure::InvalidToken);
        }
        for (const int status : {400, 429, 503}) {
            ambient_oidc::net::HttpResponse response;
            response.status = status;
            response.body = body;
            const exchange::Refusal refusal = service->refusal(response);
            FUZZ_CHECK(refusal.words.find('\n') == std::string::npos);
            FUZZ_CHECK(refusal.words.size() <= 400);
            if (status >= 500 || status == 429) {
                FUZZ_CHECK(refusal.failure == ambient_oidc::net::Failure::Transient);
            }
            const std::string hint = service->hint(response, jwt, fuzz::fixed_now());
            FUZZ_CHECK(hint.find('\n') == std::string::npos);
        }
    }
    (void)exchange::aadsts_code(body);
    return 0;
}
