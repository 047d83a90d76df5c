#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "core/log.hpp"

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
    log.error("s3crets3cret");
    BOOST_TEST(sink.str() ==
               "ambient-oidc: Authorization: Bearer ***\n"
               "ambient-oidc: token *** and *** again\n"
               "ambient-oidc: ******\n");
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
