// `ambient-oidc exec`: run a command with the token in its environment, never on its argv; the
// command replaces this process, so its exit status and signals are its own.
#pragma once

#include <string>
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
[[noreturn]] void exec_with_token(const std::string& path, const std::vector<std::string>& command,
                                  const std::string& variable, const token::IdToken& token,
                                  const Environment& env);

}  // namespace ambient_oidc::protocol
