// Tokens that are already on the machine: in a file or in a variable.
#pragma once

#include <string>

#include "core/environment.hpp"

namespace ambient_oidc::provider {

// Reads the token in a file: it must be a regular file of at most 64 KiB (read without
// blocking, so a FIFO or a device cannot hang the run). Throws Error(Rejected) naming the path
// when it cannot be read, Error(InvalidToken) when it is larger.
std::string read_token_file(const std::string& path, const std::string& what);

// The token in a variable, trimmed. Throws Error(NoCredential) when it is unset or empty.
std::string read_token_variable(const Environment& env, const std::string& variable);

}  // namespace ambient_oidc::provider
