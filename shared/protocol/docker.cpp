#include "protocol/docker.hpp"

#include <algorithm>
#include <stdexcept>

#include "config/registry_name.hpp"
#include "core/error.hpp"
#include "core/file_read.hpp"
#include "core/json.hpp"
#include "core/text.hpp"
#include "core/version.hpp"

namespace ambient_oidc::protocol {

namespace {

constexpr std::size_t kMaxDockerInput = 64 * 1024;

std::string read_input(std::istream& in) {
    auto text = read_stream(in, kMaxDockerInput);
    if (!text) {
        throw Error(ErrorKind::Usage, "the input is larger than 64 KiB");
    }
    return *text;
}

int get(const config::Settings& settings, std::istream& in, std::ostream& out, Logger& log,
        const ObtainFn& obtain, const RegistryExchangeFn& exchange) {
    const std::string server_url(trim(read_input(in)));
    const std::string host = registry_host(server_url);
    const config::RegistryEntry* entry = find_registry(settings, host);
    if (entry == nullptr) {
        log.info("no registry configured for " + host);
        out << kCredentialsNotFound << '\n';
        return 1;
    }
    if (!entry->exchange.empty()) {
        // The service's own credential for the token: JFrog names the user, Docker Hub's is
        // the organisation (the entry's username).
        const ServiceCredential credential = exchange(host, *entry);
        out << "{\"ServerURL\":" << json_quote(server_url) << ",\"Username\":"
            << json_quote(credential.username.empty() ? entry->username : credential.username)
            << ",\"Secret\":" << json_quote(credential.value) << "}\n";
        return 0;
    }
    const std::string audience = entry->audience.empty() ? host : entry->audience;
    const provider::Obtained obtained = obtain(audience);
    const std::string token = json_quote(obtained.token.token.reveal());
    out << "{\"ServerURL\":" << json_quote(server_url)
        << ",\"Username\":" << json_quote(entry->username) << ",\"Secret\":" << token;
    if (entry->identity_token) {
        out << ",\"IdentityToken\":" << token;
    }
    out << "}\n";
    return 0;
}

int list(const config::Settings& settings, std::ostream& out) {
    out << "{";
    const char* separator = "";
    for (const auto& [host, entry] : settings.registries) {
        out << separator << json_quote(host) << ":" << json_quote(entry.username);
        separator = ",";
    }
    out << "}\n";
    return 0;
}

}  // namespace

std::string registry_host(const std::string& server_url) {
    const std::string url(trim(server_url));
    auto wrong = [](const std::string& what) {
        return Error(ErrorKind::Usage, "the server URL on stdin " + what);
    };
    if (url.empty()) {
        throw Error(ErrorKind::Usage, kMissingServerUrl);
    }
    if (url.find('\n') != std::string::npos) {
        throw wrong("is more than one line; expected one URL");
    }
    // Printable ASCII only, so that the URL can be echoed into the answer as it was given.
    if (!std::all_of(url.begin(), url.end(), [](char c) { return c > 0x20 && c < 0x7f; })) {
        throw wrong("contains a space, a control character or a non-ASCII byte");
    }
    std::string_view rest = url;
    if (const auto scheme = rest.find("://"); scheme != std::string_view::npos) {
        rest.remove_prefix(scheme + 3);
    }
    const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
    if (authority.find('@') != std::string_view::npos) {
        throw wrong("has user information ('user@'); expected https://host[:port][/path]");
    }
    if (rest.substr(0, rest.find('/')).find_first_of("?#") != std::string_view::npos) {
        throw wrong("has a query or a fragment; expected https://host[:port][/path]");
    }
    try {
        return config::registry_name(authority);
    } catch (const std::invalid_argument& error) {
        throw wrong(std::string("names no registry: ") + error.what());
    }
}

const config::RegistryEntry* find_registry(const config::Settings& settings,
                                           const std::string& host) {
    if (const auto found = settings.registries.find(host); found != settings.registries.end()) {
        return &found->second;
    }
    const auto colon = host.rfind(':');
    if (colon != std::string::npos && host.back() != ']') {
        if (const auto found = settings.registries.find(host.substr(0, colon));
            found != settings.registries.end()) {
            return &found->second;
        }
    }
    return nullptr;
}

int run_docker(const std::string& action, const config::Settings& settings, std::istream& in,
               std::ostream& out, Logger& log, const ObtainFn& obtain,
               const RegistryExchangeFn& exchange) {
    try {
        if (action == "get") {
            return get(settings, in, out, log, obtain, exchange);
        }
        if (action == "list") {
            return list(settings, out);
        }
        if (action == "store" || action == "erase") {
            read_input(in);  // the credentials are ambient: nothing to keep or forget
            return 0;
        }
        if (action == "version") {
            out << "docker-credential-ambient-oidc (ambient-oidc) " AMBIENT_OIDC_VERSION "\n";
            return 0;
        }
        throw Error(ErrorKind::Usage, "unknown action '" + action +
                                          "'; usage: docker-credential-ambient-oidc "
                                          "get|store|erase|list|version");
    } catch (const Error& error) {
        return report_docker_failure(error, out, log);
    }
}

int report_docker_failure(const Error& error, std::ostream& out, Logger& log) {
    log.error(error.what());
    // Docker shows this line to the user: its first line, masked and escaped as stderr's are.
    const std::string message = log.redact(error.what());
    out << escape_unprintable(message.substr(0, message.find('\n'))) << '\n';
    return 1;
}

}  // namespace ambient_oidc::protocol
