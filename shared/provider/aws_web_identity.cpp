#include "provider/aws_web_identity.hpp"

#include "provider/local_token.hpp"

namespace ambient_oidc::provider {

std::string AwsWebIdentity::requirement() const {
    return "AWS_WEB_IDENTITY_TOKEN_FILE set";
}

bool AwsWebIdentity::detect(const Environment& env, const config::Settings&) const {
    return env.non_empty("AWS_WEB_IDENTITY_TOKEN_FILE").has_value();
}

std::string AwsWebIdentity::fetch(FetchContext& context, const std::string&) const {
    return read_token_file(*context.env.non_empty("AWS_WEB_IDENTITY_TOKEN_FILE"),
                           "AWS_WEB_IDENTITY_TOKEN_FILE");
}

}  // namespace ambient_oidc::provider
