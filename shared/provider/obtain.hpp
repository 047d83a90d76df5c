// Getting a validated token: select the provider, serve it from the cache or fetch it under the
// run's deadline, validate it, cache it.
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

// Selects the provider from context.settings and returns a validated token for audience: a
// cached one that stays valid for at least min-validity (unless read_cache is false), else a
// fetched one, which is then cached. Registers the token with the logger as a secret. Throws
// Error, naming the provider.
Obtained obtain_token(const ProviderList& providers, FetchContext& context,
                      const std::string& audience, bool read_cache = true);

}  // namespace ambient_oidc::provider
