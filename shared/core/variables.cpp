#include "core/variables.hpp"

#include <string>

namespace ambient_oidc {

const std::vector<Variable>& documented_variables() {
    static const std::vector<Variable> table = {
        {"ACTIONS_ID_TOKEN_REQUEST_URL", "github-actions", false, "the token endpoint"},
        {"ACTIONS_ID_TOKEN_REQUEST_TOKEN", "github-actions", true, "the request token"},
        {"GITLAB_CI", "gitlab", false, "set in GitLab CI jobs"},
        {"<AUD>_ID_TOKEN", "gitlab", true,
         "the job's ID token for the audience (declared under id_tokens:)"},
        {"BUILDKITE", "buildkite", false, "set in Buildkite jobs"},
        {"BUILDKITE_JOB_ID", "buildkite", false, "the job, to keep cached tokens apart"},
        {"CIRCLECI", "circleci", false, "set in CircleCI jobs"},
        {"CIRCLE_WORKFLOW_JOB_ID", "circleci", false, "the job, to keep cached tokens apart"},
        {"GCE_METADATA_HOST", "google", false, "the metadata server's host[:port]"},
        {"GOOGLE_SERVICE_ACCOUNT_NAME", "google-impersonate", false,
         "the service account to impersonate"},
        {"SYSTEM_OIDCREQUESTURI", "azure-pipelines", false, "the OIDC endpoint"},
        {"SYSTEM_ACCESSTOKEN", "azure-pipelines", true, "the job's access token"},
        {"BITBUCKET_STEP_OIDC_TOKEN", "bitbucket", true, "the step's ID token"},
        {"AWS_WEB_IDENTITY_TOKEN_FILE", "aws-web-identity", false, "a file holding the token"},
        {"SIGSTORE_ID_TOKEN", "env", true, "the token itself"},
        {"PATH", "buildkite", false, "where buildkite-agent and circleci are looked for"},
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

bool is_documented_variable(std::string_view name) {
    constexpr std::string_view kSuffix = "_ID_TOKEN";
    for (const auto& variable : documented_variables()) {
        if (name == variable.name) {
            return true;
        }
    }
    return name.size() > kSuffix.size() && name.substr(name.size() - kSuffix.size()) == kSuffix;
}

}  // namespace ambient_oidc
