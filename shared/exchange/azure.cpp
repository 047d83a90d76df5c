#include "exchange/azure.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdlib>

#include "core/error.hpp"
#include "core/json.hpp"
#include "core/text.hpp"
#include "exchange/answer.hpp"
#include "exchange/oauth.hpp"
#include "net/http_status.hpp"

namespace ambient_oidc::exchange {

namespace {

constexpr const char* kDefaultScope = "https://management.azure.com/.default";
constexpr const char* kAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

std::optional<Poco::JSON::Object::Ptr> error_object(std::string_view body) {
    try {
        return parse_json_object(std::string(body), 16);
    } catch (const std::invalid_argument&) {
        return std::nullopt;
    }
}

std::string member(const Poco::JSON::Object& object, const char* key) {
    const Poco::Dynamic::Var value = object.get(key);
    return value.isString() ? value.toString() : std::string();
}

// "2026-12-02T14:00:00Z (120 s ago)" for a claim, against now.
std::string claim_time(const token::Jwt& jwt, const char* claim, WallTime now) {
    const Poco::Dynamic::Var value = jwt.claims->get(claim);
    if (!is_number(value)) {
        return std::string(claim) + " absent";
    }
    const long long at = value.convert<long long>();
    const long long current =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    const long long offset = at - current;
    return std::string(claim) + "=" + std::to_string(at) + " (" +
           (offset >= 0 ? "in " + std::to_string(offset) + " s"
                        : std::to_string(-offset) + " s ago") +
           ")";
}

}  // namespace

long aadsts_code(std::string_view body) {
    const auto object = error_object(body);
    if (!object) {
        return 0;
    }
    const Poco::Dynamic::Var codes = (*object)->get("error_codes");
    if (codes.type() == typeid(Poco::JSON::Array::Ptr)) {
        const auto array = codes.extract<Poco::JSON::Array::Ptr>();
        if (array->size() > 0 && is_number(array->get(0))) {
            return array->get(0).convert<long>();
        }
    }
    const std::string description = member(**object, "error_description");
    if (description.rfind("AADSTS", 0) == 0) {
        return std::strtol(description.c_str() + 6, nullptr, 10);
    }
    return 0;
}

std::vector<Option> Azure::options() const {
    return {{"tenant", "ID", "Entra: the tenant (AZURE_TENANT_ID)"},
            {"client-id", "ID", "Entra: the application (AZURE_CLIENT_ID)"},
            {"scope", "SCOPE",
             "Entra: the resource's scope (https://management.azure.com/.default); octo-sts: "
             "the repository, owner/repo"},
            {"url", "URL", "the service's URL, for a mirror or a test"}};
}

Plan Azure::plan(const Inputs& inputs) const {
    const Environment& env = inputs.env();
    Plan plan;
    const auto tenant =
        inputs.get("tenant") ? inputs.get("tenant") : env.non_empty("AZURE_TENANT_ID");
    const auto client =
        inputs.get("client-id") ? inputs.get("client-id") : env.non_empty("AZURE_CLIENT_ID");
    if (!tenant) {
        throw Error(ErrorKind::Usage, inputs.where("tenant") + ", or AZURE_TENANT_ID: required");
    }
    if (!client) {
        throw Error(ErrorKind::Usage, inputs.where("client-id") + ", or AZURE_CLIENT_ID: required");
    }
    if (tenant->find_first_of("/?#% ") != std::string::npos) {
        throw Error(ErrorKind::Usage,
                    "the tenant '" + printable(*tenant, 100) + "' is not a tenant ID or domain");
    }
    const std::string authority =
        env.non_empty("AZURE_AUTHORITY_HOST").value_or("https://login.microsoftonline.com");
    plan.url =
        append_path(url_option(inputs, "url", authority), "/" + *tenant + "/oauth2/v2.0/token");
    plan.audience = "api://AzureADTokenExchange";
    plan.values["client_id"] = *client;
    plan.values["scope"] = inputs.get("scope").value_or(kDefaultScope);
    return plan;
}

net::HttpRequest Azure::request(const Plan& plan, const std::string& token) const {
    return form_post(plan.url, {{"client_id", plan.value("client_id")},
                                {"scope", plan.value("scope")},
                                {"grant_type", "client_credentials"},
                                {"client_assertion_type", kAssertionType},
                                {"client_assertion", token}});
}

Credential Azure::parse(std::string_view body, WallTime now) const {
    return access_token_answer(body, title(), now);
}

Refusal Azure::refusal(const net::HttpResponse& response) const {
    Refusal refusal = Service::refusal(response);
    const auto object = error_object(response.body);
    if (!object) {
        return refusal;
    }
    const std::string error = member(**object, "error");
    if (error == "temporarily_unavailable") {
        refusal.failure = net::Failure::Transient;
    }
    // Entra's description runs on with "Trace ID: ... Correlation ID: ... Timestamp: ...":
    // the AADSTS line is what a person acts on.
    std::string description = member(**object, "error_description");
    for (const char* tail : {"\r\n", "\n", " Trace ID:"}) {
        description = description.substr(0, description.find(tail));
    }
    if (!description.empty()) {
        refusal.words = printable(error.empty() ? description : error + ": " + description, 400);
    }
    return refusal;
}

std::string Azure::hint(const net::HttpResponse& response, const token::Jwt& jwt,
                        WallTime now) const {
    const long code = aadsts_code(response.body);
    if (code == 700024) {
        return "; the token's times against this machine's clock: " + claim_time(jwt, "iat", now) +
               ", " + claim_time(jwt, "nbf", now) + ", " + claim_time(jwt, "exp", now) +
               " (Entra takes an assertion only between nbf and exp, by its own clock: a token "
               "read from a file may be stale, or a clock may be off)";
    }
    if (code == 700213 || code == 70021) {
        return "; no federated credential of the application matches the token: compare its "
               "issuer, subject (sub) and audience with them (GitHub's immutable subject form "
               "repo:OWNER@ID/REPO@ID:... differs from the older repo:OWNER/REPO:...)";
    }
    return "";
}

Variables Azure::variables(const Plan&, const Credential& credential) const {
    return {{"AZURE_ACCESS_TOKEN", credential.secret}};
}

}  // namespace ambient_oidc::exchange
