// cli::parse_args and then config::resolve_settings: the command line and the environment.
// Input: NUL-separated arguments; an argument that is a lone newline ends them, and the items
// after it are environment entries NAME=VALUE.
#include <map>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "config/config.hpp"
#include "core/environment.hpp"
#include "core/error.hpp"
#include "fuzz_common.hpp"

namespace cli = ambient_oidc::cli;
namespace config = ambient_oidc::config;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::string> args;
    std::map<std::string, std::string, std::less<>> variables;
    bool in_env = false;
    for (const std::string_view item : fuzz::split(fuzz::text(data, size), '\0')) {
        if (!in_env && item == "\n") {
            in_env = true;
        } else if (!in_env) {
            args.emplace_back(item);
        } else if (const auto equals = item.find('='); equals != std::string_view::npos) {
            variables[std::string(item.substr(0, equals))] = std::string(item.substr(equals + 1));
        }
    }
    cli::ParsedArgs parsed;
    try {
        parsed = cli::parse_args(args);
    } catch (const ambient_oidc::Error& error) {
        FUZZ_CHECK(error.kind() == ambient_oidc::ErrorKind::Usage);
        return 0;
    }
    FUZZ_CHECK(parsed.positional.empty() || !parsed.command.empty());
    // No files: the config file a flag or variable names is the config target's business.
    parsed.flags.erase("config");
    variables.erase("AMBIENT_OIDC_CONFIG");
    config::ConfigPaths paths;
    paths.system = "/nonexistent/ambient-oidc-fuzz/config.json";
    paths.user.clear();
    try {
        const config::Settings settings = config::resolve_settings(
            parsed.flags, ambient_oidc::Environment(std::move(variables)), paths);
        FUZZ_CHECK(settings.retry.attempts >= 1 && settings.retry.attempts <= 100);
        FUZZ_CHECK(!settings.audience.empty());
    } catch (const ambient_oidc::Error& error) {
        FUZZ_CHECK(error.kind() == ambient_oidc::ErrorKind::Usage);
    }
    return 0;
}
