#include "provider/bitbucket.hpp"

#include "provider/local_token.hpp"

namespace ambient_oidc::provider {

std::string Bitbucket::requirement() const {
    return "BITBUCKET_STEP_OIDC_TOKEN set";
}

bool Bitbucket::detect(const Environment& env, const config::Settings&) const {
    return env.non_empty("BITBUCKET_STEP_OIDC_TOKEN").has_value();
}

std::string Bitbucket::fetch(FetchContext& context, const std::string&) const {
    return read_token_variable(context.env, "BITBUCKET_STEP_OIDC_TOKEN");
}

}  // namespace ambient_oidc::provider
