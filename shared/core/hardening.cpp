#include "core/hardening.hpp"

#include <sys/prctl.h>
#include <sys/resource.h>

#include <csignal>

namespace ambient_oidc::hardening {

namespace {

rlimit g_core_limit{};
bool g_core_saved = false;

// The signal state the process started with (plain data: it is recorded before any library's
// static initialisation, C++'s runtime included).
struct Inherited {
    sigset_t mask;
    sigset_t ignored;
    int subreaper;
    bool recorded;
};
Inherited g_inherited{};

const Inherited& inherited() {
    record_inherited_state();
    return g_inherited;
}

}  // namespace

void record_inherited_state() {
    if (g_inherited.recorded) {
        return;
    }
    sigprocmask(SIG_BLOCK, nullptr, &g_inherited.mask);
    sigemptyset(&g_inherited.ignored);
    for (int number = 1; number < NSIG; ++number) {
        struct sigaction action {};
        if (sigaction(number, nullptr, &action) == 0 && action.sa_handler == SIG_IGN) {
            sigaddset(&g_inherited.ignored, number);
        }
    }
    ::prctl(PR_GET_CHILD_SUBREAPER, &g_inherited.subreaper, 0, 0, 0);
    g_inherited.recorded = true;
}

void harden_process() {
    record_inherited_state();
    ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    if (::getrlimit(RLIMIT_CORE, &g_core_limit) == 0) {
        rlimit none = g_core_limit;
        none.rlim_cur = 0;
        ::setrlimit(RLIMIT_CORE, &none);
        g_core_saved = true;
    }
    std::signal(SIGXFSZ, SIG_IGN);
}

void restore_for_exec() {
    const Inherited& state = inherited();
    if (g_core_saved) {
        ::setrlimit(RLIMIT_CORE, &g_core_limit);
    }
    ::prctl(PR_SET_CHILD_SUBREAPER, state.subreaper, 0, 0, 0);
    // A write to a connection the server reset raises SIGPIPE, which stays pending while it is
    // blocked (Poco blocks it; a blocked signal is queued even when ignored): consumed here, or
    // the program would be killed by it the moment its inherited mask unblocks it.
    sigset_t pipe_only;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    sigset_t pending;
    const timespec no_wait{0, 0};
    while (sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1 &&
           sigtimedwait(&pipe_only, nullptr, &no_wait) == SIGPIPE) {
    }
    for (int number = 1; number < NSIG; ++number) {
        if (number != SIGKILL && number != SIGSTOP) {
            std::signal(number, sigismember(&state.ignored, number) ? SIG_IGN : SIG_DFL);
        }
    }
    sigprocmask(SIG_SETMASK, &state.mask, nullptr);
}

int inherit_signals(posix_spawnattr_t& attributes) {
    const Inherited& state = inherited();
    sigset_t defaults;
    sigfillset(&defaults);
    for (int number = 1; number < NSIG; ++number) {
        if (sigismember(&state.ignored, number)) {
            sigdelset(&defaults, number);
        }
    }
    short flags = 0;
    if (const int error = posix_spawnattr_getflags(&attributes, &flags); error != 0) {
        return error;
    }
    if (const int error = posix_spawnattr_setsigdefault(&attributes, &defaults); error != 0) {
        return error;
    }
    if (const int error = posix_spawnattr_setsigmask(&attributes, &state.mask); error != 0) {
        return error;
    }
    return posix_spawnattr_setflags(
        &attributes, static_cast<short>(flags | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK));
}

}  // namespace ambient_oidc::hardening
