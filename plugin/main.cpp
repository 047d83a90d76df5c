// ambient-oidc: all logic lives in the library (shared/); this only hands it the process.
#include <iostream>
#include <string>
#include <vector>

#include "cli/app.hpp"

int main(int argc, char** argv) {
    return ambient_oidc::cli::run(
        argc > 0 ? argv[0] : "ambient-oidc", std::vector<std::string>(argv + 1, argv + argc),
        ambient_oidc::Environment::current(), std::cin, std::cout, std::cerr);
}
