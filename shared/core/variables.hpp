// The environment variables the program reads. Each provider declares its own (provider/*.hpp,
// Provider::variables()); this file holds the type and the variables no provider owns (network,
// TLS, configuration, cache, the client protocols' requests). provider/registry.hpp joins both
// into the documented table that the man page's ENVIRONMENT section and the README are checked
// against, and that every name looked up at run time (Environment::looked_up) must match.
#pragma once

#include <string_view>
#include <vector>

namespace ambient_oidc {

struct Variable {
    // A name, or a pattern with one <PART> standing for a name made at run time
    // ("<AUD>_ID_TOKEN", "TFC_WORKLOAD_IDENTITY_TOKEN_<TAG>").
    const char* name;
    const char* used_by;  // a provider's name, "config", "network", "tls", "cache", or a command
    bool secret;          // its value is never printed: registered with the logger when read
    const char* meaning;
};

// The variables no provider owns, in the order the man page lists them (after the providers').
const std::vector<Variable>& general_variables();

// True when name is variable's name, or fits its pattern (a non-empty part in place of <PART>).
bool variable_matches(const Variable& variable, std::string_view name);

}  // namespace ambient_oidc
