#include "provider/registry.hpp"

#include "core/error.hpp"
#include "provider/aws_web_identity.hpp"
#include "provider/azure_pipelines.hpp"
#include "provider/azure_workload_identity.hpp"
#include "provider/cirrus.hpp"
#include "provider/cli_provider.hpp"
#include "provider/codefresh.hpp"
#include "provider/github_actions.hpp"
#include "provider/gitlab.hpp"
#include "provider/google.hpp"
#include "provider/hcp_terraform.hpp"
#include "provider/semaphore.hpp"
#include "provider/spacelift.hpp"
#include "provider/spiffe.hpp"
#include "provider/token_file.hpp"
#include "provider/variable_token.hpp"

namespace ambient_oidc::provider {

ProviderList all_providers() {
    // The order of ambient-oidc(1) PROVIDERS. CI systems first: their variables are set by the
    // system for this job alone, so they name the most specific identity. Then the cloud's machine
    // identity (google), which any job on that machine shares; google-impersonate after it, so
    // that in auto mode a machine's own identity is never silently traded for another account
    // (name it with --provider to impersonate). Then the other CI systems and platforms; the
    // workload identities of a cluster (aws-web-identity, azure-workload-identity) after them, as
    // a CI job may run in a pod that has one; then the SPIFFE Workload API, which an agent serves
    // to every workload of a node or a pod. Generic sources last, because a file or a variable may
    // be left over from an image or another tool.
    ProviderList list;
    list.push_back(std::make_unique<GithubActions>());
    list.push_back(std::make_unique<Gitlab>());
    list.push_back(std::make_unique<Buildkite>());
    list.push_back(std::make_unique<Circleci>());
    list.push_back(std::make_unique<Google>());
    list.push_back(std::make_unique<GoogleImpersonate>());
    list.push_back(std::make_unique<AzurePipelines>());
    list.push_back(std::make_unique<Bitbucket>());
    list.push_back(std::make_unique<Codefresh>());
    list.push_back(std::make_unique<HcpTerraform>());
    list.push_back(std::make_unique<Spacelift>());
    list.push_back(std::make_unique<Semaphore>());
    list.push_back(std::make_unique<Cirrus>());
    list.push_back(std::make_unique<AwsWebIdentity>());
    list.push_back(std::make_unique<AzureWorkloadIdentity>());
    list.push_back(std::make_unique<Spiffe>());
    list.push_back(std::make_unique<TokenFile>());
    list.push_back(std::make_unique<EnvToken>());
    return list;
}

const Provider* find_provider(const ProviderList& providers, std::string_view name) {
    for (const auto& provider : providers) {
        if (provider->name() == name) {
            return provider.get();
        }
    }
    return nullptr;
}

std::vector<Variable> documented_variables(const ProviderList& providers) {
    std::vector<Variable> table;
    auto add = [&](const Variable& variable) {
        for (const auto& listed : table) {
            if (std::string_view(listed.name) == variable.name) {
                return;
            }
        }
        table.push_back(variable);
    };
    for (const auto& provider : providers) {
        for (const auto& variable : provider->variables()) {
            add(variable);
        }
    }
    for (const auto& variable : general_variables()) {
        add(variable);
    }
    return table;
}

bool is_documented_variable(const ProviderList& providers, std::string_view name) {
    for (const auto& variable : documented_variables(providers)) {
        if (variable_matches(variable, name)) {
            return true;
        }
    }
    return false;
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
    for (const auto& provider : providers) {
        known += ", " + provider->name();
    }
    const Provider* named = find_provider(providers, name);
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
