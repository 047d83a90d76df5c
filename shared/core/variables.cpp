#include "core/variables.hpp"

namespace ambient_oidc {

const std::vector<Variable>& general_variables() {
    static const std::vector<Variable> table = {
        {"HTTPS_PROXY", "network", true, "proxy for HTTPS requests (CONNECT)"},
        {"https_proxy", "network", true, "as HTTPS_PROXY"},
        {"NO_PROXY", "network", false, "hosts that bypass the proxy"},
        {"no_proxy", "network", false, "as NO_PROXY"},
        {"SSL_CERT_FILE", "tls", false, "trusted CA certificates (a PEM file)"},
        {"SSL_CERT_DIR", "tls", false, "trusted CA certificates (a hashed directory)"},
        {"AMBIENT_OIDC_CONFIG", "config", false, "as --config"},
        {"AMBIENT_OIDC_AUDIENCE", "config", false, "as --audience"},
        {"AMBIENT_OIDC_PROVIDER", "config", false, "as --provider"},
        {"AMBIENT_OIDC_TIMEOUT", "config", false, "as --timeout"},
        {"AMBIENT_OIDC_ATTEMPTS", "config", false, "as --attempts"},
        {"AMBIENT_OIDC_BACKOFF", "config", false, "as --backoff"},
        {"AMBIENT_OIDC_BACKOFF_FACTOR", "config", false, "as --backoff-factor"},
        {"AMBIENT_OIDC_MAX_BACKOFF", "config", false, "as --max-backoff"},
        {"AMBIENT_OIDC_JITTER", "config", false, "as --jitter"},
        {"AMBIENT_OIDC_ATTEMPT_TIMEOUT", "config", false, "as --attempt-timeout"},
        {"AMBIENT_OIDC_CACHE", "config", false, "0 disables the cache, as --no-cache"},
        {"AMBIENT_OIDC_CACHE_DIR", "config", false, "as --cache-dir"},
        {"AMBIENT_OIDC_MIN_VALIDITY", "config", false, "as --min-validity"},
        {"AMBIENT_OIDC_LOG", "config", false, "debug, info, warn or error"},
        {"XDG_CONFIG_HOME", "config", false, "where the user configuration file is"},
        {"XDG_RUNTIME_DIR", "cache", false, "the token cache's default parent directory"},
        {"XDG_CACHE_HOME", "cache", false, "the token cache's parent without XDG_RUNTIME_DIR"},
        {"HOME", "config", false,
         "where the user configuration file and, as a last resort, the cache are"},
        {"KUBERNETES_EXEC_INFO", "exec-credential", false,
         "the request kubectl describes: version and cluster audience"},
        {"GOOGLE_EXTERNAL_ACCOUNT_AUDIENCE", "google-executable", false,
         "the workload identity provider; the token's audience is https: and it"},
        {"GOOGLE_EXTERNAL_ACCOUNT_TOKEN_TYPE", "google-executable", false,
         "the token type to echo"},
        {"GOOGLE_EXTERNAL_ACCOUNT_INTERACTIVE", "google-executable", false, "1 is refused"},
        {"GOOGLE_EXTERNAL_ACCOUNT_OUTPUT_FILE", "google-executable", false,
         "the file the response is also written to"},
        {"AWS_ENDPOINT_URL_STS", "aws-credential-process", false, "the STS endpoint"},
        {"AWS_ENDPOINT_URL", "aws-credential-process", false,
         "the STS endpoint without AWS_ENDPOINT_URL_STS"},
        {"AWS_REGION", "aws-credential-process", false, "the region of the STS endpoint"},
        {"AWS_DEFAULT_REGION", "aws-credential-process", false, "the region without AWS_REGION"},
    };
    return table;
}

bool variable_matches(const Variable& variable, std::string_view name) {
    const std::string_view pattern = variable.name;
    const auto open = pattern.find('<');
    const auto close = pattern.find('>');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
        return name == pattern;
    }
    const std::string_view prefix = pattern.substr(0, open);
    const std::string_view suffix = pattern.substr(close + 1);
    return name.size() > prefix.size() + suffix.size() && name.substr(0, prefix.size()) == prefix &&
           name.substr(name.size() - suffix.size()) == suffix;
}

}  // namespace ambient_oidc
