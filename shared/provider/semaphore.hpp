// Semaphore: every job gets its ID token in SEMAPHORE_OIDC_TOKEN, and SEMAPHORE=true.
#pragma once

#include "provider/variable_token.hpp"

namespace ambient_oidc::provider {

class Semaphore : public VariableToken {
  public:
    static constexpr Variable kToken{"SEMAPHORE_OIDC_TOKEN", "semaphore", true,
                                     "the job's ID token"};
    static constexpr Variable kMarker{"SEMAPHORE", "semaphore", false, "true in Semaphore jobs"};
    Semaphore()
        : VariableToken(
              "semaphore", kToken,
              "Semaphore issues the token for the organization's URL, "
              "https://<organization>.semaphoreci.com",
              kMarker,
              "Semaphore gave this job no ID token (OpenID Connect must be available to "
              "the organization); to use another identity here, name it with --provider") {}
};

}  // namespace ambient_oidc::provider
