#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "cli/args.hpp"
#include "config/config.hpp"
#include "core/error.hpp"
#include "support/preconditions.hpp"

namespace bdata = boost::unit_test::data;
namespace fs = std::filesystem;
using ambient_oidc::Environment;
using ambient_oidc::Error;
using ambient_oidc::config::ConfigPaths;
using ambient_oidc::config::Flags;
using ambient_oidc::config::resolve_settings;
using ambient_oidc::config::Settings;

namespace {

struct ConfigFiles {
    fs::path dir =
        fs::temp_directory_path() /
        ("ambient-oidc-config-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    ConfigFiles() { fs::create_directories(dir); }
    ~ConfigFiles() { fs::remove_all(dir); }
    std::string write(const std::string& name, const std::string& text, mode_t mode = 0644) {
        std::ofstream(dir / name) << text;
        fs::permissions(dir / name, static_cast<fs::perms>(mode));
        return (dir / name).string();
    }
    ConfigPaths paths() const {
        return ConfigPaths{(dir / "system.json").string(), (dir / "user.json").string()};
    }
    static inline int counter = 0;
};

std::string usage_error(const Flags& flags, const Environment& env, const ConfigPaths& paths) {
    try {
        resolve_settings(flags, env, paths);
    } catch (const Error& error) {
        BOOST_TEST(static_cast<int>(error.kind()) == 2);
        return error.what();
    }
    BOOST_FAIL("no usage error");
    return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(config_precedence)

BOOST_AUTO_TEST_CASE(defaults_without_any_source) {
    ConfigFiles files;
    const Settings s = resolve_settings({}, Environment(), files.paths());
    BOOST_TEST(s.audience == "sigstore");
    BOOST_TEST(s.provider == "auto");
    BOOST_TEST(s.timeout.count() == 120'000);
    BOOST_TEST(s.retry.attempts == 3);
    BOOST_TEST(s.retry.backoff.count() == 1000);
    BOOST_TEST(s.retry.factor == 5.0);
    BOOST_TEST(s.retry.max_backoff.count() == 30'000);
    BOOST_TEST(s.retry.jitter == 0.25);
    BOOST_TEST(s.retry.attempt_timeout.count() == 30'000);
    BOOST_TEST(s.cache_enabled);
    BOOST_TEST(s.min_validity.count() == 60'000);
    BOOST_TEST(static_cast<int>(s.log_level) == static_cast<int>(ambient_oidc::LogLevel::Warn));
}

BOOST_AUTO_TEST_CASE(flag_beats_env_beats_user_beats_system) {
    ConfigFiles files;
    files.write("system.json",
                R"({"audience":"system","timeout":"10s","retry":{"attempts":4,"jitter":0.5},
                    "log":{"level":"error"}})");
    files.write("user.json", R"({"audience":"user","timeout":20})");
    Settings s = resolve_settings({}, Environment(), files.paths());
    BOOST_TEST(s.audience == "user");
    BOOST_TEST(s.timeout.count() == 20'000);
    BOOST_TEST(s.retry.attempts == 4);  // only the system file sets it
    BOOST_TEST(s.retry.jitter == 0.5);

    const Environment env({{"AMBIENT_OIDC_AUDIENCE", "env"},
                           {"AMBIENT_OIDC_ATTEMPTS", "5"},
                           {"AMBIENT_OIDC_LOG", "debug"}});
    s = resolve_settings({}, env, files.paths());
    BOOST_TEST(s.audience == "env");
    BOOST_TEST(s.retry.attempts == 5);
    BOOST_TEST(static_cast<int>(s.log_level) == static_cast<int>(ambient_oidc::LogLevel::Debug));

    s = resolve_settings({{"audience", "flag"}, {"quiet", ""}}, env, files.paths());
    BOOST_TEST(s.audience == "flag");
    BOOST_TEST(s.retry.attempts == 5);
    BOOST_TEST(static_cast<int>(s.log_level) == static_cast<int>(ambient_oidc::LogLevel::Error));
}

BOOST_AUTO_TEST_CASE(named_config_replaces_both_files) {
    ConfigFiles files;
    files.write("system.json", R"({"provider":"system"})");
    files.write("user.json", R"({"audience":"user"})");
    const std::string named = files.write("named.json", R"({"retry":{"backoff":"250ms"}})");
    for (const auto& [flags, env] :
         {std::pair<Flags, Environment>{{{"config", named}}, Environment()},
          std::pair<Flags, Environment>{{}, Environment({{"AMBIENT_OIDC_CONFIG", named}})}}) {
        const Settings s = resolve_settings(flags, env, files.paths());
        BOOST_TEST(s.audience == "sigstore");
        BOOST_TEST(s.provider == "auto");
        BOOST_TEST(s.retry.backoff.count() == 250);
    }
    BOOST_TEST(usage_error({{"config", (files.dir / "missing.json").string()}}, Environment(),
                           files.paths())
                   .find("cannot read the config file") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(every_flag_and_variable_is_applied) {
    ConfigFiles files;
    const Flags flags = {
        {"timeout", "9s"},         {"attempts", "7"},       {"backoff", "2s"},
        {"backoff-factor", "3"},   {"max-backoff", "1m"},   {"jitter", "0"},
        {"attempt-timeout", "4s"}, {"ca-file", "/ca.pem"},  {"no-cache", ""},
        {"cache-dir", "/c"},       {"min-validity", "90s"}, {"provider", "github-actions"},
        {"verbose", "2"}};
    const Settings s = resolve_settings(flags, Environment(), files.paths());
    BOOST_TEST(s.timeout.count() == 9000);
    BOOST_TEST(s.retry.attempts == 7);
    BOOST_TEST(s.retry.backoff.count() == 2000);
    BOOST_TEST(s.retry.factor == 3.0);
    BOOST_TEST(s.retry.max_backoff.count() == 60'000);
    BOOST_TEST(s.retry.jitter == 0.0);
    BOOST_TEST(s.retry.attempt_timeout.count() == 4000);
    BOOST_TEST(s.ca_file == "/ca.pem");
    BOOST_TEST(!s.cache_enabled);
    BOOST_TEST(s.cache_dir == "/c");
    BOOST_TEST(s.min_validity.count() == 90'000);
    BOOST_TEST(s.provider == "github-actions");
    BOOST_TEST(static_cast<int>(s.log_level) == static_cast<int>(ambient_oidc::LogLevel::Debug));

    const Environment env({{"AMBIENT_OIDC_TIMEOUT", "8s"},
                           {"AMBIENT_OIDC_BACKOFF", "3s"},
                           {"AMBIENT_OIDC_BACKOFF_FACTOR", "2.5"},
                           {"AMBIENT_OIDC_MAX_BACKOFF", "45s"},
                           {"AMBIENT_OIDC_JITTER", "0.1"},
                           {"AMBIENT_OIDC_ATTEMPT_TIMEOUT", "5s"},
                           {"AMBIENT_OIDC_CACHE", "0"},
                           {"AMBIENT_OIDC_CACHE_DIR", "/d"},
                           {"AMBIENT_OIDC_MIN_VALIDITY", "2m"},
                           {"AMBIENT_OIDC_PROVIDER", "github-actions"}});
    const Settings e = resolve_settings({}, env, files.paths());
    BOOST_TEST(e.timeout.count() == 8000);
    BOOST_TEST(e.retry.backoff.count() == 3000);
    BOOST_TEST(e.retry.factor == 2.5);
    BOOST_TEST(e.retry.max_backoff.count() == 45'000);
    BOOST_TEST(e.retry.jitter == 0.1);
    BOOST_TEST(e.retry.attempt_timeout.count() == 5000);
    BOOST_TEST(!e.cache_enabled);
    BOOST_TEST(e.cache_dir == "/d");
    BOOST_TEST(e.min_validity.count() == 120'000);
    BOOST_TEST(e.provider == "github-actions");
}

BOOST_AUTO_TEST_CASE(ssl_cert_variables_beat_the_config_ca_file) {
    ConfigFiles files;
    files.write("user.json", R"({"tls":{"ca_file":"/from/config.pem"}})");
    BOOST_TEST(resolve_settings({}, Environment(), files.paths()).ca_file == "/from/config.pem");
    BOOST_TEST(resolve_settings({}, Environment({{"SSL_CERT_FILE", "/env.pem"}}), files.paths())
                   .ca_file.empty());
    BOOST_TEST(resolve_settings({}, Environment({{"SSL_CERT_DIR", "/certs"}}), files.paths())
                   .ca_file.empty());
    BOOST_TEST(resolve_settings({{"ca-file", "/flag.pem"}},
                                Environment({{"SSL_CERT_FILE", "/env.pem"}}), files.paths())
                   .ca_file == "/flag.pem");
}

BOOST_AUTO_TEST_CASE(reads_every_documented_key) {
    ConfigFiles files;
    files.write("user.json", R"({
      "audience": "a", "provider": "auto", "timeout": "120s",
      "retry": {"attempts": 3, "backoff": "1s", "factor": 5, "max_backoff": "30s",
                "jitter": 0.25, "attempt_timeout": "30s"},
      "cache": {"enabled": false, "dir": "/run/user/1000/ambient-oidc", "min_validity": "60s"},
      "tls": {"ca_file": "/etc/ssl/certs/ca-certificates.crt"},
      "log": {"level": "info"},
      "registries": {"registry.example.com": {"audience": "registry.example.com",
                                              "username": "oidc", "identity_token": true},
                     "other.example": {}},
      "uris": {"https://cache.example.com/": {"audience": "bazel-cache"}},
      "providers": {"file": {"path": "/var/run/secrets/tokens/oidc-token"},
                    "spiffe": {"socket": "unix:///run/spire/agent.sock",
                               "spiffe_id": "spiffe://example.org/ci"},
                    "google": {"iam_endpoint": "https://iam.example"},
                    "azure": {"service_connection_id": "abc"}}})");
    const Settings s = resolve_settings({}, Environment(), files.paths());
    BOOST_TEST(!s.cache_enabled);
    BOOST_TEST(s.cache_dir == "/run/user/1000/ambient-oidc");
    BOOST_TEST(s.registries.at("registry.example.com").identity_token);
    BOOST_TEST(s.registries.at("other.example").username == "oidc");
    BOOST_TEST(s.uris.at("https://cache.example.com/").audience == "bazel-cache");
    BOOST_TEST(s.file_path == "/var/run/secrets/tokens/oidc-token");
    BOOST_TEST(s.google_iam_endpoint == "https://iam.example");
    BOOST_TEST(s.azure_service_connection_id == "abc");
    BOOST_TEST(s.spiffe_socket == "unix:///run/spire/agent.sock");
    BOOST_TEST(s.spiffe_id == "spiffe://example.org/ci");
}

struct BadConfig {
    const char* json;
    const char* message;
};
std::ostream& operator<<(std::ostream& out, const BadConfig& c) {
    return out << c.json;
}

const BadConfig kBadConfigs[] = {
    {R"({"audiense":"x"})", "unknown key 'audiense'"},
    {R"({"retry":{"attempts":3,"tries":2}})", "unknown key 'retry.tries'"},
    {R"({"retry":5})", "key 'retry': expected an object"},
    {R"({"retry":{"attempts":"3"}})", "key 'retry.attempts': expected a whole number"},
    {R"({"retry":{"attempts":0}})", "key 'retry.attempts': expected a whole number from 1"},
    {R"({"retry":{"jitter":2}})", "key 'retry.jitter': expected a number from 0 to 1"},
    {R"({"retry":{"factor":0.5}})", "key 'retry.factor'"},
    {R"({"timeout":"soon"})", "key 'timeout': invalid duration 'soon'"},
    {R"({"timeout":true})", "key 'timeout': expected a duration"},
    {R"({"timeout":"0s"})", "key 'timeout': must be longer than zero"},
    {R"({"cache":{"enabled":"yes"}})", "key 'cache.enabled': expected true or false"},
    {R"({"log":{"level":"loud"}})", "key 'log.level': invalid log level 'loud'"},
    {R"({"registries":{"r.example":{"user":"x"}}})", "unknown key 'user'"},
    {R"({"registries":{"r.example":{"identity_token":"yes"}}})", "identity_token"},
    {R"({"uris":{"https://x/":{"audience":1}}})", "expected a string"},
    {R"({"registries":{"https://reg.example.com":{}}})", "without a scheme or a path"},
    {R"({"registries":{"reg.example.com/v2":{}}})", "without a scheme or a path"},
    {R"({"registries":{"u@reg.example.com":{}}})", "user information"},
    {R"({"registries":{"docker.io":{},"index.docker.io":{}}})",
     "index.docker.io: the same registry as 'docker.io'"},
    {R"({"registries":{"GHCR.io":{},"ghcr.io":{}}})", "the same registry as 'GHCR.io'"},
    {R"({"uris":{"cache.example.com":{}}})", "expected scheme://host"},
    {R"({"uris":{"https://":{}}})", "no host"},
    {R"({"uris":{"https://u@cache.example/":{}}})", "user info"},
    {R"({"providers":{"google":{"iam_endpoint":"http://x"}}})", "must be an https:// URL"},
    {R"({"providers":{"vault":{}}})", "unknown key 'providers.vault'"},
    {R"({"providers":{"spiffe":{"socket":""}}})", "key 'providers.spiffe.socket': must not be"},
    {R"({"providers":{"spiffe":{"spiffe_id":"example.org/ci"}}})", "must be a SPIFFE ID"},
    {R"({"providers":{"spiffe":{"spiffe_id":"spiffe://"}}})", "must be a SPIFFE ID"},
    {R"([1,2])", "not a JSON object"},
    {R"({"audience": )", "not valid JSON"},
    // Poco's parser cuts a name at \u0000: this one would act as "audience".
    {R"({"audience\u0000x": "a"})",
     "not usable JSON: a string holds \\u0000 (a NUL character) at line 1, column 11"},
    {"{\n  \"audience\": \"sigstore\\u0000evil\"\n}",
     "a string holds \\u0000 (a NUL character) at line 2, column 24"},
    {R"({"registries":{"r.example":{"username":"oidc\u0000"}}})", "holds \\u0000"},
    // Registry entries with an exchange, the git section and exchanges.vault.
    {R"({"registries":{"docker.io":{"exchange":"quay"}}})",
     "docker.io.exchange: unknown exchange 'quay'"},
    {R"({"registries":{"docker.io":{"exchange":"docker-hub","username":"org"}}})",
     "docker.io.connection_id: missing"},
    {R"({"registries":{"docker.io":{"exchange":"docker-hub","connection_id":"c"}}})",
     "docker.io.username: missing"},
    {R"({"registries":{"docker.io":{"exchange":"docker-hub","connection_id":"c",)"
     R"("username":"o","expires_in":"2h"}}})",
     "docker.io.expires_in: expected 300s to 3600s"},
    {R"({"registries":{"docker.io":{"exchange":"docker-hub","connection_id":"c",)"
     R"("username":"o","provider_name":"p"}}})",
     "unknown key 'provider_name'"},
    {R"({"registries":{"r.jfrog.io":{"exchange":"jfrog","audience":"a"}}})",
     "r.jfrog.io.provider_name: missing"},
    {R"({"registries":{"r.jfrog.io":{"exchange":"jfrog","provider_name":"p"}}})",
     "r.jfrog.io.audience: missing"},
    {R"({"registries":{"r.jfrog.io":{"exchange":"jfrog","provider_name":"p","audience":"a",)"
     R"("url":"http://r.jfrog.io"}}})",
     "r.jfrog.io.url: must be an https:// URL"},
    {R"({"registries":{"r.jfrog.io":{"exchange":"jfrog","provider_name":"","audience":"a"}}})",
     "r.jfrog.io.provider_name: must not be empty"},
    {R"({"git":{"dev.azure.com":{}}})", "dev.azure.com.exchange: missing"},
    {R"({"git":{"dev.azure.com":{"exchange":"pypi"}}})", "unknown exchange 'pypi' for git"},
    {R"({"git":{"dev.azure.com":{"exchange":"azure","client_id":"c"}}})",
     "dev.azure.com.tenant: missing"},
    {R"({"git":{"dev.azure.com":{"exchange":"azure","tenant":"t"}}})",
     "dev.azure.com.client_id: missing"},
    {R"({"git":{"github.com":{"exchange":"octo-sts","scope":"o/r"}}})",
     "github.com.identity: missing"},
    {R"({"git":{"github.com":{"exchange":"octo-sts","identity":"i"}}})",
     "github.com.scope: missing"},
    {R"({"git":{"github.com":{"exchange":"octo-sts","scope":"o/r","identity":"i","tenant":"t"}}})",
     "unknown key 'tenant'"},
    {R"({"git":{"https://github.com":{"exchange":"octo-sts"}}})", "without a scheme or a path"},
    {R"({"git":{"GitHub.com":{"exchange":"octo-sts","scope":"o/r","identity":"i"},)"
     R"("github.com":{"exchange":"octo-sts","scope":"o/r","identity":"i"}}})",
     "the same host as another entry"},
    {R"({"git":{"github.com":{"exchange":"octo-sts","scope":1,"identity":"i"}}})",
     "github.com.scope: expected a string"},
};

BOOST_DATA_TEST_CASE(config_errors_name_the_key, bdata::make(kBadConfigs), sample) {
    ConfigFiles files;
    const std::string path = files.write("user.json", sample.json);
    const std::string message = usage_error({}, Environment(), files.paths());
    BOOST_TEST(message.find(sample.message) != std::string::npos, message);
    BOOST_TEST(message.find(path) != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(env_and_flag_errors_name_their_source) {
    ConfigFiles files;
    BOOST_TEST(usage_error({}, Environment({{"AMBIENT_OIDC_JITTER", "lots"}}), files.paths())
                   .find("AMBIENT_OIDC_JITTER: expected a number from 0 to 1") == 0u);
    BOOST_TEST(usage_error({}, Environment({{"AMBIENT_OIDC_CACHE", "maybe"}}), files.paths())
                   .find("AMBIENT_OIDC_CACHE:") == 0u);
    BOOST_TEST(usage_error({{"timeout", "-1"}}, Environment(), files.paths()).find("--timeout:") ==
               0u);
    BOOST_TEST(usage_error({{"attempts", "2.5"}}, Environment(), files.paths())
                   .find("--attempts: expected a whole number") == 0u);
}

BOOST_AUTO_TEST_CASE(exchange_entries_and_git_hosts_are_read) {
    ConfigFiles files;
    files.write("user.json", R"({
      "registries": {"docker.io": {"exchange": "docker-hub", "connection_id": "c-1",
                                   "username": "org", "expires_in": "10m"},
                     "r.jfrog.io": {"exchange": "jfrog", "provider_name": "gh", "audience": "jf",
                                    "url": "https://acme.jfrog.io"}},
      "git": {"Dev.Azure.com": {"exchange": "azure", "tenant": "t", "client_id": "c"},
              "github.com:8443": {"exchange": "octo-sts", "scope": "o/r", "identity": "ci"}}})");
    const Settings s = resolve_settings({}, Environment(), files.paths());
    const auto& hub = s.registries.at("docker.io");
    BOOST_TEST(hub.exchange == "docker-hub");
    BOOST_TEST(hub.connection_id == "c-1");
    BOOST_TEST(hub.username == "org");
    BOOST_TEST(hub.expires_in.count() == 600'000);
    const auto& jfrog = s.registries.at("r.jfrog.io");
    BOOST_TEST(jfrog.provider_name == "gh");
    BOOST_TEST(jfrog.audience == "jf");
    BOOST_TEST(jfrog.url == "https://acme.jfrog.io");
    const auto& azure = s.git.at("dev.azure.com");
    BOOST_TEST(azure.scope == "499b84ac-1321-427f-aa17-267ca6975798/.default");
    BOOST_TEST(azure.tenant == "t");
    BOOST_TEST(s.git.at("github.com:8443").identity == "ci");
}

BOOST_AUTO_TEST_CASE(user_config_path_follows_xdg) {
    using ambient_oidc::config::user_config_path;
    BOOST_TEST(user_config_path(Environment({{"XDG_CONFIG_HOME", "/x"}, {"HOME", "/h"}})) ==
               "/x/ambient-oidc/config.json");
    BOOST_TEST(user_config_path(Environment({{"HOME", "/h"}})) ==
               "/h/.config/ambient-oidc/config.json");
    BOOST_TEST(user_config_path(Environment()).empty());
}

BOOST_AUTO_TEST_SUITE_END()

// Whoever can write a configuration file chooses where tokens go: the system and user files must
// be root's or the caller's and writable by no one else; a named file only by no one at all.
BOOST_AUTO_TEST_SUITE(config_trust)

const std::string kAudience = R"({"audience":"from-file"})";

BOOST_AUTO_TEST_CASE(group_or_world_writable_system_and_user_files_are_refused) {
    for (const char* name : {"system.json", "user.json"}) {
        for (const mode_t mode : {0664, 0646, 0666}) {
            ConfigFiles files;
            const std::string path = files.write(name, kAudience, mode);
            const std::string message = usage_error({}, Environment(), files.paths());
            BOOST_TEST(message.find("the config file " + path + " is writable by ") == 0u, message);
            BOOST_TEST(message.find(mode & 02 ? "chmod o-w " + path : "chmod g-w " + path) !=
                           std::string::npos,
                       message);
        }
    }
}

BOOST_AUTO_TEST_CASE(files_of_another_user_are_refused_unless_named,
                     *ambient_oidc::test::needs_root("give the file away")) {
    BOOST_REQUIRE_MESSAGE(::geteuid() == 0, "needs root to give the file away");
    for (const char* name : {"system.json", "user.json"}) {
        ConfigFiles files;
        const std::string path = files.write(name, kAudience);
        BOOST_REQUIRE(::chown(path.c_str(), 65534, 65534) == 0);
        const std::string message = usage_error({}, Environment(), files.paths());
        BOOST_TEST(message.find("the config file " + path +
                                " belongs to uid 65534, neither root nor you (uid 0)") == 0u,
                   message);
        // Named, it is the caller's choice: used while no one else can write it.
        BOOST_TEST(resolve_settings({{"config", path}}, Environment(), {}).audience == "from-file");
        BOOST_TEST(
            resolve_settings({}, Environment({{"AMBIENT_OIDC_CONFIG", path}}), {}).audience ==
            "from-file");
        fs::permissions(path, static_cast<fs::perms>(0664));
        BOOST_TEST(resolve_settings({{"config", path}}, Environment(), {}).audience == "from-file");
        fs::permissions(path, static_cast<fs::perms>(0646));
        BOOST_TEST(usage_error({{"config", path}}, Environment(), {})
                       .find(path + " is writable by every user (mode 0646)") != std::string::npos);
    }
}

// A Kubernetes ConfigMap mount: root's files, mode 0644, reached through ..data links.
BOOST_AUTO_TEST_CASE(a_configmap_mount_is_used) {
    ConfigFiles files;
    const fs::path data = files.dir / "..2026_12_01_00_00_00.000000001";
    fs::create_directories(data);
    std::ofstream(data / "system.json") << kAudience;
    fs::permissions(data / "system.json", static_cast<fs::perms>(0644));
    fs::create_directory_symlink(data.filename(), files.dir / "..data");
    fs::create_symlink("..data/system.json", files.dir / "system.json");
    BOOST_TEST(resolve_settings({}, Environment(), files.paths()).audience == "from-file");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(command_line)

using ambient_oidc::cli::parse_args;

BOOST_AUTO_TEST_CASE(options_before_and_after_the_command) {
    const auto parsed =
        parse_args({"--audience", "a", "token", "--attempts=4", "-vv", "--json", "--no-cache"});
    BOOST_TEST(parsed.command == "token");
    BOOST_TEST(parsed.flags.at("audience") == "a");
    BOOST_TEST(parsed.flags.at("attempts") == "4");
    BOOST_TEST(parsed.flags.at("verbose") == "2");
    BOOST_TEST(parsed.flags.count("json") == 1u);
    BOOST_TEST(parsed.flags.count("no-cache") == 1u);
    BOOST_TEST(parsed.positional.empty());
}

BOOST_AUTO_TEST_CASE(help_version_and_positionals) {
    BOOST_TEST(parse_args({"--version"}).version);
    BOOST_TEST(parse_args({"token", "-h"}).help);
    BOOST_TEST(parse_args({"token", "-h"}).command == "token");
    BOOST_TEST(parse_args({"inspect", "-"}).positional == std::vector<std::string>{"-"});
    BOOST_TEST(parse_args({"inspect", "--", "--json"}).positional ==
               std::vector<std::string>{"--json"});
}

const std::vector<std::vector<std::string>> kBadArgs = {
    {"token", "--bogus"},
    {"token", "-x"},
    {"token", "--audience"},
    {"token", "--json=1"},
    {"inspect", "--output-file", "f"},
};

BOOST_DATA_TEST_CASE(bad_arguments_are_usage_errors, bdata::xrange(kBadArgs.size()), index) {
    try {
        parse_args(kBadArgs[index]);
        BOOST_FAIL("accepted");
    } catch (const Error& error) {
        BOOST_TEST(static_cast<int>(error.kind()) == 2);
        BOOST_TEST(std::string(error.what()).find("see 'ambient-oidc --help'") !=
                   std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()
