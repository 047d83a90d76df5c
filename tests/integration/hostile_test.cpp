// Hostile input: a server that lies or never ends, hostile files and directories, huge
// variables and deeply nested configuration. Each gets a clear error and the contract's exit
// code, in bounded time, with nothing left behind.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "integration/harness.hpp"
#include "support/preconditions.hpp"

namespace bdata = boost::unit_test::data;
namespace fs = std::filesystem;
using ambient_oidc::test::Env;
using ambient_oidc::test::Idp;
using ambient_oidc::test::make_token;
using ambient_oidc::test::needs_root;
using ambient_oidc::test::run_program;
using ambient_oidc::test::Step;

namespace {

struct HostileServer {
    const char* name;
    Step step;
    int exit_code;
    const char* message;
};
std::ostream& operator<<(std::ostream& out, const HostileServer& c) {
    return out << c.name;
}

std::string repeat(const std::string& unit, int times) {
    std::string out;
    for (int i = 0; i < times; ++i) {
        out += unit;
    }
    return out;
}

std::string endless_chunks() {
    std::string body = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 200; ++i) {
        body += "400\r\n" + std::string(0x400, 'a') + "\r\n";
    }
    return body;  // 200 KiB of chunks and no last chunk
}

const std::vector<HostileServer> kServers = {
    {"2 GiB Content-Length", Step::raw("HTTP/1.1 200 OK\r\nContent-Length: 2147483648\r\n\r\nab"),
     7, "the response body is larger than 64 KiB"},
    {"absurd Content-Length",
     Step::raw("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999"
               "\r\n\r\n"),
     4, "malformed HTTP response: Not a valid integer"},
    {"chunked without end", Step::raw(endless_chunks()), 7,
     "the response body is larger than 64 KiB"},
    {"HTTP/0.9 garbage", Step::raw(std::string(100000, 'x')), 4, "malformed HTTP response"},
    {"endless header", Step::raw("HTTP/1.1 200 OK\r\nX: " + std::string(100000, 'h')), 4,
     "malformed HTTP response"},
    {"status line only", Step::raw("HTTP/1.1 200 OK"), 4, "truncated response"},
    {"many short headers", Step::raw("HTTP/1.1 200 OK\r\n" + repeat("X-A: b\r\n", 200) + "\r\n"), 4,
     "malformed HTTP response: Too many header fields"},
    {"endless chunk extensions",
     Step::raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" +
               repeat("1;" + std::string(1000, 'e') + "\r\na\r\n", 200)),
     7, "the response body is larger than 64 KiB"},
    // The trailer section after the last chunk is not read: the body is empty.
    {"endless trailer",
     Step::raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" +
               repeat("X-Trailer: " + std::string(100, 't') + "\r\n", 2000)),
     7, "the response body is empty"},
    // Chunk framing that cannot be read is a malformed response, not the end of the body.
    {"negative chunk size",
     Step::raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\n"), 4,
     "malformed HTTP response: a bad chunk size"},
    {"chunk size not hex", Step::raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
     4, "malformed HTTP response: a bad chunk size"},
    {"chunk size of 2^64 - 1",
     Step::raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nab"), 4,
     "malformed HTTP response: a bad chunk size"},
    {"chunk size of 17 digits",
     Step::raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: "
               "chunked\r\n\r\n00000000000000001\r\na\r\n0\r\n\r\n"),
     4, "malformed HTTP response: a bad chunk size"},
    {"200 KB chunk size line",
     Step::raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + std::string(200000, '1') +
               "\r\n"),
     4, "malformed HTTP response: a chunk size line longer than 4 KiB"},
    {"chunk without its line end",
     Step::raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcXY\r\n0\r\n\r\n"), 4,
     "malformed HTTP response: a chunk not followed by a line end"},
    {"chunked body closed between chunks",
     Step::raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"), 4,
     "truncated response: the connection closed in the chunked body"},
    // A status code outside 100-599 is no status at all.
    {"status 600", Step::raw("HTTP/1.1 600 Weird\r\nContent-Length: 0\r\n\r\n"), 4,
     "malformed HTTP response: the status code 600 is outside 100-599"},
    {"status 099", Step::raw("HTTP/1.1 099 Low\r\nContent-Length: 0\r\n\r\n"), 4,
     "malformed HTTP response: the status code 99 is outside 100-599"},
    // Interim responses are skipped, but they are heads like any other.
    {"unasked 101", Step::raw("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n"), 4,
     "malformed HTTP response: an unasked 101 Switching Protocols"},
    {"endless interim responses",
     Step::raw(repeat("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n", 2000)), 4,
     "malformed HTTP response: the headers are larger than 64 KiB"},
    {"closed after an interim response", Step::raw("HTTP/1.1 103 Early Hints\r\n\r\n"), 4,
     "the server closed the connection without a response"},
    // Without Content-Length or chunking only TLS close_notify tells the whole body.
    {"close-delimited body cut off",
     Step::cut("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"value\":\"eyJhbGciOi"),
     4, "truncated response: the connection closed without TLS close_notify after 20 body bytes"},
    {"chunked body closed in a chunk",
     Step::raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"value\":"), 4,
     "truncated response: the connection closed in the chunked body"},
    {"head closed in a header", Step::raw("HTTP/1.1 200 OK\r\nContent-Type: appl"), 4,
     "truncated response: the connection closed in the response head"},
    {"not HTTP", Step::raw("SSH-2.0-OpenSSH_9.2\r\n"), 4,
     "malformed HTTP response: not an HTTP/1.x status line"},
};

// Runs the built program with args as uid:uid (without supplementary groups) through setpriv;
// the tests run as root.
ambient_oidc::test::ProcessResult run_as(uid_t uid, std::vector<std::string> args, const Env& env) {
    const std::string id = std::to_string(uid);
    args.insert(args.begin(),
                {"--reuid=" + id, "--regid=" + id, "--clear-groups", AMBIENT_OIDC_BINARY});
    return run_program(args, env, "", std::nullopt, "/usr/bin/setpriv");
}

// A directory every user may enter and read, with its files.
void open_up(const std::string& dir) {
    ::chmod(dir.c_str(), 0755);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hostile)

BOOST_DATA_TEST_CASE(hostile_servers, bdata::make(kServers), sample) {
    Idp idp;
    idp.server.set_steps({}, sample.step);
    const auto result =
        run_program(ambient_oidc::test::fast_args(idp, {"token", "--attempts", "2"}), idp.env());
    BOOST_TEST(result.exit_code == sample.exit_code, result.err);
    BOOST_TEST(result.out.empty());
    BOOST_TEST(result.err.find(sample.message) != std::string::npos, result.err);
    BOOST_TEST(result.elapsed.count() < 10000);
}

BOOST_AUTO_TEST_CASE(output_file_in_a_directory_the_user_cannot_write) {
    Idp idp;
    idp.server.set_steps({});
    const std::string dir = idp.dir.path() + "/read-only";
    fs::create_directories(dir);
    ::chmod(dir.c_str(), 0555);
    ::chmod(idp.dir.path().c_str(), 0755);
    ::chmod(idp.pki.ca_file.c_str(), 0644);
    std::vector<std::string> args = {"token",         "--ca-file",         idp.pki.ca_file,
                                     "--output-file", dir + "/oidc-token", "--no-cache"};
    std::string program;
    if (::geteuid() == 0) {  // root writes anywhere: run as nobody
        args.insert(args.begin(),
                    {"--reuid=65534", "--regid=65534", "--clear-groups", AMBIENT_OIDC_BINARY});
        program = "/usr/bin/setpriv";
    }
    const auto result = run_program(args, idp.env(), "", std::nullopt, program);
    BOOST_TEST(result.exit_code == 2, result.err);
    BOOST_TEST(result.err.find("cannot write " + dir + "/oidc-token") != std::string::npos);
    BOOST_TEST(result.err.find("Permission denied") != std::string::npos);
    BOOST_TEST(fs::is_empty(dir));
}

// An output path that names a character device or a FIFO, or a link to one (/dev/stdout here,
// a pipe), is written into as tee would, never replaced by a regular file: --output-file,
// write --path and the Google output file alike.
BOOST_AUTO_TEST_CASE(an_output_path_to_a_device_or_pipe_is_written_into_never_replaced) {
    ambient_oidc::test::TempDir dir;
    const std::string token = make_token("sigstore");
    const std::string link = dir.path() + "/stdout";
    BOOST_REQUIRE(::symlink("/dev/stdout", link.c_str()) == 0);
    const Env env = {
        {"SIGSTORE_ID_TOKEN", token}, {"AMBIENT_OIDC_CACHE", "0"}, {"HOME", dir.path()}};
    auto result = run_program({"token", "--output-file", link}, env);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out == token);
    result = run_program({"write", "--path", link}, env);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out == token);
    Env google = env;
    google["SIGSTORE_ID_TOKEN"] = make_token("https://iam.example/pool");
    google["GOOGLE_EXTERNAL_ACCOUNT_AUDIENCE"] = "//iam.example/pool";
    google["GOOGLE_EXTERNAL_ACCOUNT_OUTPUT_FILE"] = link;
    google["GOOGLE_EXTERNAL_ACCOUNT_ALLOW_EXECUTABLES"] = "1";
    result = run_program({"google-executable"}, google);
    BOOST_TEST(result.exit_code == 0, result.err);
    const auto first = result.out.find("\"success\":true");
    BOOST_TEST(first != std::string::npos, result.out);
    BOOST_TEST(result.out.find("\"success\":true", first + 1) != std::string::npos, result.out);
    BOOST_TEST(fs::is_symlink(link));
}

// What a hostile token, IdP or configuration puts in a message (CR, LF, ESC in a token's aud)
// reaches stderr escaped: no forged lines ("ambient-oidc: ..." at the start of one), no
// terminal control.
BOOST_AUTO_TEST_CASE(control_characters_in_messages_are_escaped) {
    ambient_oidc::test::TempDir dir;
    const std::string aud = "x\rambient-oidc: forged\n\x1b[2Jcleared";
    const Env env = {
        {"SIGSTORE_ID_TOKEN", make_token(aud)}, {"AMBIENT_OIDC_CACHE", "0"}, {"HOME", dir.path()}};
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"token"}, {"token", "--audience", "y\nambient-oidc: forged"}}) {
        const auto result = run_program(args, env);
        BOOST_TEST(result.exit_code == 7, result.err);
        BOOST_TEST(result.err.find('\r') == std::string::npos, result.err);
        BOOST_TEST(result.err.find('\x1b') == std::string::npos, result.err);
        BOOST_TEST(result.err.find("ambient-oidc: forged") != std::string::npos, result.err);
        BOOST_TEST(result.err.find("\nambient-oidc: forged") == std::string::npos, result.err);
        // The token's aud has CR escaped; the audience's line break starts an indented line.
        BOOST_TEST((result.err.find("x\\x0dambient-oidc: forged") != std::string::npos ||
                    result.err.find("y\n  ambient-oidc: forged") != std::string::npos),
                   result.err);
        std::istringstream lines(result.err);
        std::size_t messages = 0;
        for (std::string line; std::getline(lines, line);) {
            messages += line.rfind("ambient-oidc: ", 0) == 0 ? 1 : 0;
        }
        BOOST_TEST(messages == 1u, result.err);
    }
}

BOOST_AUTO_TEST_CASE(a_cache_directory_of_another_user_is_refused,
                     *needs_root("give the directory away")) {
    BOOST_REQUIRE_MESSAGE(::geteuid() == 0, "needs root to give the directory away");
    Idp idp;
    idp.server.set_steps({});
    Env env = idp.env();
    env.erase("AMBIENT_OIDC_CACHE");
    const std::string cache = idp.dir.path() + "/cache";
    fs::create_directories(cache);
    ::chmod(cache.c_str(), 0700);
    BOOST_REQUIRE(::chown(cache.c_str(), 65534, 65534) == 0);
    const auto result =
        run_program({"token", "--ca-file", idp.pki.ca_file, "--cache-dir", cache}, env);
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.err.find("not using the token cache: " + cache +
                               " belongs to another user") != std::string::npos);
    BOOST_TEST(fs::is_empty(cache));
}

BOOST_AUTO_TEST_CASE(a_deeply_nested_config_file) {
    Idp idp;
    const std::string config = idp.dir.path() + "/config.json";
    std::ofstream(config) << "{\"retry\":" << std::string(100000, '[') << std::string(100000, ']')
                          << "}";
    Env env = idp.env();
    env["AMBIENT_OIDC_CONFIG"] = config;
    const auto result = run_program({"token"}, env);
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err.find("config file " + config + ": not valid JSON") != std::string::npos);
    BOOST_TEST(result.elapsed.count() < 5000);
}

BOOST_AUTO_TEST_CASE(a_config_file_that_never_ends_or_blocks) {
    Idp idp;
    const std::string fifo = idp.dir.path() + "/config.fifo";
    ::mkfifo(fifo.c_str(), 0600);
    for (const std::string& path : {std::string("/dev/zero"), fifo}) {
        const auto result = run_program({"token", "--config", path}, idp.env());
        BOOST_TEST(result.exit_code == 2);
        BOOST_TEST(result.err.find("cannot read the config file " + path +
                                   ": not a regular file") != std::string::npos);
        BOOST_TEST(result.elapsed.count() < 5000);
    }
}

// The user's configuration as another user would run it (nobody): root's file through a
// Kubernetes ConfigMap's ..data links is used, and so is the caller's own; a file of a third
// user is refused with exit 2 before anything is fetched.
BOOST_AUTO_TEST_CASE(a_config_file_of_another_user_is_refused,
                     *needs_root("run as nobody and give files away")) {
    BOOST_REQUIRE_MESSAGE(::geteuid() == 0, "needs root to run as nobody and give files away");
    ambient_oidc::test::TempDir dir;
    open_up(dir.path());
    const std::string config_dir = dir.path() + "/ambient-oidc";
    const std::string data = config_dir + "/..2026_12_01_00_00_00.000000001";
    fs::create_directories(data);
    open_up(config_dir);
    open_up(data);
    ambient_oidc::test::write_file(data + "/config.json", R"({"audience":"from-config"})", 0644);
    fs::create_directory_symlink(fs::path(data).filename(), config_dir + "/..data");
    fs::create_symlink("..data/config.json", config_dir + "/config.json");
    const Env env = {{"XDG_CONFIG_HOME", dir.path()},
                     {"HOME", dir.path()},
                     {"AMBIENT_OIDC_CACHE", "0"},
                     {"SIGSTORE_ID_TOKEN", make_token("from-config")},
                     {"PATH", "/usr/bin:/bin"}};
    // The token is for the configured audience only: exit 0 proves the file was used.
    auto result = run_as(65534, {"token"}, env);
    BOOST_TEST(result.exit_code == 0, result.err);

    BOOST_REQUIRE(::lchown((data + "/config.json").c_str(), 65534, 65534) == 0);
    result = run_as(65534, {"token"}, env);
    BOOST_TEST(result.exit_code == 0, result.err);

    BOOST_REQUIRE(::lchown((data + "/config.json").c_str(), 65533, 65533) == 0);
    result = run_as(65534, {"token"}, env);
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.out.empty());
    BOOST_TEST(result.err.find("the config file " + config_dir +
                               "/config.json belongs to uid 65533, neither root nor you (uid "
                               "65534); not using it") != std::string::npos,
               result.err);
}

// The directory that holds the user's configuration, or one above it, belongs to a third user
// (who could replace the file, however it is owned) or may be written by its group: refused with
// exit 2, as ssh's StrictModes refuses them; the same file in the caller's own directory is used.
BOOST_AUTO_TEST_CASE(a_config_directory_of_another_user_is_refused,
                     *needs_root("run as nobody and give directories away")) {
    BOOST_REQUIRE_MESSAGE(::geteuid() == 0, "needs root to run as nobody and give files away");
    ambient_oidc::test::TempDir dir;
    open_up(dir.path());
    const std::string home = dir.path() + "/home";
    const std::string config_dir = home + "/.config/ambient-oidc";
    fs::create_directories(config_dir);
    for (const std::string& each : {home, home + "/.config", config_dir}) {
        open_up(each);
        BOOST_REQUIRE(::chown(each.c_str(), 65534, 65534) == 0);
    }
    ambient_oidc::test::write_file(config_dir + "/config.json", R"({"audience":"from-config"})",
                                   0644);  // root's file: trusted by itself
    const Env env = {{"HOME", home},
                     {"AMBIENT_OIDC_CACHE", "0"},
                     {"SIGSTORE_ID_TOKEN", make_token("from-config")},
                     {"PATH", "/usr/bin:/bin"}};
    auto result = run_as(65534, {"token"}, env);
    BOOST_TEST(result.exit_code == 0, result.err);

    for (const std::string& foreign : {config_dir, home + "/.config"}) {
        BOOST_REQUIRE(::chown(foreign.c_str(), 65533, 65533) == 0);
        result = run_as(65534, {"token"}, env);
        BOOST_TEST(result.exit_code == 2);
        BOOST_TEST(result.out.empty());
        BOOST_TEST(result.err.find("the directory " + foreign + ", which holds the config file " +
                                   config_dir +
                                   "/config.json, belongs to uid 65533, neither root nor you "
                                   "(uid 65534); not using it") != std::string::npos,
                   result.err);
        BOOST_REQUIRE(::chown(foreign.c_str(), 65534, 65534) == 0);
    }

    ::chmod(config_dir.c_str(), 0775);
    result = run_as(65534, {"token"}, env);
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err.find("the directory " + config_dir + ", which holds the config file " +
                               config_dir +
                               "/config.json, may be written by other users (mode 0775) and is "
                               "not sticky; not using it: run chmod go-w " +
                               config_dir) != std::string::npos,
               result.err);
}

// A real directory of another user (not root) on the way to the output file: that user could
// replace the file, or the directory, after it is written. Refused with exit 2 before anything
// is fetched, for the file's own directory and one above it; root's directories are fine.
BOOST_AUTO_TEST_CASE(an_output_file_in_another_users_directory_is_refused,
                     *needs_root("give the directory away")) {
    BOOST_REQUIRE_MESSAGE(::geteuid() == 0, "needs root to give the directory away");
    ambient_oidc::test::TempDir dir;
    const std::string theirs = dir.path() + "/theirs";
    fs::create_directories(theirs + "/inner");
    const Env env = {{"SIGSTORE_ID_TOKEN", make_token("sigstore")},
                     {"AMBIENT_OIDC_CACHE", "0"},
                     {"HOME", dir.path()}};
    auto result = run_program({"token", "--output-file", theirs + "/oidc-token"}, env);
    BOOST_TEST(result.exit_code == 0, result.err);
    fs::remove(theirs + "/oidc-token");

    BOOST_REQUIRE(::chown(theirs.c_str(), 65534, 65534) == 0);
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"token", "--output-file", theirs + "/oidc-token"},
          {"token", "--output-file", theirs + "/inner/oidc-token"},
          {"write", "--path", theirs + "/sub/oidc-token"}}) {
        result = run_program(args, env);
        BOOST_TEST(result.exit_code == 2);
        BOOST_TEST(result.err.find(
                       "refusing to write " + args.back() + ": the directory " + theirs +
                       " belongs to uid 65534, neither root nor you (uid 0), who "
                       "could replace the file or the directory after it is "
                       "written; write under a directory of yours or root's") != std::string::npos,
                   result.err);
    }
    BOOST_TEST(fs::is_empty(theirs + "/inner"));
    BOOST_TEST(!fs::exists(theirs + "/oidc-token"));
    BOOST_TEST(!fs::exists(theirs + "/sub"));
}

// Another user's symbolic link on the way to the output file could point it anywhere (into
// root's home, say): refused with exit 2 before anything is fetched. Root's own link is fine.
BOOST_AUTO_TEST_CASE(an_output_path_through_another_users_link_is_refused,
                     *needs_root("give the link away")) {
    BOOST_REQUIRE_MESSAGE(::geteuid() == 0, "needs root to give the link away");
    ambient_oidc::test::TempDir dir;
    const std::string target = dir.path() + "/victim";
    fs::create_directories(target);
    const std::string link = dir.path() + "/link";
    fs::create_directory_symlink(target, link);
    const Env env = {{"SIGSTORE_ID_TOKEN", make_token("sigstore")},
                     {"AMBIENT_OIDC_CACHE", "0"},
                     {"HOME", dir.path()}};
    auto result = run_program({"token", "--output-file", link + "/oidc-token"}, env);
    BOOST_TEST(result.exit_code == 0, result.err);
    fs::remove(target + "/oidc-token");

    BOOST_REQUIRE(::lchown(link.c_str(), 65534, 65534) == 0);
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"token", "--output-file", link + "/oidc-token"},
          {"write", "--path", link + "/sub/oidc-token"}}) {
        result = run_program(args, env);
        BOOST_TEST(result.exit_code == 2);
        BOOST_TEST(result.err.find("refusing to write " + link + "/") != std::string::npos,
                   result.err);
        BOOST_TEST(result.err.find(link + " is a symbolic link of uid 65534, neither root nor "
                                          "you (uid 0)") != std::string::npos,
                   result.err);
        BOOST_TEST(fs::is_empty(target));
    }
}

// A directory others may write without the sticky bit (a Kubernetes emptyDir shared with the
// cosign container) is used, with one warning; a sticky one without.
BOOST_AUTO_TEST_CASE(a_directory_others_may_write_gets_a_warning) {
    ambient_oidc::test::TempDir dir;
    const std::string shared = dir.path() + "/shared";
    fs::create_directories(shared);
    ::chmod(shared.c_str(), 0777);
    const Env env = {{"SIGSTORE_ID_TOKEN", make_token("sigstore")},
                     {"AMBIENT_OIDC_CACHE", "0"},
                     {"HOME", dir.path()}};
    const std::string warning =
        shared +
        " may be written by other users and is not sticky (mode 0777): they can "
        "replace " +
        shared + "/oidc-token after it is written";
    auto result = run_program({"write", "--path", shared + "/oidc-token"}, env);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(ambient_oidc::test::count_of(result.err, warning) == 1, result.err);
    BOOST_TEST(fs::exists(shared + "/oidc-token"));
    ::chmod(shared.c_str(), 01777);
    result = run_program({"token", "--output-file", shared + "/oidc-token"}, env);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.err.empty(), result.err);
}

// A crash must not leave the token in a core file: the process is not dumpable (its /proc
// files then belong to root, even when it runs as nobody) and its core size limit is 0, even
// when the caller allows cores. A provider CLI, its child, looks at it while it runs.
BOOST_AUTO_TEST_CASE(the_process_cannot_dump_core, *needs_root("run as nobody")) {
    BOOST_REQUIRE_MESSAGE(::geteuid() == 0, "needs root to run as nobody");
    ambient_oidc::test::TempDir dir;
    open_up(dir.path());
    BOOST_REQUIRE(::chown(dir.path().c_str(), 65534, 65534) == 0);
    const std::string token = make_token("sigstore");
    ambient_oidc::test::write_file(dir.path() + "/token", token, 0644);
    ambient_oidc::test::write_file(dir.path() + "/buildkite-agent",
                                   "#!/bin/sh\n"
                                   "stat -c %u /proc/$PPID/status > " +
                                       dir.path() + "/owner\n" +
                                       "awk '/^Max core file size/ {print $5}' "
                                       "/proc/$PPID/limits > " +
                                       dir.path() + "/core\n" + "cat " + dir.path() + "/token\n",
                                   0755);
    const Env env = {{"BUILDKITE", "true"},
                     {"AMBIENT_OIDC_CACHE", "0"},
                     {"HOME", dir.path()},
                     {"PATH", dir.path() + ":/usr/bin:/bin"}};
    // As a caller that allows core dumps: this process's soft limit, which its children inherit,
    // raised to the hard one for the run.
    rlimit core{};
    BOOST_REQUIRE(::getrlimit(RLIMIT_CORE, &core) == 0);
    BOOST_REQUIRE_MESSAGE(core.rlim_max != 0, "the hard core size limit is 0 here");
    const rlimit allowed{core.rlim_max, core.rlim_max};
    BOOST_REQUIRE(::setrlimit(RLIMIT_CORE, &allowed) == 0);
    const auto result = run_as(65534, {"token"}, env);
    ::setrlimit(RLIMIT_CORE, &core);
    BOOST_TEST(result.exit_code == 0, result.err);
    BOOST_TEST(result.out == token + "\n");
    BOOST_TEST(ambient_oidc::test::read_file(dir.path() + "/owner") == "0\n");
    BOOST_TEST(ambient_oidc::test::read_file(dir.path() + "/core") == "0\n");
}

// `ulimit -f` too small for the token: the write fails with a message, no signal kills the
// process, and no temporary file is left holding part of the token.
BOOST_AUTO_TEST_CASE(a_file_size_limit_fails_the_write_cleanly) {
    ambient_oidc::test::TempDir dir;
    const std::string audience(1000, 'a');  // a token of about 2 KiB
    const Env env = {{"SIGSTORE_ID_TOKEN", make_token(audience)},
                     {"AMBIENT_OIDC_CACHE", "0"},
                     {"HOME", dir.path()}};
    const std::string out = dir.path() + "/out";
    fs::create_directories(out);
    for (const std::string& command :
         {"token --output-file " + out + "/oidc-token", "write --path " + out + "/oidc-token"}) {
        const auto result =
            run_program({"-c", "ulimit -f 1; exec \"$0\" --audience " + audience + " " + command,
                         AMBIENT_OIDC_BINARY},
                        env, "", std::nullopt, "/bin/sh");
        BOOST_TEST(result.term_signal == 0);
        BOOST_TEST(result.exit_code == 2, result.err);
        BOOST_TEST(result.err.find("cannot write " + out +
                                   "/oidc-token: writing: the file size limit (ulimit -f) was "
                                   "reached") != std::string::npos,
                   result.err);
        BOOST_TEST(fs::is_empty(out));
    }
}

BOOST_AUTO_TEST_CASE(huge_environment_variables) {
    Idp idp;
    idp.server.set_steps({});
    const std::string huge(120 * 1024, 'x');  // near Linux's limit for one variable
    Env env = idp.env();
    for (int i = 0; i < 16; ++i) {  // about 2 MiB of environment in all
        env["FILLER_" + std::to_string(i)] = huge;
    }
    auto with = [&](const std::string& name, const std::string& value) {
        Env copy = env;
        copy[name] = value;
        return run_program({"token", "--ca-file", idp.pki.ca_file}, copy);
    };
    auto result = with("SIGSTORE_ID_TOKEN", huge);
    BOOST_TEST(result.exit_code == 0);  // github-actions comes first and is unaffected
    BOOST_TEST(idp.server.requests() == 1);

    Env local = env;
    local.erase("ACTIONS_ID_TOKEN_REQUEST_URL");
    local["SIGSTORE_ID_TOKEN"] = huge;
    result = run_program({"token"}, local);
    BOOST_TEST(result.exit_code == 7);
    BOOST_TEST(result.err.find("env: SIGSTORE_ID_TOKEN is larger than 64 KiB") !=
               std::string::npos);

    result = with("AMBIENT_OIDC_AUDIENCE", huge);
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err.find("AMBIENT_OIDC_AUDIENCE: is longer than 1024 characters") !=
               std::string::npos);

    result = with("ACTIONS_ID_TOKEN_REQUEST_URL", "https://127.0.0.1/" + huge);
    BOOST_TEST(result.exit_code == 4);     // nothing listens on port 443 here: refused
    BOOST_TEST(result.err.size() < 4096);  // the huge URL is not echoed
}

BOOST_AUTO_TEST_SUITE_END()
