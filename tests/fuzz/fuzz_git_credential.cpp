// git's credential protocol: `git-credential-ambient-oidc get|store|erase` with the key=value
// lines git writes on stdin. Input: stdin.
#include <sstream>

#include "core/error.hpp"
#include "core/log.hpp"
#include "fuzz_common.hpp"
#include "protocol/git.hpp"

namespace protocol = ambient_oidc::protocol;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const ambient_oidc::config::Settings settings = [] {
        ambient_oidc::config::Settings s;
        s.git["dev.azure.com"].exchange = "azure";
        s.git["github.com"].exchange = "octo-sts";
        s.git["git.example:8443"].exchange = "azure";
        s.git["[::1]"].exchange = "octo-sts";
        return s;
    }();
    static const std::string kCredential = "fuzz-credential-5ecret";
    const std::string input(fuzz::text(data, size));

    try {
        const auto request = protocol::parse_git_request(input);
        for (const auto& [key, value] : request.attributes) {
            FUZZ_CHECK(!key.empty() && key.find('=') == std::string::npos);
            FUZZ_CHECK(key.find('\n') == std::string::npos &&
                       value.find('\n') == std::string::npos);
        }
    } catch (const ambient_oidc::Error& error) {
        FUZZ_CHECK(error.kind() == ambient_oidc::ErrorKind::Usage);
        FUZZ_CHECK(std::string_view(error.what()).find('\n') == std::string_view::npos);
    }
    for (const char* action : {"get", "store", "erase"}) {
        std::istringstream in(input);
        std::ostringstream out;
        std::ostringstream err;
        ambient_oidc::Logger log(err, ambient_oidc::LogLevel::Debug);
        bool exchanged = false;
        try {
            const int code = protocol::run_git(
                action, settings, in, out, log,
                [&](const std::string& host, const ambient_oidc::config::GitEntry&) {
                    FUZZ_CHECK(settings.git.count(host) == 1);
                    exchanged = true;
                    log.add_secret(kCredential);
                    return protocol::ServiceCredential{kCredential, std::nullopt, ""};
                },
                [&](const std::string& host, const ambient_oidc::config::GitEntry&) {
                    FUZZ_CHECK(settings.git.count(host) == 1);
                });
            FUZZ_CHECK(code == 0);
            // Output only for a configured host's get: key=value lines git can read back.
            FUZZ_CHECK(exchanged == !out.str().empty());
            if (exchanged) {
                const auto answer = protocol::parse_git_request(out.str());
                FUZZ_CHECK(answer.get("password") == kCredential ||
                           answer.get("credential") == kCredential);
            }
        } catch (const ambient_oidc::Error& error) {
            FUZZ_CHECK(error.kind() == ambient_oidc::ErrorKind::Usage);
            FUZZ_CHECK(out.str().empty());
        }
        if (exchanged) {  // (an unconfigured host is logged as given)
            FUZZ_CHECK(err.str().find(kCredential) == std::string::npos);
        }
    }
    return 0;
}
