#include "exchange/runner.hpp"

#include <Poco/JSON/Object.h>

#include <algorithm>

#include "core/error.hpp"
#include "core/text.hpp"
#include "exchange/answer.hpp"
#include "exchange/registry.hpp"
#include "net/http_status.hpp"
#include "provider/registry.hpp"
#include "provider/run.hpp"

namespace ambient_oidc::exchange {

namespace {

using net::AttemptError;
using net::Failure;

bool success(int status) {
    return status >= 200 && status < 300;
}

// "; the token's claims: sub=..., repository=..." for the claims a service matches against.
std::string claims_hint(const token::Jwt& jwt, const Logger& log) {
    std::string listed;
    for (const char* claim : {"sub", "repository", "job_workflow_ref", "environment", "ref"}) {
        const Poco::Dynamic::Var value = jwt.claims->get(claim);
        if (value.isString()) {
            listed += (listed.empty() ? "" : ", ") + std::string(claim) + "=" +
                      printable(log.redact(value.toString()), 200);
        }
    }
    return listed.empty() ? "" : "; the token's claims: " + listed;
}

std::optional<Millis> retry_after(const net::HttpResponse& response, WallTime now) {
    if (const auto header = response.header("Retry-After")) {
        return net::parse_retry_after(*header, now);
    }
    return std::nullopt;
}

}  // namespace

Runner::Runner(const Service& service, const Inputs& inputs, Logger& log, Clock& clock)
    : service_(service), inputs_(inputs), log_(log), clock_(clock) {
    check_flags(service, inputs.flags());
    plan_ = service.plan(inputs);
    if (const auto audience = inputs.get("audience")) {
        if (audience->size() > 1024) {
            throw Error(ErrorKind::Usage,
                        inputs.where("audience") + ": is longer than 1024 characters");
        }
        plan_.audience = *audience;
    }
}

bool Runner::can_revoke(const Credential& credential) const {
    return service_.revocation(plan_, credential).has_value();
}

Exchanged Runner::exchange() {
    const config::Settings& settings = inputs_.settings();
    provider::Run run(settings, inputs_.env(), log_, clock_);
    const std::string title = service_.title();
    const provider::ProviderList providers = provider::all_providers();
    const provider::Provider& source =
        provider::select_provider(providers, settings.provider, inputs_.env(), settings);
    // The provider first: no credential here is exit 3 before anything is sent.
    if (plan_.audience.empty()) {
        if (const auto request = service_.audience_request(plan_)) {
            log_.debug(service_.name() + ": " + request->method + " " + request->url.str());
            plan_.audience = run.with_retry(service_.name(), [&](SteadyTime deadline) {
                const net::HttpResponse response = run.http().send(*request, deadline, kMaxAnswer);
                if (!success(response.status)) {
                    const Refusal refusal = service_.refusal(response);
                    throw AttemptError(
                        refusal.failure,
                        title + " did not say which audience it takes (" +
                            net::describe_status(response.status, response.reason, log_) +
                            (refusal.words.empty()
                                 ? ""
                                 : "): " + printable(log_.redact(refusal.words), 400)),
                        retry_after(response, clock_.wall_now()));
                }
                return service_.parse_audience(response.body);
            });
            log_.info(service_.name() + ": the audience is " + plan_.audience);
        }
    }
    const bool mints = source.mints();
    std::optional<provider::Obtained> fixed;
    if (!mints) {
        fixed = run.obtain(plan_.audience);
    }
    int attempt = 0;
    return run.with_retry(service_.name(), [&](SteadyTime) {
        ++attempt;
        // A fresh token for each attempt from a source that mints them: the service may have
        // taken the last one even if its answer was lost.
        const provider::Obtained obtained = mints ? run.obtain(plan_.audience, false) : *fixed;
        // The attempt's time for the trade starts once the token is there.
        const SteadyTime deadline =
            std::min(clock_.now() + settings.retry.attempt_timeout, run.deadline());
        const net::HttpRequest request = service_.request(plan_, obtained.token.token.reveal());
        log_.debug(service_.name() + ": " + request.method + " " + request.url.str());
        const net::HttpResponse response = run.http().send(request, deadline, kMaxAnswer);
        if (success(response.status)) {
            Exchanged exchanged{service_.parse(response.body, clock_.wall_now()), obtained.provider,
                                plan_.audience};
            log_.add_secret(exchanged.credential.secret);
            return exchanged;
        }
        const Refusal refusal = service_.refusal(response);
        const std::string status = net::describe_status(response.status, response.reason, log_);
        const std::string words =
            refusal.words.empty() ? "" : ": " + printable(log_.redact(refusal.words), 400);
        if (refusal.failure == Failure::Transient) {
            throw AttemptError(Failure::Transient, title + " answered " + status + words,
                               retry_after(response, clock_.wall_now()));
        }
        const std::string what = plan_.value("what");
        std::string message = title + " refused the token" + (what.empty() ? "" : " for " + what) +
                              " (" + status + ")" + words;
        if (refusal.reused) {
            if (mints) {
                throw AttemptError(Failure::Transient,
                                   message + " (the next attempt fetches a new token)");
            }
            message += "; the token from " + obtained.provider +
                       " is a fixed one (a variable or a file), sent again on every attempt: " +
                       (attempt > 1 ? "an earlier attempt may have succeeded on " + title +
                                          "'s side with its answer lost"
                                    : "it was exchanged before") +
                       "; re-run the job for a new token";
        }
        throw AttemptError(
            refusal.failure,
            message + log_.redact(service_.hint(response, obtained.token.jwt, clock_.wall_now())) +
                claims_hint(obtained.token.jwt, log_));
    });
}

void Runner::revoke(const Credential& credential) {
    const auto request = service_.revocation(plan_, credential);
    if (!request) {
        return;
    }
    provider::Run run(inputs_.settings(), inputs_.env(), log_, clock_);
    log_.debug(service_.name() + ": " + request->method + " " + request->url.str());
    run.with_retry(service_.name() + " revocation", [&](SteadyTime deadline) {
        const net::HttpResponse response = run.http().send(*request, deadline, kMaxAnswer);
        if (success(response.status) || response.status == 404) {
            return true;
        }
        const Refusal refusal = service_.refusal(response);
        throw AttemptError(
            refusal.failure,
            service_.title() + " did not revoke the credential (" +
                net::describe_status(response.status, response.reason, log_) + ")" +
                (refusal.words.empty() ? "" : ": " + printable(log_.redact(refusal.words), 400)),
            retry_after(response, clock_.wall_now()));
    });
    log_.info(service_.name() + ": the credential is revoked");
}

}  // namespace ambient_oidc::exchange
