// One run of the program: the settings, the HTTP client (trust store and proxies), the whole-run
// deadline and the retry policy that every request of a command shares, whether it fetches the
// token or, as aws-credential-process does, trades it for something else afterwards.
#pragma once

#include <random>
#include <string>
#include <utility>

#include "config/settings.hpp"
#include "core/clock.hpp"
#include "core/environment.hpp"
#include "core/log.hpp"
#include "net/http.hpp"
#include "net/retry.hpp"
#include "provider/obtain.hpp"
#include "provider/provider.hpp"

namespace ambient_oidc::provider {

class Run {
  public:
    // Starts a run now: its deadline is the configured timeout from now. Installs the
    // SIGINT/SIGTERM handlers and registers the proxies' credentials with log as secrets.
    Run(const config::Settings& settings, const Environment& env, Logger& log, Clock& clock);
    Run(const Run&) = delete;
    Run& operator=(const Run&) = delete;

    // Selects the provider and returns a validated token for audience (provider::obtain_token).
    Obtained obtain(const std::string& audience, bool read_cache = true);

    // Runs attempt(attempt_deadline) through the retry loop under this run's deadline and the
    // configured policy, naming what in messages; returns what the attempt returns. Throws Error.
    template <typename Attempt>
    std::invoke_result_t<Attempt&, SteadyTime> with_retry(const std::string& what,
                                                          Attempt&& attempt) {
        net::RetryRun retry_run{context_.clock, context_.log,      context_.uniform,
                                what,           context_.deadline, settings_.timeout};
        return net::retry(settings_.retry, retry_run, std::forward<Attempt>(attempt));
    }

    net::HttpClient& http() { return http_; }
    SteadyTime deadline() const { return context_.deadline; }
    FetchContext& context() { return context_; }

  private:
    const config::Settings& settings_;
    std::mt19937_64 random_;
    std::uniform_real_distribution<double> uniform_{0.0, 1.0};
    net::HttpClient http_;
    FetchContext context_;
};

}  // namespace ambient_oidc::provider
