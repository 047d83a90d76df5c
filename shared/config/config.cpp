#include "config/config.hpp"

#include <Poco/JSON/Object.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <stdexcept>

#include "config/registry_name.hpp"
#include "core/directory_trust.hpp"
#include "core/error.hpp"
#include "core/file_read.hpp"
#include "core/json.hpp"
#include "exchange/registry.hpp"
#include "net/url.hpp"

namespace ambient_oidc::config {

namespace {

enum class Type { String, Duration, Integer, Number, Boolean };

struct Scalar {
    const char* key;   // in the config file, dotted
    const char* env;   // or nullptr
    const char* flag;  // long option without dashes, or nullptr
    Type type;
    void (*apply)(Settings&, const std::string&);  // throws std::invalid_argument
};

std::string non_empty(const std::string& text) {
    if (text.empty()) {
        throw std::invalid_argument("must not be empty");
    }
    return text;
}

Millis positive_duration(const std::string& text) {
    const Millis value = parse_duration(text);
    if (value.count() <= 0) {
        throw std::invalid_argument("must be longer than zero");
    }
    return value;
}

double number_in(const std::string& text, double low, double high, const char* expected) {
    std::size_t used = 0;
    double value = 0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || text.empty() || !(value >= low && value <= high)) {
        throw std::invalid_argument(std::string("expected ") + expected + ", got '" + text + "'");
    }
    return value;
}

// An https:// URL (a mirror's or a test's), checked when the configuration is read.
std::string https_url(const std::string& text) {
    if (net::parse_url(text).scheme != "https") {
        throw std::invalid_argument("must be an https:// URL");
    }
    return text;
}

bool boolean(const std::string& text) {
    if (text == "1" || text == "true" || text == "yes" || text == "on") {
        return true;
    }
    if (text == "0" || text == "false" || text == "no" || text == "off") {
        return false;
    }
    throw std::invalid_argument("expected true or false (or 1 or 0), got '" + text + "'");
}

// Every scalar setting, with where it may come from. The man page lists the same.
const Scalar kScalars[] = {
    {"audience", "AMBIENT_OIDC_AUDIENCE", "audience", Type::String,
     [](Settings& s, const std::string& v) {
         if (v.size() > 1024) {
             throw std::invalid_argument("is longer than 1024 characters");
         }
         s.audience = non_empty(v);
         s.audience_configured = true;
     }},
    {"provider", "AMBIENT_OIDC_PROVIDER", "provider", Type::String,
     [](Settings& s, const std::string& v) { s.provider = non_empty(v); }},
    {"timeout", "AMBIENT_OIDC_TIMEOUT", "timeout", Type::Duration,
     [](Settings& s, const std::string& v) { s.timeout = positive_duration(v); }},
    {"retry.attempts", "AMBIENT_OIDC_ATTEMPTS", "attempts", Type::Integer,
     [](Settings& s, const std::string& v) {
         const double n = number_in(v, 1, 100, "a whole number from 1 to 100");
         if (n != static_cast<int>(n)) {
             throw std::invalid_argument("expected a whole number from 1 to 100, got '" + v + "'");
         }
         s.retry.attempts = static_cast<int>(n);
     }},
    {"retry.backoff", "AMBIENT_OIDC_BACKOFF", "backoff", Type::Duration,
     [](Settings& s, const std::string& v) { s.retry.backoff = parse_duration(v); }},
    {"retry.factor", "AMBIENT_OIDC_BACKOFF_FACTOR", "backoff-factor", Type::Number,
     [](Settings& s, const std::string& v) {
         s.retry.factor = number_in(v, 1, 100, "a number from 1 to 100");
     }},
    {"retry.max_backoff", "AMBIENT_OIDC_MAX_BACKOFF", "max-backoff", Type::Duration,
     [](Settings& s, const std::string& v) { s.retry.max_backoff = parse_duration(v); }},
    {"retry.jitter", "AMBIENT_OIDC_JITTER", "jitter", Type::Number,
     [](Settings& s, const std::string& v) {
         s.retry.jitter = number_in(v, 0, 1, "a number from 0 to 1");
     }},
    {"retry.attempt_timeout", "AMBIENT_OIDC_ATTEMPT_TIMEOUT", "attempt-timeout", Type::Duration,
     [](Settings& s, const std::string& v) { s.retry.attempt_timeout = positive_duration(v); }},
    {"cache.enabled", "AMBIENT_OIDC_CACHE", nullptr, Type::Boolean,
     [](Settings& s, const std::string& v) { s.cache_enabled = boolean(v); }},
    {"cache.dir", "AMBIENT_OIDC_CACHE_DIR", "cache-dir", Type::String,
     [](Settings& s, const std::string& v) { s.cache_dir = non_empty(v); }},
    {"cache.min_validity", "AMBIENT_OIDC_MIN_VALIDITY", "min-validity", Type::Duration,
     [](Settings& s, const std::string& v) { s.min_validity = parse_duration(v); }},
    {"tls.ca_file", nullptr, "ca-file", Type::String,
     [](Settings& s, const std::string& v) { s.ca_file = non_empty(v); }},
    {"log.level", "AMBIENT_OIDC_LOG", nullptr, Type::String,
     [](Settings& s, const std::string& v) { s.log_level = parse_log_level(v); }},
    {"providers.file.path", nullptr, nullptr, Type::String,
     [](Settings& s, const std::string& v) { s.file_path = non_empty(v); }},
    {"providers.google.iam_endpoint", nullptr, nullptr, Type::String,
     [](Settings& s, const std::string& v) { s.google_iam_endpoint = https_url(v); }},
    {"providers.azure.service_connection_id", nullptr, nullptr, Type::String,
     [](Settings& s, const std::string& v) { s.azure_service_connection_id = non_empty(v); }},
    {"providers.aws.sts_endpoint", nullptr, nullptr, Type::String,
     [](Settings& s, const std::string& v) { s.aws_sts_endpoint = https_url(v); }},
    {"providers.spiffe.socket", nullptr, nullptr, Type::String,
     [](Settings& s, const std::string& v) { s.spiffe_socket = non_empty(v); }},
    {"providers.spiffe.spiffe_id", nullptr, nullptr, Type::String,
     [](Settings& s, const std::string& v) {
         if (v.rfind("spiffe://", 0) != 0 || v.size() == 9) {
             throw std::invalid_argument("must be a SPIFFE ID: spiffe://<trust domain>/<path>");
         }
         s.spiffe_id = v;
     }},
};

[[noreturn]] void usage(const std::string& message) {
    throw Error(ErrorKind::Usage, message);
}

void apply_text(Settings& settings, const Scalar& scalar, const std::string& text,
                const std::string& where) {
    try {
        scalar.apply(settings, text);
    } catch (const std::invalid_argument& error) {
        usage(where + ": " + error.what());
    }
}

const char* type_name(Type type) {
    switch (type) {
        case Type::String: return "a string";
        case Type::Duration: return "a duration (a string such as \"1.5s\", or seconds)";
        case Type::Integer: return "a whole number";
        case Type::Number: return "a number";
        case Type::Boolean: return "true or false";
    }
    return "";
}

bool has_type(const Poco::Dynamic::Var& value, Type type) {
    const bool number = is_number(value);
    switch (type) {
        case Type::String: return value.isString();
        case Type::Duration: return value.isString() || number;
        case Type::Integer: return number && value.isInteger();
        case Type::Number: return number;
        case Type::Boolean: return value.isBoolean();
    }
    return false;
}

Poco::JSON::Object::Ptr object_or_fail(const Poco::Dynamic::Var& value, const std::string& where) {
    if (value.type() != typeid(Poco::JSON::Object::Ptr)) {
        usage(where + ": expected an object");
    }
    return value.extract<Poco::JSON::Object::Ptr>();
}

std::string string_or_fail(const Poco::Dynamic::Var& value, const std::string& where) {
    if (!value.isString()) {
        usage(where + ": expected a string");
    }
    return value.toString();
}

// The string fields of an entry by key, each checked to be a string (and not empty); a key
// not in `known` is an error naming it.
std::map<std::string, std::string> string_fields(const Poco::JSON::Object& object,
                                                 const std::string& at,
                                                 const std::vector<std::string>& known) {
    std::map<std::string, std::string> fields;
    for (const auto& [key, field] : object) {
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            usage(at + ": unknown key '" + key + "'");
        }
        if (key == "identity_token") {
            continue;  // the one boolean, read by its entry
        }
        fields[key] = string_or_fail(field, at + "." + key);
        if (fields[key].empty()) {
            usage(at + "." + key + ": must not be empty");
        }
    }
    return fields;
}

// A key an entry's exchange requires: exit 2 naming it when it is missing.
std::string required(const std::map<std::string, std::string>& fields, const std::string& key,
                     const std::string& at, const std::string& why) {
    const auto found = fields.find(key);
    if (found == fields.end()) {
        usage(at + "." + key + ": missing; " + why);
    }
    return found->second;
}

// A field checked by check (which throws std::invalid_argument), named in the error.
template <typename Check>
auto checked(const std::map<std::string, std::string>& fields, const std::string& key,
             const std::string& at, Check check) -> decltype(check(std::string())) {
    try {
        return check(fields.at(key));
    } catch (const std::invalid_argument& error) {
        usage(at + "." + key + ": " + error.what());
    }
}

RegistryEntry registry_entry(const Poco::JSON::Object& object, const std::string& at) {
    RegistryEntry entry;
    const auto exchange = object.get("exchange");
    const std::string service =
        exchange.isEmpty() ? "" : string_or_fail(exchange, at + ".exchange");
    std::vector<std::string> known = {"exchange", "audience", "username", "identity_token"};
    if (service == "docker-hub") {
        known = {"exchange", "username", "connection_id", "expires_in"};
    } else if (service == "jfrog") {
        known = {"exchange", "username", "audience", "provider_name", "url"};
    } else if (!service.empty()) {
        usage(at + ".exchange: unknown exchange '" + service +
              "' for a registry (expected docker-hub or jfrog)");
    }
    const auto fields = string_fields(object, at, known);
    entry.exchange = service;
    if (const auto value = object.get("identity_token"); !value.isEmpty()) {
        if (!value.isBoolean()) {
            usage(at + ".identity_token: expected true or false");
        }
        entry.identity_token = value.convert<bool>();
    }
    if (fields.count("audience") != 0) {
        entry.audience = fields.at("audience");
    }
    if (fields.count("username") != 0) {
        entry.username = fields.at("username");
    }
    if (service == "docker-hub") {
        entry.connection_id = required(fields, "connection_id", at,
                                       "Docker Hub's OIDC connection ID (Organization settings)");
        entry.username = required(fields, "username", at,
                                  "the Docker Hub organisation the connection belongs to");
        if (const auto found = fields.find("expires_in"); found != fields.end()) {
            entry.expires_in = checked(fields, "expires_in", at, [](const std::string& text) {
                const Millis value = parse_duration(text);
                if (value < Millis(300'000) || value > Millis(3'600'000)) {
                    throw std::invalid_argument("expected 300s to 3600s, got '" + text + "'");
                }
                return value;
            });
        }
    } else if (service == "jfrog") {
        entry.provider_name = required(fields, "provider_name", at,
                                       "the name of the OIDC integration in the JFrog platform");
        entry.audience = required(fields, "audience", at,
                                  "the audience the JFrog OIDC integration is configured with");
        if (fields.count("url") != 0) {
            entry.url = checked(fields, "url", at, https_url);
        }
    }
    return entry;
}

GitEntry git_entry(const Poco::JSON::Object& object, const std::string& at) {
    const auto exchange = object.get("exchange");
    if (exchange.isEmpty()) {
        usage(at + ".exchange: missing; expected \"azure\" or \"octo-sts\"");
    }
    GitEntry entry;
    entry.exchange = string_or_fail(exchange, at + ".exchange");
    std::vector<std::string> known = {"exchange", "username", "audience", "url", "scope"};
    if (entry.exchange == "azure") {
        known.insert(known.end(), {"tenant", "client_id"});
    } else if (entry.exchange == "octo-sts") {
        known.emplace_back("identity");
    } else {
        usage(at + ".exchange: unknown exchange '" + entry.exchange +
              "' for git (expected azure or octo-sts)");
    }
    const auto fields = string_fields(object, at, known);
    const auto optional = [&](const char* key) {
        const auto found = fields.find(key);
        return found == fields.end() ? std::string() : found->second;
    };
    entry.username = optional("username");
    entry.audience = optional("audience");
    entry.scope = optional("scope");
    if (fields.count("url") != 0) {
        entry.url = checked(fields, "url", at, https_url);
    }
    if (entry.exchange == "azure") {
        entry.tenant = required(fields, "tenant", at, "the Entra tenant (directory) ID");
        entry.client_id = required(fields, "client_id", at,
                                   "the application (client) ID with the federated credential");
        if (entry.scope.empty()) {
            entry.scope = "499b84ac-1321-427f-aa17-267ca6975798/.default";  // Azure DevOps
        }
    } else {
        entry.scope = required(fields, "scope", at, "the repository (owner/repo) octo-sts serves");
        entry.identity = required(fields, "identity", at, "the name of the octo-sts trust policy");
    }
    return entry;
}

void apply_git(Settings& settings, const Poco::Dynamic::Var& value, const std::string& where) {
    for (const auto& [host, item] : *object_or_fail(value, where)) {
        const std::string at = where + "." + host;
        std::string name;
        try {
            name = git_host_name(host);
        } catch (const std::invalid_argument& error) {
            usage(at + ": " + error.what() +
                  " (e.g. \"dev.azure.com\" or \"git.example.com:8443\")");
        }
        if (settings.git.count(name) != 0) {
            usage(at + ": the same host as another entry (" + name + ")");
        }
        settings.git[name] = git_entry(*object_or_fail(item, at), at);
    }
}

void apply_registries(Settings& settings, const Poco::Dynamic::Var& value,
                      const std::string& where) {
    std::map<std::string, std::string> named;  // registry name -> the key that named it
    for (const auto& [host, item] : *object_or_fail(value, where)) {
        const std::string at = where + "." + host;
        std::string name;
        try {
            name = registry_name(host);
        } catch (const std::invalid_argument& error) {
            usage(at + ": " + error.what() + " (e.g. \"registry.example.com\" or " +
                  "\"localhost:5000\")");
        }
        if (const auto [first, fresh] = named.emplace(name, host); !fresh) {
            usage(at + ": the same registry as '" + first->second + "' (" + name + ")");
        }
        settings.registries[name] = registry_entry(*object_or_fail(item, at), at);
    }
}

void apply_uris(Settings& settings, const Poco::Dynamic::Var& value, const std::string& where) {
    for (const auto& [prefix, item] : *object_or_fail(value, where)) {
        const std::string at = where + "." + prefix;
        try {
            net::parse_service_uri(prefix);
        } catch (const std::invalid_argument& error) {
            usage(at + ": " + error.what());
        }
        UriEntry entry;
        for (const auto& [key, field] : *object_or_fail(item, at)) {
            if (key != "audience") {
                usage(at + ": unknown key '" + key + "'");
            }
            entry.audience = string_or_fail(field, at + ".audience");
        }
        settings.uris[prefix] = entry;
    }
}

// exchanges: {"<service>": {"<option>": "<value>", ...}}, each option under its flag's name.
void apply_exchanges(Settings& settings, const Poco::Dynamic::Var& value,
                     const std::string& where) {
    for (const auto& [name, item] : *object_or_fail(value, where)) {
        const std::string at = where + "." + name;
        const exchange::Service* service = exchange::find_service(name);
        if (service == nullptr) {
            std::string known;
            for (const auto& listed : exchange::all_services()) {
                known += (known.empty() ? "" : ", ") + listed->name();
            }
            usage(at + ": unknown exchange service '" + name + "' (known: " + known + ")");
        }
        auto& entry = settings.exchanges[name];
        for (const auto& [key, field] : *object_or_fail(item, at)) {
            // A registry's URL may be its entry's `url`, as every other service's is
            // (exchange::Inputs::get).
            const bool registry_url =
                key == "url" && exchange::takes_option(*service, exchange::kRegistryOption.name);
            if (!exchange::takes_option(*service, key) && !registry_url) {
                usage(at + ": unknown key '" + key + "'");
            }
            entry[key] = string_or_fail(field, at + "." + key);
        }
        if (entry.count("url") != 0 && entry.count(exchange::kRegistryOption.name) != 0) {
            usage(at + ": 'registry' and 'url' are the same URL; keep one of them");
        }
    }
}

// cargo: {"registries": {"<index URL>": {"api": "<https URL>", "audience": "..."}}}.
void apply_cargo(Settings& settings, const Poco::Dynamic::Var& value, const std::string& where) {
    for (const auto& [key, section] : *object_or_fail(value, where)) {
        if (key != "registries") {
            usage(where + ": unknown key '" + key + "'");
        }
        for (const auto& [index, item] : *object_or_fail(section, where + ".registries")) {
            const std::string at = where + ".registries." + index;
            CargoRegistry registry;
            for (const auto& [field_name, field] : *object_or_fail(item, at)) {
                const std::string text = string_or_fail(field, at + "." + field_name);
                if (field_name == "api") {
                    try {
                        if (net::parse_url(text).scheme != "https") {
                            usage(at + ".api: must be an https:// URL");
                        }
                    } catch (const std::invalid_argument& error) {
                        usage(at + ".api: " + error.what());
                    }
                    registry.api = text;
                } else if (field_name == "audience") {
                    registry.audience = text;
                } else {
                    usage(at + ": unknown key '" + field_name + "'");
                }
            }
            if (registry.api.empty()) {
                usage(at + ": needs \"api\", the registry's API URL");
            }
            settings.cargo_registries[index] = registry;
        }
    }
}

void apply_object(Settings& settings, const Poco::JSON::Object& object, const std::string& prefix,
                  const std::string& origin) {
    for (const auto& [name, value] : object) {
        const std::string key = prefix + name;
        const std::string where = origin + ": key '" + key + "'";
        if (key == "registries") {
            apply_registries(settings, value, where);
            continue;
        }
        if (key == "uris") {
            apply_uris(settings, value, where);
            continue;
        }
        if (key == "git") {
            apply_git(settings, value, where);
            continue;
        }
        if (key == "exchanges") {
            apply_exchanges(settings, value, where);
            continue;
        }
        if (key == "cargo") {
            apply_cargo(settings, value, where);
            continue;
        }
        bool known_section = false;
        bool applied = false;
        for (const Scalar& scalar : kScalars) {
            if (key == scalar.key) {
                if (!has_type(value, scalar.type)) {
                    usage(where + ": expected " + type_name(scalar.type));
                }
                apply_text(settings, scalar, value.toString(), where);
                applied = true;
                break;
            }
            known_section = known_section || std::string(scalar.key).rfind(key + ".", 0) == 0;
        }
        if (applied) {
            continue;
        }
        if (!known_section) {
            usage(origin + ": unknown key '" + key + "'");
        }
        apply_object(settings, *object_or_fail(value, where), key + ".", origin);
    }
}

std::string octal_mode(mode_t mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
    return text;
}

// Whoever can write a configuration file chooses where tokens go (a `uris` or `registries`
// entry), so, as ssh's StrictModes: the system and user files must belong to root or the
// caller and be writable by no one else; a file named explicitly is the caller's choice,
// refused only when any user may write it. info is the status of the file read (symbolic
// links followed, as for a Kubernetes ConfigMap).
void check_trusted(const std::string& path, const struct stat& info, bool named) {
    const std::string mode = octal_mode(info.st_mode);
    if ((info.st_mode & S_IWOTH) != 0) {
        usage("the config file " + path + " is writable by every user (mode " + mode +
              "); not using it: run chmod o-w " + path);
    }
    if (named) {
        return;
    }
    if (!owned_by_root_or_caller(info)) {
        usage("the config file " + path + " belongs to " + foreign_owner_text(info.st_uid) +
              "; not using it: give it to root or to yourself (chown), or name a file with " +
              "--config");
    }
    if ((info.st_mode & S_IWGRP) != 0) {
        usage("the config file " + path + " is writable by its group (mode " + mode +
              "); not using it: run chmod g-w " + path);
    }
    // Whoever may replace the file in its directory, or the directory itself, chooses it too:
    // the directories that hold the link and those that hold the file it leads to.
    const auto untrusted = first_untrusted_directory_of_file(path);
    if (!untrusted) {
        return;
    }
    const std::string& dir = untrusted->path;
    if (untrusted->foreign) {
        usage("the directory " + dir + ", which holds the config file " + path + ", belongs to " +
              foreign_owner_text(untrusted->info.st_uid) +
              "; not using it: give the directory to root or to yourself (chown), or name a " +
              "file with --config");
    }
    usage("the directory " + dir + ", which holds the config file " + path +
          ", may be written by other users (mode " + octal_mode(untrusted->info.st_mode) +
          ") and is not sticky; not using it: run chmod go-w " + dir);
}

// Returns the file's text, or nothing when it does not exist and need not. named: the caller
// chose the file (--config, AMBIENT_OIDC_CONFIG).
std::optional<std::string> read_config(const std::string& path, bool named) {
    const bool required = named;
    const FileRead file = read_regular_file(path, 1024 * 1024);
    if (file.ok) {
        check_trusted(path, file.info, named);
        return file.text;
    }
    if (!required && file.open_errno == ENOENT) {
        return std::nullopt;
    }
    if (file.too_large) {
        usage("the config file " + path + " is larger than 1 MiB");
    }
    usage("cannot read the config file " + path + ": " + file.error);
}

void apply_file(Settings& settings, const std::string& path, bool named) {
    if (const auto text = read_config(path, named)) {
        apply_config_json(settings, *text, "config file " + path);
    }
}

}  // namespace

std::string user_config_path(const Environment& env) {
    if (const auto xdg = env.non_empty("XDG_CONFIG_HOME")) {
        return *xdg + "/ambient-oidc/config.json";
    }
    if (const auto home = env.non_empty("HOME")) {
        return *home + "/.config/ambient-oidc/config.json";
    }
    return "";
}

void apply_config_json(Settings& settings, const std::string& json, const std::string& origin) {
    Poco::JSON::Object::Ptr object;
    try {
        object = parse_json_object(json);
    } catch (const std::invalid_argument& error) {
        usage(origin + ": " + error.what());
    }
    apply_object(settings, *object, "", origin);
}

Settings resolve_settings(const Flags& flags, const Environment& env, const ConfigPaths& paths) {
    Settings settings;
    auto named = flags.find("config");
    const auto env_named = env.non_empty("AMBIENT_OIDC_CONFIG");
    if (named != flags.end()) {
        apply_file(settings, named->second, true);
    } else if (env_named) {
        apply_file(settings, *env_named, true);
    } else {
        apply_file(settings, paths.system, false);
        if (!paths.user.empty()) {
            apply_file(settings, paths.user, false);
        }
    }
    // OpenSSL reads SSL_CERT_FILE and SSL_CERT_DIR itself, from its default store.
    if (env.non_empty("SSL_CERT_FILE") || env.non_empty("SSL_CERT_DIR")) {
        settings.ca_file.clear();
    }
    for (const Scalar& scalar : kScalars) {
        if (scalar.env != nullptr) {
            if (const auto value = env.get(scalar.env)) {
                apply_text(settings, scalar, *value, scalar.env);
            }
        }
    }
    for (const Scalar& scalar : kScalars) {
        if (scalar.flag != nullptr) {
            if (const auto value = flags.find(scalar.flag); value != flags.end()) {
                apply_text(settings, scalar, value->second, std::string("--") + scalar.flag);
            }
        }
    }
    if (flags.count("no-cache") != 0) {
        settings.cache_enabled = false;
    }
    if (flags.count("quiet") != 0) {
        settings.log_level = LogLevel::Error;
    } else if (const auto verbose = flags.find("verbose"); verbose != flags.end()) {
        settings.log_level = std::stoi(verbose->second) >= 2 ? LogLevel::Debug : LogLevel::Info;
    }
    return settings;
}

}  // namespace ambient_oidc::config
