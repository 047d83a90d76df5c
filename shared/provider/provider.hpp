// One interface for every ambient environment. detect() is cheap and silent: it reads only the
// environment. fetch() does the work under the run's deadline; a provider that is present but
// fails is a loud, specific error, never a reason to try another identity.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "config/settings.hpp"
#include "core/clock.hpp"
#include "core/environment.hpp"
#include "core/log.hpp"
#include "net/http.hpp"
#include "net/retry.hpp"

namespace ambient_oidc::provider {

// What a fetch may use: the settings, time, logging, and the run's retry budget.
struct FetchContext {
    const config::Settings& settings;
    const Environment& env;
    Clock& clock;
    Logger& log;
    net::HttpClient& http;
    std::function<double()> uniform;  // jitter samples
    SteadyTime deadline;              // the whole run's

    // A RetryRun for this context, named after the provider.
    net::RetryRun retry_run(const std::string& provider_name) const;
};

class Provider {
  public:
    virtual ~Provider() = default;
    virtual std::string name() const = 0;
    // What makes the provider present, for messages and `detect`, e.g. "ACTIONS_ID_TOKEN_...".
    virtual std::string requirement() const = 0;
    // True when the environment offers this provider's credential. No network, no processes.
    virtual bool detect(const Environment& env) const = 0;
    // Returns the raw token text (validated by the caller). Registers every request credential
    // with the logger as a secret before using it. Throws Error.
    virtual std::string fetch(FetchContext& context, const std::string& audience) const = 0;
};

}  // namespace ambient_oidc::provider
