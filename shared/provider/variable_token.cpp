#include "provider/variable_token.hpp"

#include "core/error.hpp"
#include "provider/local_token.hpp"

namespace ambient_oidc::provider {

std::string VariableToken::requirement() const {
    const std::string token = std::string(token_.name) + " set and non-empty";
    return marker_ ? std::string(marker_->name) + "=true, or " + token : token;
}

std::vector<Variable> VariableToken::variables() const {
    if (marker_) {
        return {token_, *marker_};
    }
    return {token_};
}

bool VariableToken::detect(const Environment& env, const config::Settings&) const {
    return env.non_empty(token_.name).has_value() || (marker_ && env.get(marker_->name) == "true");
}

std::string VariableToken::fetch(FetchContext& context, const std::string&) const {
    if (!context.env.non_empty(token_.name) && !missing_hint_.empty()) {
        throw Error(ErrorKind::NoCredential,
                    std::string(token_.name) + " is not set in this job: " + missing_hint_);
    }
    return read_token_variable(context, token_);
}

}  // namespace ambient_oidc::provider
