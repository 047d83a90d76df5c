// What the process does at start so that its secrets stay in it, and undoes for a program it
// execs in its place.
#pragma once

namespace ambient_oidc::hardening {

// Before any secret is in memory: no core dump can hold the token (the process is made
// non-dumpable, which also keeps other users' debuggers out, and its soft RLIMIT_CORE is 0, as
// ssh-agent and gpg-agent do), and SIGXFSZ is ignored, so that a write over `ulimit -f` fails
// with EFBIG, and the half-written temporary file is removed, instead of killing the process.
void harden_process();

// For a program about to replace this one (exec): the soft RLIMIT_CORE and SIGXFSZ as they
// were before harden_process().
void restore_for_exec();

}  // namespace ambient_oidc::hardening
