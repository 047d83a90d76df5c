// The Vault/OpenBao CLI token-helper protocol (vault-token-helper-ambient-oidc(1)), spoken when
// the program runs as vault-token-helper-ambient-oidc: one action in argv (get, store, erase);
// `get` prints a Vault token and one newline; a failure is the exit code of ambient-oidc(1)
// with the message on stderr and nothing on stdout.
#pragma once

#include <functional>
#include <istream>
#include <ostream>
#include <string>

#include "core/log.hpp"
#include "protocol/service_credential.hpp"

namespace ambient_oidc::protocol {

// What `get` says on stderr when no role is configured (its stdout stays empty, exit 0: the
// CLI then acts as unauthenticated).
constexpr const char* kNoVaultRole =
    "no Vault role configured: set exchanges.vault.role (and audience) in the configuration, "
    "or AMBIENT_OIDC_VAULT_ROLE and AMBIENT_OIDC_VAULT_AUDIENCE";

// The Vault token for the configured role (from the cache while it stays valid, else a new
// `vault` exchange); and forgetting the cached one.
using VaultTokenFn = std::function<ServiceCredential()>;
using VaultEraseFn = std::function<void()>;

// Runs one action and returns the exit code; throws Error. role_configured: a role is set (in
// the configuration or the environment); without one, `get` prints nothing.
int run_vault(const std::string& action, bool role_configured, std::istream& in, std::ostream& out,
              Logger& log, const VaultTokenFn& get_token, const VaultEraseFn& erase);

}  // namespace ambient_oidc::protocol
