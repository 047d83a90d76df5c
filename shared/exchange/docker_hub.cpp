#include "exchange/docker_hub.hpp"

#include <stdexcept>

#include "core/duration.hpp"
#include "core/error.hpp"
#include "exchange/answer.hpp"
#include "exchange/oauth.hpp"

namespace ambient_oidc::exchange {

std::vector<Option> DockerHub::options() const {
    return {{"connection-id", "ID", "Docker Hub: the organisation's OIDC connection (required)"},
            {"username", "NAME", "Docker Hub: the organisation (required)"},
            {"expires-in", "DUR", "Docker Hub: the token's lifetime, 300s to 3600s (1h)"},
            {"url", "URL", "the service's URL, for a mirror or a test"}};
}

Plan DockerHub::plan(const Inputs& inputs) const {
    Plan plan;
    plan.url =
        append_path(url_option(inputs, "url", "https://identity.docker.com"), "/oauth/token");
    plan.audience = "https://identity.docker.com";
    plan.values["connection_id"] = required_option(inputs, "connection-id");
    plan.values["username"] = required_option(inputs, "username");
    Millis lifetime{3'600'000};
    if (const auto text = inputs.get("expires-in")) {
        try {
            lifetime = parse_duration(*text);
        } catch (const std::invalid_argument& error) {
            throw Error(ErrorKind::Usage, inputs.where("expires-in") + ": " + error.what());
        }
        if (lifetime < Millis(300'000) || lifetime > Millis(3'600'000)) {
            throw Error(ErrorKind::Usage, inputs.where("expires-in") +
                                              ": expected 300s to 3600s, got '" + *text + "'");
        }
    }
    plan.values["expires_in"] =
        std::to_string(std::chrono::duration_cast<std::chrono::seconds>(lifetime).count());
    return plan;
}

net::HttpRequest DockerHub::request(const Plan& plan, const std::string& token) const {
    return form_post(plan.url, {{"grant_type", kTokenExchangeGrant},
                                {"subject_token_type", kIdTokenType},
                                {"subject_token", token},
                                {"connection_id", plan.value("connection_id")},
                                {"expires_in", plan.value("expires_in")}});
}

Credential DockerHub::parse(std::string_view body, WallTime now) const {
    return access_token_answer(body, title(), now);
}

Variables DockerHub::variables(const Plan& plan, const Credential& credential) const {
    return {{"DOCKER_USERNAME", plan.value("username")}, {"DOCKER_PASSWORD", credential.secret}};
}

}  // namespace ambient_oidc::exchange
