// Running the built ambient-oidc against a fake GitHub-style token endpoint on 127.0.0.1.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "support/fake_server.hpp"
#include "support/jwt.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_pki.hpp"

namespace ambient_oidc::test {

using Env = std::map<std::string, std::string>;

// A throwaway CA, and an HTTPS token endpoint that demands a bearer token (by default
// GitHub's request token).
struct Idp {
    static constexpr const char* kRequestToken = "gh-request-5ecret-0123456789";

    explicit Idp(const std::string& bearer = kRequestToken)
        : server(FakeServer::Options{true, pki.cert_file, pki.key_file, bearer, {}}) {}

    TempDir dir;
    TestPki pki = TestPki::create(dir.path());
    FakeServer server;

    // A clean environment that makes github-actions present and points it at this endpoint.
    Env env(const std::string& path = "/token?api-version=2.0") const;
};

// Runs the built program with args and the whole environment env.
ProcessResult run_program(
    const std::vector<std::string>& args, const Env& env, const std::string& stdin_data = "",
    std::optional<std::pair<std::chrono::milliseconds, int>> signal_after = std::nullopt);

// Fast retry settings for tests: short waits, no jitter, short attempts, and the CA to trust.
std::vector<std::string> fast_args(const Idp& idp, std::vector<std::string> extra = {});

// Checks that no secret appears in the output streams it must not reach.
void check_no_secret_in_stderr(const ProcessResult& result,
                               const std::vector<std::string>& secrets);

// How many times text occurs in haystack.
int count_of(const std::string& haystack, const std::string& text);

}  // namespace ambient_oidc::test
