// What the process does at start so that its secrets stay in it, and undoes for the programs it
// starts (ambient-oidc(1) SECURITY): they get the process state this one inherited.
#pragma once

#include <spawn.h>

namespace ambient_oidc::hardening {

// Records the signal mask, the ignored signals and the child-subreaper attribute the process
// started with: what the programs it starts get back. It must run before anything changes them,
// and Poco's Foundation library blocks SIGPIPE in its static initialisation, before main: the
// program calls it from .preinit_array (plugin/main.cpp); later calls do nothing. Else (a test
// linking the library) the state is recorded at the first use.
void record_inherited_state();

// Before any secret is in memory (record_inherited_state() first, if nothing called it): makes
// sure no core dump can hold the token (the process is made non-dumpable, which also keeps other
// users' debuggers out, and its soft RLIMIT_CORE is 0, as ssh-agent and gpg-agent do), and ignores
// SIGXFSZ, so that a write over `ulimit -f` fails with EFBIG, and the half-written temporary
// file is removed, instead of killing the process.
void harden_process();

// For a program about to replace this one (exec): the soft RLIMIT_CORE, the child-subreaper
// attribute, every signal's disposition (ignored or default) and the signal mask as the process
// inherited them.
void restore_for_exec();

// For a program posix_spawn starts: attributes that give it the ignored signals and the signal
// mask this process inherited (every other signal at its default), whatever this process caught,
// ignored or blocked since; adds POSIX_SPAWN_SETSIGDEF and POSIX_SPAWN_SETSIGMASK to the flags
// already set. Returns posix_spawnattr's error number, 0 on success.
int inherit_signals(posix_spawnattr_t& attributes);

}  // namespace ambient_oidc::hardening
