#include "provider/obtain.hpp"

#include <string_view>

#include "core/error.hpp"

namespace ambient_oidc::provider {

Obtained obtain_token(const ProviderList& providers, FetchContext& context,
                      const std::string& audience) {
    const Provider& provider =
        select_provider(providers, context.settings.provider, context.env, context.settings);
    context.log.info("using provider " + provider.name() + " for audience " + audience);
    try {
        std::string raw = provider.fetch(context, audience);
        context.log.add_secret(raw);
        return Obtained{token::validate_token(std::move(raw), audience, context.clock.wall_now()),
                        provider.name(), audience, false};
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
