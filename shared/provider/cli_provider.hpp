// Providers whose token comes from a CI system's own command-line tool.
#pragma once

#include <string>
#include <vector>

#include "provider/provider.hpp"

namespace ambient_oidc::provider {

class CliProvider : public Provider {
  public:
    bool mints() const override { return true; }
    std::string requirement() const override { return std::string(variable()) + " set"; }
    // The marker, the job's id and PATH.
    std::vector<Variable> variables() const override;
    bool detect(const Environment& env, const config::Settings& settings) const override;
    // Runs the tool (found on PATH, else Error(NoCredential) saying what to install) through
    // the retry loop: a non-zero exit is retried; stdout, trimmed, is the token.
    std::string fetch(FetchContext& context, const std::string& audience) const override;
    // The job's id (job_variable()), when the CI system sets it.
    std::optional<std::string> cache_context(const Environment& env,
                                             const config::Settings& settings) const override;

  protected:
    // name(), as a literal (the variables' used_by).
    virtual const char* literal_name() const = 0;
    virtual const char* job_variable() const = 0;
    virtual const char* variable() const = 0;
    virtual const char* program() const = 0;
    virtual const char* install_hint() const = 0;
    // The arguments after the program's name.
    virtual std::vector<std::string> arguments(const std::string& audience) const = 0;
};

// buildkite-agent oidc request-token --audience AUD
class Buildkite : public CliProvider {
  public:
    std::string name() const override { return literal_name(); }

  protected:
    const char* literal_name() const override { return "buildkite"; }
    const char* variable() const override { return "BUILDKITE"; }
    const char* job_variable() const override { return "BUILDKITE_JOB_ID"; }
    const char* program() const override { return "buildkite-agent"; }
    const char* install_hint() const override {
        return "run inside a Buildkite job, where the agent provides it";
    }
    std::vector<std::string> arguments(const std::string& audience) const override;
};

// circleci run oidc get --claims '{"aud":"AUD"}'
class Circleci : public CliProvider {
  public:
    std::string name() const override { return literal_name(); }

  protected:
    const char* literal_name() const override { return "circleci"; }
    const char* variable() const override { return "CIRCLECI"; }
    const char* job_variable() const override { return "CIRCLE_WORKFLOW_JOB_ID"; }
    const char* program() const override { return "circleci"; }
    const char* install_hint() const override {
        return "use a CircleCI image that ships the circleci CLI, or install it";
    }
    std::vector<std::string> arguments(const std::string& audience) const override;
};

}  // namespace ambient_oidc::provider
