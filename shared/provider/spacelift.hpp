// Spacelift: every run's ID token is in SPACELIFT_OIDC_TOKEN and in /mnt/workspace/spacelift.oidc.
#pragma once

#include "provider/provider.hpp"

namespace ambient_oidc::provider {

class Spacelift : public Provider {
  public:
    static constexpr Variable kToken{"SPACELIFT_OIDC_TOKEN", "spacelift", true,
                                     "the run's ID token"};

    // path: the token file used without the variable (a test seam).
    explicit Spacelift(std::string path = "/mnt/workspace/spacelift.oidc")
        : path_(std::move(path)) {}
    std::string name() const override { return "spacelift"; }
    std::string requirement() const override {
        return "SPACELIFT_OIDC_TOKEN set, or " + path_ + " present";
    }
    std::vector<Variable> variables() const override { return {kToken}; }
    bool detect(const Environment& env, const config::Settings& settings) const override;
    // The variable's token, else the file's.
    std::string fetch(FetchContext& context, const std::string& audience) const override;
    std::string audience_origin() const override {
        return "Spacelift issues the token for the account's hostname, e.g. "
               "<account>.app.spacelift.io";
    }

  private:
    std::string path_;
};

}  // namespace ambient_oidc::provider
