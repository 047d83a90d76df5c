// The Vault token-helper and git credential-helper front ends (protocol/vault, protocol/git):
// their input, their answers, and what they say when nothing is configured.
#include <boost/test/unit_test.hpp>

#include <sstream>

#include "core/error.hpp"
#include "protocol/git.hpp"
#include "protocol/vault.hpp"

using ambient_oidc::Error;
using ambient_oidc::ErrorKind;
using ambient_oidc::Logger;
using ambient_oidc::config::GitEntry;
using ambient_oidc::config::Settings;
using ambient_oidc::protocol::ServiceCredential;

namespace {

constexpr const char* kSecret = "gho_5ecret-credential-0123456789";

Settings git_hosts() {
    Settings settings;
    GitEntry azure;
    azure.exchange = "azure";
    settings.git["dev.azure.com"] = azure;
    GitEntry octo;
    octo.exchange = "octo-sts";
    settings.git["github.com"] = octo;
    GitEntry ported;
    ported.exchange = "azure";
    ported.username = "build";
    settings.git["git.example:8443"] = ported;
    return settings;
}

struct Run {
    int code = -1;
    std::string out, err;
    std::vector<std::string> asked;  // the configured hosts exchanged or erased
};

Run git(const std::string& action, const std::string& input, bool expiry = true) {
    std::istringstream in(input);
    std::ostringstream out, err;
    Logger log(err);
    log.set_level(ambient_oidc::LogLevel::Debug);
    Run run;
    const Settings settings = git_hosts();
    run.code = ambient_oidc::protocol::run_git(
        action, settings, in, out, log,
        [&](const std::string& host, const GitEntry&) {
            run.asked.push_back(host);
            ServiceCredential credential{kSecret, std::nullopt, ""};
            log.add_secret(kSecret);
            if (expiry) {
                credential.expires_at =
                    std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
            }
            return credential;
        },
        [&](const std::string& host, const GitEntry&) { run.asked.push_back("erase " + host); });
    run.out = out.str();
    run.err = err.str();
    return run;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(git_credential_protocol)

BOOST_AUTO_TEST_CASE(parses_key_value_lines_to_the_blank_line) {
    const auto request = ambient_oidc::protocol::parse_git_request(
        "protocol=https\r\nhost=Dev.Azure.com\npath=org/a=b\ncapability[]=authtype\n"
        "capability[]=state\nwwwauth[]=Basic realm=x\n\nhost=after.example\n");
    BOOST_TEST(request.get("protocol") == "https");
    BOOST_TEST(request.get("host") == "Dev.Azure.com");
    BOOST_TEST(request.get("path") == "org/a=b");  // a value may hold '='
    BOOST_TEST(request.has_capability("authtype"));
    BOOST_TEST(request.has_capability("state"));
    BOOST_TEST(!request.has_capability("other"));
    BOOST_TEST(request.get("wwwauth[]") == "Basic realm=x");
}

BOOST_AUTO_TEST_CASE(bad_input_names_the_line_never_the_value) {
    for (const auto& [input, message] : std::vector<std::pair<std::string, std::string>>{
             {"host=x\npassword" + std::string(kSecret) + "\n", "line 2 has no '='"},
             {"=value\n", "line 1 has an empty key"},
             {std::string("host=a\0b\n", 9), "NUL byte"},
             {std::string(70 * 1024, 'a'), "larger than 64 KiB"}}) {
        try {
            ambient_oidc::protocol::parse_git_request(input);
            BOOST_FAIL("no error for " + message);
        } catch (const Error& error) {
            BOOST_TEST((error.kind() == ErrorKind::Usage));
            BOOST_TEST(std::string(error.what()).find(message) != std::string::npos, error.what());
            BOOST_TEST(std::string(error.what()).find(kSecret) == std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(hosts_match_with_the_port_then_without) {
    const Settings settings = git_hosts();
    using ambient_oidc::protocol::find_git_host;
    BOOST_TEST(find_git_host(settings, "DEV.azure.com") == &settings.git.at("dev.azure.com"));
    BOOST_TEST(find_git_host(settings, "github.com:443") == &settings.git.at("github.com"));
    BOOST_TEST(find_git_host(settings, "git.example:8443") == &settings.git.at("git.example:8443"));
    BOOST_TEST(find_git_host(settings, "git.example") == nullptr);
    BOOST_TEST(find_git_host(settings, "git.example:9000") == nullptr);
    BOOST_TEST(find_git_host(settings, "gitlab.com") == nullptr);
}

BOOST_AUTO_TEST_CASE(get_answers_username_password_and_expiry) {
    Run run = git("get", "protocol=https\nhost=github.com\npath=o/r.git\n\n");
    BOOST_TEST(run.code == 0);
    BOOST_TEST(run.out == std::string("username=x-access-token\npassword=") + kSecret +
                              "\npassword_expiry_utc=1800000000\n");
    BOOST_TEST(run.asked == std::vector<std::string>{"github.com"});
    run = git("get", "protocol=https\nhost=dev.azure.com\n\n", false);
    BOOST_TEST(run.out == std::string("username=oidc\npassword=") + kSecret + "\n");
    run = git("get", "protocol=https\nhost=git.example:8443\n\n", false);
    BOOST_TEST(run.out.find("username=build\n") == 0u);
    BOOST_TEST(run.err.find(kSecret) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(get_answers_a_bearer_credential_when_git_offers_authtype) {
    const Run run = git("get", "capability[]=authtype\nprotocol=https\nhost=dev.azure.com\n\n");
    BOOST_TEST(run.code == 0);
    BOOST_TEST(run.out == std::string("capability[]=authtype\nauthtype=Bearer\ncredential=") +
                              kSecret + "\nephemeral=true\n");
}

BOOST_AUTO_TEST_CASE(unconfigured_hosts_and_plain_http_get_nothing) {
    for (const std::string input :
         {"protocol=https\nhost=gitlab.com\n\n", "protocol=http\nhost=github.com\n\n",
          "protocol=https\n\n", ""}) {
        const Run run = git("get", input);
        BOOST_TEST(run.code == 0);
        BOOST_TEST(run.out.empty(), input);
        BOOST_TEST(run.asked.empty());
    }
}

BOOST_AUTO_TEST_CASE(store_reads_erase_forgets_and_neither_prints) {
    const std::string input =
        std::string("protocol=https\nhost=github.com\nusername=x\npassword=") + kSecret + "\n\n";
    Run run = git("store", input);
    BOOST_TEST(run.code == 0);
    BOOST_TEST(run.out.empty());
    BOOST_TEST(run.asked.empty());
    run = git("erase", input);
    BOOST_TEST(run.code == 0);
    BOOST_TEST(run.out.empty());
    BOOST_TEST(run.asked == std::vector<std::string>{"erase github.com"});
    BOOST_CHECK_THROW(git("list", input), Error);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(vault_token_helper_protocol)

Run vault(const std::string& action, bool role_configured) {
    std::istringstream in("hvs.stored-token\n");
    std::ostringstream out, err;
    Logger log(err);
    Run run;
    run.code = ambient_oidc::protocol::run_vault(
        action, role_configured, in, out, log,
        [&] {
            run.asked.push_back("get");
            return ServiceCredential{"hvs.exchanged", std::nullopt, ""};
        },
        [&] { run.asked.push_back("erase"); });
    run.out = out.str();
    run.err = err.str();
    return run;
}

BOOST_AUTO_TEST_CASE(get_prints_the_token_and_one_newline) {
    const Run run = vault("get", true);
    BOOST_TEST(run.code == 0);
    BOOST_TEST(run.out == "hvs.exchanged\n");
    BOOST_TEST(run.err.empty());
}

BOOST_AUTO_TEST_CASE(no_role_is_empty_stdout_exit_0_and_one_line_saying_what_to_set) {
    const Run run = vault("get", false);
    BOOST_TEST(run.code == 0);
    BOOST_TEST(run.out.empty());
    BOOST_TEST(run.asked.empty());
    BOOST_TEST(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    BOOST_TEST(run.err.find("exchanges.vault.role") != std::string::npos, run.err);
    BOOST_TEST(run.err.find("AMBIENT_OIDC_VAULT_ROLE") != std::string::npos, run.err);
}

BOOST_AUTO_TEST_CASE(store_discards_erase_forgets_others_are_usage_errors) {
    Run run = vault("store", true);
    BOOST_TEST((run.code == 0 && run.out.empty() && run.asked.empty()));
    run = vault("erase", true);
    BOOST_TEST((run.code == 0 && run.out.empty()));
    BOOST_TEST(run.asked == std::vector<std::string>{"erase"});
    try {
        vault("lookup", true);
        BOOST_FAIL("lookup accepted");
    } catch (const Error& error) {
        BOOST_TEST((error.kind() == ErrorKind::Usage));
        BOOST_TEST(std::string(error.what()).find("get|store|erase") != std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()
