#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ambient_oidc::test {

struct ProcessResult {
    int exit_code = -1;   // the exit status, or -1 when the process was killed by a signal
    int term_signal = 0;  // the signal that killed the process, or 0
    std::string out, err;
    std::chrono::milliseconds elapsed{0};
    bool timed_out = false;  // the process was SIGKILLed for exceeding the timeout
};

struct ProcessOptions {
    std::vector<std::string> argv;           // argv[0] is the path to execute (no PATH search)
    std::map<std::string, std::string> env;  // the child's whole environment: nothing is inherited
    std::string stdin_data;                  // written to the child's stdin, then stdin is closed
    // The child is SIGKILLed after this (timed_out = true).
    std::chrono::milliseconds timeout{60000};
    // When set, {delay, signal}: the signal is sent to the child after the delay.
    std::optional<std::pair<std::chrono::milliseconds, int>> signal_after;
    // Signals the child starts with blocked (as a caller may hand them down).
    std::vector<int> blocked_signals;
};

// Runs a child with options.argv and options.env, feeding stdin and collecting stdout and stderr
// through pipes, and waits for it to exit. The child starts with default signal dispositions and a
// signal mask of options.blocked_signals (none by default). Throws std::system_error when it cannot
// be started (e.g. argv[0] not found) and std::invalid_argument when argv is empty.
ProcessResult run_process(const ProcessOptions& options);

}  // namespace ambient_oidc::test
