// The Docker credential-helper protocol (docker-credential-ambient-oidc(1)), spoken when the
// program runs as docker-credential-ambient-oidc: one action in argv, the payload on stdin, the
// answer on stdout; every failure is exit 1 with a one-line message on stdout (details on stderr).
#pragma once

#include <functional>
#include <istream>
#include <ostream>
#include <string>

#include "config/settings.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "protocol/service_credential.hpp"
#include "provider/obtain.hpp"

namespace ambient_oidc::protocol {

// Gets a validated token for an audience.
using ObtainFn = std::function<provider::Obtained(const std::string& audience)>;

// The credential of a registry entry that names an exchange (docker-hub, jfrog), for the
// registry as configured (host[:port]).
using RegistryExchangeFn = std::function<ServiceCredential(const std::string& registry,
                                                           const config::RegistryEntry& entry)>;

// The text docker, go-containerregistry and containers/image recognise as "no credentials".
constexpr const char* kCredentialsNotFound = "credentials not found in native keychain";

// The text docker-credential-helpers' clients recognise as "no server URL was given"
// (IsCredentialsMissingServerURL).
constexpr const char* kMissingServerUrl = "no credentials server URL";

// The registry a server URL names (as config::registry_name has it: host in lower case, Docker
// Hub's names as docker.io), given as scheme://host[:port][/path] or host[:port][/path]; white
// space around it is ignored. Throws Error(Usage): kMissingServerUrl when there is none,
// otherwise a message that says what is wrong with it (never echoing it whole).
std::string registry_host(const std::string& server_url);

// The configured registry for a registry name: an entry for "host:port" first, else for "host".
const config::RegistryEntry* find_registry(const config::Settings& settings,
                                           const std::string& host);

// Reports a failure as the protocol wants it: the details on stderr (through log), the first
// line of the message on stdout. Returns 1, the exit code of every failure.
int report_docker_failure(const Error& error, std::ostream& out, Logger& log);

// Runs one action (get, store, erase, list, version) and returns the exit code. obtain (or, for
// an entry with an exchange, exchange) is called only by `get` for a configured registry; its
// Error is reported as the protocol says.
int run_docker(const std::string& action, const config::Settings& settings, std::istream& in,
               std::ostream& out, Logger& log, const ObtainFn& obtain,
               const RegistryExchangeFn& exchange);

}  // namespace ambient_oidc::protocol
