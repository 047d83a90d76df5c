// The Bazel / EngFlow credential-helper protocol (ambient-oidc(1) COMMANDS, get): `ambient-oidc
// get` reads
// {"uri": ...} on stdin and prints the request headers for it.
#pragma once

#include <istream>
#include <optional>
#include <ostream>
#include <string>

#include "config/settings.hpp"
#include "protocol/docker.hpp"

namespace ambient_oidc::protocol {

// The configured entry that covers uri, the one with the longest path if several do: the same
// scheme, host (case-insensitively) and port, and a path on a segment boundary (see
// net::is_under). A uri with user information, or without a host, matches nothing.
const config::UriEntry* find_uri(const config::Settings& settings, const std::string& uri);

// Answers one request: {"headers":{"Authorization":["Bearer <token>"]},"expires":"<exp>"} for a
// configured URI (audience: the entry's, else the `audience` setting), {} otherwise. Throws
// Error(Usage) for input that is not a JSON object with a "uri" string, and obtain's Error.
void run_bazel_get(const config::Settings& settings, std::istream& in, std::ostream& out,
                   const ObtainFn& obtain);

}  // namespace ambient_oidc::protocol
