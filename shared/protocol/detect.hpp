// `ambient-oidc detect`: every provider, whether its environment is present, what would make
// an absent one present, and which one the run would use. Fetches nothing.
#pragma once

#include <ostream>

#include "provider/registry.hpp"

namespace ambient_oidc::protocol {

// Writes the report; returns true when a provider would be used. Text: one line per provider
// ("NAME  present" or "NAME  absent: needs ..."), then "selected: NAME" or "selected: none".
// JSON: {"selected": NAME or null, "providers": [{"name","present","needs"}, ...]}.
bool write_detection(const provider::ProviderList& providers, const Environment& env,
                     const config::Settings& settings, bool json, std::ostream& out);

}  // namespace ambient_oidc::protocol
