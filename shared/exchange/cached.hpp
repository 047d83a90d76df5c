// The credentials that consumers ask for again and again (the Docker helper, the Vault token
// helper, git) through the cache of ambient-oidc(1) CACHE: one entry per service, its
// parameters (the plan: URL, audience, options) and the job's credential context, used while it
// stays valid for min-validity. A credential whose expiry is unknown, or a token source that
// cannot tell jobs apart (a variable or a file), is not cached.
#pragma once

#include "core/clock.hpp"
#include "core/log.hpp"
#include "exchange/runner.hpp"

namespace ambient_oidc::exchange {

// The cached credential while it stays valid for min-validity, else runner.exchange() (stored
// for the next call). Concurrent calls wait on the entry's lock: one exchange for all of them.
Credential cached_exchange(Runner& runner, const Inputs& inputs, Logger& log, Clock& clock);

// Drops the cached credential of runner's plan, if any (it is not revoked).
void forget_cached(const Runner& runner, const Inputs& inputs, Logger& log, Clock& clock);

}  // namespace ambient_oidc::exchange
