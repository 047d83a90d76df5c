#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "core/log.hpp"
#include "core/text.hpp"

namespace fs = std::filesystem;

BOOST_AUTO_TEST_SUITE(logging)

BOOST_AUTO_TEST_CASE(secrets_are_redacted_at_every_level) {
    std::ostringstream sink;
    ambient_oidc::Logger log(sink, ambient_oidc::LogLevel::Debug);
    log.add_secret("s3cret-request-token");
    log.add_secret("s3cret");
    log.add_secret("");
    log.debug("Authorization: Bearer s3cret-request-token");
    log.info("token s3cret and s3cret again");
    log.error("(s3cret)=s3cret");
    BOOST_TEST(sink.str() ==
               "ambient-oidc: Authorization: Bearer ***\n"
               "ambient-oidc: token *** and *** again\n"
               "ambient-oidc: (***)=***\n");
}

// A secret shorter than 8 characters is masked where it stands apart from letters and digits
// only: a one-character secret is not masked inside every word ("te***t").
BOOST_AUTO_TEST_CASE(a_short_secret_is_masked_only_as_a_word) {
    std::ostringstream sink;
    ambient_oidc::Logger log(sink);
    log.add_secret("s");
    log.add_secret("pw12345");
    log.add_secret("long-enough");
    BOOST_TEST(log.redact("test: s, user:pw12345@proxy") == "test: ***, user:***@proxy");
    BOOST_TEST(log.redact("tests xpw12345 pw123456") == "tests xpw12345 pw123456");
    BOOST_TEST(log.redact("xlong-enoughx") == "x***x");
}

// A part of a secret of 16 characters or more is masked wherever it appears, as a service that
// echoes the first 120 or the last 60 characters of the token it refused shows it.
BOOST_AUTO_TEST_CASE(every_run_of_16_characters_of_a_secret_is_masked) {
    std::ostringstream sink;
    ambient_oidc::Logger log(sink);
    const std::string token =
        "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmEvYjpyZWYifQ.c2lnbmF0dXJlLXBhcnQ";
    log.add_secret(token);
    log.error("Code " + token.substr(0, 40) + " Message: token " + token.substr(3, 16) +
              "... and " + token.substr(token.size() - 15) + " end");
    BOOST_TEST(sink.str() == "ambient-oidc: Code *** Message: token ***... and " +
                                 token.substr(token.size() - 15) + " end\n");
    BOOST_TEST(log.redact(token.substr(10, 16) + token.substr(30, 16)) == "***");
}

// Whatever a message holds (a token's aud, a service's error text), what reaches the stream is
// printable text: CR, ESC and the other controls are escaped where lines are written, and a line
// break starts an indented line, which cannot pass for a message of its own.
BOOST_AUTO_TEST_CASE(control_characters_are_escaped_where_lines_are_written) {
    std::ostringstream sink;
    ambient_oidc::Logger log(sink, ambient_oidc::LogLevel::Debug);
    log.warn(
        "aud 'x\rambient-oidc: forged\nline\x1b[2J\x7f' caf\xc3\xa9 \xc2\x9b \xe2\x80\xae \xff");
    BOOST_TEST(sink.str() ==
               "ambient-oidc: aud 'x\\x0dambient-oidc: forged\n  line\\x1b[2J\\x7f' caf\xc3\xa9 "
               "\\xc2\\x9b \\xe2\\x80\\xae \\xff\n");
    BOOST_TEST(ambient_oidc::escape_unprintable("\xe2\x82") == "\\xe2\\x82");           // cut short
    BOOST_TEST(ambient_oidc::escape_unprintable("\xed\xa0\x80") == "\\xed\\xa0\\x80");  // surrogate
}

BOOST_AUTO_TEST_CASE(a_forgotten_secret_is_no_longer_kept) {
    std::ostringstream sink;
    ambient_oidc::Logger log(sink);
    log.add_secret("old-token");
    log.add_secret("new-token");
    log.forget_secret("old-token");
    log.forget_secret("never-added");
    BOOST_TEST(log.secret_count() == 1u);
    BOOST_TEST(log.redact("old-token new-token") == "old-token ***");
}

BOOST_AUTO_TEST_CASE(levels_filter) {
    std::ostringstream sink;
    ambient_oidc::Logger log(sink, ambient_oidc::LogLevel::Warn);
    log.debug("d");
    log.info("i");
    log.warn("w");
    log.error("e");
    BOOST_TEST(sink.str() == "ambient-oidc: w\nambient-oidc: e\n");
    BOOST_CHECK_THROW(ambient_oidc::parse_log_level("verbose"), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(atomic_file)

struct Dir {
    fs::path path =
        fs::temp_directory_path() / ("ambient-oidc-atomic-" + std::to_string(::getpid()));
    Dir() { fs::create_directories(path); }
    ~Dir() { fs::remove_all(path); }
    std::size_t entries() const {
        return static_cast<std::size_t>(std::distance(fs::directory_iterator(path), {}));
    }
};

BOOST_AUTO_TEST_CASE(writes_with_mode_0600_and_replaces) {
    Dir dir;
    const std::string file = (dir.path / "token").string();
    std::ofstream(file) << "old";
    ::chmod(file.c_str(), 0644);
    ambient_oidc::write_file_atomic(file, "new-token", 0600);
    std::ifstream in(file);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    BOOST_TEST(text == "new-token");
    struct stat info {};
    ::stat(file.c_str(), &info);
    BOOST_TEST((info.st_mode & 0777) == 0600u);
    BOOST_TEST(dir.entries() == 1u);
}

BOOST_AUTO_TEST_CASE(a_failed_write_leaves_nothing) {
    Dir dir;
    const std::string target = (dir.path / "missing" / "token").string();
    try {
        ambient_oidc::write_file_atomic(target, "x", 0600);
        BOOST_FAIL("no error");
    } catch (const ambient_oidc::Error& error) {
        BOOST_TEST(static_cast<int>(error.kind()) == 2);
        BOOST_TEST(std::string(error.what()).find(target) != std::string::npos);
    }
    // Renaming onto a directory fails after the temporary file was written: it must be gone.
    fs::create_directories(dir.path / "busy" / "inner");
    BOOST_CHECK_THROW(ambient_oidc::write_file_atomic((dir.path / "busy").string(), "x"),
                      ambient_oidc::Error);
    BOOST_TEST(dir.entries() == 1u);
}

// A character device or a FIFO, or a link to one, is written into (as tee does), never replaced
// by a regular file; a socket is refused, naming what it is.
BOOST_AUTO_TEST_CASE(a_device_or_fifo_is_written_into_never_replaced) {
    Dir dir;
    const fs::path null_link = dir.path / "null";
    fs::create_symlink("/dev/null", null_link);
    ambient_oidc::write_file_atomic(null_link.string(), "token", 0600);
    BOOST_TEST(fs::is_symlink(null_link));
    struct stat info {};
    BOOST_REQUIRE(::stat("/dev/null", &info) == 0);
    BOOST_TEST(S_ISCHR(info.st_mode));

    const fs::path fifo = dir.path / "fifo";
    BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const fs::path fifo_link = dir.path / "fifo-link";
    fs::create_symlink(fifo, fifo_link);
    // No reader: an error naming the path, not a wait.
    try {
        ambient_oidc::write_file_atomic(fifo_link.string(), "token", 0600);
        BOOST_FAIL("no error");
    } catch (const ambient_oidc::Error& error) {
        BOOST_TEST(static_cast<int>(error.kind()) == 2);
        BOOST_TEST(std::string(error.what()).find("a FIFO") != std::string::npos);
    }
    const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    BOOST_REQUIRE(reader >= 0);
    ambient_oidc::write_file_atomic(fifo_link.string(), "token", 0600);
    char buffer[16] = {};
    BOOST_TEST(::read(reader, buffer, sizeof buffer) == 5);
    ::close(reader);
    BOOST_TEST(std::string(buffer) == "token");
    BOOST_TEST(fs::is_symlink(fifo_link));
    BOOST_TEST(fs::is_fifo(fifo));

    const fs::path socket_path = dir.path / "socket";
    const int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", socket_path.c_str());
    BOOST_REQUIRE(::bind(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    try {
        ambient_oidc::write_file_atomic(socket_path.string(), "token", 0600);
        BOOST_FAIL("no error");
    } catch (const ambient_oidc::Error& error) {
        BOOST_TEST(static_cast<int>(error.kind()) == 2);
        BOOST_TEST(std::string(error.what()) ==
                   "refusing to write " + socket_path.string() +
                       ": it is a socket, not a regular file, a character device or a FIFO");
    }
    ::close(sock);
    BOOST_TEST(fs::is_socket(socket_path));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(json)

BOOST_AUTO_TEST_CASE(quotes_and_round_trips) {
    BOOST_TEST(ambient_oidc::json_quote("a\"b\\c\n\x01/") == R"("a\"b\\c\n\u0001/")");
    const auto object = ambient_oidc::parse_json_object(R"({"b":[1,true,null,"x"],"a":{"c":1.5}})");
    BOOST_TEST(ambient_oidc::to_json(object) == R"({"a":{"c":1.5},"b":[1,true,null,"x"]})");
    BOOST_CHECK_THROW(ambient_oidc::parse_json_object("[]"), std::invalid_argument);
    BOOST_CHECK_THROW(ambient_oidc::parse_json_object(std::string(100, '[')),
                      std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
