#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/config.hpp"
#include "core/error.hpp"
#include "core/variables.hpp"
#include "net/proxy.hpp"
#include "protocol/detect.hpp"
#include "provider/gitlab.hpp"
#include "provider/google.hpp"
#include "provider/registry.hpp"
#include "provider/token_file.hpp"

namespace bdata = boost::unit_test::data;
namespace fs = std::filesystem;
using ambient_oidc::Environment;
using ambient_oidc::config::Settings;
using ambient_oidc::provider::all_providers;
using ambient_oidc::provider::selected_provider;

namespace {

struct Presence {
    const char* provider;
    Environment env;
};
std::ostream& operator<<(std::ostream& out, const Presence& p) {
    return out << p.provider;
}

const std::vector<Presence> kPresence = {
    {"github-actions",
     {{"ACTIONS_ID_TOKEN_REQUEST_URL", "https://x/"}, {"ACTIONS_ID_TOKEN_REQUEST_TOKEN", "t"}}},
    {"gitlab", {{"GITLAB_CI", "true"}}},
    {"buildkite", {{"BUILDKITE", "true"}}},
    {"circleci", {{"CIRCLECI", "true"}}},
    {"google", {{"GCE_METADATA_HOST", "127.0.0.1:8080"}}},
    {"google-impersonate", {{"GOOGLE_SERVICE_ACCOUNT_NAME", "sa@p.iam.gserviceaccount.com"}}},
    {"azure-pipelines", {{"SYSTEM_OIDCREQUESTURI", "https://x/"}, {"SYSTEM_ACCESSTOKEN", "t"}}},
    {"bitbucket", {{"BITBUCKET_STEP_OIDC_TOKEN", "t"}}},
    {"aws-web-identity", {{"AWS_WEB_IDENTITY_TOKEN_FILE", "/t"}}},
    {"env", {{"SIGSTORE_ID_TOKEN", "t"}}},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(providers)

BOOST_DATA_TEST_CASE(each_provider_is_detected_by_its_environment_alone, bdata::make(kPresence),
                     sample) {
    const Settings settings;
    for (const auto& provider : all_providers()) {
        // Every provider but this one's is absent (file: no default file on a test machine).
        const bool expected = provider->name() == sample.provider;
        if (provider->name() == "google" || provider->name() == "file") {
            continue;  // they may also look at local files; tested below with their own paths
        }
        BOOST_TEST(provider->detect(sample.env, settings) == expected, provider->name());
    }
    const auto providers = all_providers();
    const auto* chosen = selected_provider(providers, "auto", sample.env, settings);
    BOOST_REQUIRE(chosen != nullptr);
    BOOST_TEST(chosen->name() == sample.provider);
}

BOOST_AUTO_TEST_CASE(half_configured_environments_are_absent) {
    const Settings settings;
    const auto providers = all_providers();
    BOOST_TEST(!providers[0]->detect({{"ACTIONS_ID_TOKEN_REQUEST_URL", "https://x/"}}, settings));
    BOOST_TEST(!providers[0]->detect(
        {{"ACTIONS_ID_TOKEN_REQUEST_URL", "https://x/"}, {"ACTIONS_ID_TOKEN_REQUEST_TOKEN", ""}},
        settings));
    BOOST_TEST(!providers[6]->detect({{"SYSTEM_OIDCREQUESTURI", "https://x/"}}, settings));
    BOOST_TEST(!providers[10]->detect({{"SIGSTORE_ID_TOKEN", ""}}, settings));
}

BOOST_AUTO_TEST_CASE(auto_takes_the_first_present_in_contract_order) {
    const auto providers = all_providers();
    std::vector<std::string> names;
    for (const auto& provider : providers) {
        names.push_back(provider->name());
    }
    BOOST_TEST(names ==
               (std::vector<std::string>{"github-actions", "gitlab", "buildkite", "circleci",
                                         "google", "google-impersonate", "azure-pipelines",
                                         "bitbucket", "aws-web-identity", "file", "env"}));
    const Environment several = {{"SIGSTORE_ID_TOKEN", "t"},
                                 {"BUILDKITE", "true"},
                                 {"GITLAB_CI", "true"},
                                 {"BITBUCKET_STEP_OIDC_TOKEN", "t"}};
    const Settings settings;
    BOOST_TEST(selected_provider(providers, "auto", several, settings)->name() == "gitlab");
    BOOST_TEST(selected_provider(providers, "env", several, settings)->name() == "env");
    BOOST_TEST(selected_provider(providers, "circleci", several, settings) == nullptr);
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
    BOOST_TEST(text.str().find("github-actions      absent: needs ACTIONS_ID_TOKEN_REQUEST_URL "
                               "and ACTIONS_ID_TOKEN_REQUEST_TOKEN set\n") == 0u);
    BOOST_TEST(text.str().find("\ncircleci            present\n") != std::string::npos);
    BOOST_TEST(text.str().find("\nselected: circleci\n") != std::string::npos);
    std::ostringstream json;
    BOOST_TEST(!ambient_oidc::protocol::write_detection(all_providers(), {}, settings, true, json));
    BOOST_TEST(json.str().find(
                   "{\"selected\":null,\"providers\":[{\"name\":\"github-actions\",\"present\":"
                   "false,\"needs\":\"ACTIONS_ID_TOKEN_REQUEST_URL and "
                   "ACTIONS_ID_TOKEN_REQUEST_TOKEN set\"},") == 0u);
    BOOST_TEST(json.str().substr(json.str().size() - 4) == "}]}\n");
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
    Environment env;
    const Settings settings;
    for (const auto& provider : all_providers()) {
        provider->detect(env, settings);
    }
    ambient_oidc::config::resolve_settings({}, env, {"/nonexistent/system.json", ""});
    ambient_oidc::config::user_config_path(env);
    ambient_oidc::net::ProxySettings::from_environment(env);
    BOOST_TEST(env.looked_up().size() > 20u);
    for (const auto& name : env.looked_up()) {
        BOOST_TEST(ambient_oidc::is_documented_variable(name), name);
    }
}

// The names the man page's ENVIRONMENT section lists, in order.
std::vector<std::string> man_page_variables() {
    std::ifstream in(AMBIENT_OIDC_SOURCE_DIR "/man/ambient-oidc.1");
    std::vector<std::string> names;
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
            // ".B NAME" or ".BR NAME1 \", \" NAME2"
            std::istringstream words(line.substr(line.find(' ') + 1));
            for (std::string word; words >> word;) {
                if (word != "\",\"" && word.find('"') == std::string::npos) {
                    std::string name;
                    for (const char c : word) {
                        if (c != '\\') {
                            name += c;
                        }
                    }
                    names.push_back(name);
                }
            }
            after_tp = false;
        }
    }
    return names;
}

BOOST_AUTO_TEST_CASE(man_page_environment_matches_the_table) {
    std::vector<std::string> table;
    for (const auto& variable : ambient_oidc::documented_variables()) {
        table.push_back(variable.name);
    }
    BOOST_TEST(man_page_variables() == table, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(readme_names_every_provider_and_its_variables) {
    std::ifstream in(AMBIENT_OIDC_SOURCE_DIR "/README.md");
    const std::string readme((std::istreambuf_iterator<char>(in)), {});
    for (const auto& provider : all_providers()) {
        BOOST_TEST(readme.find("| `" + provider->name() + "` |") != std::string::npos,
                   provider->name());
    }
    for (const auto& variable : ambient_oidc::documented_variables()) {
        BOOST_TEST(readme.find(variable.name) != std::string::npos, variable.name);
    }
}

BOOST_AUTO_TEST_SUITE_END()
