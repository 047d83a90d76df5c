#include "net/http_status.hpp"

#include <Poco/DateTimeParser.h>
#include <Poco/Timestamp.h>

#include <algorithm>

namespace ambient_oidc::net {

namespace {

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

}  // namespace

Failure classify_status(int status) {
    if (status >= 500 || status == 408 || status == 429) {
        return Failure::Transient;
    }
    return Failure::Rejected;
}

std::string describe_status(int status, std::string_view server_reason) {
    std::string reason;
    if (const char* known = standard_reason(status)) {
        reason = known;
    } else {
        for (const char c : server_reason.substr(0, 80)) {
            reason += (c >= 0x20 && c < 0x7f) ? c : '?';
        }
    }
    return "HTTP " + std::to_string(status) + (reason.empty() ? "" : " " + reason);
}

std::optional<Millis> parse_retry_after(std::string_view value, WallTime now) {
    while (!value.empty() && value.front() == ' ') {
        value.remove_prefix(1);
    }
    while (!value.empty() && value.back() == ' ') {
        value.remove_suffix(1);
    }
    if (value.empty()) {
        return std::nullopt;
    }
    if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        if (value.size() > 9) {  // more than 30 years: cap instead of overflowing
            return Millis(std::chrono::hours(24 * 365 * 30));
        }
        return Millis(std::stoll(std::string(value)) * 1000);
    }
    Poco::DateTime date;
    int zone = 0;
    if (!Poco::DateTimeParser::tryParse(std::string(value), date, zone)) {
        return std::nullopt;
    }
    const auto at = WallTime(std::chrono::microseconds(date.timestamp().epochMicroseconds() -
                                                       static_cast<long long>(zone) * 1'000'000));
    const auto left = std::chrono::duration_cast<Millis>(at - now);
    return std::max(left, Millis(0));
}

std::string body_or_throw(const HttpResponse& response, WallTime now) {
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
    throw AttemptError(failure, describe_status(response.status, response.reason), retry_after);
}

}  // namespace ambient_oidc::net
