#include "cli/app.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>

#include "cli/args.hpp"
#include "config/config.hpp"
#include "core/after_caller.hpp"
#include "core/error.hpp"
#include "core/file_read.hpp"
#include "core/log.hpp"
#include "core/output_path.hpp"
#include "core/text.hpp"
#include "core/version.hpp"
#include "exchange/cached.hpp"
#include "exchange/registry.hpp"
#include "exchange/runner.hpp"
#include "exchange/vault.hpp"
#include "net/sts.hpp"
#include "protocol/aws.hpp"
#include "protocol/bazel.hpp"
#include "protocol/cargo.hpp"
#include "protocol/detect.hpp"
#include "protocol/docker.hpp"
#include "protocol/exchange_output.hpp"
#include "protocol/exec.hpp"
#include "protocol/git.hpp"
#include "protocol/google.hpp"
#include "protocol/inspect.hpp"
#include "protocol/kubernetes.hpp"
#include "protocol/token_output.hpp"
#include "protocol/vault.hpp"
#include "protocol/write.hpp"
#include "provider/obtain.hpp"
#include "provider/run.hpp"

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
    std::optional<std::string> optional_flag(const std::string& name) const {
        const auto found = args.flags.find(name);
        return found == args.flags.end() ? std::nullopt : std::optional(found->second);
    }
    std::string flag(const std::string& name, const std::string& fallback) const {
        const auto found = args.flags.find(name);
        return found == args.flags.end() ? fallback : found->second;
    }
};

// Selects the provider and gets a validated token for audience, in a run of its own (its
// deadline the configured timeout from now).
provider::Obtained obtain(Context& c, const std::string& audience, bool read_cache = true) {
    provider::Run run(c.settings, c.env, c.log, c.clock);
    return run.obtain(audience, read_cache);
}

// Before anything is fetched: refuses a path through another user's symbolic link, and warns
// once when other users can replace the file.
void check_output_path(Context& c, const std::string& path) {
    refuse_foreign_links(path);
    if (const std::string warning = shared_directory_warning(path); !warning.empty()) {
        c.log.warn(warning);
    }
}

int token_command(Context& c) {
    protocol::TokenOutput output;
    output.output_file = c.flag("output-file", "");
    output.json = c.json();
    if (!output.output_file.empty()) {
        check_output_path(c, output.output_file);
    }
    protocol::write_token(obtain(c, c.settings.audience), output, c.out);
    return 0;
}

int inspect_command(Context& c) {
    if (!c.args.positional.empty()) {  // "inspect -"
        const auto text = read_stream(c.in, token::kMaxTokenBytes + 2);
        if (!text) {
            throw Error(ErrorKind::InvalidToken, "the token on stdin is larger than 64 KiB");
        }
        const std::string raw = std::string(trim(*text));
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

// exec --exchange SERVICE: the service's credential in the variables its clients read. A
// credential the service can revoke is revoked once the command ends, so the command runs as a
// child; otherwise the command replaces this process, as plain exec does.
int exec_exchange(Context& c, const std::string& service_name, const std::string& path) {
    if (c.args.flags.count("env-var") != 0) {
        throw Error(ErrorKind::Usage,
                    "--env-var does not apply with --exchange (the service's clients read their "
                    "own variables)");
    }
    const exchange::Service& service = exchange::service_named(service_name, "--exchange");
    const exchange::Inputs inputs(service.name(), c.args.flags, c.settings, c.env);
    exchange::Runner runner(service, inputs, c.log, c.clock);
    const exchange::Exchanged exchanged = runner.exchange();
    const exchange::Variables variables = service.variables(runner.plan(), exchanged.credential);
    if (!runner.can_revoke(exchanged.credential)) {
        protocol::exec_with_variables(path, c.args.positional, variables, c.env);
    }
    const int status = protocol::run_with_variables(path, c.args.positional, variables, c.env);
    try {
        runner.revoke(exchanged.credential);
    } catch (const Error& error) {
        c.log.warn(std::string("the command ended, but revoking its credential failed: ") +
                   error.what());
    }
    return status;
}

int exec_command(Context& c) {
    const auto service = c.optional_flag("exchange");
    const std::string variable = c.flag("env-var", "SIGSTORE_ID_TOKEN");
    if (!protocol::valid_variable_name(variable)) {
        throw Error(ErrorKind::Usage, "--env-var: '" + variable + "' is not a variable name");
    }
    if (c.args.positional.empty()) {
        throw Error(ErrorKind::Usage,
                    "exec needs a command: ambient-oidc exec [--env-var NAME | --exchange "
                    "SERVICE] -- CMD [ARG...]");
    }
    if (service) {  // the service's name and options are checked before the command is looked up
        exchange::service_named(*service, "--exchange");
    }
    const std::string& program = c.args.positional.front();
    const auto path = find_program(program, c.env);
    if (!path) {  // before fetching anything
        throw Error(ErrorKind::CommandNotFound, "exec: " + program + ": command not found");
    }
    if (service) {
        return exec_exchange(c, *service, *path);
    }
    const provider::Obtained obtained = obtain(c, c.settings.audience);
    protocol::exec_with_token(*path, c.args.positional, variable, obtained.token.token, c.env);
}

int exchange_command(Context& c) {
    if (c.args.positional.size() != 1) {
        std::string known;
        for (const auto& service : exchange::all_services()) {
            known += (known.empty() ? "" : ", ") + service->name();
        }
        throw Error(ErrorKind::Usage,
                    "exchange needs one service: ambient-oidc exchange SERVICE (" + known + ")");
    }
    const exchange::Service& service =
        exchange::service_named(c.args.positional.front(), "exchange");
    protocol::TokenOutput output;
    output.output_file = c.flag("output-file", "");
    output.json = c.json();
    const exchange::Inputs inputs(service.name(), c.args.flags, c.settings, c.env);
    exchange::Runner runner(service, inputs, c.log, c.clock);
    if (!output.output_file.empty()) {
        check_output_path(c, output.output_file);
    }
    protocol::write_credential(runner.exchange(), service.name(), output, c.out);
    return 0;
}

int write_command(Context& c) {
    const std::string path = c.flag("path", protocol::kCosignTokenPath);
    check_output_path(c, path);
    provider::Obtained first = obtain(c, c.settings.audience);
    if (c.args.flags.count("refresh") == 0) {
        protocol::write_token_file(path, first.token.token);
        return 0;
    }
    // Each refresh is a run of its own, with its own deadline; it skips the cache, which would
    // only hand back the token being replaced.
    return protocol::refresh_loop(
        path, std::move(first), [&] { return obtain(c, c.settings.audience, false); }, c.clock,
        c.log, c.settings.retry, c.settings.min_validity);
}

int get_command(Context& c) {
    protocol::run_bazel_get(c.settings, c.in, c.out,
                            [&](const std::string& audience) { return obtain(c, audience); });
    return 0;
}

int exec_credential_command(Context& c) {
    protocol::run_exec_credential(
        c.env.get("KUBERNETES_EXEC_INFO"), c.optional_flag("audience"), c.settings,
        [&](const std::string& audience) { return obtain(c, audience); }, c.out);
    return 0;
}

int google_executable_command(Context& c) {
    protocol::run_google_executable(
        c.env, c.optional_flag("audience"),
        [&](const std::string& audience) { return obtain(c, audience); }, c.out);
    return 0;
}

int aws_credential_process_command(Context& c) {
    // One run for the token and the exchange: one deadline, trust store, proxy and retry loop.
    provider::Run run(c.settings, c.env, c.log, c.clock);
    const protocol::AwsOptions options{c.optional_flag("role-arn"),
                                       c.optional_flag("role-session-name"),
                                       c.optional_flag("duration"), c.optional_flag("audience")};
    protocol::run_aws_credential_process(
        options, c.env, c.settings,
        [&](const std::string& audience) { return run.obtain(audience); },
        [&](const net::AssumeRoleRequest& request) {
            c.log.debug("sts: POST " + request.endpoint.str());
            return run.with_retry("sts", [&](SteadyTime attempt_deadline) {
                return net::assume_role_with_web_identity(run.http(), request, attempt_deadline,
                                                          c.clock.wall_now(), c.log);
            });
        },
        c.out);
    return 0;
}

// cargo's credential provider: each token minted by the crates-io exchange for the registry
// cargo names, each in a run of its own (cargo may keep the process for longer than --timeout).
int cargo_credential_command(Context& c) {
    const exchange::Service& crates = exchange::service_named("crates-io", "cargo-credential");
    const auto with_runner = [&](const protocol::CargoTarget& target, const auto& use) {
        config::Flags flags{{"registry", target.api}};
        if (!target.audience.empty()) {
            flags["audience"] = target.audience;
        }
        const exchange::Inputs inputs(crates.name(), flags, c.settings, c.env);
        exchange::Runner runner(crates, inputs, c.log, c.clock);
        return use(runner);
    };
    return protocol::run_cargo_credential(
        c.in, c.out, c.settings,
        [&](const protocol::CargoTarget& target) {
            return with_runner(target, [](exchange::Runner& runner) {
                exchange::Exchanged exchanged = runner.exchange();
                return protocol::CargoToken{std::move(exchanged.credential.secret),
                                            *exchanged.credential.expires_at};
            });
        },
        [&](const protocol::CargoTarget& target, const std::string& token) {
            with_runner(target, [&](exchange::Runner& runner) {
                runner.revoke(exchange::Credential{token, std::nullopt, ""});
                return 0;
            });
        },
        run_after_caller_ends, c.clock, c.log);
}

// How a failure reaches the wire, which is part of each protocol: returns the exit code.
using Reporter = int (*)(const Error& error, std::ostream& out, Logger& log);

// The message on stderr, nothing on stdout: every command but the Docker and Google protocols.
int report_on_stderr(const Error& error, std::ostream&, Logger& log) {
    log.error(error.what());
    return exit_code(error.kind());
}

int report_google(const Error& error, std::ostream& out, Logger& log) {
    return protocol::report_google_failure(error, out, log);
}

// One row per command, a protocol among them: what it runs and how its failures are reported.
struct Command {
    const char* name;
    const char* synopsis;
    const char* summary;
    int (*run)(Context&);
    bool takes_arguments = false;  // inspect: "-"; exec: the command
    Reporter report = report_on_stderr;
    bool silent = false;         // nothing on stderr at any verbosity (Google's protocol)
    bool any_arguments = false;  // exec: the command; exchange: the service
    // The default audience, as the command's --help shows it.
    const char* audience_default = "sigstore";
};

const Command kCommands[] = {
    {"token", "token [--output-file PATH] [--json]",
     "print the token (or write it to a file, or print JSON)", token_command, false},
    {"exec", "exec [--env-var NAME | --exchange SERVICE] -- CMD [ARG...]",
     "run CMD with the token (or a service's credential) in its environment", exec_command, true,
     report_on_stderr, false, true, "sigstore; with --exchange, the service's"},
    {"exchange", "exchange SERVICE [--output-file PATH] [--json]",
     "trade the token for a service's credential (pypi, crates-io, npm, ...) and print it",
     exchange_command, true, report_on_stderr, false, true,
     "the service's (ambient-oidc(1) EXCHANGES)"},
    {"write", "write [--path PATH] [--refresh]",
     "write the token to the file cosign reads; with --refresh keep it fresh", write_command,
     false},
    {"inspect", "inspect [--json] [-]",
     "print the decoded header and claims of the token (or of one read from stdin)",
     inspect_command, true},
    {"detect", "detect [--json]",
     "list the providers, which are present, and which one would be used", detect_command, false},
    {"get", "get < {\"uri\": ...}",
     "the Bazel credential-helper protocol: print request headers for a URI", get_command, false,
     report_on_stderr, false, false, "the uris entry's, else sigstore"},
    {"exec-credential", "exec-credential [--audience AUD]",
     "a Kubernetes exec credential plugin (kubectl): print an ExecCredential",
     exec_credential_command, false, report_on_stderr, false, false,
     "the cluster's, else the configured one; none is an error"},
    {"google-executable", "google-executable [--audience AUD]",
     "a Google executable-sourced credential (gcloud, Google's libraries)",
     google_executable_command, false, report_google, true, false,
     "https: and GOOGLE_EXTERNAL_ACCOUNT_AUDIENCE"},
    {"aws-credential-process", "aws-credential-process --role-arn ARN",
     "an AWS credential_process: the role's credentials from STS", aws_credential_process_command,
     false, report_on_stderr, false, false, "sts.amazonaws.com"},
    {"cargo-credential", "cargo-credential [--cargo-plugin]",
     "cargo's credential provider: crates.io trusted-publishing tokens for cargo publish",
     cargo_credential_command, false, report_on_stderr, false, false, "crates.io"},
};

const Command* find_command(const std::string& name) {
    for (const auto& known : kCommands) {
        if (name == known.name) {
            return &known;
        }
    }
    return nullptr;
}

void print_options(std::ostream& out, const std::string& command) {
    for (const auto& spec : option_specs()) {
        if (!command.empty() && !option_applies(spec, command)) {
            continue;
        }
        std::string left = spec.short_name != 0 ? std::string("-") + spec.short_name + ", " : "";
        left += std::string("--") + spec.name;
        if (spec.value_name != nullptr) {
            left += std::string(" ") + spec.value_name;
        }
        std::string help = spec.help;
        if (std::string(spec.name) == "audience") {
            const Command* known = find_command(command);
            help = std::string("the token's audience (default ") +
                   (known != nullptr ? known->audience_default
                                     : "sigstore; see each command's --help") +
                   ")";
        }
        out << "  " << left << std::string(left.size() < 24 ? 24 - left.size() : 1, ' ') << help
            << '\n';
    }
}

void print_help(std::ostream& out, const std::string& command) {
    if (const Command* known = find_command(command)) {
        std::string summary = known->summary;
        summary[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(summary[0])));
        out << "Usage: ambient-oidc " << known->synopsis << "\n\n" << summary << ".\n\nOptions:\n";
        print_options(out, command);
        return;
    }
    out << "Usage: ambient-oidc [OPTION...] COMMAND [ARG...]\n"
           "       docker-credential-ambient-oidc get|store|erase|list|version\n"
           "       vault-token-helper-ambient-oidc get|store|erase\n"
           "       git-credential-ambient-oidc get|store|erase\n\n"
           "Gets an OIDC identity token from the CI or cloud environment this job runs in,\n"
           "with bounded retries, and hands it to cosign and other tools.\n\nCommands:\n";
    for (const auto& known : kCommands) {
        out << "  " << known.name << std::string(24 - std::strlen(known.name), ' ') << known.summary
            << '\n';
    }
    out << "\nOptions:\n";
    print_options(out, "");
    out << "\nExit codes: 0 ok, 1 internal error, 2 usage or configuration, 3 no ambient\n"
           "credential, 4 unavailable (retries used up, or a signal), 5 timeout, 6 rejected,\n"
           "7 invalid token; exec: the command's status, 127 when it cannot be run.\n"
           "See ambient-oidc(1).\n";
}

config::Settings load_settings(const config::Flags& flags, const Environment& env) {
    return config::resolve_settings(
        flags, env,
        config::ConfigPaths{"/etc/ambient-oidc/config.json", config::user_config_path(env)});
}

int report_docker(const Error& error, std::ostream& out, Logger& log) {
    return protocol::report_docker_failure(error, out, log);
}

// The credential of a configured entry (a registry or git host that names an exchange): its
// keys as the options of the service's row, through the cache (the helpers are asked again and
// again). erase: drop the cached one instead.
protocol::ServiceCredential entry_credential(Context& c, const std::string& service_name,
                                             const config::Flags& options, bool erase = false) {
    const exchange::Service& service = exchange::service_named(service_name, "exchange");
    const exchange::Inputs inputs(service.name(), options, c.settings, c.env);
    exchange::Runner runner(service, inputs, c.log, c.clock);
    if (erase) {
        exchange::forget_cached(runner, inputs, c.log, c.clock);
        return {};
    }
    const exchange::Credential credential =
        exchange::cached_exchange(runner, inputs, c.log, c.clock);
    return {credential.secret, credential.expires_at, credential.username};
}

// A registry entry's keys as its exchange's options.
config::Flags registry_options(const std::string& registry, const config::RegistryEntry& entry) {
    if (entry.exchange == "docker-hub") {
        return {{"connection-id", entry.connection_id},
                {"username", entry.username},
                {"expires-in",
                 std::to_string(
                     std::chrono::duration_cast<std::chrono::seconds>(entry.expires_in).count()) +
                     "s"}};
    }
    return {{"provider-name", entry.provider_name},
            {"audience", entry.audience},
            {"url", entry.url.empty() ? "https://" + registry : entry.url}};
}

// A git host's keys as its exchange's options.
config::Flags git_options(const config::GitEntry& entry) {
    config::Flags options;
    const auto set = [&](const char* name, const std::string& value) {
        if (!value.empty()) {
            options[name] = value;
        }
    };
    set("scope", entry.scope);
    set("url", entry.url);
    set("audience", entry.audience);
    set("tenant", entry.tenant);
    set("client-id", entry.client_id);
    set("identity", entry.identity);
    return options;
}

// docker-credential-ambient-oidc ACTION: every failure is exit 1 with a line on stdout.
int docker_helper(Context& c) {
    return protocol::run_docker(
        c.args.command, c.settings, c.in, c.out, c.log,
        [&](const std::string& audience) { return obtain(c, audience); },
        [&](const std::string& registry, const config::RegistryEntry& entry) {
            return entry_credential(c, entry.exchange, registry_options(registry, entry));
        });
}

// vault-token-helper-ambient-oidc ACTION: the vault exchange's options from the configuration's
// exchanges.vault and the AMBIENT_OIDC_VAULT_* variables.
int vault_helper(Context& c) {
    const config::Flags none;
    const exchange::Inputs inputs("vault", none, c.settings, c.env);
    const bool role = exchange::vault_role_configured(inputs);
    return protocol::run_vault(
        c.args.command, role, c.in, c.out, c.log,
        [&] { return entry_credential(c, "vault", none); },
        [&] {
            if (role) {  // without one, nothing was cached
                entry_credential(c, "vault", none, true);
            }
        });
}

// git-credential-ambient-oidc ACTION.
int git_helper(Context& c) {
    return protocol::run_git(
        c.args.command, c.settings, c.in, c.out, c.log,
        [&](const std::string&, const config::GitEntry& entry) {
            return entry_credential(c, entry.exchange, git_options(entry));
        },
        [&](const std::string&, const config::GitEntry& entry) {
            entry_credential(c, entry.exchange, git_options(entry), true);
        });
}

// A protocol chosen by the program's name (a link to this program) rather than by a command:
// one action in argv, options only from the configuration and AMBIENT_OIDC_* variables.
struct LinkedHelper {
    const char* link;      // the program's name
    const char* actions;   // for usage lines, "get|store|erase"
    const char* about;     // the --help text after the usage line
    int (*run)(Context&);  // args.command holds the action
    Reporter report;
};

const LinkedHelper kLinkedHelpers[] = {
    {"docker-credential-ambient-oidc", "get|store|erase|list|version",
     "A Docker credential helper: the token of the ambient OIDC identity (or a credential "
     "exchanged for it)\nfor the registries in the configuration. See "
     "docker-credential-ambient-oidc(1).",
     docker_helper, report_docker},
    {"vault-token-helper-ambient-oidc", "get|store|erase",
     "A Vault/OpenBao token helper: a Vault token for the configured role, from the ambient "
     "OIDC identity.\nSee vault-token-helper-ambient-oidc(1).",
     vault_helper, report_on_stderr},
    {"git-credential-ambient-oidc", "get|store|erase",
     "A git credential helper: the credential of the git hosts in the configuration (Azure "
     "DevOps through\nEntra, GitHub through octo-sts). See git-credential-ambient-oidc(1).",
     git_helper, report_on_stderr},
};

const LinkedHelper* find_linked_helper(const std::string& program) {
    const std::string name = program.substr(program.rfind('/') + 1);
    for (const auto& helper : kLinkedHelpers) {
        if (name == helper.link) {
            return &helper;
        }
    }
    return nullptr;
}

// What is wrong with the arguments of a linked helper, which takes exactly one action.
std::string helper_arguments_error(const LinkedHelper& helper,
                                   const std::vector<std::string>& args) {
    const std::string usage = std::string("usage: ") + helper.link + " " + helper.actions;
    if (args.empty()) {
        return "no action given; " + usage;
    }
    std::string shown;
    for (const auto& arg : args) {
        shown += (shown.empty() ? "" : " ") + printable(arg, 100);
    }
    return "expected one action, got '" + shown + "' (options go in the configuration or " +
           "AMBIENT_OIDC_* variables); " + usage;
}

int run_linked_helper(const LinkedHelper& helper, const std::vector<std::string>& args,
                      const Environment& env, std::istream& in, std::ostream& out, Logger& log) {
    if (std::any_of(args.begin(), args.end(),
                    [](const std::string& arg) { return arg == "--help" || arg == "-h"; })) {
        out << "usage: " << helper.link << " " << helper.actions << "\n\n" << helper.about << "\n";
        return 0;
    }
    if (args.size() != 1) {
        throw Error(ErrorKind::Usage, helper_arguments_error(helper, args));
    }
    const config::Settings settings = load_settings({}, env);
    const ParsedArgs parsed{args.front(), {}, {}, false, false};
    log.set_level(settings.log_level);
    Context context{parsed, settings, env, log, in, out, {}};
    return helper.run(context);
}

// ambient-oidc COMMAND: parses the arguments and runs the command's row.
int run_command(const std::vector<std::string>& args, const Environment& env, std::istream& in,
                std::ostream& out, Logger& log) {
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
    const bool dash = parsed.positional == std::vector<std::string>{"-"};
    if (!parsed.positional.empty() &&
        !(command->takes_arguments && (dash || command->any_arguments))) {
        throw Error(ErrorKind::Usage, "unexpected argument '" + parsed.positional.front() +
                                          "' for '" + parsed.command + "'");
    }
    const config::Settings settings = load_settings(parsed.flags, env);
    log.set_level(settings.log_level);
    Context context{parsed, settings, env, log, in, out, {}};
    return command->run(context);
}

}  // namespace

int run(const std::string& program, const std::vector<std::string>& args, const Environment& env,
        std::istream& in, std::ostream& out, std::ostream& err) {
    // The row decides, before anything can fail, where diagnostics and failures go.
    const LinkedHelper* helper = find_linked_helper(program);
    const Command* command = helper != nullptr ? nullptr : find_command(command_of(args));
    std::ostream nowhere(nullptr);
    Logger log(command != nullptr && command->silent ? nowhere : err);
    const Reporter report = helper != nullptr    ? helper->report
                            : command != nullptr ? command->report
                                                 : report_on_stderr;
    try {
        return helper != nullptr ? run_linked_helper(*helper, args, env, in, out, log)
                                 : run_command(args, env, in, out, log);
    } catch (const Error& error) {
        return report(error, out, log);
    } catch (const std::exception& error) {
        return report(Error(ErrorKind::Internal, std::string("internal error: ") + error.what()),
                      out, log);
    }
}

}  // namespace ambient_oidc::cli
