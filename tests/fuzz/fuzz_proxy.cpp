// net::ProxySettings::from_environment and no_proxy_matches: HTTPS_PROXY and NO_PROXY come from
// the environment. Input: "HTTPS_PROXY\nNO_PROXY\nHOST".
#include "core/environment.hpp"
#include "core/error.hpp"
#include "fuzz_common.hpp"
#include "net/proxy.hpp"

namespace net = ambient_oidc::net;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto lines = fuzz::split(fuzz::text(data, size), '\n');
    const std::string proxy(lines[0]);
    const std::string no_proxy(lines.size() > 1 ? lines[1] : "");
    const std::string host(lines.size() > 2 ? lines[2] : "example.com");
    (void)net::no_proxy_matches(no_proxy, host);
    try {
        const auto settings = net::ProxySettings::from_environment(
            ambient_oidc::Environment{{"HTTPS_PROXY", proxy}, {"NO_PROXY", no_proxy}});
        if (const auto chosen = settings.for_host(host)) {
            FUZZ_CHECK(!chosen->host.empty());
            FUZZ_CHECK(chosen->port != 0);
        }
    } catch (const ambient_oidc::Error& error) {
        FUZZ_CHECK(error.kind() == ambient_oidc::ErrorKind::Usage);
    }
    return 0;
}
