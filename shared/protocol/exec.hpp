// `ambient-oidc exec`: run a command with the token in its environment, never on its argv; the
// command replaces this process, so its exit status and signals are its own.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/environment.hpp"
#include "token/id_token.hpp"

namespace ambient_oidc::protocol {

// True when name can be an environment variable's name: [A-Za-z_][A-Za-z0-9_]*.
bool valid_variable_name(const std::string& name);

// Replaces the process with command (command[0] resolved by find_program beforehand) and an
// environment of env plus variable=token. The command gets the signal mask, the signal
// dispositions and the core size limit this process inherited (hardening::restore_for_exec).
// Returns only by throwing Error when exec fails.
// Replaces the process with command, as exec_with_token does, with each of variables set
// (replacing any value env has for it).
[[noreturn]] void exec_with_variables(
    const std::string& path, const std::vector<std::string>& command,
    const std::vector<std::pair<std::string, std::string>>& variables, const Environment& env);

// Runs command as a child with each of variables set and waits for it, for a credential that is
// revoked once the command ends. SIGINT and SIGTERM that reach this process are passed on to
// the child. Returns the child's exit status, or 128 + the signal that ended it. Throws
// Error(CommandNotFound) when it cannot be started.
int run_with_variables(const std::string& path, const std::vector<std::string>& command,
                       const std::vector<std::pair<std::string, std::string>>& variables,
                       const Environment& env);

[[noreturn]] void exec_with_token(const std::string& path, const std::vector<std::string>& command,
                                  const std::string& variable, const token::IdToken& token,
                                  const Environment& env);

}  // namespace ambient_oidc::protocol
