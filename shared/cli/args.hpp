// The command line: `ambient-oidc [OPTION...] COMMAND [OPTION...] [ARG...]`. Options may stand
// before or after the command; `--name value` and `--name=value` are the same; `--` ends them.
#pragma once

#include <string>
#include <vector>

#include "config/config.hpp"

namespace ambient_oidc::cli {

struct OptionSpec {
    const char* name;        // long name without dashes
    char short_name;         // or 0
    const char* value_name;  // nullptr for a switch
    const char* commands;    // the commands it applies to, space-separated; "" for all
    const char* help;
};

// Every option the program knows, in the order --help lists them.
const std::vector<OptionSpec>& option_specs();

// True when the option may be given with command (or with no command yet).
bool option_applies(const OptionSpec& spec, const std::string& command);

struct ParsedArgs {
    std::string command;  // empty when none was given
    config::Flags flags;
    std::vector<std::string> positional;  // after the command
    bool help = false;
    bool version = false;
};

// The command args name (empty when none), found as parse_args would find it; never throws, so
// that even a usage error can be reported the way that command's protocol wants.
std::string command_of(const std::vector<std::string>& args);

// Parses arguments (without argv[0]). Throws Error(Usage) for an unknown option, a missing
// value, or an option that does not apply to the command.
ParsedArgs parse_args(const std::vector<std::string>& args);

}  // namespace ambient_oidc::cli
