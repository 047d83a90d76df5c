#include "provider/obtain.hpp"

#include <string_view>

#include "core/error.hpp"
#include "token/cache.hpp"

namespace ambient_oidc::provider {

namespace {

// The cache entry for this provider and audience, when caching applies and the cache is usable.
struct CacheEntry {
    std::optional<token::TokenCache> cache;
    std::string key;
};

CacheEntry cache_entry(const Provider& provider, FetchContext& context,
                       const std::string& audience) {
    CacheEntry entry;
    if (!context.settings.cache_enabled) {
        return entry;
    }
    const auto credential = provider.cache_context(context.env, context.settings);
    if (!credential) {
        return entry;
    }
    const std::string dir = context.settings.cache_dir.empty()
                                ? token::default_cache_dir(context.env)
                                : context.settings.cache_dir;
    entry.cache = token::TokenCache::open(dir, context.log);
    entry.key = token::cache_key(provider.name(), audience, *credential);
    return entry;
}

// The cached token, if there is one that stays valid for at least min-validity.
std::optional<token::ValidToken> cached_token(const CacheEntry& entry, FetchContext& context,
                                              const std::string& audience) {
    const auto raw = entry.cache->load(entry.key);
    if (!raw) {
        return std::nullopt;
    }
    context.log.add_secret(*raw);
    const WallTime now = context.clock.wall_now();
    try {
        token::ValidToken valid = token::validate_token(*raw, audience, now);
        if (valid.expires_at - now >= context.settings.min_validity) {
            return valid;
        }
        context.log.debug("the cached token expires too soon; fetching a new one");
    } catch (const Error& error) {
        context.log.warn(std::string("ignoring an unusable cached token: ") + error.what());
    }
    return std::nullopt;
}

// validate_token's result; a pre-issued token for another audience gets the provider's word on
// where that audience is set added to the message.
token::ValidToken validated(const Provider& provider, const std::string& raw,
                            const std::string& audience, WallTime now) {
    try {
        return token::validate_token(raw, audience, now);
    } catch (const token::AudienceMismatch& error) {
        const std::string origin = provider.audience_origin();
        if (origin.empty()) {
            throw;
        }
        throw Error(ErrorKind::InvalidToken, std::string(error.what()) + " (" + origin + ")");
    }
}

Obtained fetch_token(const Provider& provider, FetchContext& context, const std::string& audience,
                     bool read_cache) {
    CacheEntry entry = cache_entry(provider, context, audience);
    token::TokenCache::Lock lock;
    if (entry.cache) {
        lock = entry.cache->lock(entry.key, context.deadline);
        if (read_cache) {
            if (auto cached = cached_token(entry, context, audience)) {
                context.log.info("using the cached token");
                return Obtained{std::move(*cached), provider.name(), audience, true};
            }
        }
    }
    std::string raw = provider.fetch(context, audience);
    context.log.add_secret(raw);
    Obtained obtained{validated(provider, raw, audience, context.clock.wall_now()), provider.name(),
                      audience, false};
    if (entry.cache) {
        entry.cache->store(entry.key, raw);
    }
    return obtained;
}

}  // namespace

Obtained obtain_token(const ProviderList& providers, FetchContext& context,
                      const std::string& audience, bool read_cache) {
    const Provider& provider =
        select_provider(providers, context.settings.provider, context.env, context.settings);
    context.log.info("using provider " + provider.name() + " for audience " + audience);
    try {
        return fetch_token(provider, context, audience, read_cache);
    } catch (const Error& error) {
        // Every message names the provider once; the retry loop's already do.
        const std::string prefix = provider.name();
        if (std::string_view(error.what()).substr(0, prefix.size()) == prefix) {
            throw;
        }
        throw Error(error.kind(), prefix + ": " + error.what());
    }
}

}  // namespace ambient_oidc::provider
