// config::apply_config_json: the user and system configuration files. Input: the file's text.
#include "config/config.hpp"
#include "core/error.hpp"
#include "fuzz_common.hpp"

namespace config = ambient_oidc::config;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    config::Settings settings;
    try {
        config::apply_config_json(settings, std::string(fuzz::text(data, size)), "fuzz.json");
    } catch (const ambient_oidc::Error& error) {
        // ambient-oidc(1) CONFIGURATION: an unknown key, a wrong type or an unparsable value is a
        // usage error.
        FUZZ_CHECK(error.kind() == ambient_oidc::ErrorKind::Usage);
        return 0;
    }
    FUZZ_CHECK(settings.retry.attempts >= 1 && settings.retry.attempts <= 100);
    FUZZ_CHECK(settings.retry.jitter >= 0 && settings.retry.jitter <= 1);
    FUZZ_CHECK(settings.timeout.count() > 0);
    FUZZ_CHECK(!settings.audience.empty() && !settings.provider.empty());
    return 0;
}
