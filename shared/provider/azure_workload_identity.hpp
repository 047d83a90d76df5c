// AKS workload identity: the webhook projects a service-account token into the pod and names the
// file in AZURE_FEDERATED_TOKEN_FILE.
#pragma once

#include "provider/local_token.hpp"

namespace ambient_oidc::provider {

class AzureWorkloadIdentity : public FileNamedByVariable {
  public:
    static constexpr Variable kFile{"AZURE_FEDERATED_TOKEN_FILE", "azure-workload-identity", false,
                                    "a file holding the token"};
    AzureWorkloadIdentity() : FileNamedByVariable(kFile) {}
    std::string name() const override { return "azure-workload-identity"; }
    std::string audience_origin() const override {
        return "the AKS workload identity webhook projects the token for "
               "api://AzureADTokenExchange; pass --audience api://AzureADTokenExchange";
    }
};

}  // namespace ambient_oidc::provider
