#include "exchange/crates_io.hpp"

#include "core/json.hpp"
#include "exchange/answer.hpp"

namespace ambient_oidc::exchange {

namespace {

constexpr auto kLifetime = std::chrono::minutes(30);

}  // namespace

std::vector<Option> CratesIo::options() const {
    return {kRegistryOption};
}

Plan CratesIo::plan(const Inputs& inputs) const {
    Plan plan;
    plan.audience = kCratesIoAudience;
    plan.url = net::parse_url(url_base(url_option(inputs, "registry", kCratesIoApi)) +
                              "/api/v1/trusted_publishing/tokens");
    return plan;
}

net::HttpRequest CratesIo::request(const Plan& plan, const std::string& token) const {
    return json_post(plan.url, "{\"jwt\":" + json_quote(token) + "}");
}

Credential CratesIo::parse(std::string_view body, WallTime now) const {
    Credential credential;
    credential.secret = required_string(*answer_object(body, title()), "token", title());
    credential.expires_at = now + std::chrono::duration_cast<WallTime::duration>(kLifetime);
    return credential;
}

std::optional<net::HttpRequest> CratesIo::revocation(const Plan& plan,
                                                     const Credential& credential) const {
    net::HttpRequest request;
    request.method = "DELETE";
    request.url = plan.url;
    request.headers = {{"Authorization", credential.secret}, {"Accept", "application/json"}};
    request.read_error_body = true;
    return request;
}

Variables CratesIo::variables(const Plan&, const Credential& credential) const {
    return {{"CARGO_REGISTRY_TOKEN", credential.secret}};
}

}  // namespace ambient_oidc::exchange
