#include "provider/gitlab.hpp"

#include <cctype>

#include "core/error.hpp"
#include "provider/local_token.hpp"

namespace ambient_oidc::provider {

std::string gitlab_variable(const std::string& audience) {
    std::string name;
    for (const char c : audience) {
        const auto upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        name += (upper >= 'A' && upper <= 'Z') || (upper >= '0' && upper <= '9') ? upper : '_';
    }
    if (!name.empty() && name.front() >= '0' && name.front() <= '9') {
        name.insert(0, "_");
    }
    return name + "_ID_TOKEN";
}

bool Gitlab::detect(const Environment& env, const config::Settings&) const {
    return env.get(kMarker.name).has_value();
}

std::string Gitlab::fetch(FetchContext& context, const std::string& audience) const {
    const std::string variable = gitlab_variable(audience);
    if (!context.env.non_empty(variable)) {
        throw Error(ErrorKind::NoCredential,
                    "gitlab: " + variable +
                        " is not set; declare it in the job:\n  id_tokens:\n    " + variable +
                        ":\n      aud: " + audience);
    }
    return read_token_variable(context, kToken, variable);
}

}  // namespace ambient_oidc::provider
