// Google Cloud: the metadata server (plain HTTP, never through a proxy) issues an identity token
// for the instance's service account; or, with GOOGLE_SERVICE_ACCOUNT_NAME, an access token from
// the metadata server is used to ask the IAM Credentials API for another account's ID token.
#pragma once

#include "provider/provider.hpp"

namespace ambient_oidc::provider {

// The metadata server's host, read by both Google providers.
constexpr Variable kMetadataHost{"GCE_METADATA_HOST", "google", false,
                                 "the metadata server's host[:port]"};

class Google : public Provider {
  public:
    bool mints() const override { return true; }
    // dmi_product_name: the file that names the machine's product (a test seam).
    explicit Google(std::string dmi_product_name = "/sys/class/dmi/id/product_name")
        : dmi_product_name_(std::move(dmi_product_name)) {}
    std::string name() const override { return "google"; }
    std::string requirement() const override;
    std::vector<Variable> variables() const override { return {kMetadataHost}; }
    bool detect(const Environment& env, const config::Settings& settings) const override;
    std::string fetch(FetchContext& context, const std::string& audience) const override;
    std::optional<std::string> cache_context(const Environment& env,
                                             const config::Settings& settings) const override;

  private:
    std::string dmi_product_name_;
};

class GoogleImpersonate : public Provider {
  public:
    bool mints() const override { return true; }
    static constexpr Variable kAccount{"GOOGLE_SERVICE_ACCOUNT_NAME", "google-impersonate", false,
                                       "the service account to impersonate"};
    std::string name() const override { return "google-impersonate"; }
    std::string requirement() const override {
        return "GOOGLE_SERVICE_ACCOUNT_NAME set (and a reachable metadata server)";
    }
    std::vector<Variable> variables() const override { return {kAccount, kMetadataHost}; }
    bool detect(const Environment& env, const config::Settings& settings) const override;
    std::string fetch(FetchContext& context, const std::string& audience) const override;
    std::optional<std::string> cache_context(const Environment& env,
                                             const config::Settings& settings) const override;
};

// "http://<GCE_METADATA_HOST or metadata.google.internal>/computeMetadata/v1/instance/
// service-accounts/default/" + leaf, parsed. Throws Error(Usage) for a host that does not parse.
net::Url metadata_url(const Environment& env, const std::string& leaf);

}  // namespace ambient_oidc::provider
