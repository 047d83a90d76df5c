// Providers whose token is handed over in a variable: Bitbucket Pipelines puts a step's token
// (with `oidc: true`) in BITBUCKET_STEP_OIDC_TOKEN; cosign's convention is SIGSTORE_ID_TOKEN;
// Semaphore and Cirrus CI (semaphore.hpp, cirrus.hpp) mark their jobs besides.
#pragma once

#include <optional>

#include "provider/provider.hpp"

namespace ambient_oidc::provider {

class VariableToken : public Provider {
  public:
    // token: the variable holding the token. marker, when given: a variable the CI sets to "true"
    // in every job, which makes the provider present on its own; a marked job without the token
    // fails with missing_hint. origin: Provider::audience_origin().
    VariableToken(std::string name, const Variable& token, std::string origin = "",
                  std::optional<Variable> marker = std::nullopt, std::string missing_hint = "")
        : name_(std::move(name)),
          token_(token),
          origin_(std::move(origin)),
          marker_(marker),
          missing_hint_(std::move(missing_hint)) {}
    std::string name() const override { return name_; }
    std::string requirement() const override;
    std::vector<Variable> variables() const override;
    bool detect(const Environment& env, const config::Settings& settings) const override;
    std::string fetch(FetchContext& context, const std::string& audience) const override;
    std::string audience_origin() const override { return origin_; }

  private:
    std::string name_;
    Variable token_;
    std::string origin_;
    std::optional<Variable> marker_;
    std::string missing_hint_;
};

// Bitbucket Pipelines: BITBUCKET_STEP_OIDC_TOKEN, in steps with `oidc: true`.
class Bitbucket : public VariableToken {
  public:
    static constexpr Variable kToken{"BITBUCKET_STEP_OIDC_TOKEN", "bitbucket", true,
                                     "the step's ID token"};
    Bitbucket()
        : VariableToken("bitbucket", kToken,
                        "Bitbucket Pipelines gives step tokens the workspace's audience, shown "
                        "under Repository settings, OpenID Connect") {}
};

// cosign's convention: the token itself in SIGSTORE_ID_TOKEN.
class EnvToken : public VariableToken {
  public:
    static constexpr Variable kToken{"SIGSTORE_ID_TOKEN", "env", true, "the token itself"};
    EnvToken()
        : VariableToken("env", kToken,
                        "whatever issued the token in SIGSTORE_ID_TOKEN chose its audience") {}
};

}  // namespace ambient_oidc::provider
