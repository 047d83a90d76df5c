#include "provider/spacelift.hpp"

#include <sys/stat.h>

#include "provider/local_token.hpp"

namespace ambient_oidc::provider {

bool Spacelift::detect(const Environment& env, const config::Settings&) const {
    struct stat info {};
    return env.non_empty(kToken.name) || ::stat(path_.c_str(), &info) == 0;
}

std::string Spacelift::fetch(FetchContext& context, const std::string&) const {
    if (context.env.non_empty(kToken.name)) {
        return read_token_variable(context, kToken);
    }
    return read_token_file(path_, "the Spacelift token file");
}

}  // namespace ambient_oidc::provider
