// PyPI's trusted publishing (ambient-oidc(1) EXCHANGES): the audience from
// GET <base>/_/oidc/audience, then POST <base>/_/oidc/mint-token {"token": JWT} -> {"token"},
// an API token for uploads that lasts 15 minutes. A 422 carries errors[] with PyPI's code and
// description; invalid-reuse-token says the token was exchanged before.
#pragma once

#include "exchange/service.hpp"

namespace ambient_oidc::exchange {

class Pypi : public Service {
  public:
    std::string name() const override { return "pypi"; }
    std::string title() const override { return "PyPI"; }
    std::vector<Option> options() const override;
    Plan plan(const Inputs& inputs) const override;
    std::optional<net::HttpRequest> audience_request(const Plan& plan) const override;
    std::string parse_audience(std::string_view body) const override;
    net::HttpRequest request(const Plan& plan, const std::string& token) const override;
    Credential parse(std::string_view body, WallTime now) const override;
    Refusal refusal(const net::HttpResponse& response) const override;
    Variables variables(const Plan& plan, const Credential& credential) const override;
};

// The PyPI instance an upload URL belongs to: https://upload.pypi.org/legacy/ is
// https://pypi.org, https://test.pypi.org/legacy/ is https://test.pypi.org, any other URL its
// origin ("https://host[:port]").
std::string pypi_base(const net::Url& upload);

}  // namespace ambient_oidc::exchange
