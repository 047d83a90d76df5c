#include "protocol/detect.hpp"

#include <algorithm>

#include "core/json.hpp"

namespace ambient_oidc::protocol {

bool write_detection(const provider::ProviderList& providers, const Environment& env,
                     const config::Settings& settings, bool json, std::ostream& out) {
    const provider::Provider* selected =
        provider::selected_provider(providers, settings.provider, env, settings);
    if (json) {
        out << "{\"selected\":" << (selected ? json_quote(selected->name()) : "null")
            << ",\"providers\":[";
    }
    // Text: the names in a column two wider than the longest.
    std::size_t width = 0;
    for (const auto& provider : providers) {
        width = std::max(width, provider->name().size() + 2);
    }
    const char* separator = "";
    for (const auto& provider : providers) {
        const bool present = provider->detect(env, settings);
        if (json) {
            out << separator << "{\"name\":" << json_quote(provider->name())
                << ",\"present\":" << (present ? "true" : "false")
                << ",\"needs\":" << json_quote(provider->requirement()) << "}";
            separator = ",";
        } else {
            out << provider->name() << std::string(width - provider->name().size(), ' ')
                << (present ? "present" : "absent: needs " + provider->requirement()) << '\n';
        }
    }
    if (json) {
        out << "]}\n";
    } else {
        out << "selected: " << (selected ? selected->name() : "none") << '\n';
    }
    out.flush();
    return selected != nullptr;
}

}  // namespace ambient_oidc::protocol
