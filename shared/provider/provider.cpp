#include "provider/provider.hpp"

namespace ambient_oidc::provider {

net::RetryRun FetchContext::retry_run(const std::string& provider_name) const {
    return net::RetryRun{clock, log, uniform, provider_name, deadline, settings.timeout};
}

}  // namespace ambient_oidc::provider
