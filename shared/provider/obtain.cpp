#include "provider/obtain.hpp"

#include "core/error.hpp"

namespace ambient_oidc::provider {

Obtained obtain_token(const ProviderList& providers, FetchContext& context) {
    const Provider& provider = select_provider(providers, context.settings.provider, context.env);
    const std::string& audience = context.settings.audience;
    context.log.info("using provider " + provider.name() + " for audience " + audience);
    std::string raw = provider.fetch(context, audience);
    context.log.add_secret(raw);
    try {
        return Obtained{token::validate_token(std::move(raw), audience, context.clock.wall_now()),
                        provider.name(), audience, false};
    } catch (const Error& error) {
        throw Error(error.kind(), provider.name() + ": " + error.what());
    }
}

}  // namespace ambient_oidc::provider
