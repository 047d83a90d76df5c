#include "exchange/cached.hpp"

#include <Poco/JSON/Object.h>

#include <optional>

#include "core/json.hpp"
#include "provider/registry.hpp"
#include "token/cache.hpp"

namespace ambient_oidc::exchange {

namespace {

struct Entry {
    std::optional<token::TokenCache> cache;
    std::string key;
};

// The cache entry for the runner's plan; no cache when caching is off or the source cannot
// tell jobs apart.
Entry entry_for(const Runner& runner, const Inputs& inputs, Logger& log) {
    Entry entry;
    const config::Settings& settings = inputs.settings();
    if (!settings.cache_enabled) {
        return entry;
    }
    const provider::ProviderList providers = provider::all_providers();
    const provider::Provider& source =
        provider::select_provider(providers, settings.provider, inputs.env(), settings);
    const auto job = source.cache_context(inputs.env(), settings);
    if (!job) {
        return entry;
    }
    const Plan& plan = runner.plan();
    std::string context = *job + "\n" + plan.url.str();
    for (const auto& [name, value] : plan.values) {
        context += "\n" + name + "=" + value;
    }
    const std::string dir =
        settings.cache_dir.empty() ? token::default_cache_dir(inputs.env()) : settings.cache_dir;
    entry.cache = token::TokenCache::open(dir, log);
    entry.key =
        token::cache_key(source.name() + ">" + runner.service().name(), plan.audience, context);
    return entry;
}

std::optional<Credential> load(const Entry& entry, Logger& log, WallTime now, Millis min_validity) {
    const auto text = entry.cache->load(entry.key);
    if (!text) {
        return std::nullopt;
    }
    try {
        const auto object = parse_json_object(*text);
        Credential credential;
        credential.secret = object->getValue<std::string>("secret");
        log.add_secret(credential.secret);
        credential.username = object->optValue<std::string>("username", "");
        const auto expires =
            WallTime(std::chrono::seconds(object->getValue<long long>("expires_at")));
        credential.expires_at = expires;
        if (!credential.secret.empty() && expires - now >= min_validity) {
            return credential;
        }
        log.debug("the cached credential expires too soon; exchanging again");
    } catch (const std::exception&) {
        log.warn("ignoring an unusable cached credential");
    }
    return std::nullopt;
}

std::string serialise(const Credential& credential) {
    return "{\"secret\":" + json_quote(credential.secret) +
           ",\"username\":" + json_quote(credential.username) + ",\"expires_at\":" +
           std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                              credential.expires_at->time_since_epoch())
                              .count()) +
           "}";
}

}  // namespace

Credential cached_exchange(Runner& runner, const Inputs& inputs, Logger& log, Clock& clock) {
    Entry entry = entry_for(runner, inputs, log);
    token::TokenCache::Lock lock;
    const Millis min_validity = inputs.settings().min_validity;
    if (entry.cache) {
        lock = entry.cache->lock(entry.key, clock.now() + inputs.settings().timeout);
        if (auto cached = load(entry, log, clock.wall_now(), min_validity)) {
            log.info(runner.service().name() + ": using the cached credential");
            return *cached;
        }
    }
    Credential credential = runner.exchange().credential;
    if (entry.cache && credential.expires_at) {
        entry.cache->store(entry.key, serialise(credential));
    }
    return credential;
}

void forget_cached(const Runner& runner, const Inputs& inputs, Logger& log, Clock&) {
    Entry entry = entry_for(runner, inputs, log);
    if (entry.cache) {
        entry.cache->remove(entry.key);
    }
}

}  // namespace ambient_oidc::exchange
