// git's credential-helper protocol (git-credential-ambient-oidc(1)), spoken when the program
// runs as git-credential-ambient-oidc: one action in argv, `key=value` lines up to a blank line
// on stdin, the credential as `key=value` lines on stdout; a failure is the exit code of
// ambient-oidc(1) with the message on stderr and nothing on stdout.
#pragma once

#include <functional>
#include <istream>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "config/settings.hpp"
#include "core/log.hpp"
#include "protocol/service_credential.hpp"

namespace ambient_oidc::protocol {

// What git wrote: the attributes (protocol, host, path, ...; the last value of a repeated key)
// and the capabilities it announced (capability[]).
struct GitRequest {
    std::vector<std::pair<std::string, std::string>> attributes;
    std::vector<std::string> capabilities;

    // The attribute's value, empty when git did not send it.
    std::string get(const std::string& key) const;
    bool has_capability(const std::string& name) const;
};

// Parses git's input: `key=value` lines (LF or CRLF) up to a blank line or the end; a value may
// hold '='. Throws Error(Usage) for a line without '=', an empty key, a NUL byte or more than
// 64 KiB, naming the line by its number and key, never echoing a value (git sends passwords to
// store and erase).
GitRequest parse_git_request(std::string_view text);

// The entry of the `git` section for host as git sends it: "host:port" first, then "host".
// nullptr when neither is configured. Throws Error(Usage) when host is not a host name.
const config::GitEntry* find_git_host(const config::Settings& settings, const std::string& host);

// The answer to `get`: username, password and password_expiry_utc; or, when git announced the
// authtype capability, capability[]=authtype, authtype=Bearer, credential and ephemeral=true.
void write_git_credential(std::ostream& out, const std::string& username,
                          const ServiceCredential& credential, bool authtype);

// Trades the token for the credential of a configured host (its exchange); called by `get`.
using GitExchangeFn =
    std::function<ServiceCredential(const std::string& host, const config::GitEntry& entry)>;
// Forgets the cached credential of a configured host; called by `erase`.
using GitEraseFn = std::function<void(const std::string& host, const config::GitEntry& entry)>;

// Runs one action (get, store, erase) and returns the exit code (0); throws Error.
int run_git(const std::string& action, const config::Settings& settings, std::istream& in,
            std::ostream& out, Logger& log, const GitExchangeFn& exchange, const GitEraseFn& erase);

}  // namespace ambient_oidc::protocol
