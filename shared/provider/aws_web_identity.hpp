// AWS web identity (EKS IRSA and similar): the token is in the file AWS_WEB_IDENTITY_TOKEN_FILE
// names.
#pragma once

#include "provider/local_token.hpp"

namespace ambient_oidc::provider {

class AwsWebIdentity : public FileNamedByVariable {
  public:
    static constexpr Variable kFile{"AWS_WEB_IDENTITY_TOKEN_FILE", "aws-web-identity", false,
                                    "a file holding the token"};
    AwsWebIdentity() : FileNamedByVariable(kFile) {}
    std::string name() const override { return "aws-web-identity"; }
    std::string audience_origin() const override {
        return "the service account's token projection sets it: the eks.amazonaws.com/audience "
               "annotation, sts.amazonaws.com by default";
    }
};

}  // namespace ambient_oidc::provider
