#include "provider/registry.hpp"

#include "core/error.hpp"
#include "provider/github_actions.hpp"

namespace ambient_oidc::provider {

ProviderList all_providers() {
    // CI systems first: their variables are set by the system for this job alone, so they
    // are the most specific identity. Generic sources (files, variables) come last because
    // they may be left over from an image or another tool.
    ProviderList list;
    list.push_back(std::make_unique<GithubActions>());
    return list;
}

const Provider& select_provider(const ProviderList& providers, const std::string& name,
                                const Environment& env) {
    if (name == "auto") {
        std::string checked;
        for (const auto& provider : providers) {
            if (provider->detect(env)) {
                return *provider;
            }
            checked += "\n  " + provider->name() + ": needs " + provider->requirement();
        }
        throw Error(ErrorKind::NoCredential,
                    "no ambient OIDC credential found in this environment; checked:" + checked);
    }
    std::string known;
    for (const auto& provider : providers) {
        if (provider->name() == name) {
            if (!provider->detect(env)) {
                throw Error(ErrorKind::NoCredential, "provider " + name +
                                                         " is not available here: it needs " +
                                                         provider->requirement());
            }
            return *provider;
        }
        known += ", " + provider->name();
    }
    throw Error(ErrorKind::Usage, "unknown provider '" + name + "'; known providers: auto" + known);
}

}  // namespace ambient_oidc::provider
