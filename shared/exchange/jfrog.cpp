#include "exchange/jfrog.hpp"

#include "core/error.hpp"
#include "core/json.hpp"
#include "exchange/oauth.hpp"

namespace ambient_oidc::exchange {

std::vector<Option> Jfrog::options() const {
    return {{"provider-name", "NAME", "JFrog: the OIDC integration's name (required)"},
            {"url", "URL", "the service's URL, for a mirror or a test"}};
}

Plan Jfrog::plan(const Inputs& inputs) const {
    Plan plan;
    const auto url = inputs.get("url");
    if (!url) {
        throw Error(ErrorKind::Usage, inputs.where("url") + ": required (the JFrog platform URL)");
    }
    plan.url = append_path(url_option(inputs, "url", *url), "/access/api/v1/oidc/token");
    plan.values["provider_name"] = required_option(inputs, "provider-name");
    if (!inputs.get("audience")) {  // JFrog has no default: the integration's own is needed
        throw Error(ErrorKind::Usage, inputs.where("audience") +
                                          ": required (the audience the JFrog OIDC integration "
                                          "is configured with)");
    }
    return plan;
}

net::HttpRequest Jfrog::request(const Plan& plan, const std::string& token) const {
    net::HttpRequest request;
    request.method = "POST";
    request.url = plan.url;
    request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    request.body = std::string("{\"grant_type\":") + json_quote(kTokenExchangeGrant) +
                   ",\"subject_token_type\":" + json_quote(kIdTokenType) +
                   ",\"subject_token\":" + json_quote(token) +
                   ",\"provider_name\":" + json_quote(plan.value("provider_name")) + "}";
    request.read_error_body = true;
    return request;
}

Credential Jfrog::parse(std::string_view body, WallTime now) const {
    return access_token_answer(body, title(), now);
}

Variables Jfrog::variables(const Plan&, const Credential& credential) const {
    return {{"JFROG_ACCESS_TOKEN", credential.secret}};
}

}  // namespace ambient_oidc::exchange
