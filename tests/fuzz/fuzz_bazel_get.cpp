// The Bazel / EngFlow credential-helper protocol: `ambient-oidc get` with {"uri": ...} on stdin.
// Input: stdin.
#include <sstream>

#include "core/error.hpp"
#include "core/json.hpp"
#include "fuzz_protocol_stub.hpp"
#include "protocol/bazel.hpp"

namespace protocol = ambient_oidc::protocol;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const ambient_oidc::config::Settings settings = [] {
        ambient_oidc::config::Settings s;
        s.uris["https://cache.example.com/"] = {"bazel-cache"};
        s.uris["https://cache.example.com/special/"] = {""};
        s.uris["grpcs://remote.example.com"] = {"remote"};
        return s;
    }();
    static const protocol::ObtainFn obtain = fuzz::fixed_token_obtain();
    std::istringstream in{std::string(fuzz::text(data, size))};
    std::ostringstream out;
    try {
        protocol::run_bazel_get(settings, in, out, obtain);
    } catch (const ambient_oidc::Error& error) {
        FUZZ_CHECK(error.kind() == ambient_oidc::ErrorKind::Usage);
        return 0;
    }
    // Bazel reads back one JSON object: {} or the headers and expiry.
    const auto answer = ambient_oidc::parse_json_object(out.str());
    FUZZ_CHECK(answer->size() == 0 || (answer->has("headers") && answer->has("expires")));
    return 0;
}
