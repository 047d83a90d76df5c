// cargo's credential-provider protocol (ambient-oidc(1) CARGO): cargo runs
// `ambient-oidc cargo-credential --cargo-plugin` and speaks JSON, one message a line. The
// provider says hello ({"v":[1]}); cargo sends `get` (for publish, yank, ...), `login` and
// `logout` requests and closes stdin when it is done. A `get` for a registry served here is
// answered with a crates.io trusted-publishing token, for every operation: `read` as well, which
// cargo asks for first when it publishes (cargo 1.95 stops with "no token found" on not-found)
// and then uses for the upload too, as the token is operation-independent. Tokens are minted
// through the exchange layer; every
// failure is an {"Err":...} line, and the process goes on answering. The tokens minted are
// revoked at logout and after cargo has ended. This module never sees HTTP: it calls mint and
// revoke.
#pragma once

#include <functional>
#include <istream>
#include <optional>
#include <ostream>
#include <string>

#include "config/settings.hpp"
#include "core/clock.hpp"
#include "core/log.hpp"

namespace ambient_oidc::protocol {

// The longest request line read; a longer one is answered with an error and skipped.
constexpr std::size_t kMaxCargoLine = 64 * 1024;

struct CargoRequest {
    std::string kind;       // "get", "login", "logout", or what cargo sent
    std::string operation;  // for get: "read", "publish", "yank", "unyank", "owners", ...
    std::string index_url;  // registry.index-url
};

// Reads one request line. Throws std::invalid_argument saying what is wrong: not a JSON object,
// no "v":1, no "kind", no registry.index-url.
CargoRequest parse_cargo_request(const std::string& line);

// A registry this program serves: crates.io (its git or sparse index), or one of the
// configuration's cargo.registries.
struct CargoTarget {
    std::string api;       // its API URL
    std::string audience;  // "" : crates.io's
};

// The target for index_url, compared without a "sparse+" prefix and trailing slashes; nullopt
// for a registry not served here.
std::optional<CargoTarget> cargo_target(const std::string& index_url,
                                        const config::Settings& settings);

struct CargoToken {
    std::string token;
    WallTime expires_at;
};

// Mints a token for the target (the crates-io exchange). Throws Error.
using CargoMintFn = std::function<CargoToken(const CargoTarget&)>;
// Revokes a token minted for the target. Throws Error.
using CargoRevokeFn = std::function<void(const CargoTarget&, const std::string& token)>;

// Runs work once the caller (cargo) has ended, or at until; returns false when it cannot, and
// then the tokens are revoked at once (core/after_caller.hpp).
using CargoDeferFn = std::function<bool(const std::function<void()>& work, WallTime until)>;

// The whole protocol on in and out, until in ends. Then the tokens still live are revoked once
// cargo has ended (defer): cargo closes stdin after each answer but goes on using the token it
// caches.
// min_validity shortens the expiration cargo is told, so that it asks again in time. Failures
// are written as {"Err":{"kind":"other",...}} lines and logged (masked); revocations that fail
// are logged. Returns 0.
int run_cargo_credential(std::istream& in, std::ostream& out, const config::Settings& settings,
                         const CargoMintFn& mint, const CargoRevokeFn& revoke,
                         const CargoDeferFn& defer, Clock& clock, Logger& log);

}  // namespace ambient_oidc::protocol
