#include "cli/app.hpp"

#include <iterator>
#include <random>

#include "cli/args.hpp"
#include "config/config.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/version.hpp"
#include "net/failure.hpp"
#include "protocol/detect.hpp"
#include "protocol/inspect.hpp"
#include "protocol/token_output.hpp"
#include "provider/obtain.hpp"

namespace ambient_oidc::cli {

namespace {

// Everything a command may use.
struct Context {
    const ParsedArgs& args;
    const config::Settings& settings;
    const Environment& env;
    Logger& log;
    std::istream& in;
    std::ostream& out;
    SystemClock clock;

    bool json() const { return args.flags.count("json") != 0; }
};

int token_command(Context& c);
int inspect_command(Context& c);
int detect_command(Context& c);

struct Command {
    const char* name;
    const char* synopsis;
    const char* summary;
    int (*run)(Context&);
    bool takes_stdin_dash;  // accepts "-" as its one argument
};

const Command kCommands[] = {
    {"token", "token [--output-file PATH] [--json]",
     "print the token (or write it to a file, or print JSON)", token_command, false},
    {"inspect", "inspect [--json] [-]",
     "print the decoded header and claims of the token (or of one read from stdin)",
     inspect_command, true},
    {"detect", "detect [--json]",
     "list the providers, which are present, and which one would be used", detect_command, false},
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

const Command* find_command(const std::string& name) {
    for (const auto& known : kCommands) {
        if (name == known.name) {
            return &known;
        }
    }
    return nullptr;
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

// Selects the provider and gets a validated token for audience, under the run's deadline.
provider::Obtained obtain(Context& c, const std::string& audience) {
    interrupt::install();
    std::mt19937_64 random{std::random_device{}()};
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    const net::ProxySettings proxies = net::ProxySettings::from_environment(c.env);
    for (const auto& secret : proxies.secrets()) {
        c.log.add_secret(secret);
    }
    net::HttpClient http(c.settings.ca_file, proxies);
    provider::FetchContext context{c.settings,
                                   c.env,
                                   c.clock,
                                   c.log,
                                   http,
                                   [&] { return uniform(random); },
                                   c.clock.now() + c.settings.timeout};
    return provider::obtain_token(provider::all_providers(), context, audience);
}

int token_command(Context& c) {
    protocol::TokenOutput output;
    if (const auto file = c.args.flags.find("output-file"); file != c.args.flags.end()) {
        output.output_file = file->second;
    }
    output.json = c.json();
    protocol::write_token(obtain(c, c.settings.audience), output, c.out);
    return 0;
}

int inspect_command(Context& c) {
    if (!c.args.positional.empty()) {  // "inspect -"
        const std::string raw = read_token(c.in);
        c.log.add_secret(raw);
        if (raw.empty()) {
            throw Error(ErrorKind::InvalidToken, "no token on stdin");
        }
        protocol::write_inspection(token::decode_jwt(raw), "-", c.clock.wall_now(), c.json(),
                                   c.out);
        return 0;
    }
    const provider::Obtained obtained = obtain(c, c.settings.audience);
    protocol::write_inspection(obtained.token.jwt, obtained.provider, c.clock.wall_now(), c.json(),
                               c.out);
    return 0;
}

int detect_command(Context& c) {
    const provider::ProviderList providers = provider::all_providers();
    if (c.settings.provider != "auto") {
        provider::select_provider(providers, c.settings.provider, c.env, c.settings);
    }
    return protocol::write_detection(providers, c.env, c.settings, c.json(), c.out)
               ? 0
               : exit_code(ErrorKind::NoCredential);
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
        const Command* command = find_command(parsed.command);
        if (command == nullptr) {
            throw Error(ErrorKind::Usage,
                        "unknown command '" + parsed.command + "'; see 'ambient-oidc --help'");
        }
        const bool dash =
            command->takes_stdin_dash && parsed.positional == std::vector<std::string>{"-"};
        if (!parsed.positional.empty() && !dash) {
            throw Error(ErrorKind::Usage, "unexpected argument '" + parsed.positional.front() +
                                              "' for '" + parsed.command + "'");
        }
        const config::Settings settings = config::resolve_settings(
            parsed.flags, env,
            config::ConfigPaths{"/etc/ambient-oidc/config.json", config::user_config_path(env)});
        log.set_level(settings.log_level);
        Context context{parsed, settings, env, log, in, out, {}};
        return command->run(context);
    } catch (const Error& error) {
        log.error(error.what());
        return exit_code(error.kind());
    } catch (const std::exception& error) {
        log.error(std::string("internal error: ") + error.what());
        return exit_code(ErrorKind::Internal);
    }
}

}  // namespace ambient_oidc::cli
