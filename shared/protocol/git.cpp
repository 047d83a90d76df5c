#include "protocol/git.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "config/registry_name.hpp"
#include "core/error.hpp"
#include "core/file_read.hpp"
#include "core/text.hpp"

namespace ambient_oidc::protocol {

namespace {

constexpr std::size_t kMaxGitInput = 64 * 1024;

[[noreturn]] void bad_input(const std::string& what) {
    throw Error(ErrorKind::Usage, "git's credential input: " + what);
}

struct Configured {
    std::string host;  // the configured name that matched
    const config::GitEntry* entry;
};

// The configured entry for git's host value, with the name it is configured under.
std::optional<Configured> configured_host(const config::Settings& settings,
                                          const std::string& host) {
    std::string name;
    try {
        name = config::git_host_name(host);
    } catch (const std::invalid_argument& error) {
        bad_input(std::string("host: ") + error.what());
    }
    if (const auto found = settings.git.find(name); found != settings.git.end()) {
        return Configured{found->first, &found->second};
    }
    const auto colon = name.rfind(':');
    if (colon != std::string::npos && name.back() != ']') {
        if (const auto found = settings.git.find(name.substr(0, colon));
            found != settings.git.end()) {
            return Configured{found->first, &found->second};
        }
    }
    return std::nullopt;
}

std::string username_for(const config::GitEntry& entry, const ServiceCredential& credential) {
    if (!entry.username.empty()) {
        return entry.username;
    }
    if (!credential.username.empty()) {
        return credential.username;
    }
    return entry.exchange == "octo-sts" ? "x-access-token" : "oidc";
}

}  // namespace

std::string GitRequest::get(const std::string& key) const {
    for (auto it = attributes.rbegin(); it != attributes.rend(); ++it) {
        if (it->first == key) {
            return it->second;
        }
    }
    return "";
}

bool GitRequest::has_capability(const std::string& name) const {
    return std::find(capabilities.begin(), capabilities.end(), name) != capabilities.end();
}

GitRequest parse_git_request(std::string_view text) {
    if (text.size() > kMaxGitInput) {
        bad_input("larger than 64 KiB");
    }
    if (text.find('\0') != std::string_view::npos) {
        bad_input("holds a NUL byte");
    }
    GitRequest request;
    int number = 0;
    while (!text.empty()) {
        const auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        ++number;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.empty()) {
            break;  // the end of the request; git may keep the pipe open
        }
        const auto equals = line.find('=');
        if (equals == std::string_view::npos) {
            bad_input("line " + std::to_string(number) + " has no '=' (expected key=value)");
        }
        const std::string key(line.substr(0, equals));
        if (key.empty()) {
            bad_input("line " + std::to_string(number) + " has an empty key");
        }
        std::string value(line.substr(equals + 1));
        if (key == "capability[]") {
            request.capabilities.push_back(std::move(value));
        } else {
            request.attributes.emplace_back(key, std::move(value));
        }
    }
    return request;
}

const config::GitEntry* find_git_host(const config::Settings& settings, const std::string& host) {
    const auto found = configured_host(settings, host);
    return found ? found->entry : nullptr;
}

void write_git_credential(std::ostream& out, const std::string& username,
                          const ServiceCredential& credential, bool authtype) {
    if (authtype) {
        out << "capability[]=authtype\nauthtype=Bearer\ncredential=" << credential.value
            << "\nephemeral=true\n";
        return;
    }
    out << "username=" << username << "\npassword=" << credential.value << '\n';
    if (credential.expires_at) {
        out << "password_expiry_utc="
            << std::chrono::duration_cast<std::chrono::seconds>(
                   credential.expires_at->time_since_epoch())
                   .count()
            << '\n';
    }
}

int run_git(const std::string& action, const config::Settings& settings, std::istream& in,
            std::ostream& out, Logger& log, const GitExchangeFn& exchange,
            const GitEraseFn& erase) {
    if (action != "get" && action != "store" && action != "erase") {
        throw Error(ErrorKind::Usage, "unknown action '" + printable(action, 40) +
                                          "'; usage: git-credential-ambient-oidc get|store|erase");
    }
    const auto text = read_stream(in, kMaxGitInput + 1);
    if (!text) {
        bad_input("larger than 64 KiB");
    }
    const GitRequest request = parse_git_request(*text);
    for (const char* secret : {"password", "credential", "oauth_refresh_token"}) {
        if (const std::string value = request.get(secret); !value.empty()) {
            log.add_secret(value);
        }
    }
    if (action == "store") {
        return 0;  // the credential is ambient: nothing to keep
    }
    const std::string host = request.get("host");
    const std::string protocol = request.get("protocol");
    if (host.empty()) {
        log.info("git sent no host: no credential");
        return 0;
    }
    const auto configured = configured_host(settings, host);
    if (!configured) {
        log.info("no git host configured for " + printable(host, 200));
        return 0;
    }
    if (protocol != "https") {
        // A bearer credential never goes over plain HTTP (or to another protocol's server).
        log.warn("git asked for " + printable(host, 200) + " over '" + printable(protocol, 20) +
                 "', not https: no credential");
        return 0;
    }
    if (action == "erase") {
        erase(configured->host, *configured->entry);
        return 0;
    }
    const ServiceCredential credential = exchange(configured->host, *configured->entry);
    write_git_credential(out, username_for(*configured->entry, credential), credential,
                         request.has_capability("authtype"));
    return 0;
}

}  // namespace ambient_oidc::protocol
