// Running the built ambient-oidc against a fake GitHub-style token endpoint on 127.0.0.1.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
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

// The program under test: AMBIENT_OIDC_TEST_PROGRAM when set (scripts/static runs the suite against
// the static binary so), else the one this tree built. Its path reaches harness.cpp alone (CMake
// defines it for that file), so that no other object depends on where the tree is built and a
// compiler cache serves a tree built elsewhere (scripts/lib/ccache.sh).
const char* program_path();
#define AMBIENT_OIDC_BINARY ::ambient_oidc::test::program_path()

// A workload identity provider's name, as Google's libraries pass it to google-executable.
constexpr const char* kGooglePool =
    "//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/ci/providers/gh";

// Options for an HTTPS FakeServer with pki's certificate, demanding bearer when it is set.
FakeServer::Options https_options(const TestPki& pki,
                                  std::optional<std::string> bearer = std::nullopt);

// Options for a plain-HTTP FakeServer.
FakeServer::Options http_options();

// A throwaway CA, and an HTTPS token endpoint that demands a bearer token (by default
// GitHub's request token).
struct Idp {
    static constexpr const char* kRequestToken = "gh-request-5ecret-0123456789";

    // The server's certificate is for server_names (a subjectAltName value); configure, when set,
    // changes the server's options further (e.g. its tls_setup, close_first, token_bytes).
    explicit Idp(const std::string& bearer = kRequestToken,
                 const std::string& server_names = "IP:127.0.0.1,DNS:localhost",
                 const std::function<void(FakeServer::Options&)>& configure = {});

    TempDir dir;
    TestPki pki;
    FakeServer server;

    // A clean environment that makes github-actions present and points it at this endpoint.
    Env env(const std::string& path = "/token?api-version=2.0") const;
};

// idp.env() with the token cache on, in a directory of the test's, and the endpoint's CA trusted
// through SSL_CERT_FILE (the protocols' commands take no --ca-file).
Env cached_env(const Idp& idp);

// The program's links for the credential-helper protocols.
constexpr const char* kDocker = "docker-credential-ambient-oidc";
constexpr const char* kVault = "vault-token-helper-ambient-oidc";
constexpr const char* kGit = "git-credential-ambient-oidc";

// Runs the built program (or program, e.g. a link to it) with args and the whole environment
// env.
ProcessResult run_program(
    const std::vector<std::string>& args, const Env& env, const std::string& stdin_data = "",
    std::optional<std::pair<std::chrono::milliseconds, int>> signal_after = std::nullopt,
    const std::string& program = "");

// Fast retry settings for tests: short waits, no jitter, short attempts, and the CA to trust.
std::vector<std::string> fast_args(const Idp& idp, std::vector<std::string> extra = {});

// Checks that no secret appears in the output streams it must not reach.
void check_no_secret_in_stderr(const ProcessResult& result,
                               const std::vector<std::string>& secrets);
// Checks that no secret, nor any 12-character piece of one (pieces that are only lower-case
// words, as in "pypi-credential-", aside), is on stderr: what an exchange must hold to.
void check_no_secret(const ProcessResult& result, const std::vector<std::string>& secrets);

// The whole content of a file ("" when it cannot be read).
std::string read_file(const std::string& path);

// Replaces a file's content and sets its mode.
void write_file(const std::string& path, const std::string& text, mode_t mode = 0600);

// How many times text occurs in haystack.
int count_of(const std::string& haystack, const std::string& text);

}  // namespace ambient_oidc::test
