// npm's trusted publishing (ambient-oidc(1) EXCHANGES): POST
// <registry>/-/npm/v1/oidc/token/exchange/package/<name> with `Authorization: Bearer JWT` ->
// {"token"}, for the package named by --package or ./package.json. exec sets NODE_AUTH_TOKEN
// and npm's own `_authToken` setting for the registry (npm_config_//HOST/PATH/:_authToken), so
// that a bare `npm publish` uses it without an .npmrc of the user's.
#pragma once

#include "exchange/service.hpp"

namespace ambient_oidc::exchange {

class Npm : public Service {
  public:
    std::string name() const override { return "npm"; }
    std::string title() const override { return "npm"; }
    std::vector<Option> options() const override;
    Plan plan(const Inputs& inputs) const override;
    net::HttpRequest request(const Plan& plan, const std::string& token) const override;
    Credential parse(std::string_view body, WallTime now) const override;
    Variables variables(const Plan& plan, const Credential& credential) const override;
};

// A package name as npm writes it in URLs: "@scope/name" is "@scope%2fname". Throws
// std::invalid_argument for a name npm would refuse (empty, over 214 characters, upper case,
// characters outside [a-z0-9-._~], a scope without a name).
std::string npm_escaped_name(const std::string& name);

// npm's key for a registry's settings ("nerf dart"): "//HOST[:PORT]/PATH/".
std::string npm_nerf_dart(const net::Url& registry);

}  // namespace ambient_oidc::exchange
