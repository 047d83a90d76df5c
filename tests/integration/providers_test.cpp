// Every provider through its real request shape, against fakes on 127.0.0.1: HTTPS endpoints,
// a plain-HTTP metadata server, fake CLIs on PATH, variables and files; and the CONNECT proxy.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <csignal>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "integration/harness.hpp"
#include "support/connect_proxy.hpp"
#include "support/preconditions.hpp"

namespace bdata = boost::unit_test::data;
using ambient_oidc::test::ConnectProxy;
using ambient_oidc::test::Env;
using ambient_oidc::test::FakeServer;
using ambient_oidc::test::Idp;
using ambient_oidc::test::make_token;
using ambient_oidc::test::read_file;
using ambient_oidc::test::run_program;
using ambient_oidc::test::Step;
using ambient_oidc::test::TempDir;
using ambient_oidc::test::write_file;

namespace {

// A fake CLI on PATH: it checks its arguments, fails the first `failures` calls, then prints
// the token in <dir>/token. It counts its calls in <dir>/calls.
void write_fake_cli(const TempDir& dir, const std::string& program, const std::string& expected,
                    int failures = 0, const std::string& extra = "") {
    write_file(dir.path() + "/" + program,
               "#!/bin/sh\n"
               "calls=$(cat \"" +
                   dir.path() +
                   "/calls\" 2>/dev/null || echo 0)\n"
                   "calls=$((calls + 1)); echo $calls > \"" +
                   dir.path() +
                   "/calls\"\n"
                   "[ \"$*\" = '" +
                   expected + "' ] || { echo \"unexpected arguments: $*\" >&2; exit 64; }\n" +
                   extra + "[ $calls -le " + std::to_string(failures) +
                   " ] && { echo 'temporary failure' >&2; exit 1; }\n"
                   "cat \"" +
                   dir.path() + "/token\"\n",
               0755);
}

int calls(const TempDir& dir) {
    std::ifstream in(dir.path() + "/calls");
    int count = 0;
    in >> count;
    return count;
}

Env base_env(const TempDir& dir) {
    return Env{{"HOME", dir.path()}, {"PATH", dir.path() + ":/usr/bin:/bin"}};
}

const std::vector<std::string> kFast = {"--backoff",         "100ms", "--jitter", "0",
                                        "--attempt-timeout", "2s"};

std::vector<std::string> args(std::vector<std::string> extra) {
    std::vector<std::string> all = {"token"};
    all.insert(all.end(), kFast.begin(), kFast.end());
    all.insert(all.end(), extra.begin(), extra.end());
    return all;
}

// True when the process whose pid is in pid_file is gone, or a zombie waiting for init: either
// way no longer running (within two seconds).
bool gone(const std::string& pid_file) {
    const std::string pid = read_file(pid_file);
    BOOST_REQUIRE(!pid.empty());
    for (int i = 0; i < 100; ++i) {
        std::ifstream stat("/proc/" + pid.substr(0, pid.find('\n')) + "/stat");
        std::string line;
        if (!std::getline(stat, line) || line.find(") Z ") != std::string::npos) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(std::stoi(pid), SIGKILL);  // not to outlive the test
    return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(providers)

BOOST_AUTO_TEST_CASE(gitlab_reads_the_variable_named_after_the_audience) {
    TempDir dir;
    const std::string token = make_token("https://fulcio.example");
    Env env = base_env(dir);
    env["GITLAB_CI"] = "true";
    env["HTTPS___FULCIO_EXAMPLE_ID_TOKEN"] = token + "\n";
    env["SIGSTORE_ID_TOKEN"] = make_token("sigstore");
    auto result = run_program(args({"--audience", "https://fulcio.example", "-vv"}), env);
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out == token + "\n");
    ambient_oidc::test::check_no_secret_in_stderr(result, {token});

    env.erase("HTTPS___FULCIO_EXAMPLE_ID_TOKEN");
    result = run_program(args({"--audience", "https://fulcio.example"}), env);
    BOOST_TEST(result.exit_code == 3);
    BOOST_TEST(result.err.find("gitlab: HTTPS___FULCIO_EXAMPLE_ID_TOKEN is not set; declare it") !=
               std::string::npos);
    BOOST_TEST(result.err.find("aud: https://fulcio.example") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(buildkite_runs_the_agent_and_retries_a_failure) {
    TempDir dir;
    const std::string token = make_token("sigstore");
    write_file(dir.path() + "/token", token + "\n");
    write_fake_cli(dir, "buildkite-agent", "oidc request-token --audience sigstore", 1);
    Env env = base_env(dir);
    env["BUILDKITE"] = "true";
    const auto result = run_program(args({}), env);
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out == token + "\n");
    BOOST_TEST(calls(dir) == 2);
    BOOST_TEST(result.err.find("attempt 1/3 failed: buildkite-agent exited with status 1: "
                               "temporary failure; retrying in 0.1s") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(circleci_gets_the_audience_as_json_claims) {
    TempDir dir;
    const std::string audience = "aud with \"quotes\" and 'single'";
    const std::string token = make_token(audience);
    write_file(dir.path() + "/token", token);
    // The shell script compares "$*" inside single quotes: escape the audience's for it.
    write_fake_cli(
        dir, "circleci",
        "run oidc get --claims {\"aud\":\"aud with \\\"quotes\\\" and '\\''single'\\''\"}");
    Env env = base_env(dir);
    env["CIRCLECI"] = "true";
    const auto result = run_program(args({"--audience", audience}), env);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out == token + "\n");
}

BOOST_AUTO_TEST_CASE(a_missing_cli_says_what_to_install) {
    TempDir dir;
    Env env = base_env(dir);
    env["BUILDKITE"] = "true";
    const auto result = run_program(args({}), env);
    BOOST_TEST(result.exit_code == 3);
    BOOST_TEST(result.err.find("buildkite: buildkite-agent is not on PATH") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_hanging_cli_is_killed_at_the_attempt_deadline) {
    TempDir dir;
    write_file(dir.path() + "/token", make_token("sigstore"));
    write_fake_cli(dir, "circleci", "run oidc get --claims {\"aud\":\"sigstore\"}", 0,
                   "exec sleep 30\n");
    Env env = base_env(dir);
    env["CIRCLECI"] = "true";
    const auto result = run_program(args({"--attempts", "2", "--attempt-timeout", "1s"}), env);
    BOOST_TEST(result.exit_code == 4);
    BOOST_TEST(calls(dir) == 2);
    BOOST_TEST(result.err.find("timed out while circleci ran") != std::string::npos);
    BOOST_TEST(result.elapsed.count() >= 2000);
    BOOST_TEST(result.elapsed.count() < 10000);
}

// What a provider CLI starts in the background ends with it: at the deadline, and after a
// success too.
BOOST_AUTO_TEST_CASE(a_cli_and_its_background_children_are_ended) {
    TempDir dir;
    const std::string token = make_token("sigstore");
    write_file(dir.path() + "/token", token);
    for (const bool hang : {true, false}) {
        write_fake_cli(dir, "circleci", "run oidc get --claims {\"aud\":\"sigstore\"}", 0,
                       "sleep 30 </dev/null >/dev/null 2>&1 &\necho $! > \"" + dir.path() +
                           "/grandchild\"\n" + (hang ? "exec sleep 30\n" : ""));
        Env env = base_env(dir);
        env["CIRCLECI"] = "true";
        const auto result = run_program(args({"--attempts", "1", "--attempt-timeout", "1s"}), env);
        BOOST_TEST(result.exit_code == (hang ? 4 : 0), result.err);
        BOOST_TEST(gone(dir.path() + "/grandchild"), "the background child still runs");
    }
}

// A descendant that leaves the CLI's process group (setsid, as a daemon does) is ended too:
// the helper is the subreaper of what it starts, so the orphan becomes its child.
BOOST_AUTO_TEST_CASE(a_cli_descendant_in_a_session_of_its_own_is_ended) {
    TempDir dir;
    write_file(dir.path() + "/token", make_token("sigstore"));
    const std::string pid_file = dir.path() + "/daemon";
    for (const bool hang : {true, false}) {
        ::unlink(pid_file.c_str());
        write_fake_cli(dir, "circleci", "run oidc get --claims {\"aud\":\"sigstore\"}", 0,
                       "setsid /bin/sh -c 'echo $$ > \"$0\"; exec sleep 30' \"" + pid_file +
                           "\" </dev/null >/dev/null 2>&1 &\n"
                           "while [ ! -s \"" +
                           pid_file + "\" ]; do sleep 0.01; done\n" +
                           (hang ? "exec sleep 30\n" : ""));
        Env env = base_env(dir);
        env["CIRCLECI"] = "true";
        const auto result = run_program(args({"--attempts", "1", "--attempt-timeout", "1s"}), env);
        BOOST_TEST(result.exit_code == (hang ? 4 : 0), result.err);
        BOOST_TEST(gone(pid_file), "the setsid descendant still runs");
    }
}

// A CLI that leaves the process group made for it (setpgid to its parent's group) is killed by
// its pid at the deadline: the run ends then, not when the CLI does.
BOOST_AUTO_TEST_CASE(a_cli_that_leaves_its_process_group_is_killed_at_the_deadline,
                     *ambient_oidc::test::needs_program("perl")) {
    TempDir dir;
    write_file(dir.path() + "/token", make_token("sigstore"));
    const std::string pid_file = dir.path() + "/cli";
    write_fake_cli(dir, "circleci", "run oidc get --claims {\"aud\":\"sigstore\"}", 0,
                   "exec perl -e 'setpgrp(0, getpgrp(getppid())) or die \"setpgrp: $!\"; "
                   "open(my $f, \">\", $ARGV[0]) or die; print $f $$; close($f); sleep 30' \"" +
                       pid_file + "\"\n");
    Env env = base_env(dir);
    env["CIRCLECI"] = "true";
    const auto result =
        run_program(args({"--attempts", "1", "--attempt-timeout", "1s", "--timeout", "3s"}), env);
    BOOST_TEST(result.exit_code == 4, result.err);
    BOOST_TEST(result.err.find("timed out while circleci ran") != std::string::npos, result.err);
    BOOST_TEST(result.elapsed.count() < 5000);
    BOOST_TEST(gone(pid_file), "the CLI still runs");
}

// A CLI that cannot be killed (a setuid helper that made root its real uid, as sudo does, run by
// an ordinary user) does not hold the run past its deadline.
BOOST_AUTO_TEST_CASE(a_cli_that_cannot_be_killed_does_not_hold_the_run,
                     *ambient_oidc::test::needs_root("run as nobody a setuid-root helper")) {
    TempDir dir;
    ::chmod(dir.path().c_str(), 0755);
    write_file(dir.path() + "/token", make_token("sigstore"), 0644);
    const std::string helper = dir.path() + "/become-root";
    std::filesystem::copy_file("/usr/bin/setpriv", helper);
    BOOST_REQUIRE(::chmod(helper.c_str(), 04755) == 0);
    const std::string pid_file = dir.path() + "/cli";
    write_file(dir.path() + "/circleci",
               "#!/bin/sh\nexec " + helper +
                   " --reuid=0 --regid=0 --clear-groups /bin/sh -c 'echo $$ > \"$0\"; exec sleep "
                   "30' \"" +
                   pid_file + "\"\n",
               0755);
    Env env = base_env(dir);
    env["CIRCLECI"] = "true";
    std::vector<std::string> argv =
        args({"--attempts", "1", "--attempt-timeout", "1s", "--no-cache"});
    argv.insert(argv.begin(),
                {"--reuid=65534", "--regid=65534", "--clear-groups", AMBIENT_OIDC_BINARY});
    const auto result = run_program(argv, env, "", std::nullopt, "/usr/bin/setpriv");
    const std::string pid = read_file(pid_file);
    BOOST_REQUIRE_MESSAGE(!pid.empty(), "the helper did not run: " + result.err);
    BOOST_TEST(result.exit_code == 4, result.err);
    BOOST_TEST(result.err.find("timed out while circleci ran") != std::string::npos, result.err);
    BOOST_TEST(result.elapsed.count() < 5000);
    ::kill(std::stoi(pid), SIGKILL);
}

// The children of pid that are zombies (exited, not reaped).
std::vector<std::string> zombie_children(const std::string& pid) {
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        std::ifstream stat(entry.path() / "stat");
        std::string line;
        if (!std::getline(stat, line) || line.rfind(')') == std::string::npos) {
            continue;
        }
        std::istringstream fields(line.substr(line.rfind(')') + 1));
        std::string state, parent;
        if (fields >> state >> parent && parent == pid && state == "Z") {
            found.push_back(entry.path().filename().string());
        }
    }
    return found;
}

// write --refresh lives on while the CLIs it could not kill end later: each is reaped when it
// ends, so that no zombie piles up (one per failed refresh) while the program runs.
BOOST_AUTO_TEST_CASE(a_refresher_leaves_no_zombie_of_a_cli_it_could_not_kill,
                     *ambient_oidc::test::needs_root("run as nobody a setuid-root helper")) {
    TempDir dir;
    ::chmod(dir.path().c_str(), 0755);
    const std::string state = dir.path() + "/state";
    std::filesystem::create_directories(state);
    BOOST_REQUIRE(::chown(state.c_str(), 65534, 65534) == 0);
    write_file(dir.path() + "/token", make_token("sigstore", 9), 0644);
    const std::string helper = dir.path() + "/become-root";
    std::filesystem::copy_file("/usr/bin/setpriv", helper);
    BOOST_REQUIRE(::chmod(helper.c_str(), 04755) == 0);
    // The first call prints the token; every later one becomes root and ends 2 s later.
    write_file(dir.path() + "/circleci",
               "#!/bin/sh\n[ -e " + state + "/first ] || { touch " + state + "/first; cat " +
                   dir.path() + "/token; exit 0; }\nexec " + helper +
                   " --reuid=0 --regid=0 --clear-groups /bin/sh -c 'echo $$ >> " + state +
                   "/stuck; exec sleep 2'\n",
               0755);
    Env env = base_env(dir);
    env["CIRCLECI"] = "true";
    const std::string path = state + "/oidc-token";
    std::vector<std::string> argv = {"--reuid=65534",
                                     "--regid=65534",
                                     "--clear-groups",
                                     AMBIENT_OIDC_BINARY,
                                     "write",
                                     "--refresh",
                                     "--path",
                                     path,
                                     "--min-validity",
                                     "6s",
                                     "--attempts",
                                     "1",
                                     "--attempt-timeout",
                                     "1s",
                                     "--backoff",
                                     "100ms",
                                     "--no-cache"};
    std::vector<std::string> zombies;
    std::thread watcher([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(6500));
        std::string pid;
        for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
            const std::string cmdline = read_file((entry.path() / "cmdline").string());
            if (cmdline.rfind(AMBIENT_OIDC_BINARY, 0) == 0 &&
                cmdline.find(path) != std::string::npos) {
                pid = entry.path().filename().string();
            }
        }
        zombies = pid.empty() ? std::vector<std::string>{"(the refresher was not found)"}
                              : zombie_children(pid);
    });
    const auto result =
        run_program(argv, env, "", std::make_pair(std::chrono::milliseconds(7000), SIGTERM),
                    "/usr/bin/setpriv");
    watcher.join();
    BOOST_TEST(result.exit_code == 0, result.err);
    std::istringstream stuck(read_file(state + "/stuck"));
    int helpers = 0;
    for (std::string pid; std::getline(stuck, pid); ++helpers) {
        ::kill(std::stoi(pid), SIGKILL);
    }
    BOOST_TEST(helpers >= 2, result.err);
    BOOST_TEST(zombies.empty(), "zombies of the refresher: " + std::to_string(zombies.size()));
}

// A CLI that prints the token and exits 0, leaving a process in the background that holds its
// stdout: the token is read once the CLI has exited, without waiting for the end of its output.
BOOST_AUTO_TEST_CASE(a_token_is_taken_when_the_cli_exits_though_a_child_holds_stdout) {
    TempDir dir;
    const std::string token = make_token("sigstore");
    write_file(dir.path() + "/token", token);
    write_fake_cli(dir, "circleci", "run oidc get --claims {\"aud\":\"sigstore\"}", 0,
                   "sleep 30 &\necho $! > \"" + dir.path() + "/background\"\n");
    Env env = base_env(dir);
    env["CIRCLECI"] = "true";
    const auto result = run_program(args({"--attempts", "1", "--attempt-timeout", "2s"}), env);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out == token + "\n");
    BOOST_TEST(result.elapsed.count() < 2000);
    BOOST_TEST(gone(dir.path() + "/background"), "the background child still runs");
}

// A token file another user could have put there (in a directory others may write, writable by
// others, or another user's) is a loud error naming why, never used and never passed over.
BOOST_AUTO_TEST_CASE(a_token_file_others_could_plant_is_refused) {
    TempDir dir;
    const std::string token = make_token("sigstore");
    const std::string shared = dir.path() + "/shared";
    std::filesystem::create_directories(shared);
    ::chmod(shared.c_str(), 0777);
    write_file(shared + "/token", token, 0644);
    const std::string mine = dir.path() + "/mine";
    std::filesystem::create_directories(mine);
    write_file(mine + "/token", token, 0666);
    struct Case {
        std::string path;
        std::string reason;
    };
    std::vector<Case> cases = {
        {shared + "/token", "is in " + shared + ", which other users may write (mode 0777)"},
        {mine + "/token", "is writable by every user (mode 0666)"}};
    for (const Case& c : cases) {
        Env env = base_env(dir);
        env["AWS_WEB_IDENTITY_TOKEN_FILE"] = c.path;
        const auto result = run_program({"token"}, env);
        BOOST_TEST(result.exit_code == 2, result.err);
        BOOST_TEST(result.out.empty());
        BOOST_TEST(result.err.find("aws-web-identity: not using AWS_WEB_IDENTITY_TOKEN_FILE " +
                                   c.path + ": it " + c.reason) != std::string::npos,
                   result.err);
    }
    ::chmod((mine + "/token").c_str(), 0600);
    Env env = base_env(dir);
    env["AWS_WEB_IDENTITY_TOKEN_FILE"] = mine + "/token";
    const auto result = run_program({"token"}, env);
    BOOST_TEST(result.exit_code == 0, result.err);
}

// The file provider's token file (as spacelift's and cosign's) belonging to another user.
BOOST_AUTO_TEST_CASE(a_token_file_of_another_user_is_refused,
                     *ambient_oidc::test::needs_root("give the token file away")) {
    TempDir dir;
    const std::string theirs = dir.path() + "/theirs";
    write_file(theirs, make_token("sigstore"), 0644);
    BOOST_REQUIRE(::chown(theirs.c_str(), 65534, 65534) == 0);
    write_file(dir.path() + "/config.json",
               "{\"providers\":{\"file\":{\"path\":\"" + theirs + "\"}}}");
    Env env = base_env(dir);
    env["AMBIENT_OIDC_CONFIG"] = dir.path() + "/config.json";
    const auto result = run_program({"token"}, env);
    BOOST_TEST(result.exit_code == 2, result.err);
    BOOST_TEST(result.err.find("file: not using the token file " + theirs +
                               ": it belongs to uid 65534") != std::string::npos,
               result.err);
}

// The CLI starts with the signal state the caller gave the helper (what it ignored, SIGPIPE and
// SIGINT here, and what it blocked), not the one the helper set up for itself. The fake CLI is
// Perl, which leaves both as it found them (sh would clear the mask).
BOOST_AUTO_TEST_CASE(a_cli_starts_with_the_signal_state_the_helper_was_given,
                     *ambient_oidc::test::needs_program("perl")) {
    TempDir dir;
    const std::string seen = dir.path() + "/signals";
    write_file(dir.path() + "/circleci",
               "#!/usr/bin/env perl\n"
               "open(my $status, '<', '/proc/self/status') or die;\n"
               "open(my $seen, '>', '" +
                   seen +
                   "') or die;\n"
                   "print $seen grep { /^Sig(Blk|Ign)/ } <$status>;\n"
                   "close($seen);\n"
                   "print '" +
                   make_token("sigstore") + "';\n",
               0755);
    ambient_oidc::test::ProcessOptions options;
    options.env = base_env(dir);
    options.env["CIRCLECI"] = "true";
    options.blocked_signals = {SIGUSR1};
    options.argv = {"/bin/sh", "-c", "trap '' PIPE INT; exec \"$0\" token", AMBIENT_OIDC_BINARY};
    const auto result = ambient_oidc::test::run_process(options);
    BOOST_TEST(result.exit_code == 0, result.err);
    const std::string through_helper = read_file(seen);
    options.argv = {"/bin/sh", "-c", "trap '' PIPE INT; exec \"$0\"", dir.path() + "/circleci"};
    BOOST_TEST(ambient_oidc::test::run_process(options).exit_code == 0);
    BOOST_TEST(read_file(seen).find("SigBlk:\t0000000000000200") != std::string::npos,
               read_file(seen));
    BOOST_TEST(through_helper == read_file(seen));
}

// The cache directory, checked when the run opens it, swapped during the fetch for a symbolic
// link to another directory (another user's, in an attack): the token goes into the directory
// that was checked, never through the link.
BOOST_AUTO_TEST_CASE(a_cache_directory_swapped_during_the_fetch_is_not_followed) {
    TempDir dir;
    const std::string token = make_token("sigstore");
    write_file(dir.path() + "/token", token);
    const std::string cache = dir.path() + "/cache";
    const std::string elsewhere = dir.path() + "/elsewhere";
    write_fake_cli(dir, "circleci", "run oidc get --claims {\"aud\":\"sigstore\"}", 0,
                   "mv \"" + cache + "\" \"" + cache + ".checked\" && mkdir \"" + elsewhere +
                       "\" && ln -s \"" + elsewhere + "\" \"" + cache + "\"\n");
    Env env = base_env(dir);
    env["CIRCLECI"] = "true";
    env["CIRCLE_WORKFLOW_JOB_ID"] = "job-1";
    env["AMBIENT_OIDC_CACHE_DIR"] = cache;
    const auto result = run_program(args({}), env);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out == token + "\n");
    BOOST_TEST(std::filesystem::is_empty(elsewhere));
    int entries = 0;
    for (const auto& entry : std::filesystem::directory_iterator(cache + ".checked")) {
        entries += entry.path().extension() == ".token" && read_file(entry.path()) == token;
    }
    BOOST_TEST(entries == 1);
}

BOOST_AUTO_TEST_CASE(cli_output_over_64_kib_is_invalid) {
    TempDir dir;
    write_file(dir.path() + "/token", std::string(70000, 'a'));
    write_fake_cli(dir, "buildkite-agent", "oidc request-token --audience sigstore");
    Env env = base_env(dir);
    env["BUILDKITE"] = "true";
    const auto result = run_program(args({}), env);
    BOOST_TEST(result.exit_code == 7);
    BOOST_TEST(result.err.find("buildkite-agent printed more than 64 KiB") != std::string::npos);
    BOOST_TEST(calls(dir) == 1);
}

BOOST_AUTO_TEST_CASE(google_asks_the_metadata_server_over_plain_http_without_proxy) {
    TempDir dir;
    FakeServer metadata(ambient_oidc::test::http_options());
    const std::string token = make_token("sigstore");
    metadata.set_steps({Step::respond(503)}, Step::respond(200, token + "\n"));
    Env env = base_env(dir);
    env["GCE_METADATA_HOST"] = "127.0.0.1:" + std::to_string(metadata.port());
    env["HTTPS_PROXY"] = "http://127.0.0.1:9";  // would fail if it were used
    const auto result = run_program(args({}), env);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out == token + "\n");
    BOOST_REQUIRE(metadata.seen().size() == 2u);
    const auto request = metadata.seen().back();
    BOOST_TEST(request.target ==
               "/computeMetadata/v1/instance/service-accounts/default/identity?audience=sigstore&"
               "format=full");
    BOOST_TEST(request.header("Metadata-Flavor").value_or("") == "Google");
}

BOOST_AUTO_TEST_CASE(google_impersonate_trades_an_access_token_for_an_id_token) {
    const std::string access_token = "ya29.access-5ecret-token";
    Idp iam(access_token);
    FakeServer metadata(ambient_oidc::test::http_options());
    metadata.set_steps({},
                       Step::respond(200, "{\"access_token\":\"" + access_token +
                                              "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}"));
    const std::string token = make_token("sigstore");
    iam.server.set_steps({Step::respond(500)}, Step::respond(200, "{\"token\":\"" + token + "\"}"));
    const std::string config = iam.dir.path() + "/config.json";
    write_file(config, "{\"providers\":{\"google\":{\"iam_endpoint\":\"" + iam.server.url("/iam") +
                           "\"}}}");
    Env env = base_env(iam.dir);
    env["GCE_METADATA_HOST"] = "127.0.0.1:" + std::to_string(metadata.port());
    env["GOOGLE_SERVICE_ACCOUNT_NAME"] = "signer@project.iam.gserviceaccount.com";
    env["AMBIENT_OIDC_CONFIG"] = config;
    const auto result = run_program(
        args({"--provider", "google-impersonate", "--ca-file", iam.pki.ca_file, "-vv"}), env);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out == token + "\n");
    BOOST_TEST(metadata.seen().at(0).target ==
               "/computeMetadata/v1/instance/service-accounts/default/token");
    BOOST_REQUIRE(iam.server.seen().size() == 2u);
    const auto request = iam.server.seen().back();
    BOOST_TEST(request.method == "POST");
    BOOST_TEST(request.target ==
               "/iam/v1/projects/-/serviceAccounts/"
               "signer%40project.iam.gserviceaccount.com:generateIdToken");
    BOOST_TEST(request.header("Authorization").value_or("") == "Bearer " + access_token);
    BOOST_TEST(request.header("Content-Type").value_or("") == "application/json");
    BOOST_TEST(request.body == "{\"audience\":\"sigstore\",\"includeEmail\":true}");
    ambient_oidc::test::check_no_secret_in_stderr(result, {access_token, token});
}

BOOST_AUTO_TEST_CASE(azure_pipelines_posts_to_the_oidc_endpoint) {
    Idp azure("azure-access-5ecret");
    const std::string token = make_token("api://AzureADTokenExchange");
    azure.server.set_steps({}, Step::respond(200, "{\"oidcToken\":\"" + token + "\"}"));
    const std::string config = azure.dir.path() + "/config.json";
    write_file(config, R"({"providers":{"azure":{"service_connection_id":"conn-1"}}})");
    Env env = base_env(azure.dir);
    env["SYSTEM_OIDCREQUESTURI"] = azure.server.url("/oidc/token?api-version=6.0");
    env["SYSTEM_ACCESSTOKEN"] = "azure-access-5ecret";
    env["AMBIENT_OIDC_CONFIG"] = config;
    const auto result = run_program(
        args({"--audience", "api://AzureADTokenExchange", "--ca-file", azure.pki.ca_file, "-vv"}),
        env);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out == token + "\n");
    BOOST_REQUIRE(azure.server.seen().size() == 1u);
    const auto request = azure.server.seen().front();
    BOOST_TEST(request.method == "POST");
    BOOST_TEST(request.target == "/oidc/token?api-version=7.1&serviceConnectionId=conn-1");
    BOOST_TEST(request.header("Authorization").value_or("") == "Bearer azure-access-5ecret");
    BOOST_TEST(request.header("Content-Type").value_or("") == "application/json");
    BOOST_TEST(request.body == "{}");
    ambient_oidc::test::check_no_secret_in_stderr(result, {"azure-access-5ecret", token});
}

BOOST_AUTO_TEST_CASE(azure_pipelines_wrong_audience_is_explained) {
    Idp azure("azure-access-5ecret");
    azure.server.set_steps(
        {},
        Step::respond(200, "{\"oidcToken\":\"" + make_token("api://AzureADTokenExchange") + "\"}"));
    Env env = base_env(azure.dir);
    env["SYSTEM_OIDCREQUESTURI"] = azure.server.url("/oidc");
    env["SYSTEM_ACCESSTOKEN"] = "azure-access-5ecret";
    const auto result = run_program(args({"--ca-file", azure.pki.ca_file}), env);
    BOOST_TEST(result.exit_code == 7);
    BOOST_TEST(result.err.find("azure-pipelines: token audience is api://AzureADTokenExchange, "
                               "expected sigstore; pass --audience") != std::string::npos);
}

namespace {

// Codefresh's request token goes in the Authorization header alone, as Codefresh's own step
// sends it: this server answers 401 to anything else, "Bearer <token>" included.
struct CodefreshIdp {
    static constexpr const char* kRequestToken = "cf-request-5ecret-0123456789";
    Idp idp;  // its PKI; its own server is not used
    FakeServer server{[this] {
        FakeServer::Options options = ambient_oidc::test::https_options(idp.pki);
        options.route = [](const ambient_oidc::test::SeenRequest& request) -> std::optional<Step> {
            if (request.header("Authorization").value_or("") != kRequestToken) {
                return Step::respond(401, "{\"message\":\"bad token\"}");
            }
            return std::nullopt;
        };
        return options;
    }()};

    Env env(const std::string& path = "/oidc/token") const {
        Env result = base_env(idp.dir);
        result["CF_BUILD_ID"] = "65f1c0ffee";
        result["CF_OIDC_REQUEST_URL"] = server.url(path);
        result["CF_OIDC_REQUEST_TOKEN"] = kRequestToken;
        result["AMBIENT_OIDC_CACHE"] = "0";  // the cache has tests of its own
        return result;
    }
};

Step id_token_json(const std::string& token) {
    return Step::respond(200, "{\"id_token\":\"" + token + "\"}",
                         {{"Content-Type", "application/json"}});
}

}  // namespace

BOOST_AUTO_TEST_CASE(codefresh_sends_the_request_token_without_a_scheme_word) {
    CodefreshIdp codefresh;
    const std::string token = make_token("sigstore");
    codefresh.server.set_steps({}, id_token_json(token));
    const auto result = run_program(args({"--ca-file", codefresh.idp.pki.ca_file, "-vv"}),
                                    codefresh.env("/oidc/token?x=1"));
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out == token + "\n");
    BOOST_REQUIRE(codefresh.server.seen().size() == 1u);
    const auto request = codefresh.server.seen().front();
    BOOST_TEST(request.method == "GET");
    BOOST_TEST(request.target == "/oidc/token?x=1&audience=sigstore");
    BOOST_TEST(request.header("Authorization").value_or("") == CodefreshIdp::kRequestToken);
    ambient_oidc::test::check_no_secret_in_stderr(result, {CodefreshIdp::kRequestToken, token});
}

// The retry contract holds for Codefresh: transient failures are retried with the schedule,
// a refusal (the server's 401 for a wrong token) fails at once with exit 6.
BOOST_AUTO_TEST_CASE(codefresh_goes_through_the_retry_loop) {
    CodefreshIdp codefresh;
    const std::string token = make_token("sigstore");
    codefresh.server.set_steps({Step::respond(503), Step::reset()}, id_token_json(token));
    auto result = run_program(args({"--ca-file", codefresh.idp.pki.ca_file}), codefresh.env());
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out == token + "\n");
    BOOST_TEST(codefresh.server.requests() == 3);
    BOOST_TEST(result.err.find("attempt 1/3 failed: HTTP 503 Service Unavailable; retrying in "
                               "0.1s") != std::string::npos,
               result.err);

    codefresh.server.set_steps({}, id_token_json(token));
    Env wrong = codefresh.env();
    wrong["CF_OIDC_REQUEST_TOKEN"] = "cf-other-5ecret";
    result = run_program(args({"--ca-file", codefresh.idp.pki.ca_file}), wrong);
    BOOST_TEST(result.exit_code == 6, result.err);
    BOOST_TEST(result.err.find("codefresh: HTTP 401") != std::string::npos, result.err);
    BOOST_TEST(result.err.find("(a permanent failure: not retried)") != std::string::npos,
               result.err);
    ambient_oidc::test::check_no_secret_in_stderr(result, {"cf-other-5ecret"});

    codefresh.server.set_steps({}, Step::respond(200, "{\"value\":\"" + token + "\"}"));
    result = run_program(args({"--ca-file", codefresh.idp.pki.ca_file}), codefresh.env());
    BOOST_TEST(result.exit_code == 7);
    BOOST_TEST(result.err.find("has no \"id_token\" string") != std::string::npos, result.err);

    codefresh.server.set_steps({}, id_token_json(token));
    Env plain = codefresh.env();
    plain["CF_OIDC_REQUEST_URL"] = "http://127.0.0.1:" + std::to_string(codefresh.server.port());
    result = run_program(args({}), plain);
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err.find("CF_OIDC_REQUEST_URL: must be an https:// URL") != std::string::npos,
               result.err);
    BOOST_TEST(codefresh.server.requests() == 0);
}

// Forgejo and Codeberg Actions: the same variables, a URL that ends in ?placeholder=true.
BOOST_AUTO_TEST_CASE(forgejo_urls_get_the_audience_added_to_their_query) {
    Idp idp;
    Env env = idp.env("/api/actions/_apis/pipelines/workflows/7/idtoken?placeholder=true");
    env["GITHUB_ACTIONS"] = "true";
    env["FORGEJO_ACTIONS"] = "true";
    const auto result = run_program(
        args({"--ca-file", idp.pki.ca_file, "--audience", "https://fulcio.example"}), env);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_REQUIRE(idp.server.seen().size() == 1u);
    BOOST_TEST(idp.server.seen().front().target ==
               "/api/actions/_apis/pipelines/workflows/7/idtoken?placeholder=true&audience=https%"
               "3A%2F%2Ffulcio.example");
    BOOST_TEST(idp.server.seen().front().query_param("audience").value_or("") ==
               "https://fulcio.example");
}

// A GitHub or Forgejo job without the permission is broken, not absent: exit 3 with the YAML,
// never another identity (here a token in SIGSTORE_ID_TOKEN and a metadata server).
BOOST_AUTO_TEST_CASE(a_github_job_without_the_permission_is_told_what_to_add) {
    TempDir dir;
    FakeServer metadata(ambient_oidc::test::http_options());
    Env env = base_env(dir);
    env["GITHUB_ACTIONS"] = "true";
    env["SIGSTORE_ID_TOKEN"] = make_token("sigstore");
    env["GCE_METADATA_HOST"] = "127.0.0.1:" + std::to_string(metadata.port());
    auto result = run_program(args({}), env);
    BOOST_TEST(result.exit_code == 3, result.err);
    BOOST_TEST(result.out.empty());
    BOOST_TEST(result.err.find("github-actions: this job may not request an OIDC token "
                               "(ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN "
                               "not set)") != std::string::npos,
               result.err);
    // The message's lines after the first are indented by two spaces more on stderr.
    BOOST_TEST(result.err.find("\n    permissions:\n      id-token: write\n") != std::string::npos,
               result.err);
    BOOST_TEST(metadata.requests() == 0);

    env["FORGEJO_ACTIONS"] = "true";
    env["ACTIONS_ID_TOKEN_REQUEST_URL"] = "https://127.0.0.1:9/api/actions/idtoken";
    result = run_program(args({}), env);
    BOOST_TEST(result.exit_code == 3, result.err);
    BOOST_TEST(result.err.find("(ACTIONS_ID_TOKEN_REQUEST_TOKEN not set)") != std::string::npos,
               result.err);
    BOOST_TEST(result.err.find("      enable-openid-connect: true") != std::string::npos,
               result.err);

    result = run_program({"detect"}, env);
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out.find("selected: github-actions\n") != std::string::npos, result.out);
}

BOOST_AUTO_TEST_CASE(an_azure_job_without_the_access_token_is_told_how_to_map_it) {
    TempDir dir;
    Env env = base_env(dir);
    env["TF_BUILD"] = "True";
    env["SYSTEM_OIDCREQUESTURI"] = "https://127.0.0.1:9/oidc";
    env["SIGSTORE_ID_TOKEN"] = make_token("sigstore");
    auto result = run_program(args({}), env);
    BOOST_TEST(result.exit_code == 3, result.err);
    BOOST_TEST(
        result.err.find("azure-pipelines: SYSTEM_ACCESSTOKEN is not set") != std::string::npos,
        result.err);
    BOOST_TEST(
        result.err.find("      SYSTEM_ACCESSTOKEN: $(System.AccessToken)") != std::string::npos,
        result.err);
}

struct MarkedCase {
    const char* name;
    const char* marker;
    const char* value;
    const char* message;
};
std::ostream& operator<<(std::ostream& out, const MarkedCase& c) {
    return out << c.name;
}

// Each CI with a marker: a job without its credential is exit 3, not another identity.
const MarkedCase kMarked[] = {
    {"codefresh", "CF_BUILD_ID", "65f1",
     "codefresh: this build has no CF_OIDC_REQUEST_URL and CF_OIDC_REQUEST_TOKEN"},
    {"semaphore", "SEMAPHORE", "true", "semaphore: SEMAPHORE_OIDC_TOKEN is not set in this job"},
    {"cirrus", "CIRRUS_CI", "true", "cirrus: CIRRUS_OIDC_TOKEN is not set in this job"},
};

BOOST_DATA_TEST_CASE(a_marked_job_without_its_credential_fails_loudly, bdata::make(kMarked),
                     sample) {
    TempDir dir;
    Env env = base_env(dir);
    env[sample.marker] = sample.value;
    env["SIGSTORE_ID_TOKEN"] = make_token("sigstore");
    auto result = run_program(args({}), env);
    BOOST_TEST(result.exit_code == 3, result.err);
    BOOST_TEST(result.out.empty());
    BOOST_TEST(result.err.find(sample.message) != std::string::npos, result.err);
    result = run_program({"detect", "--json"}, env);
    BOOST_TEST(result.out.find("{\"selected\":\"" + std::string(sample.name) + "\"") == 0u,
               result.out);
}

BOOST_AUTO_TEST_CASE(hcp_terraform_uses_the_token_of_the_audience) {
    TempDir dir;
    const std::string aws = make_token("aws.workload.identity");
    const std::string sigstore = make_token("sigstore");
    Env env = base_env(dir);
    env["TFC_WORKLOAD_IDENTITY_TOKEN"] = aws;
    env["TFC_WORKLOAD_IDENTITY_TOKEN_SIGSTORE"] = sigstore;
    auto result = run_program(args({"-vv"}), env);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out == sigstore + "\n");
    ambient_oidc::test::check_no_secret_in_stderr(result, {aws, sigstore});

    result = run_program(args({"--audience", "vault.workload.identity"}), env);
    BOOST_TEST(result.exit_code == 7, result.err);
    BOOST_TEST(result.err.find("TFC_WORKLOAD_IDENTITY_TOKEN: audience aws.workload.identity") !=
                   std::string::npos,
               result.err);
    BOOST_TEST(result.err.find("TFC_WORKLOAD_IDENTITY_TOKEN_SIGSTORE: audience sigstore (set by "
                               "the workspace variable TFC_WORKLOAD_IDENTITY_AUDIENCE_SIGSTORE)") !=
                   std::string::npos,
               result.err);
    ambient_oidc::test::check_no_secret_in_stderr(result, {aws, sigstore});

    env.erase("TFC_WORKLOAD_IDENTITY_TOKEN_SIGSTORE");
    env["TFC_WORKLOAD_IDENTITY_TOKEN"] = make_token("sigstore", -10);
    result = run_program(args({}), env);
    BOOST_TEST(result.exit_code == 7, result.err);
    BOOST_TEST(result.err.find("the token expired at") != std::string::npos, result.err);
}

struct LocalCase {
    const char* name;
    const char* variable;  // set to the token, or to a file holding it
    bool file;
    const char* origin;  // part of where the provider's CI or platform sets the audience
};
std::ostream& operator<<(std::ostream& out, const LocalCase& c) {
    return out << c.name;
}

const LocalCase kLocal[] = {
    {"bitbucket", "BITBUCKET_STEP_OIDC_TOKEN", false, "the workspace's audience"},
    {"env", "SIGSTORE_ID_TOKEN", false, "whatever issued the token in SIGSTORE_ID_TOKEN"},
    {"aws-web-identity", "AWS_WEB_IDENTITY_TOKEN_FILE", true, "eks.amazonaws.com/audience"},
    {"azure-workload-identity", "AZURE_FEDERATED_TOKEN_FILE", true,
     "pass --audience api://AzureADTokenExchange"},
    {"spacelift", "SPACELIFT_OIDC_TOKEN", false, "the account's hostname"},
    {"semaphore", "SEMAPHORE_OIDC_TOKEN", false, "the organization's URL"},
    {"cirrus", "CIRRUS_OIDC_TOKEN", false, "Cirrus CI chooses the audience"},
};

BOOST_DATA_TEST_CASE(local_tokens_get_the_same_checks, bdata::make(kLocal), sample) {
    TempDir dir;
    const std::string token_path = dir.path() + "/token";
    for (const auto& [token, exit_code, message] :
         std::vector<std::tuple<std::string, int, std::string>>{
             {make_token("sigstore"), 0, ""},
             {make_token("sts.amazonaws.com"), 7,
              "token audience is sts.amazonaws.com, expected sigstore; pass --audience or "
              "configure the issuer"},
             {make_token("sigstore", -10), 7, "the token expired at"},
             {"not-a-jwt", 7, "the token is not a JWT"}}) {
        Env env = base_env(dir);
        if (sample.file) {
            write_file(token_path, token + "\n");
            env[sample.variable] = token_path;
        } else {
            env[sample.variable] = token;
        }
        const auto result = run_program({"token", "--provider", sample.name}, env);
        BOOST_TEST(result.exit_code == exit_code, sample.name << ": " << result.err);
        BOOST_TEST(result.out == (exit_code == 0 ? token + "\n" : ""));
        BOOST_TEST(result.err.find(message) != std::string::npos, result.err);
        // Only the wrong audience says where the audience is set.
        BOOST_TEST((result.err.find(sample.origin) != std::string::npos) ==
                       (message.find("audience") != std::string::npos),
                   result.err);
        if (exit_code != 0) {
            BOOST_TEST(result.err.find(std::string(sample.name) + ": ") != std::string::npos);
        }
        ambient_oidc::test::check_no_secret_in_stderr(result, {token});
    }
}

BOOST_AUTO_TEST_CASE(file_provider_reads_the_configured_path) {
    TempDir dir;
    const std::string token = make_token("sigstore");
    write_file(dir.path() + "/projected-token", token);
    write_file(dir.path() + "/config.json",
               "{\"providers\":{\"file\":{\"path\":\"" + dir.path() + "/projected-token\"}}}");
    Env env = base_env(dir);
    env["AMBIENT_OIDC_CONFIG"] = dir.path() + "/config.json";
    const auto result = run_program({"token"}, env);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out == token + "\n");
}

struct BadFile {
    const char* name;
    int exit_code;
    const char* message;
};
std::ostream& operator<<(std::ostream& out, const BadFile& c) {
    return out << c.name;
}

const BadFile kBadFiles[] = {
    {"missing", 6, "No such file or directory"}, {"directory", 6, "not a regular file"},
    {"fifo", 6, "not a regular file"},           {"dev-zero", 6, "not a regular file"},
    {"huge", 7, "is larger than 64 KiB"},        {"empty", 7, "the token is empty"},
};

BOOST_DATA_TEST_CASE(unusable_token_files, bdata::make(kBadFiles), sample) {
    TempDir dir;
    const std::string path = dir.path() + "/token";
    const std::string name = sample.name;
    if (name == "directory") {
        ::mkdir(path.c_str(), 0700);
    } else if (name == "fifo") {
        ::mkfifo(path.c_str(), 0600);
    } else if (name == "dev-zero") {
        ::symlink("/dev/zero", path.c_str());
    } else if (name == "huge") {
        write_file(path, std::string(1 << 20, 'a'));
    } else if (name == "empty") {
        write_file(path, "\n");
    }
    Env env = base_env(dir);
    env["AWS_WEB_IDENTITY_TOKEN_FILE"] = path;
    const auto result = run_program({"token"}, env);
    BOOST_TEST(result.exit_code == sample.exit_code, result.err);
    BOOST_TEST(result.err.find(sample.message) != std::string::npos, result.err);
    BOOST_TEST(result.err.find("aws-web-identity: ") != std::string::npos);
    BOOST_TEST(result.elapsed.count() < 5000);
}

BOOST_AUTO_TEST_CASE(auto_uses_the_first_present_and_never_falls_through) {
    Idp idp;
    idp.server.set_steps({}, Step::respond(403));
    Env env = idp.env();
    env["SIGSTORE_ID_TOKEN"] = make_token("sigstore");
    env["GITLAB_CI"] = "true";
    auto result = run_program({"token", "--ca-file", idp.pki.ca_file}, env);
    BOOST_TEST(result.exit_code == 6);  // github-actions was chosen and failed: no fall-through
    BOOST_TEST(result.err.find("github-actions: HTTP 403 Forbidden") != std::string::npos);

    result = run_program({"token", "--provider", "env"}, env);
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out == env["SIGSTORE_ID_TOKEN"] + "\n");

    result = run_program({"detect"}, env);
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out.find(
                   "github-actions           present\ngitlab                   present\n") == 0u);
    BOOST_TEST(result.out.find("env                      present\nselected: github-actions\n") !=
               std::string::npos);
    BOOST_TEST(idp.server.requests() == 1);  // detect fetched nothing

    result = run_program({"detect", "--json", "--provider", "env"}, env);
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out.find("{\"selected\":\"env\",\"providers\":[{\"name\":\"github-actions\","
                               "\"present\":true,") == 0u);
}

BOOST_AUTO_TEST_CASE(detect_with_nothing_present) {
    TempDir dir;
    auto result = run_program({"detect", "--json"}, base_env(dir));
    BOOST_TEST(result.exit_code == 3);
    BOOST_TEST(result.out.find("{\"selected\":null,") == 0u);
    result = run_program({"detect", "--provider", "nope"}, base_env(dir));
    BOOST_TEST(result.exit_code == 2);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(proxy)

BOOST_AUTO_TEST_CASE(https_requests_go_through_the_connect_proxy) {
    Idp idp;
    const std::string token = make_token("sigstore");
    idp.server.set_steps({}, Step::token_json(token));
    ConnectProxy proxy;
    Env env = idp.env();
    env["HTTPS_PROXY"] = proxy.url();
    const auto result = run_program({"token", "--ca-file", idp.pki.ca_file}, env);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out == token + "\n");
    BOOST_TEST(proxy.connects() == 1);
    BOOST_TEST(proxy.targets().at(0) == "127.0.0.1:" + std::to_string(idp.server.port()));
}

BOOST_AUTO_TEST_CASE(no_proxy_bypasses_it) {
    Idp idp;
    idp.server.set_steps({});
    ConnectProxy proxy;
    for (const std::string list : {"127.0.0.1", "*", "localhost,127.0.0.1:1234"}) {
        Env env = idp.env();
        env["https_proxy"] = proxy.url();
        env["no_proxy"] = list;
        const auto result = run_program({"token", "--ca-file", idp.pki.ca_file}, env);
        BOOST_TEST(result.exit_code == 0, list);
    }
    BOOST_TEST(proxy.connects() == 0);
}

BOOST_AUTO_TEST_CASE(proxy_credentials_are_sent_and_never_printed) {
    Idp idp;
    idp.server.set_steps({});
    ConnectProxy proxy({200, "Basic dXNlcjpwcjB4eS1wYXNz"});  // user:pr0xy-pass
    Env env = idp.env();
    env["HTTPS_PROXY"] = "http://user:pr0xy-pass@127.0.0.1:" + std::to_string(proxy.port());
    auto result = run_program({"token", "--ca-file", idp.pki.ca_file, "-vv"}, env);
    BOOST_TEST(result.exit_code == 0, result.err);
    ambient_oidc::test::check_no_secret_in_stderr(result, {"pr0xy-pass", "dXNlcjpwcjB4eS1wYXNz"});

    env["HTTPS_PROXY"] = "http://user:wrong-pass@127.0.0.1:" + std::to_string(proxy.port());
    result = run_program(ambient_oidc::test::fast_args(idp, {"token", "-vv"}), env);
    BOOST_TEST(result.exit_code == 6);
    BOOST_TEST(result.err.find("the proxy answered CONNECT with HTTP 407") != std::string::npos);
    ambient_oidc::test::check_no_secret_in_stderr(result, {"wrong-pass"});
}

// A password with '/' in it, as typed: sent whole; and when the URL does not parse, no part of
// it is printed.
BOOST_AUTO_TEST_CASE(a_proxy_password_with_a_slash) {
    Idp idp;
    idp.server.set_steps({});
    ConnectProxy proxy({200, "Basic dXNlcjpzM2NyL2V0"});  // user:s3cr/et
    Env env = idp.env();
    env["HTTPS_PROXY"] = "http://user:s3cr/et@127.0.0.1:" + std::to_string(proxy.port());
    auto result = run_program({"token", "--ca-file", idp.pki.ca_file, "-vv"}, env);
    BOOST_TEST(result.exit_code == 0, result.err);
    ambient_oidc::test::check_no_secret_in_stderr(result, {"s3cr", "dXNlcjpzM2NyL2V0"});

    env["HTTPS_PROXY"] = "http://user:s3cr/et@127.0.0.1:31x8";
    result = run_program({"token", "--ca-file", idp.pki.ca_file, "-vv"}, env);
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err.find("HTTPS_PROXY: invalid URL: bad port '31x8'") != std::string::npos,
               result.err);
    ambient_oidc::test::check_no_secret_in_stderr(result, {"s3cr"});
}

BOOST_AUTO_TEST_CASE(proxy_failures_are_classified_like_the_servers) {
    Idp idp;
    idp.server.set_steps({});
    ConnectProxy proxy({502, std::nullopt});
    Env env = idp.env();
    env["HTTPS_PROXY"] = proxy.url();
    const auto result = run_program(ambient_oidc::test::fast_args(idp, {"token"}), env);
    BOOST_TEST(result.exit_code == 4);
    BOOST_TEST(proxy.connects() == 3);
    BOOST_TEST(result.err.find("attempt 1/3 failed: the proxy answered CONNECT with HTTP 502 Bad "
                               "Gateway; retrying") != std::string::npos);
    BOOST_TEST(idp.server.requests() == 0);
}

// A proxy that echoes its credentials in a long reason phrase: they are masked before the
// phrase is cut, so not even a part of them is printed.
BOOST_AUTO_TEST_CASE(a_proxy_echoing_its_credentials_in_its_reason_never_shows_them) {
    Idp idp;
    ConnectProxy::Options options;
    options.status = 499;
    options.echo_authorization = true;
    ConnectProxy proxy(options);
    Env env = idp.env();
    env["HTTPS_PROXY"] = "http://user:s3cret-proxy-pass@127.0.0.1:" + std::to_string(proxy.port());
    const auto result = run_program(ambient_oidc::test::fast_args(idp, {"token", "-vv"}), env);
    BOOST_TEST(result.exit_code == 6, result.err);
    BOOST_TEST(
        result.err.find("the proxy answered CONNECT with HTTP 499 ....") != std::string::npos,
        result.err);
    const std::string basic = "dXNlcjpzM2NyZXQtcHJveHktcGFzcw==";  // user:s3cret-proxy-pass
    BOOST_TEST(result.err.find(basic.substr(0, 8)) == std::string::npos, result.err);
    ambient_oidc::test::check_no_secret_in_stderr(result, {"s3cret-proxy-pass", basic});
}

// The watchdog bounds the phases behind a proxy too: a CONNECT never answered, and a body
// dripped through the tunnel, each end at the attempt's deadline; a signal ends them at once.
BOOST_AUTO_TEST_CASE(a_proxy_that_never_answers_is_bounded_by_the_attempt) {
    Idp idp;
    ConnectProxy proxy({0, std::nullopt});
    Env env = idp.env();
    env["HTTPS_PROXY"] = proxy.url();
    const auto result =
        run_program(ambient_oidc::test::fast_args(idp, {"token", "--attempts", "2"}), env);
    BOOST_TEST(result.exit_code == 4);
    BOOST_TEST(ambient_oidc::test::count_of(result.err,
                                            "timed out while asking the proxy for a tunnel") == 2,
               result.err);
    BOOST_TEST(result.elapsed.count() >= 2000);
    BOOST_TEST(result.elapsed.count() < 8000);
}

BOOST_AUTO_TEST_CASE(a_body_dripped_through_the_proxy_is_bounded_by_the_attempt) {
    Idp idp;
    idp.server.set_steps({}, Step::drip(R"({"value":")" + std::string(100, 'x') + R"("})",
                                        std::chrono::milliseconds(100)));
    ConnectProxy proxy;
    Env env = idp.env();
    env["HTTPS_PROXY"] = proxy.url();
    const auto result =
        run_program(ambient_oidc::test::fast_args(idp, {"token", "--attempts", "1"}), env);
    BOOST_TEST(result.exit_code == 4);
    BOOST_TEST(result.err.find("timed out while waiting for the response") != std::string::npos,
               result.err);
    BOOST_TEST(result.elapsed.count() >= 1000);
    BOOST_TEST(result.elapsed.count() < 6000);
}

BOOST_AUTO_TEST_CASE(a_signal_while_the_proxy_is_silent_stops_at_once) {
    Idp idp;
    ConnectProxy proxy({0, std::nullopt});
    Env env = idp.env();
    env["HTTPS_PROXY"] = proxy.url();
    const auto result =
        run_program(ambient_oidc::test::fast_args(idp, {"token", "--attempt-timeout", "30s"}), env,
                    "", std::make_pair(std::chrono::milliseconds(800), SIGTERM));
    BOOST_TEST(result.exit_code == 4);
    BOOST_TEST(result.err.find("interrupted by SIGTERM during attempt 1/3") != std::string::npos,
               result.err);
    BOOST_TEST(result.elapsed.count() < 6000);
}

BOOST_AUTO_TEST_SUITE_END()
