// The program: parses the command line, merges the configuration, runs one command, and maps
// every error to its exit code in one place (ambient-oidc(1) EXIT STATUS).
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "core/environment.hpp"

namespace ambient_oidc::cli {

// Runs the program. program is argv[0] (invoked as docker-credential-ambient-oidc, it speaks
// the Docker credential-helper protocol); args are the rest. Diagnostics go to err, results to
// out. Returns the exit code.
int run(const std::string& program, const std::vector<std::string>& args, const Environment& env,
        std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace ambient_oidc::cli
