// The ordered list of providers and selection by name.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "provider/provider.hpp"

namespace ambient_oidc::provider {

using ProviderList = std::vector<std::unique_ptr<Provider>>;

// Every provider, in the order `auto` tries them (ambient-oidc(1) PROVIDERS).
ProviderList all_providers();

// The provider called name, or nullptr.
const Provider* find_provider(const ProviderList& providers, std::string_view name);

// Every variable the program reads: the providers' (Provider::variables(), in the providers'
// order, each name once), then general_variables(). The man page's ENVIRONMENT section lists
// them in this order.
std::vector<Variable> documented_variables(const ProviderList& providers);

// True when name is one of documented_variables(providers) or fits one of its patterns.
bool is_documented_variable(const ProviderList& providers, std::string_view name);

// The provider a run would use: with "auto" the first present one, else the one named if it
// is present; nullptr when there is none (or the name is unknown).
const Provider* selected_provider(const ProviderList& providers, const std::string& name,
                                  const Environment& env, const config::Settings& settings);

// As selected_provider, but throws Error(Usage) for an unknown name and Error(NoCredential)
// when the chosen provider, or every one, is absent.
const Provider& select_provider(const ProviderList& providers, const std::string& name,
                                const Environment& env, const config::Settings& settings);

}  // namespace ambient_oidc::provider
