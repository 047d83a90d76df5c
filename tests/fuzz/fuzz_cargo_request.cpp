// cargo's credential-provider requests (protocol/cargo), one JSON line each, and the whole
// protocol over them with a mint that fails: every line is answered on one line. Input: lines.
#include <sstream>
#include <stdexcept>

#include "core/error.hpp"
#include "core/log.hpp"
#include "fuzz_common.hpp"
#include "protocol/cargo.hpp"

namespace protocol = ambient_oidc::protocol;

namespace {

class FixedClock : public ambient_oidc::Clock {
  public:
    ambient_oidc::SteadyTime now() override { return {}; }
    ambient_oidc::WallTime wall_now() override { return fuzz::fixed_now(); }
    bool sleep_until(ambient_oidc::SteadyTime) override { return true; }
    bool interrupted() override { return false; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input(fuzz::text(data, size));
    try {
        const protocol::CargoRequest request = protocol::parse_cargo_request(input);
        FUZZ_CHECK(!request.kind.empty());
        FUZZ_CHECK(!request.index_url.empty());
    } catch (const std::invalid_argument&) {
    }
    std::istringstream in(input);
    std::ostringstream out, err;
    ambient_oidc::Logger log(err);
    FixedClock clock;
    const ambient_oidc::config::Settings settings;
    protocol::run_cargo_credential(
        in, out, settings,
        [](const protocol::CargoTarget&) -> protocol::CargoToken {
            throw ambient_oidc::Error(ambient_oidc::ErrorKind::Rejected, "refused");
        },
        [](const protocol::CargoTarget&, const std::string&) {},
        [](const std::function<void()>&, ambient_oidc::WallTime) { return false; }, clock, log);
    const std::string answers = out.str();
    FUZZ_CHECK(answers.rfind("{\"v\":[1]}\n", 0) == 0);
    FUZZ_CHECK(answers.empty() || answers.back() == '\n');
    return 0;
}
