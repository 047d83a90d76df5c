#include "provider/env_variable.hpp"

#include "provider/local_token.hpp"

namespace ambient_oidc::provider {

std::string EnvVariable::requirement() const {
    return "SIGSTORE_ID_TOKEN set and non-empty";
}

bool EnvVariable::detect(const Environment& env, const config::Settings&) const {
    return env.non_empty("SIGSTORE_ID_TOKEN").has_value();
}

std::string EnvVariable::fetch(FetchContext& context, const std::string&) const {
    return read_token_variable(context.env, "SIGSTORE_ID_TOKEN");
}

}  // namespace ambient_oidc::provider
