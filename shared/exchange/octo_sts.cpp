#include "exchange/octo_sts.hpp"

#include "core/error.hpp"
#include "exchange/answer.hpp"
#include "exchange/oauth.hpp"

namespace ambient_oidc::exchange {

std::vector<Option> OctoSts::options() const {
    return {{"scope", "SCOPE",
             "Entra: the resource's scope (https://management.azure.com/.default); octo-sts: "
             "the repository, owner/repo"},
            {"identity", "NAME", "octo-sts: the trust policy's name (required)"},
            {"url", "URL", "the service's URL, for a mirror or a test"}};
}

Plan OctoSts::plan(const Inputs& inputs) const {
    Plan plan;
    plan.values["scope"] = required_option(inputs, "scope");
    plan.values["identity"] = required_option(inputs, "identity");
    plan.url = append_path(url_option(inputs, "url", "https://octo-sts.dev"), "/sts/exchange");
    plan.url.query = "scope=" + net::percent_encode(plan.value("scope")) +
                     "&identity=" + net::percent_encode(plan.value("identity"));
    plan.audience = "octo-sts.dev";
    return plan;
}

net::HttpRequest OctoSts::request(const Plan& plan, const std::string& token) const {
    return bearer_request("GET", plan.url, token);
}

Credential OctoSts::parse(std::string_view body, WallTime) const {
    Credential credential;
    credential.secret = required_string(*answer_object(body, title()), "token", title());
    credential.username = "x-access-token";
    return credential;
}

Variables OctoSts::variables(const Plan&, const Credential& credential) const {
    return {{"GITHUB_TOKEN", credential.secret}, {"GH_TOKEN", credential.secret}};
}

}  // namespace ambient_oidc::exchange
