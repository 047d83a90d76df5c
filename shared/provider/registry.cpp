#include "provider/registry.hpp"

#include "core/error.hpp"
#include "provider/aws_web_identity.hpp"
#include "provider/azure_pipelines.hpp"
#include "provider/cli_provider.hpp"
#include "provider/github_actions.hpp"
#include "provider/gitlab.hpp"
#include "provider/google.hpp"
#include "provider/token_file.hpp"
#include "provider/variable_token.hpp"

namespace ambient_oidc::provider {

ProviderList all_providers() {
    // The order of ambient-oidc(1) PROVIDERS. CI systems first: their variables are set by the
    // system for this job alone, so they name the most specific identity. Then the cloud's machine
    // identity (google), which any job on that machine shares; google-impersonate after it, so
    // that in auto mode a machine's own identity is never silently traded for another account
    // (name it with --provider to impersonate). Generic sources last, because a file or a
    // variable may be left over from an image or another tool.
    ProviderList list;
    list.push_back(std::make_unique<GithubActions>());
    list.push_back(std::make_unique<Gitlab>());
    list.push_back(std::make_unique<Buildkite>());
    list.push_back(std::make_unique<Circleci>());
    list.push_back(std::make_unique<Google>());
    list.push_back(std::make_unique<GoogleImpersonate>());
    list.push_back(std::make_unique<AzurePipelines>());
    list.push_back(std::make_unique<VariableToken>("bitbucket", "BITBUCKET_STEP_OIDC_TOKEN"));
    list.push_back(std::make_unique<AwsWebIdentity>());
    list.push_back(std::make_unique<TokenFile>());
    list.push_back(std::make_unique<VariableToken>("env", "SIGSTORE_ID_TOKEN"));
    return list;
}

const Provider* selected_provider(const ProviderList& providers, const std::string& name,
                                  const Environment& env, const config::Settings& settings) {
    for (const auto& provider : providers) {
        if ((name == "auto" || provider->name() == name) && provider->detect(env, settings)) {
            return provider.get();
        }
    }
    return nullptr;
}

const Provider& select_provider(const ProviderList& providers, const std::string& name,
                                const Environment& env, const config::Settings& settings) {
    std::string known = "auto";
    const Provider* named = nullptr;
    for (const auto& provider : providers) {
        known += ", " + provider->name();
        if (provider->name() == name) {
            named = provider.get();
        }
    }
    if (name != "auto" && named == nullptr) {
        throw Error(ErrorKind::Usage, "unknown provider '" + name + "'; known providers: " + known);
    }
    if (const Provider* chosen = selected_provider(providers, name, env, settings)) {
        return *chosen;
    }
    if (named != nullptr) {
        throw Error(
            ErrorKind::NoCredential,
            "provider " + name + " is not available here: it needs " + named->requirement());
    }
    throw Error(ErrorKind::NoCredential,
                "no ambient OIDC credential found in this environment; run 'ambient-oidc "
                "detect' to see what each provider needs");
}

}  // namespace ambient_oidc::provider
