// Running a provider's CLI (buildkite-agent, circleci) without a shell, under the attempt's
// deadline, with its output capped.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/environment.hpp"

namespace ambient_oidc::provider {

// Runs argv (argv[0] an absolute path) with env as its environment and /dev/null as stdin, and
// returns its stdout when it exits 0: what it wrote before it exited (a process it left in the
// background holding stdout open is not waited for). The child runs in a process group of its
// own, which is killed when the run ends (whatever it started in the background included); the
// child is killed by its pid as well (it may have left the group) when the deadline passes or
// SIGINT/SIGTERM arrives, and the run returns then even if it cannot be killed (a setuid helper
// that changed its uid): a thread reaps it whenever it ends. Throws net::AttemptError:
// Transient for a non-zero exit, a death by signal or the deadline (with the first line of its
// stderr); Interrupted for a signal; InvalidToken when stdout exceeds max_output bytes.
std::string run_command(const std::vector<std::string>& argv, const Environment& env,
                        SteadyTime deadline, std::size_t max_output);

}  // namespace ambient_oidc::provider
