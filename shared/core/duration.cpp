#include "core/duration.hpp"

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
constexpr long long kLatestTime = 7258118400;

// Days from 1970-01-01 to the proleptic Gregorian date (Howard Hinnant's days_from_civil).
long long days_from_civil(long long year, unsigned month, unsigned day) {
    year -= month <= 2 ? 1 : 0;
    const long long era = (year >= 0 ? year : year - 399) / 400;
    const auto year_of_era = static_cast<unsigned>(year - era * 400);
    const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const unsigned day_of_era =
        year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + static_cast<long long>(day_of_era) - 719468;
}

unsigned days_in_month(long long year, unsigned month) {
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_rfc3339(const std::string& text) {
    static const std::regex kRfc3339(
        R"(([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,9})?(Z|([+-])([0-9]{2}):([0-9]{2})))");
    std::smatch parts;
    if (!std::regex_match(text, parts, kRfc3339)) {
        return std::nullopt;
    }
    const auto number = [&](std::size_t i) { return std::stoll(parts[i].str()); };
    const long long year = number(1), month = number(2), day = number(3);
    const long long hour = number(4), minute = number(5), second = number(6);
    if (month < 1 || month > 12 || day < 1 ||
        day > days_in_month(year, static_cast<unsigned>(month)) || hour > 23 || minute > 59 ||
        second > 59) {
        return std::nullopt;
    }
    long long offset = 0;
    if (parts[8].str() != "Z") {
        const long long offset_hours = number(10), offset_minutes = number(11);
        if (offset_hours > 23 || offset_minutes > 59) {
            return std::nullopt;
        }
        offset = (offset_hours * 60 + offset_minutes) * 60 * (parts[9].str() == "-" ? -1 : 1);
    }
    const long long seconds =
        days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
        hour * 3600 + minute * 60 + second - offset;
    // Years after 2262 overflow system_clock's nanoseconds; none is a credential's end.
    if (seconds < 0 || seconds > kLatestTime) {
        return std::nullopt;
    }
    return std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
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
