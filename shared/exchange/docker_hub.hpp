// Docker Hub's OIDC login (ambient-oidc(1) EXCHANGES): an OAuth token exchange at
// identity.docker.com, form grant_type=urn:ietf:params:oauth:grant-type:token-exchange with the
// organisation's connection ID, answered {"access_token", "expires_in"}; a refusal's words are
// Docker's `message`. The credential is the Docker helper's Secret for docker.io.
#pragma once

#include "exchange/service.hpp"

namespace ambient_oidc::exchange {

class DockerHub : public Service {
  public:
    std::string name() const override { return "docker-hub"; }
    std::string title() const override { return "Docker Hub"; }
    std::vector<Option> options() const override;
    Plan plan(const Inputs& inputs) const override;
    net::HttpRequest request(const Plan& plan, const std::string& token) const override;
    Credential parse(std::string_view body, WallTime now) const override;
    Variables variables(const Plan& plan, const Credential& credential) const override;
};

}  // namespace ambient_oidc::exchange
