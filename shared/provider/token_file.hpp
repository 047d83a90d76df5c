// A token file: providers.file.path, or cosign's /var/run/sigstore/cosign/oidc-token (e.g. a
// Kubernetes projected service-account token).
#pragma once

#include "provider/provider.hpp"

namespace ambient_oidc::provider {

class TokenFile : public Provider {
  public:
    // default_path: the file used when providers.file.path is not configured (a test seam).
    explicit TokenFile(std::string default_path = "/var/run/sigstore/cosign/oidc-token")
        : default_path_(std::move(default_path)) {}
    std::string name() const override { return "file"; }
    std::string requirement() const override;
    std::vector<Variable> variables() const override { return {}; }
    std::string audience_origin() const override {
        return "whatever writes the file sets it (for a Kubernetes projected token, the "
               "serviceAccountToken volume's audience)";
    }
    bool detect(const Environment& env, const config::Settings& settings) const override;
    std::string fetch(FetchContext& context, const std::string& audience) const override;

  private:
    // The configured path, else the default.
    std::string path(const config::Settings& settings) const;
    std::string default_path_;
};

}  // namespace ambient_oidc::provider
