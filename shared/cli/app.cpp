#include "cli/app.hpp"

#include <iterator>
#include <random>

#include "cli/args.hpp"
#include "config/config.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/version.hpp"
#include "net/failure.hpp"
#include "protocol/inspect.hpp"
#include "protocol/token_output.hpp"
#include "provider/obtain.hpp"

namespace ambient_oidc::cli {

namespace {

struct Command {
    const char* name;
    const char* synopsis;
    const char* summary;
};

const Command kCommands[] = {
    {"token", "token [--output-file PATH] [--json]",
     "print the token (or write it to a file, or print JSON)"},
    {"inspect", "inspect [--json] [-]",
     "print the decoded header and claims of the token (or of one read from stdin)"},
};

void print_options(std::ostream& out, const std::string& command) {
    for (const auto& spec : option_specs()) {
        const std::string commands = std::string(" ") + spec.commands + " ";
        if (!command.empty() && *spec.commands != '\0' &&
            commands.find(" " + command + " ") == std::string::npos) {
            continue;
        }
        std::string left = spec.short_name != 0 ? std::string("-") + spec.short_name + ", " : "";
        left += std::string("--") + spec.name;
        if (spec.value_name != nullptr) {
            left += std::string(" ") + spec.value_name;
        }
        out << "  " << left << std::string(left.size() < 24 ? 24 - left.size() : 1, ' ')
            << spec.help << '\n';
    }
}

void print_help(std::ostream& out, const std::string& command) {
    for (const auto& known : kCommands) {
        if (command == known.name) {
            out << "Usage: ambient-oidc " << known.synopsis << "\n\n"
                << known.summary << ".\n\nOptions:\n";
            print_options(out, command);
            return;
        }
    }
    out << "Usage: ambient-oidc [OPTION...] COMMAND [ARG...]\n\n"
           "Gets an OIDC identity token from the CI or cloud environment this job runs in,\n"
           "with bounded retries, and hands it to cosign and other tools.\n\nCommands:\n";
    for (const auto& known : kCommands) {
        out << "  " << known.name << std::string(10 - std::strlen(known.name), ' ') << known.summary
            << '\n';
    }
    out << "\nOptions:\n";
    print_options(out, "");
    out << "\nExit codes: 0 ok, 1 internal error, 2 usage or configuration, 3 no ambient\n"
           "credential, 4 unavailable (retries used up, or a signal), 5 timeout, 6 rejected,\n"
           "7 invalid token. See ambient-oidc(1).\n";
}

bool known_command(const std::string& name) {
    for (const auto& known : kCommands) {
        if (name == known.name) {
            return true;
        }
    }
    return false;
}

// Reads a token from in for `inspect -`: at most the token cap, surrounding white space
// trimmed.
std::string read_token(std::istream& in) {
    std::string text;
    char buffer[4096];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (text.size() > token::kMaxTokenBytes + 2) {
            throw Error(ErrorKind::InvalidToken, "the token on stdin is larger than 64 KiB");
        }
    }
    const auto begin = text.find_first_not_of(" \t\r\n");
    const auto end = text.find_last_not_of(" \t\r\n");
    return begin == std::string::npos ? "" : text.substr(begin, end - begin + 1);
}

int run_command(const ParsedArgs& args, const config::Settings& settings, const Environment& env,
                Logger& log, std::istream& in, std::ostream& out) {
    SystemClock clock;
    if (args.command == "inspect" && args.positional == std::vector<std::string>{"-"}) {
        const std::string raw = read_token(in);
        log.add_secret(raw);
        if (raw.empty()) {
            throw Error(ErrorKind::InvalidToken, "no token on stdin");
        }
        protocol::write_inspection(token::decode_jwt(raw), "-", clock.wall_now(),
                                   args.flags.count("json") != 0, out);
        return 0;
    }
    if (!args.positional.empty()) {
        throw Error(ErrorKind::Usage, "unexpected argument '" + args.positional.front() +
                                          "' for '" + args.command + "'");
    }
    interrupt::install();
    std::mt19937_64 random{std::random_device{}()};
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    net::HttpClient http(settings.ca_file);
    provider::FetchContext context{settings,
                                   env,
                                   clock,
                                   log,
                                   http,
                                   [&] { return uniform(random); },
                                   clock.now() + settings.timeout};
    const provider::ProviderList providers = provider::all_providers();
    const provider::Obtained obtained = provider::obtain_token(providers, context);
    if (args.command == "inspect") {
        protocol::write_inspection(obtained.token.jwt, obtained.provider, clock.wall_now(),
                                   args.flags.count("json") != 0, out);
        return 0;
    }
    protocol::TokenOutput output;
    if (const auto file = args.flags.find("output-file"); file != args.flags.end()) {
        output.output_file = file->second;
    }
    output.json = args.flags.count("json") != 0;
    protocol::write_token(obtained, output, out);
    return 0;
}

}  // namespace

int run(const std::vector<std::string>& args, const Environment& env, std::istream& in,
        std::ostream& out, std::ostream& err) {
    Logger log(err);
    try {
        const ParsedArgs parsed = parse_args(args);
        if (parsed.version) {
            out << "ambient-oidc " AMBIENT_OIDC_VERSION "\n";
            return 0;
        }
        if (parsed.help) {
            print_help(out, parsed.command);
            return 0;
        }
        if (parsed.command.empty()) {
            throw Error(ErrorKind::Usage, "no command given; see 'ambient-oidc --help'");
        }
        if (!known_command(parsed.command)) {
            throw Error(ErrorKind::Usage,
                        "unknown command '" + parsed.command + "'; see 'ambient-oidc --help'");
        }
        const config::Settings settings = config::resolve_settings(
            parsed.flags, env,
            config::ConfigPaths{"/etc/ambient-oidc/config.json", config::user_config_path(env)});
        log.set_level(settings.log_level);
        return run_command(parsed, settings, env, log, in, out);
    } catch (const Error& error) {
        log.error(error.what());
        return exit_code(error.kind());
    } catch (const std::exception& error) {
        log.error(std::string("internal error: ") + error.what());
        return exit_code(ErrorKind::Internal);
    }
}

}  // namespace ambient_oidc::cli
