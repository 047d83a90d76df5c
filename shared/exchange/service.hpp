// An exchange (ambient-oidc(1) EXCHANGES): a service that takes the ambient token and hands back
// a credential of its own. A service is a row: its options, how it builds its request, how it
// reads its answer and its refusals, what it revokes and which variables `exec --exchange` sets.
// Everything else (the retry, the token for each attempt, secrets, the claims hint, output) is
// the runner's (exchange/runner.hpp), written once for every service.
//
// Rows never send anything: they build net::HttpRequest values and read net::HttpResponse
// values, so each one is a pure function of its inputs and is tested without a network.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config.hpp"
#include "core/clock.hpp"
#include "core/environment.hpp"
#include "net/failure.hpp"
#include "net/http.hpp"
#include "net/url.hpp"
#include "token/jwt.hpp"

namespace ambient_oidc::exchange {

// One option of a service: the flag without dashes, which is also its key in the
// configuration's exchanges.<service> object.
struct Option {
    const char* name;
    const char* value_name;
    const char* help;
};

// --registry, the option of every package registry.
constexpr Option kRegistryOption{
    "registry", "URL",
    "the registry's URL as its own clients take it (PyPI: the upload URL; crates.io: the API)"};

// Where a service's options come from: the flag, else the key of the same name in the
// configuration's exchanges.<service> entry.
class Inputs {
  public:
    Inputs(std::string service, const config::Flags& flags, const config::Settings& settings,
           const Environment& env);

    // The option's value: the flag's, else the configuration entry's; nullopt when neither is
    // set. An empty value is a usage error naming where it came from.
    std::optional<std::string> get(const std::string& option) const;
    // Where the option is set, for messages: "--package (or exchanges.npm.package in the
    // configuration)".
    std::string where(const std::string& option) const;

    const std::string& service() const { return service_; }
    const config::Flags& flags() const { return flags_; }
    const Environment& env() const { return env_; }
    const config::Settings& settings() const { return settings_; }

  private:
    std::string service_;
    const config::Flags& flags_;
    const config::Settings& settings_;
    const Environment& env_;
};

// What a row decided before any token is fetched.
struct Plan {
    std::string audience;  // empty: the service says it (Service::audience_request)
    net::Url url;          // where the token goes
    // The row's own (a package name, a user, a host). values["what"], when set, names what the
    // credential is for in refusals ("package @scope/name").
    std::map<std::string, std::string> values;

    // values[key], or "" when it is not set.
    std::string value(const std::string& key) const;
};

// The service's credential. secret is registered with the logger as soon as the runner has it.
struct Credential {
    std::string secret;
    std::optional<WallTime> expires_at;
    std::string username;  // "" for services whose credential has none
};

// What a non-2xx answer means, in the service's words.
struct Refusal {
    net::Failure failure = net::Failure::Rejected;
    std::string words;    // the service's own explanation, "" when the body has none
    bool reused = false;  // the service refused the token as used before
};

// The URL option (--registry, --url) or fallback, parsed. Throws Error(Usage) naming the flag
// and the configuration key when it does not parse or is not https:// (the token must not
// travel in clear text).
net::Url url_option(const Inputs& inputs, const std::string& option, const std::string& fallback);

// A POST of a JSON body to url (Content-Type and Accept application/json), reading the body of
// a refusal too.
net::HttpRequest json_post(const net::Url& url, std::string body);

// A request with the token as its bearer credential (Accept application/json), reading the body
// of a refusal too: npm's POST, octo-sts's GET.
net::HttpRequest bearer_request(const std::string& method, const net::Url& url,
                                const std::string& token);

// url's origin and path without trailing slashes: "https://host[:port][/path]", to which a
// service's own path is appended.
std::string url_base(const net::Url& url);

using Variables = std::vector<std::pair<std::string, std::string>>;

class Service {
  public:
    virtual ~Service() = default;
    // The name `exchange SERVICE` takes, e.g. "pypi".
    virtual std::string name() const = 0;
    // The service's name for people, e.g. "PyPI".
    virtual std::string title() const = 0;
    // The options beyond --audience (which every service takes), in the order --help lists them.
    virtual std::vector<Option> options() const = 0;
    // Checks the inputs and decides the request, before any token is fetched: throws
    // Error(Usage) naming the flag and the configuration key of a missing or wrong parameter.
    // Reads local files at most (npm's ./package.json); no network.
    virtual Plan plan(const Inputs& inputs) const = 0;
    // When plan.audience is empty: the request whose answer names the audience (PyPI's).
    virtual std::optional<net::HttpRequest> audience_request(const Plan& plan) const;
    // Reads that answer. Throws net::AttemptError(InvalidToken) for one without an audience.
    virtual std::string parse_audience(std::string_view body) const;
    // The request that trades token for the credential.
    virtual net::HttpRequest request(const Plan& plan, const std::string& token) const = 0;
    // Reads a 2xx answer. Throws net::AttemptError(InvalidToken) for one without a credential.
    virtual Credential parse(std::string_view body, WallTime now) const = 0;
    // Reads a non-2xx answer. The default: the status decides (net::classify_status) and the
    // words are what decode_error_body finds.
    virtual Refusal refusal(const net::HttpResponse& response) const;
    // More to say about a refusal than the service's words, from the token that was refused and
    // this machine's clock (Entra's 700024 compares the times); "" by default. The runner
    // appends it to the exit-6 message, before the token's claims.
    virtual std::string hint(const net::HttpResponse& response, const token::Jwt& jwt,
                             WallTime now) const;
    // The request that revokes credential, for a service that can; nullopt otherwise.
    virtual std::optional<net::HttpRequest> revocation(const Plan& plan,
                                                       const Credential& credential) const;
    // The variables `exec --exchange` sets for the service's clients.
    virtual Variables variables(const Plan& plan, const Credential& credential) const = 0;
};

}  // namespace ambient_oidc::exchange
