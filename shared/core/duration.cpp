#include "core/duration.hpp"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Timestamp.h>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <regex>
#include <stdexcept>

namespace ambient_oidc {

namespace {

constexpr double kMaxMillis = 1e12;  // about 31 years: anything larger is a typo

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

}  // namespace

Millis parse_duration(std::string_view text) {
    const std::string shown(text);
    auto fail = [&]() -> Millis {
        throw std::invalid_argument("invalid duration '" + shown +
                                    "': write a non-negative number with an optional unit, "
                                    "e.g. 250ms, 1.5s, 2m, 1h (a bare number is seconds)");
    };
    // The number: digits with at most one decimal point, at least one digit.
    std::size_t i = 0;
    bool digits = false;
    bool point = false;
    for (; i < text.size(); ++i) {
        if (is_digit(text[i])) {
            digits = true;
        } else if (text[i] == '.' && !point) {
            point = true;
        } else {
            break;
        }
    }
    if (!digits) {
        return fail();
    }
    const double value = std::strtod(std::string(text.substr(0, i)).c_str(), nullptr);
    const std::string_view unit = text.substr(i);
    double scale = 0;
    if (unit.empty() || unit == "s") {
        scale = 1000;
    } else if (unit == "ms") {
        scale = 1;
    } else if (unit == "m") {
        scale = 60 * 1000;
    } else if (unit == "h") {
        scale = 3600 * 1000;
    } else {
        return fail();
    }
    const double millis = value * scale;
    if (!std::isfinite(millis) || millis > kMaxMillis) {
        return fail();
    }
    return Millis(static_cast<Millis::rep>(std::llround(millis)));
}

std::string format_seconds(Millis duration) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1fs", static_cast<double>(duration.count()) / 1000.0);
    return buffer;
}

}  // namespace ambient_oidc

namespace ambient_oidc {

namespace {

// 2200-01-01T00:00:00Z.
constexpr std::time_t kLatestTime = 7258118400;

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_rfc3339(const std::string& text) {
    // Poco's parser is lenient ("tomorrow" parses): the shape is checked first.
    static const std::regex kIso8601(
        R"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2}))");
    if (!std::regex_match(text, kIso8601)) {
        return std::nullopt;
    }
    Poco::DateTime parsed;
    int zone = 0;
    for (const auto& format :
         {Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, Poco::DateTimeFormat::ISO8601_FORMAT}) {
        if (Poco::DateTimeParser::tryParse(format, text, parsed, zone)) {
            parsed.makeUTC(zone);
            // Years after 2262 overflow system_clock's nanoseconds.
            const std::time_t seconds = parsed.timestamp().epochTime();
            if (seconds < 0 || seconds > kLatestTime) {
                return std::nullopt;
            }
            return std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
        }
    }
    return std::nullopt;
}

std::string format_rfc3339(std::chrono::system_clock::time_point when) {
    const std::time_t seconds =
        std::chrono::system_clock::to_time_t(std::chrono::floor<std::chrono::seconds>(when));
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

}  // namespace ambient_oidc
