#include "provider/run.hpp"

#include "provider/registry.hpp"

namespace ambient_oidc::provider {

namespace {

net::HttpClient make_client(const config::Settings& settings, const Environment& env, Logger& log) {
    interrupt::install();
    net::ProxySettings proxies = net::ProxySettings::from_environment(env);
    for (const auto& secret : proxies.secrets()) {
        log.add_secret(secret);
    }
    return net::HttpClient(
        net::TrustSources{settings.ca_file, env.non_empty("SSL_CERT_FILE").value_or(""),
                          env.non_empty("SSL_CERT_DIR").value_or("")},
        std::move(proxies));
}

}  // namespace

Run::Run(const config::Settings& settings, const Environment& env, Logger& log, Clock& clock)
    : settings_(settings),
      random_(std::random_device{}()),
      http_(make_client(settings, env, log)),
      context_{settings,
               env,
               clock,
               log,
               http_,
               [this] { return uniform_(random_); },
               clock.now() + settings.timeout} {}

Obtained Run::obtain(const std::string& audience, bool read_cache) {
    return obtain_token(all_providers(), context_, audience, read_cache);
}

}  // namespace ambient_oidc::provider
