#include "provider/variable_token.hpp"

#include "provider/local_token.hpp"

namespace ambient_oidc::provider {

bool VariableToken::detect(const Environment& env, const config::Settings&) const {
    return env.non_empty(variable_).has_value();
}

std::string VariableToken::fetch(FetchContext& context, const std::string&) const {
    return read_token_variable(context.env, variable_);
}

}  // namespace ambient_oidc::provider
