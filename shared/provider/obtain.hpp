// Getting a validated token: select the provider, fetch under the run's deadline, validate.
#pragma once

#include <string>

#include "provider/provider.hpp"
#include "provider/registry.hpp"
#include "token/validate.hpp"

namespace ambient_oidc::provider {

struct Obtained {
    token::ValidToken token;
    std::string provider;
    std::string audience;
    bool cached = false;
};

// Selects the provider from context.settings, fetches and validates a token for audience, and
// registers it with the logger as a secret. Throws Error, naming the provider.
Obtained obtain_token(const ProviderList& providers, FetchContext& context,
                      const std::string& audience);

}  // namespace ambient_oidc::provider
