// What the credential-helper targets need besides their input: settings with a few entries and
// an obtain function that returns one fixed, valid token without any provider or network.
#pragma once

#include <string>

#include "fuzz_common.hpp"
#include "protocol/docker.hpp"
#include "provider/obtain.hpp"
#include "token/validate.hpp"

namespace fuzz {

inline ambient_oidc::protocol::ObtainFn fixed_token_obtain() {
    static const ambient_oidc::token::ValidToken valid = ambient_oidc::token::validate_token(
        base64url_encode(R"({"alg":"RS256","typ":"JWT"})") + "." +
            base64url_encode(R"({"aud":"sigstore","exp":1795870800,"sub":"fuzz"})") + "." +
            base64url_encode("signature"),
        "sigstore", fixed_now());
    return [](const std::string& audience) {
        FUZZ_CHECK(!audience.empty());
        return ambient_oidc::provider::Obtained{valid, "fuzz", audience, true};
    };
}

}  // namespace fuzz
