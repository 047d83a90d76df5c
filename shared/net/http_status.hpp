// What an HTTP status means for the retry loop (ambient-oidc(1) RETRIES), and Retry-After.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/duration.hpp"
#include "core/log.hpp"
#include "net/failure.hpp"
#include "net/http.hpp"

namespace ambient_oidc::net {

// 5xx, 408 and 429 are Transient; every other status outside 2xx (3xx included: redirects are
// not followed) is Rejected. Only meaningful for non-2xx statuses.
Failure classify_status(int status);

// "HTTP 503 Service Unavailable": the standard reason phrase, else the server's with every
// secret log knows masked first, then printable characters only, cut to 80 (so that a secret
// the server echoes is never printed in part).
std::string describe_status(int status, std::string_view server_reason, const Logger& log);

// The same without masking, for a reason phrase that cannot echo a secret.
std::string describe_status(int status, std::string_view server_reason);

// Parses a Retry-After value: delta-seconds or an HTTP-date (a date in the past means 0).
// Returns nullopt when the value is neither.
std::optional<Millis> parse_retry_after(std::string_view value, WallTime now);

// Returns the body of a 2xx response; otherwise throws the AttemptError its status calls for,
// carrying Retry-After for retried statuses, its reason masked by log.
std::string body_or_throw(const HttpResponse& response, WallTime now, const Logger& log);

}  // namespace ambient_oidc::net
