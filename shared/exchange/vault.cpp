#include "exchange/vault.hpp"

#include <Poco/JSON/Object.h>

#include "core/error.hpp"
#include "core/json.hpp"
#include "exchange/answer.hpp"
#include "exchange/oauth.hpp"

namespace ambient_oidc::exchange {

namespace {

// The option, else the variable; nullopt when neither is set.
std::optional<std::string> option_or_variable(const Inputs& inputs, const std::string& option,
                                              const char* variable) {
    if (auto value = inputs.get(option)) {
        return value;
    }
    return inputs.env().non_empty(variable);
}

}  // namespace

bool vault_role_configured(const Inputs& inputs) {
    return option_or_variable(inputs, "role", "AMBIENT_OIDC_VAULT_ROLE").has_value();
}

std::vector<Option> Vault::options() const {
    return {{"role", "ROLE", "Vault: the JWT auth role (required; AMBIENT_OIDC_VAULT_ROLE)"},
            {"mount", "PATH", "Vault: the JWT auth method's mount (jwt)"},
            {"namespace", "NS", "Vault: the namespace (VAULT_NAMESPACE)"},
            {"url", "URL", "the service's URL, for a mirror or a test"}};
}

Plan Vault::plan(const Inputs& inputs) const {
    Plan plan;
    const auto role = option_or_variable(inputs, "role", "AMBIENT_OIDC_VAULT_ROLE");
    if (!role) {
        throw Error(ErrorKind::Usage, inputs.where("role") +
                                          ", or AMBIENT_OIDC_VAULT_ROLE: required (the role of "
                                          "Vault's JWT auth method)");
    }
    plan.values["role"] = *role;
    const Environment& env = inputs.env();
    std::optional<std::string> address = inputs.get("url");
    const bool vault_set = env.non_empty("VAULT_ADDR").has_value();
    if (!address) {
        address = vault_set ? env.non_empty("VAULT_ADDR") : env.non_empty("BAO_ADDR");
        plan.values["bao"] = !vault_set && address ? "1" : "";
    }
    if (!address) {
        throw Error(ErrorKind::Usage,
                    "Vault's address: set VAULT_ADDR (or BAO_ADDR), or " + inputs.where("url"));
    }
    const net::Url base = url_option(inputs, "url", *address);
    plan.values["address"] = append_path(base, "").str();
    std::string mount = inputs.get("mount").value_or("jwt");
    while (!mount.empty() && mount.front() == '/') {
        mount.erase(0, 1);
    }
    while (!mount.empty() && mount.back() == '/') {
        mount.pop_back();
    }
    if (mount.empty() || mount.find_first_of("?#% ") != std::string::npos) {
        throw Error(ErrorKind::Usage,
                    inputs.where("mount") + ": expected a mount path such as jwt or ci/jwt");
    }
    plan.url = append_path(base, "/v1/auth/" + mount + "/login");
    if (const auto ns = inputs.get("namespace")) {
        plan.values["namespace"] = *ns;
    } else if (const auto from_env =
                   env.non_empty(vault_set ? "VAULT_NAMESPACE" : "BAO_NAMESPACE")) {
        plan.values["namespace"] = *from_env;
    } else if (const auto either = env.non_empty("VAULT_NAMESPACE")) {
        plan.values["namespace"] = *either;
    }
    if (!inputs.get("audience")) {  // Vault has no default: the role's bound audience
        const auto audience = env.non_empty("AMBIENT_OIDC_VAULT_AUDIENCE");
        if (!audience) {
            throw Error(ErrorKind::Usage,
                        inputs.where("audience") +
                            ", or AMBIENT_OIDC_VAULT_AUDIENCE: required (the audience the "
                            "role is bound to; Vault has no default)");
        }
        plan.audience = *audience;
    }
    return plan;
}

net::HttpRequest Vault::request(const Plan& plan, const std::string& token) const {
    net::HttpRequest request;
    request.method = "POST";
    request.url = plan.url;
    request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    if (const std::string ns = plan.value("namespace"); !ns.empty()) {
        request.headers.emplace_back("X-Vault-Namespace", ns);
    }
    request.body =
        "{\"role\":" + json_quote(plan.value("role")) + ",\"jwt\":" + json_quote(token) + "}";
    request.read_error_body = true;
    return request;
}

Credential Vault::parse(std::string_view body, WallTime now) const {
    const auto object = answer_object(body, title());
    const Poco::Dynamic::Var auth = object->get("auth");
    if (auth.type() != typeid(Poco::JSON::Object::Ptr)) {
        throw net::AttemptError(net::Failure::InvalidToken, "Vault answered without \"auth\"");
    }
    const auto& fields = *auth.extract<Poco::JSON::Object::Ptr>();
    Credential credential;
    credential.secret = required_string(fields, "client_token", title());
    const Poco::Dynamic::Var lease = fields.get("lease_duration");
    if (is_number(lease)) {
        const double seconds = lease.convert<double>();
        if (seconds > 0 && seconds < 10 * 365 * 86400.0) {  // 0: a token without expiry
            credential.expires_at = now + std::chrono::seconds(static_cast<long long>(seconds));
        }
    }
    return credential;
}

std::optional<net::HttpRequest> Vault::revocation(const Plan& plan,
                                                  const Credential& credential) const {
    net::HttpRequest request;
    request.method = "POST";
    request.url = net::parse_url(plan.value("address") + "/v1/auth/token/revoke-self");
    request.headers = {{"X-Vault-Token", credential.secret}};
    if (const std::string ns = plan.value("namespace"); !ns.empty()) {
        request.headers.emplace_back("X-Vault-Namespace", ns);
    }
    request.read_error_body = true;
    return request;
}

Variables Vault::variables(const Plan& plan, const Credential& credential) const {
    Variables variables = {{"VAULT_TOKEN", credential.secret}};
    if (plan.value("bao") == "1") {
        variables.emplace_back("BAO_TOKEN", credential.secret);
    }
    return variables;
}

}  // namespace ambient_oidc::exchange
