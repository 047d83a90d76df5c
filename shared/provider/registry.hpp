// The ordered list of providers and selection by name.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "provider/provider.hpp"

namespace ambient_oidc::provider {

using ProviderList = std::vector<std::unique_ptr<Provider>>;

// Every provider, in the order `auto` tries them (ambient-oidc(1) PROVIDERS).
ProviderList all_providers();

// The provider a run would use: with "auto" the first present one, else the one named if it
// is present; nullptr when there is none (or the name is unknown).
const Provider* selected_provider(const ProviderList& providers, const std::string& name,
                                  const Environment& env, const config::Settings& settings);

// As selected_provider, but throws Error(Usage) for an unknown name and Error(NoCredential)
// when the chosen provider, or every one, is absent.
const Provider& select_provider(const ProviderList& providers, const std::string& name,
                                const Environment& env, const config::Settings& settings);

}  // namespace ambient_oidc::provider
