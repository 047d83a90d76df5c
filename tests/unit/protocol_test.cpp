#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/config.hpp"
#include "core/error.hpp"
#include "protocol/bazel.hpp"
#include "protocol/docker.hpp"
#include "protocol/exec.hpp"
#include "protocol/write.hpp"
#include "support/jwt.hpp"
#include "token/cache.hpp"
#include "unit/fake_clock.hpp"

namespace bdata = boost::unit_test::data;
namespace fs = std::filesystem;
using ambient_oidc::Error;
using ambient_oidc::ErrorKind;
using ambient_oidc::config::Settings;
using ambient_oidc::provider::Obtained;

namespace {

constexpr long long kClockNow = 1'764'331'200;  // the fake clock's wall time

std::string jwt(const std::string& aud, long long iat, long long exp) {
    return ambient_oidc::test::base64url(R"({"alg":"RS256"})") + "." +
           ambient_oidc::test::base64url(R"({"aud":")" + aud + R"(","iat":)" + std::to_string(iat) +
                                         R"(,"exp":)" + std::to_string(exp) + "}") +
           ".c2ln";
}

Obtained obtained(const std::string& aud, long long iat, long long exp) {
    const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(iat));
    return Obtained{ambient_oidc::token::validate_token(jwt(aud, iat, exp), aud, now), "env", aud,
                    false};
}

Settings registries() {
    Settings settings;
    settings.registries["registry.example.com"].username = "oidc";
    auto& ghcr = settings.registries["ghcr.example:5000"];
    ghcr.audience = "ghcr-aud";
    ghcr.username = "robot";
    ghcr.identity_token = true;
    return settings;
}

struct DockerRun {
    int code;
    std::string out, err;
    std::vector<std::string> audiences;
};

DockerRun docker(const std::string& action, const std::string& input,
                 const Settings& settings = registries(), bool fail = false) {
    std::istringstream in(input);
    std::ostringstream out, err;
    ambient_oidc::Logger log(err);
    DockerRun run;
    run.code = ambient_oidc::protocol::run_docker(
        action, settings, in, out, log,
        [&](const std::string& audience) {
            run.audiences.push_back(audience);
            if (fail) {
                throw Error(ErrorKind::Unavailable,
                            "github-actions: giving up after 3 attempts\nmore detail");
            }
            return obtained(audience, kClockNow, kClockNow + 300);
        },
        [&](const std::string& registry, const ambient_oidc::config::RegistryEntry& entry) {
            run.audiences.push_back(entry.exchange + ":" + registry);
            return ambient_oidc::protocol::ServiceCredential{
                "exchanged-5ecret", std::nullopt, entry.exchange == "jfrog" ? "ci-bot" : ""};
        });
    run.out = out.str();
    run.err = err.str();
    return run;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(docker_protocol)

BOOST_AUTO_TEST_CASE(exchange_entries_answer_with_the_services_credential) {
    Settings settings;
    auto& hub = settings.registries["docker.io"];
    hub.exchange = "docker-hub";
    hub.username = "acme";
    hub.identity_token = true;  // not for an exchanged credential
    settings.registries["acme.jfrog.io"].exchange = "jfrog";
    DockerRun run = docker("get", "https://index.docker.io/v1/", settings);
    BOOST_TEST(run.code == 0);
    BOOST_TEST(run.out ==
               "{\"ServerURL\":\"https://index.docker.io/v1/\",\"Username\":\"acme\","
               "\"Secret\":\"exchanged-5ecret\"}\n");
    BOOST_TEST(run.audiences == std::vector<std::string>{"docker-hub:docker.io"});
    run = docker("get", "acme.jfrog.io", settings);
    BOOST_TEST(run.out.find("\"Username\":\"ci-bot\"") != std::string::npos, run.out);
}

struct HostCase {
    const char* url;
    const char* host;  // "" for none
};
std::ostream& operator<<(std::ostream& out, const HostCase& c) {
    return out << c.url;
}

const HostCase kHosts[] = {
    {"https://registry.example.com", "registry.example.com"},
    {"https://registry.example.com/v1/", "registry.example.com"},
    {"registry.example.com", "registry.example.com"},
    {"  registry.example.com:5000/path\n", "registry.example.com:5000"},
    {"http://127.0.0.1:8443", "127.0.0.1:8443"},
    {"Registry.Example.COM", "registry.example.com"},
    {"https://index.docker.io/v1/", "docker.io"},
    {"index.docker.io", "docker.io"},
    {"registry-1.docker.io", "docker.io"},
    {"docker.io", "docker.io"},
    {"[::1]:5000", "[::1]:5000"},
};

BOOST_DATA_TEST_CASE(server_urls, bdata::make(kHosts), sample) {
    BOOST_TEST(ambient_oidc::protocol::registry_host(sample.url) == sample.host);
}

// What docker-credential-helpers' clients need: its exact text for a missing URL, and for a URL
// the helper cannot use, what is wrong with it.
const HostCase kBadServerUrls[] = {
    {"", "no credentials server URL"},
    {" \n\t", "no credentials server URL"},
    {"https://", "names no registry"},
    {"https://user@host/", "has user information"},
    {"user@host", "has user information"},
    {"host?x=1", "has a query or a fragment"},
    {"host#x", "has a query or a fragment"},
    {"registry.example.com\nother.example", "is more than one line"},
    {"[::1]:\xcf\xcf"
     "00",
     "contains a space, a control character or a non-ASCII byte"},
    {"https://registry.example.com/\xff", "non-ASCII"},
    {"host:99999", "out of range"},
};

// A NUL byte would cut the URL in any C string downstream.
BOOST_AUTO_TEST_CASE(a_server_url_with_a_nul_byte_is_refused) {
    try {
        ambient_oidc::protocol::registry_host(std::string("registry.example.com\0evil", 25));
        BOOST_FAIL("accepted");
    } catch (const Error& error) {
        BOOST_TEST(static_cast<int>(error.kind()) == 2);
        BOOST_TEST(std::string(error.what()).find("a control character") != std::string::npos);
    }
}

BOOST_DATA_TEST_CASE(unusable_server_urls_say_why, bdata::make(kBadServerUrls), sample) {
    try {
        ambient_oidc::protocol::registry_host(sample.url);
        BOOST_FAIL("accepted");
    } catch (const Error& error) {
        const std::string message = error.what();
        BOOST_TEST(message.find(sample.host) != std::string::npos, message);
        if (std::string(sample.url).find_first_not_of(" \n\t") != std::string::npos) {
            BOOST_TEST(message != ambient_oidc::protocol::kMissingServerUrl);
        }
    }
    const auto run = docker("get", sample.url);
    BOOST_TEST(run.code == 1);
    BOOST_TEST(run.out.find(sample.host) != std::string::npos, run.out);
    BOOST_TEST(run.out.find('\n') == run.out.size() - 1);
}

BOOST_AUTO_TEST_CASE(empty_input_is_the_canonical_missing_url_text) {
    const auto run = docker("get", "");
    BOOST_TEST(run.code == 1);
    BOOST_TEST(run.out == "no credentials server URL\n");
}

BOOST_AUTO_TEST_CASE(registry_names_ignore_case) {
    Settings settings = registries();
    auto run = docker("get", "https://REGISTRY.Example.com/v2/", settings);
    BOOST_TEST(run.code == 0, run.out);
    BOOST_TEST(run.out.find("\"ServerURL\":\"https://REGISTRY.Example.com/v2/\"") !=
               std::string::npos);
    BOOST_TEST(run.audiences == std::vector<std::string>{"registry.example.com"});
    run = docker("get", "GHCR.example:5000", settings);
    BOOST_TEST(run.code == 0, run.out);
}

// Docker Hub goes by four names: what podman sends (docker.io), what the Docker CLI sends
// (https://index.docker.io/v1/), and the two hosts behind them; an entry under any of them
// (configured through config::registry_name) serves them all.
BOOST_AUTO_TEST_CASE(docker_hub_names_are_one_registry) {
    for (const char* configured :
         {"docker.io", "index.docker.io", "registry-1.docker.io", "Docker.IO"}) {
        Settings settings;
        ambient_oidc::config::apply_config_json(
            settings, std::string(R"({"registries":{")") + configured + R"(":{"username":"hub"}}})",
            "test");
        for (const char* asked : {"docker.io", "https://index.docker.io/v1/", "index.docker.io",
                                  "registry-1.docker.io", "https://registry-1.docker.io/v2/"}) {
            const auto run = docker("get", asked, settings);
            BOOST_TEST(run.code == 0, configured << " / " << asked << ": " << run.out);
            BOOST_TEST(run.out.find("\"Username\":\"hub\"") != std::string::npos);
            BOOST_TEST(run.audiences == std::vector<std::string>{"docker.io"});
        }
        BOOST_TEST(docker("get", "hub.docker.io", settings).code == 1);
    }
}

BOOST_AUTO_TEST_CASE(get_for_a_configured_registry) {
    const auto run = docker("get", "https://registry.example.com\n");
    BOOST_TEST(run.code == 0);
    const std::string token = jwt("registry.example.com", kClockNow, kClockNow + 300);
    BOOST_TEST(run.out ==
               "{\"ServerURL\":\"https://registry.example.com\",\"Username\":\"oidc\","
               "\"Secret\":\"" +
                   token + "\"}\n");
    BOOST_TEST(run.audiences == std::vector<std::string>{"registry.example.com"});
}

BOOST_AUTO_TEST_CASE(get_with_audience_username_and_identity_token) {
    const auto run = docker("get", "ghcr.example:5000");
    BOOST_TEST(run.code == 0);
    const std::string token = jwt("ghcr-aud", kClockNow, kClockNow + 300);
    BOOST_TEST(run.out ==
               "{\"ServerURL\":\"ghcr.example:5000\",\"Username\":\"robot\","
               "\"Secret\":\"" +
                   token + "\",\"IdentityToken\":\"" + token + "\"}\n");
}

BOOST_AUTO_TEST_CASE(a_port_falls_back_to_the_host_entry) {
    const auto run = docker("get", "registry.example.com:443");
    BOOST_TEST(run.code == 0);
    BOOST_TEST(run.out.find("\"ServerURL\":\"registry.example.com:443\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(get_for_an_unknown_registry_is_not_found) {
    const auto run = docker("get", "https://other.example");
    BOOST_TEST(run.code == 1);
    BOOST_TEST(run.out == "credentials not found in native keychain\n");
    BOOST_TEST(run.audiences.empty());
}

BOOST_AUTO_TEST_CASE(failures_are_one_line_on_stdout_and_exit_1) {
    auto run = docker("get", "registry.example.com", registries(), true);
    BOOST_TEST(run.code == 1);
    BOOST_TEST(run.out == "github-actions: giving up after 3 attempts\n");
    BOOST_TEST(run.err.find("more detail") != std::string::npos);
    run = docker("get", std::string(70000, 'a'));
    BOOST_TEST(run.code == 1);
    BOOST_TEST(run.out == "the input is larger than 64 KiB\n");
    run = docker("fetch", "");
    BOOST_TEST(run.code == 1);
    BOOST_TEST(run.out.find("unknown action 'fetch'") == 0u);
}

BOOST_AUTO_TEST_CASE(list_store_erase_version) {
    auto run = docker("list", "");
    BOOST_TEST(run.code == 0);
    BOOST_TEST(run.out == "{\"ghcr.example:5000\":\"robot\",\"registry.example.com\":\"oidc\"}\n");
    run = docker("list", "", Settings());
    BOOST_TEST(run.out == "{}\n");
    for (const char* action : {"store", "erase"}) {
        run = docker(action, "{\"ServerURL\":\"x\",\"Username\":\"u\",\"Secret\":\"s\"}");
        BOOST_TEST(run.code == 0);
        BOOST_TEST(run.out.empty());
        BOOST_TEST(run.audiences.empty());
    }
    run = docker("version", "");
    BOOST_TEST(run.code == 0);
    BOOST_TEST(run.out.find("docker-credential-ambient-oidc (ambient-oidc) ") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(bazel_protocol)

std::string bazel(const std::string& input, std::vector<std::string>* audiences = nullptr) {
    Settings settings;
    settings.audience = "default-aud";
    settings.uris["https://cache.example.com/"] = {"bazel-cache"};
    settings.uris["https://cache.example.com/special/"] = {"special"};
    settings.uris["https://remote.example/"] = {""};
    std::istringstream in(input);
    std::ostringstream out;
    ambient_oidc::protocol::run_bazel_get(settings, in, out, [&](const std::string& audience) {
        if (audiences != nullptr) {
            audiences->push_back(audience);
        }
        return obtained(audience, kClockNow, kClockNow + 300);
    });
    return out.str();
}

BOOST_AUTO_TEST_CASE(longest_prefix_wins) {
    std::vector<std::string> audiences;
    const std::string out =
        bazel(R"({"uri":"https://cache.example.com/special/x","extra":1})", &audiences);
    BOOST_TEST(audiences == std::vector<std::string>{"special"});
    BOOST_TEST(out == "{\"headers\":{\"Authorization\":[\"Bearer " +
                          jwt("special", kClockNow, kClockNow + 300) +
                          "\"]},\"expires\":\"2025-11-28T12:05:00Z\"}\n");
    audiences.clear();
    bazel(R"({"uri":"https://cache.example.com/ac/1"})", &audiences);
    BOOST_TEST(audiences == std::vector<std::string>{"bazel-cache"});
    audiences.clear();
    bazel(R"({"uri":"https://remote.example/x"})", &audiences);
    BOOST_TEST(audiences == std::vector<std::string>{"default-aud"});
}

BOOST_AUTO_TEST_CASE(unconfigured_uris_get_no_headers) {
    std::vector<std::string> audiences;
    BOOST_TEST(bazel(R"({"uri":"https://elsewhere.example/"})", &audiences) == "{}\n");
    BOOST_TEST(audiences.empty());
}

// Scheme and host exactly (the host in any case), the port exactly (a default one as written or
// not), paths on segment boundaries; user information never matches.
struct UriCase {
    const char* uri;
    const char* audience;  // "" for no match
};
std::ostream& operator<<(std::ostream& out, const UriCase& c) {
    return out << c.uri;
}
const UriCase kUris[] = {
    {"https://cache.example.com/ac/1", "bazel-cache"},
    {"https://CACHE.Example.com/ac/1", "bazel-cache"},
    {"https://cache.example.com:443/ac/1", "bazel-cache"},
    {"https://cache.example.com", "bazel-cache"},
    {"https://cache.example.com.evil.com/", ""},
    {"https://cache.example.com@evil.com/", ""},
    {"https://user@cache.example.com/", ""},
    {"https://cache.example.com:8443/", ""},
    {"http://cache.example.com/", ""},
    {"https://cache.example.comx/", ""},
    {"https://remote.example/x", "default-aud"},
    {"https://remote.example.evil/x", ""},
    {"https://cache.example.com/special", "special"},
    {"https://cache.example.com/special/x", "special"},
    {"https://cache.example.com/specialist/x", "bazel-cache"},
    {"https://segments.example/a/b?x=1", "seg"},
    {"https://segments.example/a", "seg"},
    {"https://segments.example/ab", ""},
    {"https://segments.example/", ""},
    {"grpcs://grpc.example/x", "grpc"},
    {"grpcs://grpc.example:443/x", "grpc"},
    {"https://grpc.example/x", ""},
    {"not a uri", ""},
};

BOOST_DATA_TEST_CASE(uri_prefixes_match_on_boundaries, bdata::make(kUris), sample) {
    Settings settings;
    settings.uris["https://cache.example.com/"] = {"bazel-cache"};
    settings.uris["https://cache.example.com/special"] = {"special"};
    settings.uris["https://remote.example"] = {""};
    settings.uris["https://segments.example/a"] = {"seg"};
    settings.uris["grpcs://GRPC.example"] = {"grpc"};
    const auto* entry = ambient_oidc::protocol::find_uri(settings, sample.uri);
    BOOST_TEST((entry == nullptr          ? ""
                : entry->audience.empty() ? "default-aud"
                                          : entry->audience) == sample.audience);
}

BOOST_DATA_TEST_CASE(bad_requests_are_usage_errors,
                     bdata::make({"", "[]", "{\"uri\":5}", "{}", "not json",
                                  R"({"uri\u0000x":"https://cache.example.com/"})",
                                  R"({"uri":"https://cache.example.com/\u0000"})"}),
                     input) {
    try {
        bazel(input);
        BOOST_FAIL("accepted");
    } catch (const Error& error) {
        BOOST_TEST(static_cast<int>(error.kind()) == 2);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(exec_and_write)

BOOST_AUTO_TEST_CASE(variable_names) {
    using ambient_oidc::protocol::valid_variable_name;
    BOOST_TEST(valid_variable_name("SIGSTORE_ID_TOKEN"));
    BOOST_TEST(valid_variable_name("_x1"));
    BOOST_TEST(!valid_variable_name(""));
    BOOST_TEST(!valid_variable_name("1X"));
    BOOST_TEST(!valid_variable_name("A-B"));
    BOOST_TEST(!valid_variable_name("A=B"));
}

BOOST_AUTO_TEST_CASE(refresh_is_due_with_a_third_of_the_lifetime_left) {
    using ambient_oidc::protocol::refresh_time;
    using std::chrono::seconds;
    const std::chrono::system_clock::time_point issued(seconds(1000));
    BOOST_TEST((refresh_time(issued, issued + seconds(300), seconds(60)) - issued).count() ==
               std::chrono::system_clock::duration(seconds(200)).count());
    // min-validity wins when a third of the lifetime is shorter
    BOOST_TEST((refresh_time(issued, issued + seconds(120), seconds(60)) - issued).count() ==
               std::chrono::system_clock::duration(seconds(60)).count());
    BOOST_TEST((refresh_time(issued, issued + seconds(5), seconds(4)) - issued).count() ==
               std::chrono::system_clock::duration(seconds(1)).count());
    // A lifetime no longer than min-validity: a third of it left, and no sooner than 5 s after
    // the issue (not at once, which would ask the IdP every second).
    BOOST_TEST((refresh_time(issued, issued + seconds(300), seconds(600)) - issued).count() ==
               std::chrono::system_clock::duration(seconds(200)).count());
    BOOST_TEST((refresh_time(issued, issued + seconds(6), seconds(60)) - issued).count() ==
               std::chrono::system_clock::duration(seconds(5)).count());
}

struct WriteDir {
    fs::path path =
        fs::temp_directory_path() / ("ambient-oidc-write-" + std::to_string(::getpid()));
    WriteDir() { fs::remove_all(path); }
    ~WriteDir() { fs::remove_all(path); }
    std::string read(const std::string& name) const {
        std::ifstream in(path / name);
        return std::string((std::istreambuf_iterator<char>(in)), {});
    }
};

BOOST_AUTO_TEST_CASE(write_creates_parents_and_a_private_file) {
    WriteDir dir;
    const std::string file = (dir.path / "a" / "b" / "oidc-token").string();
    const auto token = obtained("sigstore", kClockNow, kClockNow + 300);
    ambient_oidc::protocol::write_token_file(file, token.token.token);
    BOOST_TEST(dir.read("a/b/oidc-token") == token.token.token.reveal());
    struct stat info {};
    ::stat(file.c_str(), &info);
    BOOST_TEST((info.st_mode & 0777) == 0600u);
}

BOOST_AUTO_TEST_CASE(refresh_loop_rewrites_keeps_the_file_on_failure_and_stops_on_a_signal) {
    WriteDir dir;
    const std::string file = (dir.path / "oidc-token").string();
    ambient_oidc::test::FakeClock clock;  // wall time kClockNow
    std::ostringstream err;
    ambient_oidc::Logger log(err);
    ambient_oidc::net::RetryPolicy backoff;
    backoff.backoff = std::chrono::seconds(2);
    backoff.factor = 2;
    std::vector<std::string> seen_in_file;
    int calls = 0;
    const auto first = obtained("sigstore", kClockNow, kClockNow + 300);
    const int code = ambient_oidc::protocol::refresh_loop(
        file, first,
        [&]() -> Obtained {
            seen_in_file.push_back(dir.read("oidc-token"));
            ++calls;
            if (calls == 1 || calls == 2) {
                throw Error(ErrorKind::Unavailable, "github-actions: HTTP 503");
            }
            if (calls == 4) {
                clock.interrupt_next_sleep();
            }
            const long long now = std::chrono::duration_cast<std::chrono::seconds>(
                                      clock.wall_now().time_since_epoch())
                                      .count();
            return obtained("sigstore", now, now + 300);
        },
        clock, log, backoff, std::chrono::seconds(60));
    BOOST_TEST(code == 0);
    BOOST_TEST(calls == 4);
    // Due at 200 s (a third of 300 s left); failures wait 2 s, then 4 s; then due again 200 s
    // after the new token's issue.
    BOOST_TEST(clock.sleeps == (std::vector<ambient_oidc::Millis>{
                                   std::chrono::seconds(200), std::chrono::seconds(2),
                                   std::chrono::seconds(4), std::chrono::seconds(200)}));
    BOOST_TEST(seen_in_file.at(0) == first.token.token.reveal());
    BOOST_TEST(seen_in_file.at(2) == first.token.token.reveal());  // kept after failures
    BOOST_TEST(seen_in_file.at(3) != first.token.token.reveal());
    BOOST_TEST(err.str().find("refresh failed: github-actions: HTTP 503; keeping " + file) !=
               std::string::npos);
    BOOST_TEST(err.str().find("retrying in 4.0s") != std::string::npos);
}

// A refresher runs for days: a replaced token stays masked in the log until it expires, then is
// forgotten, instead of every token ever fetched staying registered (and searched in every line).
BOOST_AUTO_TEST_CASE(refresh_loop_forgets_replaced_tokens_once_they_expire) {
    WriteDir dir;
    const std::string file = (dir.path / "oidc-token").string();
    ambient_oidc::test::FakeClock clock;
    std::ostringstream err;
    ambient_oidc::Logger log(err);
    std::vector<std::string> tokens;
    const auto fetch = [&]() -> Obtained {
        if (tokens.size() == 50) {
            clock.interrupt_next_sleep();
        }
        const long long now =
            std::chrono::duration_cast<std::chrono::seconds>(clock.wall_now().time_since_epoch())
                .count();
        Obtained next = obtained("sigstore", now, now + 300);
        tokens.push_back(next.token.token.reveal());
        log.add_secret(tokens.back());  // as obtain_token does
        return next;
    };
    const int code = ambient_oidc::protocol::refresh_loop(file, fetch(), fetch, clock, log,
                                                          ambient_oidc::net::RetryPolicy{},
                                                          std::chrono::seconds(60));
    BOOST_TEST(code == 0);
    BOOST_REQUIRE(tokens.size() == 51u);
    // Rewritten every 200 s: the token in the file and the one before it (valid for 100 s more).
    BOOST_TEST(log.secret_count() == 2u);
    BOOST_TEST(log.redact(tokens[50]) == "***");
    BOOST_TEST(log.redact(tokens[49]) == "***");
    // tokens[48] is forgotten: no longer masked whole (the runs of 16 characters it shares with
    // the live tokens, their header and most of their claims, still are).
    BOOST_TEST(log.redact(tokens[48]) != "***");
    BOOST_TEST(log.redact(tokens[48]) != tokens[48]);
}

BOOST_AUTO_TEST_CASE(refresh_loop_with_tokens_shorter_than_min_validity_waits_and_warns_once) {
    WriteDir dir;
    const std::string file = (dir.path / "oidc-token").string();
    ambient_oidc::test::FakeClock clock;
    std::ostringstream err;
    ambient_oidc::Logger log(err);
    int calls = 0;
    const auto fetch = [&]() -> Obtained {
        if (++calls == 3) {
            clock.interrupt_next_sleep();
        }
        const long long now =
            std::chrono::duration_cast<std::chrono::seconds>(clock.wall_now().time_since_epoch())
                .count();
        return obtained("sigstore", now, now + 30);
    };
    const int code = ambient_oidc::protocol::refresh_loop(file, fetch(), fetch, clock, log,
                                                          ambient_oidc::net::RetryPolicy{},
                                                          std::chrono::seconds(60));
    BOOST_TEST(code == 0);
    BOOST_TEST(calls == 3);
    BOOST_TEST(clock.sleeps == (std::vector<ambient_oidc::Millis>{std::chrono::seconds(20),
                                                                  std::chrono::seconds(20)}));
    const std::string warning = "the tokens last 30.0s, no longer than min-validity (60.0s)";
    const auto first = err.str().find(warning);
    BOOST_TEST(first != std::string::npos, err.str());
    BOOST_TEST(err.str().find(warning, first + 1) == std::string::npos, err.str());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(token_cache)

struct CacheDir {
    fs::path path =
        fs::temp_directory_path() / ("ambient-oidc-cache-" + std::to_string(::getpid()));
    CacheDir() { fs::remove_all(path); }
    ~CacheDir() { fs::remove_all(path); }
};

BOOST_AUTO_TEST_CASE(stores_and_loads_private_entries) {
    CacheDir dir;
    std::ostringstream err;
    ambient_oidc::Logger log(err);
    auto cache = ambient_oidc::token::TokenCache::open((dir.path / "sub").string(), log);
    BOOST_REQUIRE(cache.has_value());
    struct stat info {};
    ::stat((dir.path / "sub").c_str(), &info);
    BOOST_TEST((info.st_mode & 0777) == 0700u);
    const std::string key = ambient_oidc::token::cache_key("github-actions", "sigstore", "ctx");
    BOOST_TEST(!cache->load(key).has_value());
    cache->store(key, "the-token");
    BOOST_TEST(cache->load(key).value_or("") == "the-token");
    ::stat((dir.path / "sub" / (key + ".token")).c_str(), &info);
    BOOST_TEST((info.st_mode & 0777) == 0600u);
    // A file others may read is not trusted.
    ::chmod((dir.path / "sub" / (key + ".token")).c_str(), 0644);
    BOOST_TEST(!cache->load(key).has_value());
    BOOST_TEST(err.str().find("not a private file") != std::string::npos);
}

// The directory is checked once, when the cache is opened: swapped afterwards (during a fetch)
// for a symbolic link to another directory, the lock and the token go on into the directory
// that was checked, never into the link's target.
BOOST_AUTO_TEST_CASE(a_directory_swapped_after_the_check_is_never_written_to) {
    CacheDir dir;
    std::ostringstream err;
    ambient_oidc::Logger log(err);
    const fs::path cache_dir = dir.path / "cache";
    auto cache = ambient_oidc::token::TokenCache::open(cache_dir.string(), log);
    BOOST_REQUIRE(cache.has_value());
    const std::string key = ambient_oidc::token::cache_key("buildkite", "sigstore", "job");
    cache->store(key, "old-token");
    const fs::path checked = dir.path / "checked";
    const fs::path elsewhere = dir.path / "elsewhere";
    fs::create_directories(elsewhere);
    fs::rename(cache_dir, checked);
    fs::create_directory_symlink(elsewhere, cache_dir);
    BOOST_TEST(cache->load(key).value_or("") == "old-token");
    {
        const auto lock =
            cache->lock(key, std::chrono::steady_clock::now() + std::chrono::seconds(5));
        cache->store(key, "new-token");
    }
    BOOST_TEST(fs::is_empty(elsewhere));
    std::ifstream in(checked / (key + ".token"));
    BOOST_TEST(std::string((std::istreambuf_iterator<char>(in)), {}) == "new-token");
    BOOST_TEST(fs::exists(checked / (key + ".lock")));
    // Opened again, the link is refused.
    BOOST_TEST(!ambient_oidc::token::TokenCache::open(cache_dir.string(), log).has_value());
    BOOST_TEST(err.str().find(cache_dir.string() + " is not a directory") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(keys_separate_providers_audiences_and_contexts) {
    using ambient_oidc::token::cache_key;
    const std::string key = cache_key("github-actions", "sigstore", "url\ntoken-1");
    BOOST_TEST(key.size() == 64u);
    BOOST_TEST(key != cache_key("github-actions", "sigstore", "url\ntoken-2"));
    BOOST_TEST(key != cache_key("github-actions", "other", "url\ntoken-1"));
    BOOST_TEST(key != cache_key("google", "sigstore", "url\ntoken-1"));
    BOOST_TEST(key.find("token") == std::string::npos);
    // The SHA-256 of the three joined by NULs, so that entries stay valid across versions.
    BOOST_TEST(cache_key("github-actions", "sigstore", "ctx") ==
               "66f9a3634b0c7339cea724ed2a8d0f9849735fa3bf817e002db28fd2aecc8268");
}

BOOST_AUTO_TEST_CASE(an_open_directory_is_refused) {
    CacheDir dir;
    fs::create_directories(dir.path);
    ::chmod(dir.path.c_str(), 0777);
    std::ostringstream err;
    ambient_oidc::Logger log(err);
    BOOST_TEST(!ambient_oidc::token::TokenCache::open(dir.path.string(), log).has_value());
    BOOST_TEST(err.str().find("is open to other users") != std::string::npos);
    BOOST_TEST(!ambient_oidc::token::TokenCache::open("relative/dir", log).has_value());
}

BOOST_AUTO_TEST_CASE(default_directory) {
    using ambient_oidc::token::default_cache_dir;
    BOOST_TEST(default_cache_dir({{"XDG_RUNTIME_DIR", "/run/user/1"}, {"HOME", "/h"}}) ==
               "/run/user/1/ambient-oidc");
    BOOST_TEST(default_cache_dir({{"XDG_CACHE_HOME", "/c"}, {"HOME", "/h"}}) == "/c/ambient-oidc");
    BOOST_TEST(default_cache_dir({{"HOME", "/h"}}) == "/h/.cache/ambient-oidc");
    BOOST_TEST(default_cache_dir({}).empty());
}

BOOST_AUTO_TEST_SUITE_END()
