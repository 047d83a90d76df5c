#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <stdexcept>

#include "core/duration.hpp"

namespace bdata = boost::unit_test::data;
using ambient_oidc::Millis;

namespace {

struct Parsed {
    const char* text;
    long long millis;
};
std::ostream& operator<<(std::ostream& out, const Parsed& p) {
    return out << p.text;
}

const Parsed kValid[] = {
    {"250ms", 250}, {"1.5s", 1500}, {"2m", 120000}, {"1h", 3600000},  {"30", 30000},
    {"0.5", 500},   {"0", 0},       {"0ms", 0},     {"120s", 120000}, {".5s", 500},
};

const char* const kInvalid[] = {"",    "-1s", "abc", "1x",  "1.2.3", "s",           ".",
                                "1e3", " 1s", "1s ", "1 s", "1S",    "99999999999h"};

}  // namespace

BOOST_AUTO_TEST_SUITE(duration)

BOOST_DATA_TEST_CASE(parses_valid_durations, bdata::make(kValid), sample) {
    BOOST_TEST(ambient_oidc::parse_duration(sample.text).count() == sample.millis);
}

BOOST_DATA_TEST_CASE(rejects_invalid_durations, bdata::make(kInvalid), text) {
    BOOST_CHECK_THROW(ambient_oidc::parse_duration(text), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(error_says_what_is_accepted) {
    try {
        ambient_oidc::parse_duration("5 minutes");
        BOOST_FAIL("no exception");
    } catch (const std::invalid_argument& error) {
        BOOST_TEST(std::string(error.what()).find("250ms, 1.5s, 2m") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(formats_seconds_with_one_decimal) {
    BOOST_TEST(ambient_oidc::format_seconds(Millis(1000)) == "1.0s");
    BOOST_TEST(ambient_oidc::format_seconds(Millis(250)) == "0.2s");
    BOOST_TEST(ambient_oidc::format_seconds(Millis(30000)) == "30.0s");
}

BOOST_AUTO_TEST_CASE(formats_rfc3339_in_utc_whole_seconds) {
    const auto when =
        std::chrono::system_clock::time_point(std::chrono::milliseconds(1'764'331'200'900));
    BOOST_TEST(ambient_oidc::format_rfc3339(when) == "2025-11-28T12:00:00Z");
}

BOOST_AUTO_TEST_SUITE_END()
