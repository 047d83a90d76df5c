// Work done once the process that started this one has ended: cargo runs its credential provider
// once per request, closes its stdin after the answer and goes on using the token it caches, so
// the token can only be revoked after cargo itself has ended.
#pragma once

#include <functional>

#include "core/clock.hpp"

namespace ambient_oidc {

// Starts a detached process (its own session; stdin, stdout and stderr on /dev/null, so that no
// one waits for them) that waits until this process's parent has ended, or until `until` has
// passed, then runs work and exits. Returns false, running nothing, when that process cannot be
// started.
bool run_after_caller_ends(const std::function<void()>& work, WallTime until);

}  // namespace ambient_oidc
