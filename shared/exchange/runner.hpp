// The one runner every exchange goes through (ambient-oidc(1) EXCHANGES). It owns the rules that
// are the same for every service:
// - the options are checked (Service::plan) before any token is fetched;
// - the §3 retry classes and schedule (provider::Run, net::retry), plus the service's own
//   transient answers (Service::refusal);
// - a token per attempt: when the provider mints tokens (Provider::mints), every attempt fetches
//   a fresh one, never from the cache, because services accept a token once (PyPI refuses a
//   reused jti); a fixed token (a variable or a file) is sent again, and a refusal as reused is
//   explained (an earlier attempt may have succeeded with its answer lost: re-run the job);
// - a refusal is exit 6 with the service's words on one line, masked, plus the token's claims
//   the service matches against (sub, repository, job_workflow_ref, environment, ref);
// - the credential is registered with the logger as a secret as soon as it is read;
// - revocation, where the service has it, in a run of its own (a command may have outlasted the
//   exchange's deadline).
//
// AWS STS (aws-credential-process, net/sts) stays outside: its answer is three values (key id,
// secret key, session token) written in the credential_process format, STS accepts a token more
// than once (so a fresh token per attempt buys nothing), it revokes nothing and sets no exec
// variables; on this layer it would need a multi-part credential for one user, while it already
// shares the same retry loop and HTTP client through provider::Run.
#pragma once

#include <string>

#include "core/clock.hpp"
#include "core/log.hpp"
#include "exchange/service.hpp"

namespace ambient_oidc::exchange {

struct Exchanged {
    Credential credential;
    std::string provider;  // the token's provider
    std::string audience;
};

class Runner {
  public:
    // Checks the flags (check_flags) and the service's options (Service::plan) and applies
    // --audience or the entry's `audience`. Throws Error(Usage); fetches nothing.
    Runner(const Service& service, const Inputs& inputs, Logger& log, Clock& clock);

    // One exchange in a run of its own (its deadline the configured timeout from now): the
    // audience when the service names it, then the trade under the retry loop. Throws Error.
    Exchanged exchange();

    // True when the service can revoke credential.
    bool can_revoke(const Credential& credential) const;
    // Revokes credential in a run of its own; a service that cannot revoke is a no-op. An answer
    // of 404 (already gone) counts as revoked. Throws Error.
    void revoke(const Credential& credential);

    const Service& service() const { return service_; }
    const Plan& plan() const { return plan_; }

  private:
    const Service& service_;
    const Inputs& inputs_;
    Logger& log_;
    Clock& clock_;
    Plan plan_;
};

}  // namespace ambient_oidc::exchange
