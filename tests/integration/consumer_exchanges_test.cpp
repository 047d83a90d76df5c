// The Docker Hub, JFrog, Vault/OpenBao, Microsoft Entra and octo-sts exchanges behind their
// consumers: the Docker helper's exchange entries, the Vault token helper as the CLI runs it,
// git's credential helper, `exchange` and `exec --exchange`; against the fake IdP and the fake
// services, which accept only tokens the IdP minted and issue the credentials checked here.
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>

#include "core/json.hpp"
#include "integration/harness.hpp"
#include "support/fake_registry.hpp"
#include "support/fake_services.hpp"
#include "support/fake_sts.hpp"

namespace fs = std::filesystem;
using ambient_oidc::test::Env;
using ambient_oidc::test::FakeServer;
using ambient_oidc::test::FakeServices;
using ambient_oidc::test::form_field;
using ambient_oidc::test::Idp;
using ambient_oidc::test::json_field;
using ambient_oidc::test::kDocker;
using ambient_oidc::test::kGit;
using ambient_oidc::test::kVault;
using ambient_oidc::test::Minter;
using ambient_oidc::test::ProcessResult;
using ambient_oidc::test::run_program;
using ambient_oidc::test::SeenRequest;
using ambient_oidc::test::Step;
using ambient_oidc::test::write_file;

namespace {

// The IdP, the services that trust it, and an environment with the cache on (in the test's
// directory), fast retries through the AMBIENT_OIDC_* variables (the helpers take no flags) and
// a configuration file.
struct Services {
    Minter minter;
    Idp idp{Idp::kRequestToken, "IP:127.0.0.1,DNS:localhost", [this](FakeServer::Options& options) {
                options.route = minter.route(Idp::kRequestToken);
            }};
    FakeServices services{idp.pki, [this](const std::string& jwt) { return minter.minted(jwt); }};
    Env env = [this] {
        Env e = idp.env();
        e.erase("AMBIENT_OIDC_CACHE");
        e["AMBIENT_OIDC_CACHE_DIR"] = idp.dir.path() + "/cache";
        e["SSL_CERT_FILE"] = idp.pki.ca_file;
        e["AMBIENT_OIDC_BACKOFF"] = "100ms";
        e["AMBIENT_OIDC_JITTER"] = "0";
        e["AMBIENT_OIDC_ATTEMPT_TIMEOUT"] = "1s";
        e["AMBIENT_OIDC_CONFIG"] = idp.dir.path() + "/config.json";
        return e;
    }();

    void configure(const std::string& json) const {
        write_file(env.at("AMBIENT_OIDC_CONFIG"), json);
    }

    std::string link(const std::string& name) const {
        const std::string path = idp.dir.path() + "/" + name;
        if (!fs::exists(path)) {
            ::symlink(AMBIENT_OIDC_BINARY, path.c_str());
        }
        return path;
    }

    ProcessResult helper(const std::string& name, const std::string& action,
                         const std::string& input = "", const Env* other = nullptr) const {
        return run_program({action}, other != nullptr ? *other : env, input, std::nullopt,
                           link(name));
    }

    // The audiences the IdP was asked for, in order.
    std::vector<std::string> audiences() const {
        std::vector<std::string> list;
        for (const auto& request : idp.server.seen()) {
            list.push_back(request.query_param("audience").value_or(""));
        }
        return list;
    }

    // Every subject token the services saw was minted by the IdP, and no two are the same.
    void check_fresh_tokens() const {
        const auto tokens = services.subject_tokens();
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            BOOST_TEST(minter.minted(tokens[i]));
            for (std::size_t j = 0; j < i; ++j) {
                BOOST_TEST(tokens[i] != tokens[j],
                           "attempt " << j + 1 << " and " << i + 1 << " sent the same token");
            }
        }
    }

    std::vector<std::string> secrets() const {
        std::vector<std::string> all = minter.tokens();
        all.push_back(Idp::kRequestToken);
        return all;
    }
};

std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(consumer_exchanges)

BOOST_FIXTURE_TEST_CASE(the_vault_helper_logs_in_and_caches_the_token_for_its_lease, Services) {
    configure(R"({"exchanges":{"vault":{"role":"ci","audience":"vault"}}})");
    Env vault_env = env;
    vault_env["VAULT_ADDR"] = services.url();
    vault_env["VAULT_NAMESPACE"] = "team";
    const ProcessResult first = helper(kVault, "get", "", &vault_env);
    BOOST_TEST(first.exit_code == 0, first.err);
    BOOST_REQUIRE(first.out.size() > 1u);
    const std::string token = first.out.substr(0, first.out.size() - 1);
    BOOST_TEST(first.out == token + "\n");  // the token and nothing else
    BOOST_TEST(services.issued(token));
    BOOST_REQUIRE(services.exchanges().size() == 1u);
    const SeenRequest login = services.exchanges().front();
    BOOST_TEST(login.target == "/v1/auth/jwt/login");
    BOOST_TEST(login.header("X-Vault-Namespace").value_or("") == "team");
    BOOST_TEST(json_field(login.body, "role") == "ci");
    BOOST_TEST(audiences() == std::vector<std::string>{"vault"});
    // The CLI runs the helper before every command: the cache answers while the lease lasts.
    const ProcessResult second = helper(kVault, "get", "", &vault_env);
    BOOST_TEST(second.out == first.out);
    BOOST_TEST(services.exchanges().size() == 1u);
    // erase forgets it (without revoking): the next get logs in again.
    BOOST_TEST(helper(kVault, "erase", "", &vault_env).exit_code == 0);
    const ProcessResult third = helper(kVault, "get", "", &vault_env);
    BOOST_TEST(third.exit_code == 0, third.err);
    BOOST_TEST(third.out != first.out);
    BOOST_TEST(services.exchanges().size() == 2u);
    BOOST_TEST(services.revoked().empty());
    for (const ProcessResult* result : {&first, &second, &third}) {
        check_no_secret(*result, secrets());
        BOOST_TEST(result->err.find(token) == std::string::npos);
    }
}

BOOST_FIXTURE_TEST_CASE(vault_faults_are_retried_with_a_fresh_token_each_time, Services) {
    configure(R"({"exchanges":{"vault":{"role":"ci","audience":"vault"}}})");
    Env vault_env = env;
    vault_env["VAULT_ADDR"] = services.url();
    vault_env["AMBIENT_OIDC_ATTEMPTS"] = "6";
    services.script(
        {Step::respond(503), Step::reset(), Step::stall_after_request(),
         Step::truncated("{\"auth\":{\"client_token\":\"hvs.cut"),
         Step::respond(429, "{\"errors\":[\"rate limited\"]}", {{"Retry-After", "0"}})});
    const ProcessResult result = helper(kVault, "get", "", &vault_env);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(services.exchanges().size() == 6u);
    check_fresh_tokens();
    BOOST_TEST(services.issued(first_line(result.out)));
    check_no_secret(result, secrets());
}

BOOST_FIXTURE_TEST_CASE(vault_refusals_and_missing_parameters, Services) {
    Env vault_env = env;
    vault_env["VAULT_ADDR"] = services.url();
    configure(R"({"exchanges":{"vault":{"role":"ci"}}})");  // no audience: exit 2, nothing fetched
    ProcessResult result = helper(kVault, "get", "", &vault_env);
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.out.empty());
    BOOST_TEST(result.err.find("AMBIENT_OIDC_VAULT_AUDIENCE") != std::string::npos, result.err);
    Env no_address = env;
    configure(R"({"exchanges":{"vault":{"role":"ci","audience":"vault"}}})");
    result = helper(kVault, "get", "", &no_address);
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err.find("VAULT_ADDR") != std::string::npos, result.err);
    BOOST_TEST(idp.server.requests() == 0);
    services.script({FakeServices::vault_error(400, {"role \"ci\" could not be found"})});
    result = helper(kVault, "get", "", &vault_env);
    BOOST_TEST(result.exit_code == 6);
    BOOST_TEST(result.out.empty());
    BOOST_TEST(result.err.find("role \"ci\" could not be found") != std::string::npos, result.err);
    BOOST_TEST(result.err.find("sub=") != std::string::npos, result.err);
    BOOST_TEST(services.exchanges().size() == 1u);  // not retried
    // The variables instead of the configuration.
    configure("{}");
    vault_env["AMBIENT_OIDC_VAULT_ROLE"] = "ci";
    vault_env["AMBIENT_OIDC_VAULT_AUDIENCE"] = "vault-env";
    result = helper(kVault, "get", "", &vault_env);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(audiences().back() == "vault-env");
}

BOOST_FIXTURE_TEST_CASE(exec_exchange_vault_sets_openbao_variables_and_revokes, Services) {
    configure(R"({"exchanges":{"vault":{"role":"ci","audience":"bao"}}})");
    Env bao_env = env;
    bao_env["BAO_ADDR"] = services.url();
    const std::string seen = idp.dir.path() + "/seen";
    const ProcessResult result =
        run_program({"exec", "--exchange", "vault", "--", "/bin/sh", "-c",
                     "test \"$VAULT_TOKEN\" = \"$BAO_TOKEN\" && printf %s \"$VAULT_TOKEN\" > " +
                         seen + " && exit 3"},
                    bao_env);
    BOOST_TEST(result.exit_code == 3, result.err);  // the command's status
    const std::string token = ambient_oidc::test::read_file(seen);
    BOOST_TEST(!token.empty());
    BOOST_TEST(services.revoked() == std::vector<std::string>{token});
    BOOST_TEST(!services.issued(token));
    check_no_secret(result, secrets());
    BOOST_TEST(result.err.find(token) == std::string::npos);
    const ProcessResult printed = run_program(
        {"exchange", "vault", "--role", "ci", "--audience", "bao", "--url", services.url()}, env);
    BOOST_TEST(printed.exit_code == 0, printed.err);
    BOOST_TEST(services.issued(first_line(printed.out)));
}

BOOST_FIXTURE_TEST_CASE(exchange_azure_prints_the_entra_token_and_explains_refusals, Services) {
    configure("{}");
    Env azure_env = env;
    azure_env["AZURE_TENANT_ID"] = "tenant-1";
    azure_env["AZURE_CLIENT_ID"] = "client-1";
    azure_env["AZURE_AUTHORITY_HOST"] = services.url();
    services.script({FakeServices::entra_error(400, "temporarily_unavailable", 50196,
                                               "The server is temporarily unavailable.")});
    ProcessResult result = run_program({"exchange", "azure"}, azure_env);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(services.issued(first_line(result.out)));
    const SeenRequest request = services.exchanges().back();
    BOOST_TEST(request.target == "/tenant-1/oauth2/v2.0/token");
    BOOST_TEST(form_field(request.body, "client_id") == "client-1");
    BOOST_TEST(form_field(request.body, "scope") == "https://management.azure.com/.default");
    BOOST_TEST(form_field(request.body, "grant_type") == "client_credentials");
    BOOST_TEST(form_field(request.body, "client_assertion_type") ==
               "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    BOOST_TEST(audiences().back() == "api://AzureADTokenExchange");
    check_fresh_tokens();

    services.script({FakeServices::entra_error(
        400, "invalid_client", 700024, "Client assertion is not within its valid time range.")});
    result = run_program({"exchange", "azure"}, azure_env);
    BOOST_TEST(result.exit_code == 6);
    BOOST_TEST(result.out.empty());
    BOOST_TEST(result.err.find("AADSTS700024: Client assertion is not within its valid time "
                               "range.") != std::string::npos,
               result.err);
    BOOST_TEST(result.err.find("Trace ID") == std::string::npos, result.err);
    BOOST_TEST(result.err.find("this machine's clock: iat=") != std::string::npos, result.err);
    BOOST_TEST(result.err.find("exp=") != std::string::npos, result.err);

    services.script({FakeServices::entra_error(
        400, "invalid_request", 700213,
        "No matching federated identity record found for presented assertion subject "
        "'repo:o/r:ref:refs/heads/main'.")});
    result = run_program({"exchange", "azure"}, azure_env);
    BOOST_TEST(result.exit_code == 6);
    BOOST_TEST(result.err.find("AADSTS700213") != std::string::npos, result.err);
    BOOST_TEST(result.err.find("sub=") != std::string::npos, result.err);
    BOOST_TEST(result.err.find("repo:OWNER@ID/REPO@ID") != std::string::npos, result.err);
    azure_env.erase("AZURE_TENANT_ID");
    result = run_program({"exchange", "azure"}, azure_env);
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err.find("AZURE_TENANT_ID") != std::string::npos, result.err);
    check_no_secret(result, secrets());
}

BOOST_FIXTURE_TEST_CASE(the_docker_helper_answers_with_exchanged_tokens_from_the_cache, Services) {
    configure(R"({"registries":{
        "docker.io":{"exchange":"docker-hub","connection_id":"conn-1","username":"acme",
                     "expires_in":"10m"},
        "acme.jfrog.io":{"exchange":"jfrog","provider_name":"github","audience":"jfrog-aud",
                         "url":")" +
              services.url("/jf") + R"("}},
        "exchanges":{"docker-hub":{"url":")" +
              services.url() + R"("}}})");
    ProcessResult hub = helper(kDocker, "get", "https://index.docker.io/v1/\n");
    BOOST_TEST(hub.exit_code == 0, hub.out + hub.err);
    auto answer = ambient_oidc::parse_json_object(hub.out);
    BOOST_TEST(answer->getValue<std::string>("Username") == "acme");
    BOOST_TEST(services.issued(answer->getValue<std::string>("Secret")));
    BOOST_TEST(!answer->has("IdentityToken"));
    SeenRequest request = services.exchanges().back();
    BOOST_TEST(request.target == "/oauth/token");
    BOOST_TEST(form_field(request.body, "connection_id") == "conn-1");
    BOOST_TEST(form_field(request.body, "expires_in") == "600");
    BOOST_TEST(form_field(request.body, "grant_type") ==
               "urn:ietf:params:oauth:grant-type:token-exchange");
    BOOST_TEST(audiences().back() == "https://identity.docker.com");
    // docker pulls call the helper for every image: the cache answers.
    BOOST_TEST(helper(kDocker, "get", "https://index.docker.io/v1/\n").out == hub.out);
    BOOST_TEST(helper(kDocker, "get", "docker.io").exit_code == 0);
    BOOST_TEST(services.exchanges().size() == 1u);

    const ProcessResult jfrog = helper(kDocker, "get", "acme.jfrog.io");
    BOOST_TEST(jfrog.exit_code == 0, jfrog.out + jfrog.err);
    answer = ambient_oidc::parse_json_object(jfrog.out);
    BOOST_TEST(answer->getValue<std::string>("Username") == "ci-bot");  // JFrog's answer
    BOOST_TEST(services.issued(answer->getValue<std::string>("Secret")));
    request = services.exchanges().back();
    BOOST_TEST(request.target == "/jf/access/api/v1/oidc/token");
    BOOST_TEST(json_field(request.body, "provider_name") == "github");
    BOOST_TEST(json_field(request.body, "subject_token_type") ==
               "urn:ietf:params:oauth:token-type:id_token");
    BOOST_TEST(audiences().back() == "jfrog-aud");
    check_no_secret(hub, secrets());
    check_no_secret(jfrog, secrets());
}

BOOST_FIXTURE_TEST_CASE(docker_hub_and_jfrog_faults_and_refusals, Services) {
    configure(R"({"registries":{
        "docker.io":{"exchange":"docker-hub","connection_id":"conn-1","username":"acme"},
        "acme.jfrog.io":{"exchange":"jfrog","provider_name":"github","audience":"jf",
                         "url":")" +
              services.url() + R"("}},
        "exchanges":{"docker-hub":{"url":")" +
              services.url() + R"("}}})");
    Env no_cache = env;
    no_cache["AMBIENT_OIDC_CACHE"] = "0";
    no_cache["AMBIENT_OIDC_ATTEMPTS"] = "3";
    for (const char* host : {"docker.io", "acme.jfrog.io"}) {
        const std::size_t before = services.exchanges().size();
        services.script({Step::respond(502), Step::reset()});
        const ProcessResult result = helper(kDocker, "get", host, &no_cache);
        BOOST_TEST(result.exit_code == 0, result.out + result.err);
        BOOST_TEST(services.exchanges().size() == before + 3);
        check_fresh_tokens();
    }
    services.script(
        {FakeServices::docker_error(403, "connection conn-1 does not trust this subject")});
    ProcessResult refused = helper(kDocker, "get", "docker.io", &no_cache);
    BOOST_TEST(refused.exit_code == 1);
    BOOST_TEST(std::count(refused.out.begin(), refused.out.end(), '\n') == 1);
    BOOST_TEST(
        refused.out.find("connection conn-1 does not trust this subject") != std::string::npos,
        refused.out);
    services.script({FakeServices::jfrog_error(401, "Failed to validate the OIDC token")});
    refused = helper(kDocker, "get", "acme.jfrog.io", &no_cache);
    BOOST_TEST(refused.exit_code == 1);
    BOOST_TEST(refused.out.find("Failed to validate the OIDC token") != std::string::npos,
               refused.out);
    check_no_secret(refused, secrets());
}

// Every other service of this suite rides out the five transient faults too (503, a reset, a
// stall past the attempt's deadline, a truncated body, 429 with Retry-After), each attempt with a
// token of its own that the IdP minted, and hands out the credential issued after them.
BOOST_FIXTURE_TEST_CASE(each_service_rides_out_every_fault_with_a_fresh_token, Services) {
    configure("{}");  // the options as flags
    const std::string url = services.url();
    const std::vector<std::vector<std::string>> commands = {
        {"exchange", "docker-hub", "--url", url, "--connection-id", "conn-1", "--username", "acme"},
        {"exchange", "jfrog", "--url", url, "--provider-name", "github", "--audience", "jf"},
        {"exchange", "azure", "--url", url, "--tenant", "tenant-1", "--client-id", "app-1"},
        {"exchange", "octo-sts", "--url", url, "--scope", "acme/app", "--identity", "ci"},
    };
    Env faults = env;
    faults["AMBIENT_OIDC_ATTEMPTS"] = "6";
    faults["AMBIENT_OIDC_CACHE"] = "0";
    faults["AMBIENT_OIDC_BACKOFF_FACTOR"] = "1";  // 100 ms between attempts
    for (const auto& command : commands) {
        const std::size_t before = services.exchanges().size();
        services.script({Step::respond(503), Step::reset(), Step::stall_after_request(),
                         Step::truncated("{\"access_token\":\"cut"),
                         Step::respond(429, "{}", {{"Retry-After", "0"}})});
        const ProcessResult result = run_program(command, faults);
        BOOST_TEST(result.exit_code == 0, command[1] << ": " << result.err);
        BOOST_TEST(services.exchanges().size() == before + 6, command[1]);
        BOOST_TEST(services.issued(first_line(result.out)), command[1]);
        check_fresh_tokens();
        check_no_secret(result, secrets());
    }
}

BOOST_FIXTURE_TEST_CASE(the_git_helper_answers_for_octo_sts_and_azure_hosts, Services) {
    configure(R"({"git":{
        "github.com":{"exchange":"octo-sts","scope":"acme/app","identity":"ci","url":")" +
              services.url() + R"("},
        "dev.azure.com":{"exchange":"azure","tenant":"t-1","client_id":"c-1","url":")" +
              services.url() + R"("}}})");
    ProcessResult result =
        helper(kGit, "get", "protocol=https\nhost=github.com\npath=acme/app\n\n");
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out.find("username=x-access-token\npassword=ghs_") == 0u, result.out);
    const SeenRequest octo = services.exchanges().back();
    BOOST_TEST(octo.target.find("/sts/exchange?") == 0u);
    BOOST_TEST(octo.query_param("scope").value_or("") == "acme/app");
    BOOST_TEST(octo.query_param("identity").value_or("") == "ci");
    BOOST_TEST(audiences().back() == "octo-sts.dev");
    result = helper(kGit, "get", "capability[]=authtype\nprotocol=https\nhost=dev.azure.com\n\n");
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out.find("capability[]=authtype\nauthtype=Bearer\ncredential=") == 0u,
               result.out);
    BOOST_TEST(result.out.find("\nephemeral=true\n") != std::string::npos);
    BOOST_TEST(form_field(services.exchanges().back().body, "scope") ==
               "499b84ac-1321-427f-aa17-267ca6975798/.default");
    // octo-sts names no expiry: nothing is cached, and a fault is retried with a fresh token.
    const std::size_t before = services.exchanges().size();
    services.script({Step::respond(503), Step::reset()});
    result = helper(kGit, "get", "protocol=https\nhost=github.com\n\n");
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(services.exchanges().size() == before + 3);
    check_fresh_tokens();
    services.script({FakeServices::octo_sts_error(403, "no trust policy ci matches")});
    result = helper(kGit, "get", "protocol=https\nhost=github.com\n\n");
    BOOST_TEST(result.exit_code == 6);
    BOOST_TEST(result.out.empty());
    BOOST_TEST(result.err.find("no trust policy ci matches") != std::string::npos, result.err);
    check_no_secret(result, secrets());
}

BOOST_AUTO_TEST_SUITE_END()
