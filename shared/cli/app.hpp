// The program: parses the command line, merges the configuration, runs one command, and maps
// every error to its exit code in one place (CONTRACT §4).
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "core/environment.hpp"

namespace ambient_oidc::cli {

// Runs the program. args excludes argv[0]. Diagnostics go to err, results to out. Returns the
// exit code.
int run(const std::vector<std::string>& args, const Environment& env, std::istream& in,
        std::ostream& out, std::ostream& err);

}  // namespace ambient_oidc::cli
