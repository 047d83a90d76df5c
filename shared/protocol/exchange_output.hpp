// `ambient-oidc exchange SERVICE`: hands the service's credential over on stdout, in a file, or
// as JSON (ambient-oidc(1) EXCHANGES).
#pragma once

#include <ostream>
#include <string>

#include "exchange/runner.hpp"
#include "protocol/token_output.hpp"

namespace ambient_oidc::protocol {

// stdout: the credential and one newline. output_file: the credential written atomically, mode
// 0600, no newline, nothing printed. json: {"service","credential","expires_at" (when known),
// "provider"}; with output_file as well, without "credential". Throws Error for a failed write.
void write_credential(const exchange::Exchanged& exchanged, const std::string& service,
                      const TokenOutput& options, std::ostream& out);

}  // namespace ambient_oidc::protocol
