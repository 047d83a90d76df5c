#include "net/http_status.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "core/text.hpp"

namespace ambient_oidc::net {

namespace {

// Longer than any max-backoff anyone sets; the loop caps it further.
constexpr Millis kMaxRetryAfter = std::chrono::hours(24);

const char* standard_reason(int status) {
    switch (status) {
        case 300: return "Multiple Choices";
        case 301: return "Moved Permanently";
        case 302: return "Found";
        case 303: return "See Other";
        case 304: return "Not Modified";
        case 307: return "Temporary Redirect";
        case 308: return "Permanent Redirect";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 408: return "Request Timeout";
        case 409: return "Conflict";
        case 410: return "Gone";
        case 422: return "Unprocessable Entity";
        case 429: return "Too Many Requests";
        case 500: return "Internal Server Error";
        case 501: return "Not Implemented";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        case 504: return "Gateway Timeout";
        default: return nullptr;
    }
}

// The three date forms HTTP allows (RFC 9110 section 5.6.7), strictly: IMF-fixdate
// "Sun, 06 Nov 1994 08:49:37 GMT", RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT" and asctime
// "Sun Nov  6 08:49:37 1994". Seconds since the epoch.
std::optional<std::time_t> parse_http_date(const std::string& text) {
    static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char weekday[10] = {};
    char month[4] = {};
    int day = 0, year = 0, hour = 0, minute = 0, second = 0, used = 0;
    const int length = static_cast<int>(text.size());
    auto matched = [&](int fields, int expected) { return fields == expected && used == length; };
    const bool imf =
        matched(std::sscanf(text.c_str(), "%3[A-Za-z], %2d %3[A-Za-z] %4d %2d:%2d:%2d GMT%n",
                            weekday, &day, month, &year, &hour, &minute, &second, &used),
                7);
    const bool rfc850 =
        !imf &&
        matched(std::sscanf(text.c_str(), "%9[A-Za-z], %2d-%3[A-Za-z]-%2d %2d:%2d:%2d GMT%n",
                            weekday, &day, month, &year, &hour, &minute, &second, &used),
                7);
    if (rfc850) {
        year += year < 70 ? 2000 : 1900;
    }
    if (!imf && !rfc850 &&
        !matched(std::sscanf(text.c_str(), "%3[A-Za-z] %3[A-Za-z] %2d %2d:%2d:%2d %4d%n", weekday,
                             month, &day, &hour, &minute, &second, &year, &used),
                 7)) {
        return std::nullopt;
    }
    int month_index = -1;
    for (int i = 0; i < 12; ++i) {
        if (std::strcmp(month, kMonths[i]) == 0) {
            month_index = i;
        }
    }
    if (month_index < 0 || day < 1 || day > 31 || year < 1970 || year > 9999 || hour > 23 ||
        minute > 59 || second > 60 || hour < 0 || minute < 0 || second < 0) {
        return std::nullopt;
    }
    std::tm parts{};
    parts.tm_year = year - 1900;
    parts.tm_mon = month_index;
    parts.tm_mday = day;
    parts.tm_hour = hour;
    parts.tm_min = minute;
    parts.tm_sec = second;
    return ::timegm(&parts);
}

}  // namespace

Failure classify_status(int status) {
    if (status >= 500 || status == 408 || status == 429) {
        return Failure::Transient;
    }
    return Failure::Rejected;
}

std::string describe_status(int status, std::string_view server_reason) {
    const char* known = standard_reason(status);
    const std::string reason = known != nullptr ? known : printable(server_reason, 80);
    return "HTTP " + std::to_string(status) + (reason.empty() ? "" : " " + reason);
}

std::string describe_status(int status, std::string_view server_reason, const Logger& log) {
    return describe_status(status, log.redact(std::string(server_reason)));
}

std::optional<Millis> parse_retry_after(std::string_view value, WallTime now) {
    value = trim(value, " \t");
    if (value.empty()) {
        return std::nullopt;
    }
    if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        if (value.size() > 9) {  // cap instead of overflowing
            return kMaxRetryAfter;
        }
        return std::min(Millis(std::stoll(std::string(value)) * 1000), kMaxRetryAfter);
    }
    const auto date = parse_http_date(std::string(value));
    if (!date) {
        return std::nullopt;
    }
    const long long left =
        static_cast<long long>(*date) - std::chrono::system_clock::to_time_t(now);
    return Millis(std::clamp<long long>(left, 0, kMaxRetryAfter.count() / 1000) * 1000);
}

std::string body_or_throw(const HttpResponse& response, WallTime now, const Logger& log) {
    if (response.status >= 200 && response.status < 300) {
        return response.body;
    }
    const Failure failure = classify_status(response.status);
    std::optional<Millis> retry_after;
    if (failure == Failure::Transient) {
        if (const auto header = response.header("Retry-After")) {
            retry_after = parse_retry_after(*header, now);
        }
    }
    throw AttemptError(failure, describe_status(response.status, response.reason, log),
                       retry_after);
}

}  // namespace ambient_oidc::net
