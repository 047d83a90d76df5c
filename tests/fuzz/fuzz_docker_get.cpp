// The Docker credential-helper protocol: `docker-credential-ambient-oidc get` (and store/erase,
// which read and discard stdin) with the server URL docker writes on stdin. Input: stdin.
#include <sstream>

#include "core/error.hpp"
#include "core/json.hpp"
#include "core/log.hpp"
#include "fuzz_protocol_stub.hpp"
#include "protocol/docker.hpp"

namespace protocol = ambient_oidc::protocol;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const ambient_oidc::config::Settings settings = [] {
        ambient_oidc::config::Settings s;
        auto& entry = s.registries["registry.example.com"];
        entry.audience = "sigstore";
        entry.identity_token = true;
        s.registries["localhost:5000"] = {};
        s.registries["[::1]"].audience = "v6";
        s.registries["[::1]"].username = "user";
        s.registries["docker.io"].exchange = "docker-hub";
        return s;
    }();
    static const protocol::ObtainFn obtain = fuzz::fixed_token_obtain();
    const std::string input(fuzz::text(data, size));

    try {
        const std::string host = protocol::registry_host(input);
        FUZZ_CHECK(!host.empty());
        (void)protocol::find_registry(settings, host);
    } catch (const ambient_oidc::Error& error) {
        FUZZ_CHECK(std::string_view(error.what()).find('\n') == std::string_view::npos);
    }
    for (const char* action : {"get", "store"}) {
        std::istringstream in(input);
        std::ostringstream out;
        std::ostringstream err;
        ambient_oidc::Logger log(err, ambient_oidc::LogLevel::Debug);
        const int code = protocol::run_docker(
            action, settings, in, out, log, obtain,
            [](const std::string&, const ambient_oidc::config::RegistryEntry&) {
                return protocol::ServiceCredential{"fuzz-exchanged", std::nullopt, ""};
            });
        FUZZ_CHECK(code == 0 || code == 1);
        if (code == 0 && std::string(action) == "get") {
            // What docker reads back must be one JSON object with the three fields.
            const auto answer = ambient_oidc::parse_json_object(out.str());
            FUZZ_CHECK(answer->has("ServerURL") && answer->has("Username") &&
                       answer->has("Secret"));
        }
        if (code == 1) {
            // One line on stdout.
            FUZZ_CHECK(out.str().find('\n') == out.str().size() - 1);
        }
    }
    return 0;
}
