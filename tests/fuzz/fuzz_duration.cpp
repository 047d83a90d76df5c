// parse_duration: every duration flag, AMBIENT_OIDC_* variable and config value. Input: the text.
#include <stdexcept>

#include "core/duration.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ambient_oidc::Millis value{};
    try {
        value = ambient_oidc::parse_duration(fuzz::text(data, size));
    } catch (const std::invalid_argument&) {
        return 0;
    }
    FUZZ_CHECK(value.count() >= 0);
    FUZZ_CHECK(value.count() <= 1'000'000'000'000);  // the parser's documented ceiling
    FUZZ_CHECK(!ambient_oidc::format_seconds(value).empty());
    return 0;
}
