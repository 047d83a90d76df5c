// What an HTTP status means for the retry loop (CONTRACT §3), and Retry-After.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/duration.hpp"
#include "net/failure.hpp"
#include "net/http.hpp"

namespace ambient_oidc::net {

// 5xx, 408 and 429 are Transient; every other status outside 2xx (3xx included: redirects are
// not followed) is Rejected. Only meaningful for non-2xx statuses.
Failure classify_status(int status);

// "HTTP 503 Service Unavailable": the standard reason phrase, else the server's (printable
// characters only, at most 80).
std::string describe_status(int status, std::string_view server_reason);

// Parses a Retry-After value: delta-seconds or an HTTP-date (a date in the past means 0).
// Returns nullopt when the value is neither.
std::optional<Millis> parse_retry_after(std::string_view value, WallTime now);

// Returns the body of a 2xx response; otherwise throws the AttemptError its status calls for,
// carrying Retry-After for retried statuses.
std::string body_or_throw(const HttpResponse& response, WallTime now);

}  // namespace ambient_oidc::net
