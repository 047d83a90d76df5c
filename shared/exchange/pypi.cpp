#include "exchange/pypi.hpp"

#include <algorithm>

#include "core/json.hpp"
#include "exchange/answer.hpp"
#include "net/http_status.hpp"

namespace ambient_oidc::exchange {

namespace {

constexpr const char* kUploadUrl = "https://upload.pypi.org/legacy/";
constexpr auto kLifetime = std::chrono::minutes(15);

}  // namespace

std::string pypi_base(const net::Url& upload) {
    if (upload.host == "upload.pypi.org" && upload.port == 443) {
        return "https://pypi.org";
    }
    return upload.scheme + "://" + upload.authority();
}

std::vector<Option> Pypi::options() const {
    return {kRegistryOption};
}

Plan Pypi::plan(const Inputs& inputs) const {
    const net::Url upload = url_option(inputs, "registry", kUploadUrl);
    Plan plan;
    const std::string base = pypi_base(upload);
    plan.url = net::parse_url(base + "/_/oidc/mint-token");
    plan.values["base"] = base;
    if (inputs.get("registry")) {
        plan.values["upload"] = upload.str();
    }
    return plan;
}

std::optional<net::HttpRequest> Pypi::audience_request(const Plan& plan) const {
    net::HttpRequest request;
    request.url = net::parse_url(plan.value("base") + "/_/oidc/audience");
    request.headers = {{"Accept", "application/json"}};
    request.read_error_body = true;
    return request;
}

std::string Pypi::parse_audience(std::string_view body) const {
    return required_string(*answer_object(body, title()), "audience", title());
}

net::HttpRequest Pypi::request(const Plan& plan, const std::string& token) const {
    return json_post(plan.url, "{\"token\":" + json_quote(token) + "}");
}

Credential Pypi::parse(std::string_view body, WallTime now) const {
    const auto object = answer_object(body, title());
    Credential credential;
    credential.secret = required_string(*object, "token", title());
    credential.expires_at =
        optional_time(*object, "expires")
            .value_or(now + std::chrono::duration_cast<WallTime::duration>(kLifetime));
    return credential;
}

Refusal Pypi::refusal(const net::HttpResponse& response) const {
    Refusal refusal = Service::refusal(response);
    const auto codes = error_codes(response.body);
    refusal.reused = std::find(codes.begin(), codes.end(), "invalid-reuse-token") != codes.end();
    return refusal;
}

Variables Pypi::variables(const Plan& plan, const Credential& credential) const {
    Variables variables = {{"TWINE_USERNAME", "__token__"},
                           {"TWINE_PASSWORD", credential.secret},
                           {"UV_PUBLISH_TOKEN", credential.secret}};
    if (const std::string upload = plan.value("upload"); !upload.empty()) {
        // The credential is good for that registry only: its clients upload there.
        variables.emplace_back("TWINE_REPOSITORY_URL", upload);
        variables.emplace_back("UV_PUBLISH_URL", upload);
    }
    return variables;
}

}  // namespace ambient_oidc::exchange
