#include "core/hardening.hpp"

#include <sys/prctl.h>
#include <sys/resource.h>

#include <csignal>

namespace ambient_oidc::hardening {

namespace {

rlimit g_core_limit{};
bool g_hardened = false;

}  // namespace

void harden_process() {
    ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    if (::getrlimit(RLIMIT_CORE, &g_core_limit) == 0) {
        rlimit none = g_core_limit;
        none.rlim_cur = 0;
        ::setrlimit(RLIMIT_CORE, &none);
        g_hardened = true;
    }
    std::signal(SIGXFSZ, SIG_IGN);
}

void restore_for_exec() {
    if (g_hardened) {
        ::setrlimit(RLIMIT_CORE, &g_core_limit);
    }
    std::signal(SIGXFSZ, SIG_DFL);
}

}  // namespace ambient_oidc::hardening
