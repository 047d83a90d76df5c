// `ambient-oidc write [--refresh]`: the token in the file cosign's `filesystem` provider reads,
// kept fresh by a long-running process when asked.
#pragma once

#include <functional>
#include <string>

#include "core/clock.hpp"
#include "core/log.hpp"
#include "net/retry.hpp"
#include "provider/obtain.hpp"

namespace ambient_oidc::protocol {

constexpr const char* kCosignTokenPath = "/var/run/sigstore/cosign/oidc-token";

// Writes token to path atomically, mode 0600, without a newline, creating missing parent
// directories (mode 0755). Throws Error when it cannot, or when a symbolic link or a directory
// on the way belongs to another user (refuse_foreign_links).
void write_token_file(const std::string& path, const token::IdToken& token);

// The least time between a token's issue and its refresh when its lifetime is no longer than
// min-validity: the IdP is not asked every second.
constexpr Millis kRefreshFloor{5'000};

// When a token issued at `issued` and expiring at `expires` is due for a refresh: once less
// than a third of its lifetime, and at least min_validity, remains. A token that lives no
// longer than min_validity (due at once by that rule) is due once a third of its lifetime
// remains, and not before kRefreshFloor after its issue.
WallTime refresh_time(WallTime issued, WallTime expires, Millis min_validity);

// Writes first to path, then until SIGINT or SIGTERM sleeps until the token is due, fetches a
// new one and writes it. A failed fetch or write keeps the previous file and is retried after
// backoff.base_delay(1), (2), ... Warns once when the tokens live no longer than min_validity
// (see refresh_time). Returns 0 when a signal ends it.
int refresh_loop(const std::string& path, provider::Obtained first,
                 const std::function<provider::Obtained()>& fetch, Clock& clock, Logger& log,
                 const net::RetryPolicy& backoff, Millis min_validity);

}  // namespace ambient_oidc::protocol
