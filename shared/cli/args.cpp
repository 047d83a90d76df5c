#include "cli/args.hpp"

#include <cstring>

#include "core/error.hpp"
#include "exchange/registry.hpp"

namespace ambient_oidc::cli {

namespace {

[[noreturn]] void usage(const std::string& message) {
    throw Error(ErrorKind::Usage, message + "; see 'ambient-oidc --help'");
}

const OptionSpec* find_long(const std::string& name) {
    for (const auto& spec : option_specs()) {
        if (name == spec.name) {
            return &spec;
        }
    }
    return nullptr;
}

const OptionSpec* find_short(char name) {
    for (const auto& spec : option_specs()) {
        if (spec.short_name == name) {
            return &spec;
        }
    }
    return nullptr;
}

void record(ParsedArgs& parsed, const OptionSpec& spec, const std::string& value) {
    const std::string name = spec.name;
    if (name == "help") {
        parsed.help = true;
    } else if (name == "version") {
        parsed.version = true;
    } else if (name == "verbose") {
        const auto count = parsed.flags.count(name) ? std::stoi(parsed.flags[name]) : 0;
        parsed.flags[name] = std::to_string(count + 1);
    } else {
        parsed.flags[name] = value;
    }
}

}  // namespace

const std::vector<OptionSpec>& option_specs() {
    // The commands that fetch a token take every fetching option.
#define FETCHING                                                                             \
    "token inspect exec write get exec-credential google-executable aws-credential-process " \
    "exchange cargo-credential"
    static const std::vector<OptionSpec> specs = [] {
        std::vector<OptionSpec> list = {
            {"audience", 0, "AUD", FETCHING, "the token's audience (default sigstore)"},
            {"provider", 0, "NAME", FETCHING " detect",
             "where the token comes from (default auto)"},
            {"output-file", 0, "PATH", "token exchange",
             "write the token (or credential) to PATH (0600) instead of stdout"},
            {"env-var", 0, "NAME", "exec", "the variable that holds the token (SIGSTORE_ID_TOKEN)"},
            {"exchange", 0, "SERVICE", "exec", "run CMD with SERVICE's credential instead"},
            {"path", 0, "PATH", "write", "the token file (/var/run/sigstore/cosign/oidc-token)"},
            {"refresh", 0, nullptr, "write", "keep running and rewrite the file before it expires"},
            {"role-arn", 0, "ARN", "aws-credential-process", "the AWS role to assume (required)"},
            {"role-session-name", 0, "NAME", "aws-credential-process",
             "the role session's name (ambient-oidc-PROVIDER)"},
            {"duration", 0, "DUR", "aws-credential-process",
             "how long the role credentials last, 15m to 12h (1h)"},
            {"json", 0, nullptr, "token inspect detect exchange", "print JSON"},
            {"cargo-plugin", 0, nullptr, "cargo-credential",
             "added by cargo when it runs a credential provider"},
            {"timeout", 0, "DUR", FETCHING, "deadline for the whole run (default 120s)"},
            {"attempts", 0, "N", FETCHING, "total attempts (default 3)"},
            {"backoff", 0, "DUR", FETCHING, "first wait between attempts (default 1s)"},
            {"backoff-factor", 0, "F", FETCHING, "multiplier of each next wait (default 5)"},
            {"max-backoff", 0, "DUR", FETCHING, "longest wait (default 30s)"},
            {"jitter", 0, "F", FETCHING, "shorten waits randomly by up to F (default 0.25)"},
            {"attempt-timeout", 0, "DUR", FETCHING, "deadline per attempt (default 30s)"},
            {"ca-file", 0, "PATH", FETCHING, "trust these CA certificates (PEM)"},
            {"no-cache", 0, nullptr, FETCHING, "do not use the token cache"},
            {"cache-dir", 0, "DIR", FETCHING, "the token cache's directory"},
            {"min-validity", 0, "DUR", FETCHING, "least validity of a cached token (60s)"},
            {"config", 0, "PATH", "", "read only this configuration file"},
            {"verbose", 'v', nullptr, "", "log more (repeat for debug)"},
            {"quiet", 'q', nullptr, "", "log errors only"},
            {"help", 'h', nullptr, "", "show help and exit"},
            {"version", 0, nullptr, "", "show the version and exit"},
        };
        // Each exchange service's own options (--registry, --package, ...), after the AWS ones.
        auto at = list.begin();
        while (at != list.end() && std::strcmp(at->name, "json") != 0) {
            ++at;
        }
        for (const exchange::Option& option : exchange::all_options()) {
            at = list.insert(at, OptionSpec{option.name, 0, option.value_name, "exchange exec",
                                            option.help}) +
                 1;
        }
        return list;
    }();
#undef FETCHING
    return specs;
}

bool option_applies(const OptionSpec& spec, const std::string& command) {
    if (*spec.commands == '\0' || command.empty()) {
        return true;
    }
    const std::string list = std::string(" ") + spec.commands + " ";
    return list.find(" " + command + " ") != std::string::npos;
}

namespace {

// Splits args into the command, its positional arguments and the options given; returns the
// first thing wrong with them (empty when nothing is), going on past it to find the command.
std::string scan(const std::vector<std::string>& args, ParsedArgs& parsed,
                 std::vector<std::pair<const OptionSpec*, std::string>>& given) {
    std::string wrong;
    auto note = [&](const std::string& message) {
        if (wrong.empty()) {
            wrong = message;
        }
    };
    bool options_done = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (options_done || arg == "-" || arg.empty() || arg[0] != '-') {
            if (parsed.command.empty()) {
                parsed.command = arg;
            } else {
                parsed.positional.push_back(arg);
                // exec: the command and its arguments are the child's, options included.
                options_done = options_done || parsed.command == "exec";
            }
            continue;
        }
        if (arg == "--") {
            options_done = true;
            continue;
        }
        if (arg.compare(0, 2, "--") == 0) {
            const auto equals = arg.find('=');
            const std::string name =
                arg.substr(2, equals == std::string::npos ? equals : equals - 2);
            const OptionSpec* spec = find_long(name);
            if (spec == nullptr) {
                note("unknown option --" + name);
                continue;
            }
            std::string value;
            if (spec->value_name == nullptr) {
                if (equals != std::string::npos) {
                    note("option --" + name + " takes no value");
                    continue;
                }
            } else if (equals != std::string::npos) {
                value = arg.substr(equals + 1);
            } else if (i + 1 < args.size()) {
                value = args[++i];
            } else {
                note("option --" + name + " needs a value (" + spec->value_name + ")");
                continue;
            }
            given.emplace_back(spec, value);
            continue;
        }
        for (std::size_t j = 1; j < arg.size(); ++j) {  // bundled switches: -vv, -qh
            const OptionSpec* spec = find_short(arg[j]);
            if (spec == nullptr) {
                note(std::string("unknown option -") + arg[j]);
                continue;
            }
            given.emplace_back(spec, "");
        }
    }
    return wrong;
}

}  // namespace

namespace {

// cargo runs a credential provider as `PROGRAM --cargo-plugin` and sends the arguments it was
// configured with in its requests: with no command, --cargo-plugin means cargo-credential.
void default_command(ParsedArgs& parsed,
                     const std::vector<std::pair<const OptionSpec*, std::string>>& given) {
    if (!parsed.command.empty()) {
        return;
    }
    for (const auto& [spec, value] : given) {
        if (std::strcmp(spec->name, "cargo-plugin") == 0) {
            parsed.command = "cargo-credential";
        }
    }
}

}  // namespace

std::string command_of(const std::vector<std::string>& args) {
    ParsedArgs parsed;
    std::vector<std::pair<const OptionSpec*, std::string>> given;
    scan(args, parsed, given);
    default_command(parsed, given);
    return parsed.command;
}

ParsedArgs parse_args(const std::vector<std::string>& args) {
    ParsedArgs parsed;
    std::vector<std::pair<const OptionSpec*, std::string>> given;
    if (const std::string wrong = scan(args, parsed, given); !wrong.empty()) {
        usage(wrong);
    }
    default_command(parsed, given);
    for (const auto& [spec, value] : given) {
        if (!option_applies(*spec, parsed.command)) {
            usage("option --" + std::string(spec->name) + " does not apply to '" + parsed.command +
                  "'");
        }
        record(parsed, *spec, value);
    }
    return parsed;
}

}  // namespace ambient_oidc::cli
