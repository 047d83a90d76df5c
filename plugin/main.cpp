// ambient-oidc: all logic lives in the library (shared/); this only hardens the process and
// hands it to the library.
#include <iostream>
#include <string>
#include <vector>

#include "cli/app.hpp"
#include "core/hardening.hpp"

int main(int argc, char** argv) {
    ambient_oidc::hardening::harden_process();
    return ambient_oidc::cli::run(
        argc > 0 ? argv[0] : "ambient-oidc", std::vector<std::string>(argv + 1, argv + argc),
        ambient_oidc::Environment::current(), std::cin, std::cout, std::cerr);
}
