#include "integration/harness.hpp"

#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>

namespace ambient_oidc::test {

FakeServer::Options https_options(const TestPki& pki, std::optional<std::string> bearer) {
    FakeServer::Options options;
    options.cert_file = pki.cert_file;
    options.key_file = pki.key_file;
    options.required_bearer = std::move(bearer);
    return options;
}

FakeServer::Options http_options() {
    FakeServer::Options options;
    options.tls = false;
    return options;
}

Idp::Idp(const std::string& bearer, const std::string& server_names,
         const std::function<void(FakeServer::Options&)>& configure)
    : pki(TestPki::create(dir.path(), "ambient-oidc test CA", "", server_names)), server([&] {
          FakeServer::Options options = https_options(pki, bearer);
          if (configure) {
              configure(options);
          }
          return options;
      }()) {}

Env Idp::env(const std::string& path) const {
    return Env{{"ACTIONS_ID_TOKEN_REQUEST_URL", server.url(path)},
               {"ACTIONS_ID_TOKEN_REQUEST_TOKEN", kRequestToken},
               {"HOME", dir.path()},
               {"AMBIENT_OIDC_CACHE", "0"},  // the cache has tests of its own
               {"PATH", "/usr/bin:/bin"}};
}

Env cached_env(const Idp& idp) {
    Env env = idp.env();
    env.erase("AMBIENT_OIDC_CACHE");
    env["AMBIENT_OIDC_CACHE_DIR"] = idp.dir.path() + "/cache";
    env["SSL_CERT_FILE"] = idp.pki.ca_file;
    return env;
}

const char* program_path() {
    static const char* const path = [] {
        const char* given = std::getenv("AMBIENT_OIDC_TEST_PROGRAM");
        return given != nullptr && *given != '\0' ? given : AMBIENT_OIDC_PROGRAM_PATH;
    }();
    return path;
}

ProcessResult run_program(const std::vector<std::string>& args, const Env& env,
                          const std::string& stdin_data,
                          std::optional<std::pair<std::chrono::milliseconds, int>> signal_after,
                          const std::string& program) {
    ProcessOptions options;
    options.argv = {program.empty() ? AMBIENT_OIDC_BINARY : program};
    options.argv.insert(options.argv.end(), args.begin(), args.end());
    options.env = env;
    options.stdin_data = stdin_data;
    options.timeout = std::chrono::seconds(60);
    options.signal_after = signal_after;
    ProcessResult result = run_process(options);
    BOOST_TEST_MESSAGE("exit " << result.exit_code << " after " << result.elapsed.count()
                               << " ms; stderr:\n"
                               << result.err);
    BOOST_TEST(!result.timed_out);
    return result;
}

std::vector<std::string> fast_args(const Idp& idp, std::vector<std::string> extra) {
    std::vector<std::string> args = {"--backoff",         "100ms", "--jitter",  "0",
                                     "--attempt-timeout", "1s",    "--ca-file", idp.pki.ca_file};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

void check_no_secret_in_stderr(const ProcessResult& result,
                               const std::vector<std::string>& secrets) {
    for (const auto& secret : secrets) {
        BOOST_TEST(result.err.find(secret) == std::string::npos,
                   "a secret reached stderr: " << result.err);
    }
}

void check_no_secret(const ProcessResult& result, const std::vector<std::string>& secrets) {
    for (const auto& secret : secrets) {
        for (std::size_t at = 0; at + 12 <= secret.size(); at += 6) {
            const std::string piece = secret.substr(at, 12);
            if (piece.find_first_not_of("abcdefghijklmnopqrstuvwxyz-.") == std::string::npos) {
                continue;  // a word, as in "pypi-credential-"
            }
            BOOST_TEST(result.err.find(piece) == std::string::npos,
                       "a piece of a secret reached stderr: " << piece);
        }
    }
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
}

void write_file(const std::string& path, const std::string& text, mode_t mode) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    ::chmod(path.c_str(), mode);
}

int count_of(const std::string& haystack, const std::string& text) {
    int count = 0;
    for (auto at = haystack.find(text); at != std::string::npos;
         at = haystack.find(text, at + text.size())) {
        ++count;
    }
    return count;
}

}  // namespace ambient_oidc::test
