// One interface for every ambient environment. detect() is cheap and silent: it reads only the
// environment (and at most a stat or a small read of a local file). fetch() does the work under
// the run's deadline; a provider that is present but fails is a loud, specific error, never a
// reason to try another identity.
#pragma once

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/settings.hpp"
#include "core/clock.hpp"
#include "core/environment.hpp"
#include "core/log.hpp"
#include "core/variables.hpp"
#include "net/http.hpp"
#include "net/retry.hpp"

namespace ambient_oidc::provider {

// What a fetch may use: the settings, time, logging, HTTP, and the run's retry budget.
struct FetchContext {
    const config::Settings& settings;
    const Environment& env;
    Clock& clock;
    Logger& log;
    net::HttpClient& http;
    std::function<double()> uniform;  // jitter samples
    SteadyTime deadline;              // the whole run's

    // Sends request through the retry loop; a 2xx body is handed to extract, which returns the
    // token or throws net::AttemptError (InvalidToken). Throws Error.
    std::string http_fetch(const std::string& provider, const net::HttpRequest& request,
                           const std::function<std::string(const std::string&)>& extract);

    // Runs attempt through the retry loop, named after the provider. Throws Error.
    std::string with_retry(const std::string& provider,
                           const std::function<std::string(SteadyTime)>& attempt);

    // The value of variable (or of name, a name that fits variable's pattern) when it is set and
    // non-empty. A secret one is registered with the logger before it is returned.
    std::optional<std::string> read(const Variable& variable, std::string_view name = {}) const;
};

// The values of the variables, each followed by '\n', when every one is set and non-empty (a
// request credential's identity, for Provider::cache_context); nullopt otherwise.
std::optional<std::string> joined_values(const Environment& env,
                                         std::initializer_list<Variable> variables);

// The URL in the variable called variable, parsed. Throws Error(Usage) naming the variable when
// it does not parse or is not https (a request credential is never sent in clear text).
net::Url https_url(const char* variable, const std::string& value);

class Provider {
  public:
    virtual ~Provider() = default;
    virtual std::string name() const = 0;
    // What makes the provider present, e.g. "GITLAB_CI set", for messages and `detect`.
    virtual std::string requirement() const = 0;
    // Every environment variable the provider reads, in the order the man page lists them (its
    // ENVIRONMENT section is checked against them): detect() and fetch() read no other.
    virtual std::vector<Variable> variables() const = 0;
    // True when the CI or platform says it runs the job (its marker variable), or else when its
    // credential is there; a present provider whose credential is missing fails loudly in fetch().
    // No network, no processes.
    virtual bool detect(const Environment& env, const config::Settings& settings) const = 0;
    // Returns the raw token text (validated by the caller). Registers every request credential
    // with the logger as a secret before using it. Throws Error.
    virtual std::string fetch(FetchContext& context, const std::string& audience) const = 0;
    // True when every fetch() asks an issuer for a new token (github-actions, codefresh,
    // azure-pipelines, buildkite, circleci, google): an exchange then fetches one per attempt.
    // False for a token issued before the run (a variable or a file), which is the same each time.
    virtual bool mints() const { return false; }
    // What identifies this job's credential (e.g. a request URL and token), so that a cached
    // token is only served to the same job; nullopt when tokens are not worth caching (they
    // are already local) or the job cannot be told apart.
    // For a token issued before the run (a variable or a file): where its CI or platform sets
    // the audience, added to the exit-7 message when the token is for another; "" otherwise.
    virtual std::string audience_origin() const { return ""; }
    virtual std::optional<std::string> cache_context(const Environment& env,
                                                     const config::Settings& settings) const {
        (void)env;
        (void)settings;
        return std::nullopt;
    }
};

}  // namespace ambient_oidc::provider
