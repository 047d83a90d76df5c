// ambient-oidc: all logic lives in the library (shared/); this only hardens the process and
// hands it to the library.
#include <iostream>
#include <string>
#include <vector>

#include "cli/app.hpp"
#include "core/hardening.hpp"

namespace {

// Runs before every library's static initialisation (Poco's Foundation blocks SIGPIPE in its
// own): the signal state the caller handed down, which exec's command and a provider's CLI get
// back (ambient-oidc(1) SECURITY).
void record_at_load(int, char**, char**) {
    ambient_oidc::hardening::record_inherited_state();
}
__attribute__((section(".preinit_array"), used)) void (*g_record_at_load)(int, char**,
                                                                          char**) = record_at_load;

}  // namespace

int main(int argc, char** argv) {
    ambient_oidc::hardening::harden_process();
    return ambient_oidc::cli::run(
        argc > 0 ? argv[0] : "ambient-oidc", std::vector<std::string>(argv + 1, argv + argc),
        ambient_oidc::Environment::current(), std::cin, std::cout, std::cerr);
}
