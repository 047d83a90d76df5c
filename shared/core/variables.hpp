// Every environment variable the program reads, in one table: the man page's ENVIRONMENT
// section and the README are checked against it by tests, and so is every name the program
// looks up at run time (Environment::looked_up).
#pragma once

#include <string_view>
#include <vector>

namespace ambient_oidc {

struct Variable {
    const char* name;     // "<AUD>_ID_TOKEN" stands for a name made from the audience
    const char* used_by;  // a provider's name, or "config", "network", "tls"
    bool secret;          // its value is never printed
    const char* meaning;
};

// The table, in the order the man page lists it.
const std::vector<Variable>& documented_variables();

// True when name is in the table (a name ending in "_ID_TOKEN" matches "<AUD>_ID_TOKEN").
bool is_documented_variable(std::string_view name);

}  // namespace ambient_oidc
