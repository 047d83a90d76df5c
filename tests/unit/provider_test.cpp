#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/config.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/variables.hpp"
#include "net/http.hpp"
#include "net/proxy.hpp"
#include "protocol/detect.hpp"
#include "provider/gitlab.hpp"
#include "provider/google.hpp"
#include "provider/hcp_terraform.hpp"
#include "provider/registry.hpp"
#include "provider/spacelift.hpp"
#include "provider/token_file.hpp"
#include "support/jwt.hpp"
#include "unit/fake_clock.hpp"

namespace bdata = boost::unit_test::data;
namespace fs = std::filesystem;
using ambient_oidc::Environment;
using ambient_oidc::config::Settings;
using ambient_oidc::provider::all_providers;
using ambient_oidc::provider::ProviderList;
using ambient_oidc::provider::selected_provider;

namespace {

struct Presence {
    const char* provider;
    Environment env;
};
std::ostream& operator<<(std::ostream& out, const Presence& p) {
    return out << p.provider;
}

// Each environment makes exactly one provider present: its credential, or its CI's marker alone.
const std::vector<Presence> kPresence = {
    {"github-actions",
     {{"ACTIONS_ID_TOKEN_REQUEST_URL", "https://x/"}, {"ACTIONS_ID_TOKEN_REQUEST_TOKEN", "t"}}},
    {"github-actions", {{"GITHUB_ACTIONS", "true"}}},
    {"github-actions", {{"GITHUB_ACTIONS", "true"}, {"FORGEJO_ACTIONS", "true"}}},
    {"gitlab", {{"GITLAB_CI", "true"}}},
    {"buildkite", {{"BUILDKITE", "true"}}},
    {"circleci", {{"CIRCLECI", "true"}}},
    {"google", {{"GCE_METADATA_HOST", "127.0.0.1:8080"}}},
    {"google-impersonate", {{"GOOGLE_SERVICE_ACCOUNT_NAME", "sa@p.iam.gserviceaccount.com"}}},
    {"azure-pipelines", {{"SYSTEM_OIDCREQUESTURI", "https://x/"}, {"SYSTEM_ACCESSTOKEN", "t"}}},
    {"azure-pipelines", {{"TF_BUILD", "True"}}},
    {"bitbucket", {{"BITBUCKET_STEP_OIDC_TOKEN", "t"}}},
    {"codefresh", {{"CF_OIDC_REQUEST_URL", "https://x/"}, {"CF_OIDC_REQUEST_TOKEN", "t"}}},
    {"codefresh", {{"CF_BUILD_ID", "65f1"}}},
    {"hcp-terraform", {{"TFC_WORKLOAD_IDENTITY_TOKEN", "t"}}},
    {"hcp-terraform", {{"TFC_WORKLOAD_IDENTITY_TOKEN_VAULT", "t"}}},
    {"spacelift", {{"SPACELIFT_OIDC_TOKEN", "t"}}},
    {"semaphore", {{"SEMAPHORE_OIDC_TOKEN", "t"}}},
    {"semaphore", {{"SEMAPHORE", "true"}}},
    {"cirrus", {{"CIRRUS_OIDC_TOKEN", "t"}}},
    {"cirrus", {{"CIRRUS_CI", "true"}}},
    {"aws-web-identity", {{"AWS_WEB_IDENTITY_TOKEN_FILE", "/t"}}},
    {"azure-workload-identity", {{"AZURE_FEDERATED_TOKEN_FILE", "/t"}}},
    {"spiffe", {{"SPIFFE_ENDPOINT_SOCKET", "unix:///run/spire/agent.sock"}}},
    {"env", {{"SIGSTORE_ID_TOKEN", "t"}}},
};

// The provider called name in the list; fails the test when there is none.
const ambient_oidc::provider::Provider& named(const ProviderList& providers,
                                              const std::string& name) {
    const auto* provider = ambient_oidc::provider::find_provider(providers, name);
    BOOST_REQUIRE_MESSAGE(provider != nullptr, "no provider " + name);
    return *provider;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(providers)

BOOST_DATA_TEST_CASE(each_provider_is_detected_by_its_environment_alone, bdata::make(kPresence),
                     sample) {
    const Settings settings;
    for (const auto& provider : all_providers()) {
        // Every provider but this one's is absent (file, spacelift: no default file on a test
        // machine).
        const bool expected = provider->name() == sample.provider;
        if (provider->name() == "google" || provider->name() == "file" ||
            provider->name() == "spacelift") {
            continue;  // they may also look at local files; tested below with their own paths
        }
        BOOST_TEST(provider->detect(sample.env, settings) == expected, provider->name());
    }
    const auto providers = all_providers();
    const auto* chosen = selected_provider(providers, "auto", sample.env, settings);
    BOOST_REQUIRE(chosen != nullptr);
    BOOST_TEST(chosen->name() == sample.provider);
}

// The sources that can mint a token for each attempt of an exchange (ambient-oidc(1)
// EXCHANGES): every other one hands out a fixed token, which a retry resends.
BOOST_AUTO_TEST_CASE(the_providers_that_mint) {
    const std::vector<std::string> minting = {
        "github-actions",     "buildkite",       "circleci",  "google",
        "google-impersonate", "azure-pipelines", "codefresh", "spiffe"};
    for (const auto& provider : all_providers()) {
        const bool listed =
            std::find(minting.begin(), minting.end(), provider->name()) != minting.end();
        BOOST_TEST(provider->mints() == listed, provider->name());
    }
}

BOOST_AUTO_TEST_CASE(half_configured_environments_are_absent) {
    const Settings settings;
    const auto providers = all_providers();
    const auto& github = named(providers, "github-actions");
    BOOST_TEST(!github.detect({{"ACTIONS_ID_TOKEN_REQUEST_URL", "https://x/"}}, settings));
    BOOST_TEST(!github.detect(
        {{"ACTIONS_ID_TOKEN_REQUEST_URL", "https://x/"}, {"ACTIONS_ID_TOKEN_REQUEST_TOKEN", ""}},
        settings));
    BOOST_TEST(!github.detect({{"GITHUB_ACTIONS", "false"}}, settings));
    BOOST_TEST(!github.detect({{"FORGEJO_ACTIONS", "true"}}, settings));
    const auto& azure = named(providers, "azure-pipelines");
    BOOST_TEST(!azure.detect({{"SYSTEM_OIDCREQUESTURI", "https://x/"}}, settings));
    BOOST_TEST(!azure.detect({{"TF_BUILD", "False"}}, settings));
    BOOST_TEST(azure.detect({{"TF_BUILD", "true"}}, settings));
    BOOST_TEST(
        !named(providers, "codefresh").detect({{"CF_OIDC_REQUEST_URL", "https://x/"}}, settings));
    const auto& hcp = named(providers, "hcp-terraform");
    BOOST_TEST(!hcp.detect({{"TFC_WORKLOAD_IDENTITY_TOKEN", ""}}, settings));
    BOOST_TEST(!hcp.detect({{"TFC_WORKLOAD_IDENTITY_TOKEN_AWS", ""}}, settings));
    BOOST_TEST(!hcp.detect({{"TFC_WORKLOAD_IDENTITY_AUDIENCE", "sigstore"}}, settings));
    BOOST_TEST(!named(providers, "semaphore").detect({{"SEMAPHORE", "1"}}, settings));
    BOOST_TEST(!named(providers, "env").detect({{"SIGSTORE_ID_TOKEN", ""}}, settings));
}

BOOST_AUTO_TEST_CASE(auto_takes_the_first_present_in_contract_order) {
    const auto providers = all_providers();
    std::vector<std::string> names;
    for (const auto& provider : providers) {
        names.push_back(provider->name());
    }
    BOOST_TEST(names == (std::vector<std::string>{
                            "github-actions", "gitlab", "buildkite", "circleci", "google",
                            "google-impersonate", "azure-pipelines", "bitbucket", "codefresh",
                            "hcp-terraform", "spacelift", "semaphore", "cirrus", "aws-web-identity",
                            "azure-workload-identity", "spiffe", "file", "env"}),
               boost::test_tools::per_element());
    const Environment several = {{"SIGSTORE_ID_TOKEN", "t"},
                                 {"BUILDKITE", "true"},
                                 {"GITLAB_CI", "true"},
                                 {"BITBUCKET_STEP_OIDC_TOKEN", "t"}};
    const Settings settings;
    BOOST_TEST(selected_provider(providers, "auto", several, settings)->name() == "gitlab");
    BOOST_TEST(selected_provider(providers, "env", several, settings)->name() == "env");
    BOOST_TEST(selected_provider(providers, "circleci", several, settings) == nullptr);
    // A CI job on a cluster with a workload identity is the CI's.
    const Environment pod = {{"AZURE_FEDERATED_TOKEN_FILE", "/t"}, {"SEMAPHORE", "true"}};
    BOOST_TEST(selected_provider(providers, "auto", pod, settings)->name() == "semaphore");
}

BOOST_AUTO_TEST_CASE(selection_errors) {
    const auto providers = all_providers();
    const Settings settings;
    auto kind_of = [&](const std::string& name) {
        try {
            ambient_oidc::provider::select_provider(providers, name, {}, settings);
        } catch (const ambient_oidc::Error& error) {
            return static_cast<int>(error.kind());
        }
        return 0;
    };
    BOOST_TEST(kind_of("jenkins") == 2);
    BOOST_TEST(kind_of("gitlab") == 3);
    BOOST_TEST(kind_of("auto") == 3);
}

BOOST_AUTO_TEST_CASE(google_is_detected_from_the_dmi_product_name) {
    const fs::path file = fs::temp_directory_path() / ("dmi-" + std::to_string(::getpid()));
    const ambient_oidc::provider::Google google(file.string());
    const Settings settings;
    BOOST_TEST(!google.detect({}, settings));  // no such file
    for (const auto& [text, expected] :
         std::vector<std::pair<std::string, bool>>{{"Google Compute Engine\n", true},
                                                   {"Google\n", true},
                                                   {"Standard PC (Q35 + ICH9, 2009)\n", false},
                                                   {"Googlebox\n", false}}) {
        std::ofstream(file) << text;
        BOOST_TEST(google.detect({}, settings) == expected, text);
    }
    fs::remove(file);
}

BOOST_AUTO_TEST_CASE(file_provider_needs_a_configured_path_or_the_default_file) {
    const fs::path file = fs::temp_directory_path() / ("oidc-token-" + std::to_string(::getpid()));
    const ambient_oidc::provider::TokenFile provider(file.string());
    Settings settings;
    BOOST_TEST(!provider.detect({}, settings));
    std::ofstream(file) << "x";
    BOOST_TEST(provider.detect({}, settings));
    fs::remove(file);
    settings.file_path = "/configured/token";
    BOOST_TEST(provider.detect({}, settings));
}

BOOST_AUTO_TEST_CASE(gitlab_variable_names) {
    using ambient_oidc::provider::gitlab_variable;
    BOOST_TEST(gitlab_variable("sigstore") == "SIGSTORE_ID_TOKEN");
    BOOST_TEST(gitlab_variable("https://fulcio.example/x") == "HTTPS___FULCIO_EXAMPLE_X_ID_TOKEN");
    BOOST_TEST(gitlab_variable("1st-aud") == "_1ST_AUD_ID_TOKEN");
    BOOST_TEST(gitlab_variable("Mixed.Case") == "MIXED_CASE_ID_TOKEN");
}

BOOST_AUTO_TEST_CASE(metadata_url_uses_the_host_variable) {
    using ambient_oidc::provider::metadata_url;
    BOOST_TEST(metadata_url({}, "identity").str() ==
               "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/"
               "default/identity");
    BOOST_TEST(metadata_url({{"GCE_METADATA_HOST", "127.0.0.1:8080"}}, "token").str() ==
               "http://127.0.0.1:8080/computeMetadata/v1/instance/service-accounts/default/token");
}

BOOST_AUTO_TEST_CASE(detect_report_text_and_json) {
    const Settings settings;
    std::ostringstream text;
    BOOST_TEST(ambient_oidc::protocol::write_detection(all_providers(), {{"CIRCLECI", "1"}},
                                                       settings, false, text));
    // The names in a column two wider than the longest, azure-workload-identity.
    BOOST_TEST(text.str().find("github-actions           absent: needs GITHUB_ACTIONS=true, or "
                               "ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN "
                               "set\n") == 0u,
               text.str());
    BOOST_TEST(text.str().find("\ncircleci                 present\n") != std::string::npos);
    BOOST_TEST(text.str().find("\nazure-workload-identity  absent: needs "
                               "AZURE_FEDERATED_TOKEN_FILE set\n") != std::string::npos);
    BOOST_TEST(text.str().find("\nhcp-terraform            absent: needs "
                               "TFC_WORKLOAD_IDENTITY_TOKEN or a "
                               "TFC_WORKLOAD_IDENTITY_TOKEN_<TAG> set\n") != std::string::npos);
    BOOST_TEST(text.str().find("\nselected: circleci\n") != std::string::npos);
    std::ostringstream json;
    BOOST_TEST(!ambient_oidc::protocol::write_detection(all_providers(), {}, settings, true, json));
    BOOST_TEST(json.str().find(
                   "{\"selected\":null,\"providers\":[{\"name\":\"github-actions\",\"present\":"
                   "false,\"needs\":\"GITHUB_ACTIONS=true, or ACTIONS_ID_TOKEN_REQUEST_URL and "
                   "ACTIONS_ID_TOKEN_REQUEST_TOKEN set\"},") == 0u);
    BOOST_TEST(json.str().find("{\"name\":\"codefresh\",\"present\":false,\"needs\":\"CF_BUILD_ID "
                               "set, or CF_OIDC_REQUEST_URL and CF_OIDC_REQUEST_TOKEN set\"}") !=
               std::string::npos);
    BOOST_TEST(json.str().substr(json.str().size() - 4) == "}]}\n");
}

namespace {

// A FetchContext for providers that read local tokens: nothing is sent, time is fake.
struct LocalFetch {
    explicit LocalFetch(Environment environment) : env(std::move(environment)) {}
    Settings settings;
    Environment env;
    ambient_oidc::test::FakeClock clock;
    std::ostringstream log_text;
    ambient_oidc::Logger log{log_text, ambient_oidc::LogLevel::Debug};
    ambient_oidc::net::HttpClient http{ambient_oidc::net::TrustSources{}};
    ambient_oidc::provider::FetchContext context{
        settings, env, clock, log, http, [] { return 0.0; }, clock.now() + std::chrono::seconds(5)};
};

}  // namespace

BOOST_AUTO_TEST_CASE(secret_variables_are_masked_as_soon_as_they_are_read) {
    const auto providers = all_providers();
    for (const auto& variable : ambient_oidc::provider::documented_variables(providers)) {
        const std::string name = variable.name;
        if (name.find('<') != std::string::npos) {
            continue;  // patterns: read under their actual names, below
        }
        LocalFetch local({{name, "value-of-" + name}});
        BOOST_TEST(local.context.read(variable).value_or("") == "value-of-" + name);
        BOOST_TEST(local.log.redact("x value-of-" + name + " y") ==
                       (variable.secret ? "x *** y" : "x value-of-" + name + " y"),
                   name);
    }
    LocalFetch local({{"TFC_WORKLOAD_IDENTITY_TOKEN_AWS", "tagged-5ecret"}});
    BOOST_TEST(
        local.context
            .read(ambient_oidc::provider::HcpTerraform::kTagged, "TFC_WORKLOAD_IDENTITY_TOKEN_AWS")
            .value_or("") == "tagged-5ecret");
    BOOST_TEST(local.log.redact("tagged-5ecret") == "***");
}

BOOST_AUTO_TEST_CASE(hcp_terraform_picks_the_token_of_the_audience) {
    using ambient_oidc::test::make_token;
    const ambient_oidc::provider::HcpTerraform hcp;
    const std::string aws = make_token("aws.workload.identity");
    const std::string sigstore = make_token("sigstore");
    LocalFetch local({{"TFC_WORKLOAD_IDENTITY_TOKEN", aws},
                      {"TFC_WORKLOAD_IDENTITY_TOKEN_SIGN", sigstore + "\n"},
                      {"TFC_WORKLOAD_IDENTITY_TOKEN_BROKEN", "not-a-jwt"},
                      {"TFC_WORKLOAD_IDENTITY_TOKEN_EMPTY", ""}});
    BOOST_TEST(hcp.fetch(local.context, "sigstore") == sigstore);
    BOOST_TEST(hcp.fetch(local.context, "aws.workload.identity") == aws);
    try {
        hcp.fetch(local.context, "vault.workload.identity");
        BOOST_ERROR("no error for an audience without a token");
    } catch (const ambient_oidc::Error& error) {
        BOOST_TEST(static_cast<int>(error.kind()) == 7);
        const std::string message = error.what();
        BOOST_TEST(message.find("hcp-terraform: no workload identity token of this run is for "
                                "the audience vault.workload.identity; found:\n"
                                "  TFC_WORKLOAD_IDENTITY_TOKEN: audience aws.workload.identity "
                                "(set by the workspace variable TFC_WORKLOAD_IDENTITY_AUDIENCE)\n"
                                "  TFC_WORKLOAD_IDENTITY_TOKEN_BROKEN: no JWT (set by the "
                                "workspace variable TFC_WORKLOAD_IDENTITY_AUDIENCE_BROKEN)\n"
                                "  TFC_WORKLOAD_IDENTITY_TOKEN_SIGN: audience sigstore (set by "
                                "the workspace variable TFC_WORKLOAD_IDENTITY_AUDIENCE_SIGN)\n"
                                "set TFC_WORKLOAD_IDENTITY_AUDIENCE") == 0u,
                   message);
        BOOST_TEST(message.find("_EMPTY") == std::string::npos);
        BOOST_TEST(local.log.redact(message) == message);  // no token in it
    }
    // Adjacent secrets are one masked part.
    BOOST_TEST(local.log.redact(aws + sigstore + "not-a-jwt") == "***");
}

BOOST_AUTO_TEST_CASE(spacelift_reads_the_variable_else_the_file) {
    const fs::path file = fs::temp_directory_path() / ("spacelift-" + std::to_string(::getpid()));
    const ambient_oidc::provider::Spacelift spacelift(file.string());
    const Settings settings;
    BOOST_TEST(!spacelift.detect({}, settings));
    std::ofstream(file) << "file-token\n";
    BOOST_TEST(spacelift.detect({}, settings));
    LocalFetch from_file({});
    BOOST_TEST(spacelift.fetch(from_file.context, "sigstore") == "file-token");
    LocalFetch from_variable({{"SPACELIFT_OIDC_TOKEN", "variable-token"}});
    BOOST_TEST(spacelift.fetch(from_variable.context, "sigstore") == "variable-token");
    BOOST_TEST(from_variable.log.redact("variable-token") == "***");
    fs::remove(file);
    BOOST_TEST(spacelift.detect({{"SPACELIFT_OIDC_TOKEN", "t"}}, settings));
}

// Spacelift's file in a directory other users may write (a world-writable /mnt): another user
// could have planted it, so it is a loud error (exit 2), not a token, and not a fall-through.
BOOST_AUTO_TEST_CASE(spacelift_refuses_a_file_others_could_plant) {
    const fs::path dir =
        fs::temp_directory_path() / ("spacelift-mnt-" + std::to_string(::getpid()));
    fs::create_directories(dir / "workspace");
    ::chmod(dir.c_str(), 0777);
    const fs::path file = dir / "workspace" / "spacelift.oidc";
    std::ofstream(file) << "planted-token\n";
    const ambient_oidc::provider::Spacelift spacelift(file.string());
    BOOST_TEST(spacelift.detect({}, Settings{}));
    LocalFetch from_file({});
    try {
        spacelift.fetch(from_file.context, "sigstore");
        BOOST_FAIL("the planted token was used");
    } catch (const ambient_oidc::Error& error) {
        BOOST_TEST(static_cast<int>(error.kind()) ==
                   static_cast<int>(ambient_oidc::ErrorKind::Usage));
        BOOST_TEST(std::string(error.what()).find("which other users may write (mode 0777)") !=
                       std::string::npos,
                   error.what());
    }
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(proxies)

struct NoProxyCase {
    const char* list;
    const char* host;
    bool matches;
};
std::ostream& operator<<(std::ostream& out, const NoProxyCase& c) {
    return out << c.list << " / " << c.host;
}

const NoProxyCase kNoProxy[] = {
    {"*", "anything.example", true},
    {"example.com", "example.com", true},
    {"example.com", "a.example.com", true},
    {".example.com", "a.example.com", true},
    {".example.com", "example.com", true},
    {"example.com", "badexample.com", false},
    {"a.com, b.com", "x.b.com", true},
    {"a.com,b.com", "c.com", false},
    {"EXAMPLE.com", "Api.Example.COM", true},
    {"127.0.0.1", "127.0.0.1", true},
    {"127.0.0.1:8443", "127.0.0.1", true},
    {"localhost", "127.0.0.1", false},
    {"", "example.com", false},
};

BOOST_DATA_TEST_CASE(no_proxy_matching, bdata::make(kNoProxy), sample) {
    BOOST_TEST(ambient_oidc::net::no_proxy_matches(sample.list, sample.host) == sample.matches);
}

BOOST_AUTO_TEST_CASE(proxy_variables) {
    using ambient_oidc::net::ProxySettings;
    BOOST_TEST(!ProxySettings::from_environment({}).for_host("x").has_value());
    auto proxy = ProxySettings::from_environment({{"HTTPS_PROXY", "proxy.example:3128"}});
    BOOST_TEST(proxy.for_host("x")->host == "proxy.example");
    BOOST_TEST(proxy.for_host("x")->port == 3128);
    BOOST_TEST(proxy.for_host("x")->authorization.empty());
    proxy = ProxySettings::from_environment(
        {{"HTTPS_PROXY", "http://upper:1"}, {"https_proxy", "http://u%40x:p%3Ass@lower"}});
    BOOST_TEST(proxy.for_host("x")->host == "lower");
    BOOST_TEST(proxy.for_host("x")->port == 1080);
    BOOST_TEST(proxy.for_host("x")->authorization == "Basic dUB4OnA6c3M=");  // u@x:p:ss
    BOOST_TEST(std::count(proxy.secrets().begin(), proxy.secrets().end(), "p:ss") == 1);
    proxy = ProxySettings::from_environment(
        {{"HTTPS_PROXY", "http://proxy:8080"}, {"NO_PROXY", ".internal"}});
    BOOST_TEST(!proxy.for_host("metadata.internal").has_value());
    BOOST_TEST(proxy.for_host("token.example").has_value());
    BOOST_CHECK_THROW(ProxySettings::from_environment({{"HTTPS_PROXY", "socks5://proxy:1080"}}),
                      ambient_oidc::Error);
    BOOST_CHECK_THROW(ProxySettings::from_environment({{"HTTPS_PROXY", "http://proxy:99999"}}),
                      ambient_oidc::Error);
}

// A password may hold '/', '?', '#' and '@' as typed; whatever fails to parse, no part of the
// user information reaches the error.
BOOST_AUTO_TEST_CASE(proxy_passwords_with_delimiters) {
    using ambient_oidc::net::ProxySettings;
    auto proxy = ProxySettings::from_environment(
        {{"HTTPS_PROXY", "http://user:s3cr/e?t#@x@127.0.0.1:3128"}});
    BOOST_TEST(proxy.for_host("x")->host == "127.0.0.1");
    BOOST_TEST(proxy.for_host("x")->port == 3128);
    BOOST_TEST(std::count(proxy.secrets().begin(), proxy.secrets().end(), "s3cr/e?t#@x") >= 1);
    for (const std::string value : {"http://user:s3cr/et@127.0.0.1:bad", "http://user:s3cr/et@",
                                    "http://user:s3cr/et@[::1", "http://user:s3cr%2fet@h:0"}) {
        try {
            ProxySettings::from_environment({{"HTTPS_PROXY", value}});
            BOOST_ERROR("no error for " + value);
        } catch (const ambient_oidc::Error& error) {
            const std::string message = error.what();
            BOOST_TEST(message.find("s3cr") == std::string::npos, message);
            BOOST_TEST(message.find("HTTPS_PROXY") == 0, message);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(documentation)

BOOST_AUTO_TEST_CASE(every_variable_looked_up_is_documented) {
    const auto providers = all_providers();
    Environment env;
    const Settings settings;
    for (const auto& provider : providers) {
        provider->detect(env, settings);
    }
    ambient_oidc::config::resolve_settings({}, env, {"/nonexistent/system.json", ""});
    ambient_oidc::config::user_config_path(env);
    ambient_oidc::net::ProxySettings::from_environment(env);
    BOOST_TEST(env.looked_up().size() > 20u);
    for (const auto& name : env.looked_up()) {
        BOOST_TEST(ambient_oidc::provider::is_documented_variable(providers, name), name);
    }
}

// Each provider's detect() looks at the variables it declares and no other, whatever is set.
BOOST_AUTO_TEST_CASE(each_provider_reads_the_variables_it_declares) {
    const Settings settings;
    for (const auto& provider : all_providers()) {
        for (const auto& sample : kPresence) {
            Environment env = sample.env;
            provider->detect(env, settings);
            for (const auto& name : env.looked_up()) {
                bool declared = false;
                for (const auto& variable : provider->variables()) {
                    declared = declared || ambient_oidc::variable_matches(variable, name);
                }
                BOOST_TEST(declared, provider->name() << " reads " << name);
            }
        }
        for (const auto& variable : provider->variables()) {
            const bool known =
                std::string(variable.used_by) == provider->name() ||
                ambient_oidc::provider::find_provider(all_providers(), variable.used_by) != nullptr;
            BOOST_TEST(known, variable.name);
        }
    }
}

BOOST_AUTO_TEST_CASE(variable_patterns) {
    const ambient_oidc::Variable gitlab{"<AUD>_ID_TOKEN", "gitlab", true, ""};
    const ambient_oidc::Variable tagged{"TFC_WORKLOAD_IDENTITY_TOKEN_<TAG>", "hcp", true, ""};
    const ambient_oidc::Variable plain{"CIRRUS_CI", "cirrus", false, ""};
    BOOST_TEST(ambient_oidc::variable_matches(gitlab, "SIGSTORE_ID_TOKEN"));
    BOOST_TEST(!ambient_oidc::variable_matches(gitlab, "_ID_TOKEN"));
    BOOST_TEST(ambient_oidc::variable_matches(tagged, "TFC_WORKLOAD_IDENTITY_TOKEN_AWS"));
    BOOST_TEST(!ambient_oidc::variable_matches(tagged, "TFC_WORKLOAD_IDENTITY_TOKEN_"));
    BOOST_TEST(!ambient_oidc::variable_matches(tagged, "TFC_WORKLOAD_IDENTITY_TOKEN"));
    BOOST_TEST(ambient_oidc::variable_matches(plain, "CIRRUS_CI"));
    BOOST_TEST(!ambient_oidc::variable_matches(plain, "CIRRUS_CIX"));
}

struct ManEntry {
    std::string name;
    std::string text;
};

// The entries of the man page's ENVIRONMENT section, in order: each .TP's name and its text.
std::vector<ManEntry> man_page_variables() {
    std::ifstream in(AMBIENT_OIDC_SOURCE_DIR "/man/ambient-oidc.1");
    std::vector<ManEntry> entries;
    bool in_section = false;
    bool after_tp = false;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(".SH ", 0) == 0) {
            in_section = line == ".SH ENVIRONMENT";
            continue;
        }
        if (!in_section) {
            continue;
        }
        if (line == ".TP") {
            after_tp = true;
            continue;
        }
        if (after_tp) {
            // ".B NAME"
            std::string name;
            for (const char c : line.substr(line.find(' ') + 1)) {
                if (c != '\\') {
                    name += c;
                }
            }
            entries.push_back({name, ""});
            after_tp = false;
        } else if (!entries.empty()) {
            entries.back().text += line + "\n";
        }
    }
    return entries;
}

BOOST_AUTO_TEST_CASE(man_page_environment_matches_the_table) {
    std::vector<std::string> table;
    std::vector<std::string> listed;
    const auto entries = man_page_variables();
    for (const auto& entry : entries) {
        listed.push_back(entry.name);
    }
    for (const auto& variable : ambient_oidc::provider::documented_variables(all_providers())) {
        table.push_back(variable.name);
        // Secret ones say so, and only they.
        for (const auto& entry : entries) {
            if (entry.name == variable.name) {
                BOOST_TEST((entry.text.find("secret") != std::string::npos) == variable.secret,
                           entry.name << ": " << entry.text);
            }
        }
    }
    BOOST_TEST(listed == table, boost::test_tools::per_element());
}

// The README's providers table names each provider and the variables it reads; every other
// variable, and which are secret, is the man page's (man_page_environment_matches_the_table).
BOOST_AUTO_TEST_CASE(readme_names_every_provider_and_its_variables) {
    std::ifstream in(AMBIENT_OIDC_SOURCE_DIR "/README.md");
    std::string readme((std::istreambuf_iterator<char>(in)), {});
    std::replace(readme.begin(), readme.end(), '\n', ' ');
    for (const auto& provider : all_providers()) {
        BOOST_TEST(readme.find("| `" + provider->name() + "` |") != std::string::npos,
                   provider->name());
        for (const auto& variable : provider->variables()) {
            BOOST_TEST(readme.find(variable.name) != std::string::npos,
                       provider->name() << ": " << variable.name);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
