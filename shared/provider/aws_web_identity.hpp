// AWS web identity (EKS IRSA and similar): the token is in the file AWS_WEB_IDENTITY_TOKEN_FILE
// names.
#pragma once

#include "provider/provider.hpp"

namespace ambient_oidc::provider {

class AwsWebIdentity : public Provider {
  public:
    std::string name() const override { return "aws-web-identity"; }
    std::string requirement() const override;
    bool detect(const Environment& env, const config::Settings& settings) const override;
    std::string fetch(FetchContext& context, const std::string& audience) const override;
};

}  // namespace ambient_oidc::provider
