#include "provider/hcp_terraform.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "provider/local_token.hpp"
#include "token/jwt.hpp"
#include "token/validate.hpp"

namespace ambient_oidc::provider {

namespace {

// The set, non-empty token variables: the untagged one first, then the tagged ones by name.
std::vector<std::string> token_variables(const Environment& env) {
    std::vector<std::string> names;
    if (env.non_empty(HcpTerraform::kToken.name)) {
        names.emplace_back(HcpTerraform::kToken.name);
    }
    for (const auto& name : env.names_starting_with(std::string(HcpTerraform::kToken.name) + "_")) {
        if (env.non_empty(name)) {
            names.push_back(name);
        }
    }
    return names;
}

// TFC_WORKLOAD_IDENTITY_TOKEN_VAULT -> TFC_WORKLOAD_IDENTITY_AUDIENCE_VAULT.
std::string audience_variable(const std::string& token_variable) {
    return "TFC_WORKLOAD_IDENTITY_AUDIENCE" +
           token_variable.substr(std::string(HcpTerraform::kToken.name).size());
}

}  // namespace

bool HcpTerraform::detect(const Environment& env, const config::Settings&) const {
    return !token_variables(env).empty();
}

std::string HcpTerraform::fetch(FetchContext& context, const std::string& audience) const {
    std::string found;
    for (const auto& variable : token_variables(context.env)) {
        const Variable& declared = variable == kToken.name ? kToken : kTagged;
        const std::string token = read_token_variable(context, declared, variable);
        std::string described;
        try {
            const auto names = token::audiences(token::decode_jwt(token));
            if (std::find(names.begin(), names.end(), audience) != names.end()) {
                context.log.debug(name() + ": using " + variable);
                return token;
            }
            for (const auto& name : names) {
                described += (described.empty() ? "" : ", ") + name;
            }
            described = names.empty() ? "no audience" : "audience " + described;
        } catch (const Error&) {
            described = "no JWT";
        }
        found += "\n  " + variable + ": " + described + " (set by the workspace variable " +
                 audience_variable(variable) + ")";
    }
    throw Error(ErrorKind::InvalidToken,
                name() + ": no workload identity token of this run is for the audience " +
                    audience + "; found:" + found +
                    "\nset TFC_WORKLOAD_IDENTITY_AUDIENCE (or _<TAG> beside it for another "
                    "token) to " +
                    audience +
                    " in the workspace's variables, or pass --audience with one of "
                    "those");
}

}  // namespace ambient_oidc::provider
