// fake-idp: serves GitHub-Actions-style ID tokens over HTTPS on 127.0.0.1 for demos, benchmarks
// and the soak. It prints the environment a client needs, then serves until SIGINT or SIGTERM.
//
// --faults LIST gives the connections a repeating schedule instead of --fail-first: connection k
// gets item k % n of the comma-separated LIST, each one of
//   ok                  a token (of --lifetime seconds)
//   NNN                 that HTTP status, e.g. 503
//   reset               a TCP reset once the request is read
//   slow:MS             a token after MS milliseconds (longer than the client waits: a stall)
//   handshake-stall:MS  no TLS handshake for MS milliseconds, then a close
//   drip:MS             a 200 whose body (no token) comes one byte every MS milliseconds
//   truncate            a 200 whose body is cut short
//
// --close server ends each response by closing the connection at once, as many servers and load
// balancers do after "Connection: close" (the default, client, waits for the client to close
// first); --token-bytes N pads every token to at least N bytes (GitHub's are about 1.1 KB).
//
// --with registry also serves the fake package registries of the tests (support/fake_registry:
// PyPI's mint-token, crates.io's trusted-publishing tokens, npm, RubyGems, NuGet) on a second
// port with the same certificate, and prints REGISTRY_URL=https://127.0.0.1:PORT first. Its
// endpoints accept only a token this fake-idp minted (once, where the real service does), so
// the endpoint then answers every token request with a token of its own memory (support/
// fake_registry's Minter, 300 s): --fail-first and --lifetime do not apply, --faults is a usage
// error, --close applies to both servers. Each registry request is logged to stderr as
// "fake-idp: registry request N: METHOD PATH -> STATUS".

#include <signal.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/fake_registry.hpp"
#include "support/fake_server.hpp"
#include "support/test_pki.hpp"

namespace {

constexpr const char* kUsage =
    "usage: fake-idp --dir DIR [--fail-first N] [--bearer TOKEN] [--lifetime SECONDS]\n"
    "                [--faults ok|NNN|reset|slow:MS|handshake-stall:MS|drip:MS|truncate,...]\n"
    "                [--close client|server] [--token-bytes N] [--with registry]\n";

// Parses a whole decimal integer; false when text is not one.
template <typename Number>
bool parse_number(std::string_view text, Number& number) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    return error == std::errc() && end == text.data() + text.size();
}

struct Arguments {
    std::string dir;
    std::string bearer = "demo-request-token";
    int fail_first = 1;
    std::int64_t lifetime = 300;
    std::string faults;  // empty: --fail-first 503s, then tokens
    bool close_first = false;
    std::size_t token_bytes = 0;
    bool registry = false;  // --with registry
};

// Parses a --faults LIST into the steps it names (see the top of this file); empty on a usage
// error.
std::vector<ambient_oidc::test::Step> parse_faults(std::string_view list, std::int64_t lifetime) {
    using ambient_oidc::test::Step;
    std::vector<Step> steps;
    for (std::size_t start = 0; start <= list.size();) {
        const std::size_t end = std::min(list.find(',', start), list.size());
        const std::string_view item = list.substr(start, end - start);
        start = end + 1;
        const std::size_t colon = std::min(item.find(':'), item.size());
        const std::string_view name = item.substr(0, colon);
        int number = 0;
        const bool numbered =
            colon < item.size() && parse_number(item.substr(colon + 1), number) && number > 0;
        const std::chrono::milliseconds ms(number);
        if (item == "ok") {
            steps.push_back(Step::issue_token(lifetime));
        } else if (item == "reset") {
            steps.push_back(Step::reset());
        } else if (item == "truncate") {
            steps.push_back(Step::truncated(R"({"value":"truncated"})"));
        } else if (name == "slow" && numbered) {
            steps.push_back(Step::delayed(Step::issue_token(lifetime), ms));
        } else if (name == "handshake-stall" && numbered) {
            steps.push_back(Step::handshake_stall(ms));
        } else if (name == "drip" && numbered) {
            steps.push_back(Step::drip(R"({"value":"dripped"})", ms));
        } else if (parse_number(item, number) && number >= 100 && number <= 599) {
            steps.push_back(Step::respond(number));
        } else {
            return {};
        }
    }
    return steps;
}

// Logs one request of the server called name to stderr.
std::function<void(int, const ambient_oidc::test::SeenRequest&, int)> request_log(
    std::string name) {
    return [name](int number, const ambient_oidc::test::SeenRequest& request, int status) {
        std::fprintf(stderr, "fake-idp: %srequest %d: %s %s -> %d\n", name.c_str(), number,
                     request.method.c_str(), request.target.c_str(), status);
    };
}

// Parses "--flag value" pairs into args; false on a usage error.
bool parse_arguments(int argc, char** argv, Arguments& args) {
    if (argc % 2 == 0) {
        return false;
    }
    for (int i = 1; i < argc; i += 2) {
        const std::string_view flag = argv[i];
        const std::string_view value = argv[i + 1];
        if (flag == "--dir") {
            args.dir = value;
        } else if (flag == "--bearer") {
            args.bearer = value;
        } else if (flag == "--fail-first") {
            if (!parse_number(value, args.fail_first) || args.fail_first < 0) {
                return false;
            }
        } else if (flag == "--faults") {
            args.faults = value;
        } else if (flag == "--close") {
            if (value != "client" && value != "server") {
                return false;
            }
            args.close_first = value == "server";
        } else if (flag == "--with") {
            if (value != "registry") {
                return false;
            }
            args.registry = true;
        } else if (flag == "--token-bytes") {
            if (!parse_number(value, args.token_bytes) || args.token_bytes > 65536) {
                return false;
            }
        } else if (flag != "--lifetime" || !parse_number(value, args.lifetime)) {
            return false;
        }
    }
    return !args.dir.empty() && !args.bearer.empty() &&
           (args.faults.empty() ||
            (!args.registry && !parse_faults(args.faults, args.lifetime).empty()));
}

}  // namespace

int main(int argc, char** argv) {
    Arguments args;
    if (!parse_arguments(argc, argv, args)) {
        std::cerr << kUsage;
        return 2;
    }

    // Blocked before any thread starts, so that only sigwait below receives these signals; also
    // un-ignored, as shells ignore SIGINT in background jobs and sigwait never sees ignored
    // signals.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    try {
        using ambient_oidc::test::Step;
        const auto pki = ambient_oidc::test::TestPki::create(args.dir);
        ambient_oidc::test::FakeServer::Options options;
        options.cert_file = pki.cert_file;
        options.key_file = pki.key_file;
        options.required_bearer = args.bearer;
        options.close_first = args.close_first;
        options.token_bytes = args.token_bytes;
        options.on_request = request_log("");
        // With --with registry: the tokens this endpoint minted, which the registries accept.
        ambient_oidc::test::Minter minter(args.token_bytes);
        if (args.registry) {
            options.route = minter.route(args.bearer);
        }
        ambient_oidc::test::FakeServer server(options);
        std::optional<ambient_oidc::test::FakeRegistry> registry;
        if (args.registry) {
            ambient_oidc::test::FakeServer::Options registry_options;
            registry_options.close_first = args.close_first;
            registry_options.on_request = request_log("registry ");
            registry.emplace(pki, minter, std::move(registry_options));
            std::cout << "REGISTRY_URL=" << registry->url() << "\n";
        }
        if (args.faults.empty()) {
            server.set_steps(
                std::vector<Step>(static_cast<std::size_t>(args.fail_first), Step::respond(503)),
                Step::issue_token(args.lifetime));
        } else {
            server.repeat_steps(parse_faults(args.faults, args.lifetime));
        }
        std::cout << "ACTIONS_ID_TOKEN_REQUEST_URL=" << server.url("/token?api-version=2.0") << "\n"
                  << "ACTIONS_ID_TOKEN_REQUEST_TOKEN=" << args.bearer << "\n"
                  << "SSL_CERT_FILE=" << pki.ca_file << std::endl;
        int signal_number = 0;
        sigwait(&stop_signals, &signal_number);
    } catch (const std::exception& error) {
        std::cerr << "fake-idp: " << error.what() << "\n";
        return 1;
    }
    return 0;
}
