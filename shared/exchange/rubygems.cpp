#include "exchange/rubygems.hpp"

#include "core/error.hpp"
#include "core/json.hpp"
#include "core/text.hpp"
#include "exchange/answer.hpp"

namespace ambient_oidc::exchange {

Plan Rubygems::plan(const Inputs& inputs) const {
    const net::Url host = url_option(inputs, "registry", "https://rubygems.org");
    Plan plan;
    plan.audience = "rubygems.org";
    plan.url = net::parse_url(url_base(host) + "/api/v1/oidc/trusted_publisher/exchange_token");
    if (inputs.get("registry")) {
        plan.values["host"] = url_base(host);
    }
    return plan;
}

net::HttpRequest Rubygems::request(const Plan& plan, const std::string& token) const {
    return json_post(plan.url, "{\"jwt\":" + json_quote(token) + "}");
}

Credential Rubygems::parse(std::string_view body, WallTime) const {
    const auto object = answer_object(body, title());
    Credential credential;
    credential.secret = required_string(*object, "rubygems_api_key", title());
    credential.expires_at = optional_time(*object, "expires_at");
    return credential;
}

Variables Rubygems::variables(const Plan& plan, const Credential& credential) const {
    Variables variables = {{"GEM_HOST_API_KEY", credential.secret}};
    if (const std::string host = plan.value("host"); !host.empty()) {
        variables.emplace_back("RUBYGEMS_HOST", host);
    }
    return variables;
}

std::vector<Option> Nuget::options() const {
    return {kRegistryOption,
            {"user", "NAME", "NuGet: the trusted publishing policy owner's profile name"}};
}

Plan Nuget::plan(const Inputs& inputs) const {
    const net::Url source = url_option(inputs, "registry", "https://www.nuget.org");
    const auto user = inputs.get("user");
    if (!user) {
        throw Error(ErrorKind::Usage,
                    "nuget needs the policy owner's profile name: " + inputs.where("user"));
    }
    Plan plan;
    plan.audience = "https://www.nuget.org";
    plan.url = net::parse_url(source.scheme + "://" + source.authority() + "/api/v2/token");
    plan.values["user"] = *user;
    plan.values["what"] = "user " + printable(*user, 100);
    return plan;
}

net::HttpRequest Nuget::request(const Plan& plan, const std::string& token) const {
    net::HttpRequest request = json_post(
        plan.url, "{\"username\":" + json_quote(plan.value("user")) + ",\"tokenType\":\"ApiKey\"}");
    request.headers.emplace_back("Authorization", "Bearer " + token);
    return request;
}

Credential Nuget::parse(std::string_view body, WallTime now) const {
    const auto object = answer_object(body, title());
    Credential credential;
    credential.secret = required_string(*object, "apiKey", title());
    credential.expires_at = optional_time(*object, "expires").value_or(now + std::chrono::hours(1));
    return credential;
}

Variables Nuget::variables(const Plan&, const Credential& credential) const {
    return {{"NUGET_API_KEY", credential.secret}};
}

}  // namespace ambient_oidc::exchange
