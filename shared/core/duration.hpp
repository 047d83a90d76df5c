// Durations as users write them: "250ms", "1.5s", "2m", "1h", or a bare number of seconds.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ambient_oidc {

using Millis = std::chrono::milliseconds;

// Parses a non-negative duration. Throws std::invalid_argument with a message saying what is
// accepted when the text is empty, negative, not a number, has an unknown unit, or is too large.
Millis parse_duration(std::string_view text);

// Formats a duration as seconds with one decimal, e.g. "1.0s", "0.3s", "30.0s".
std::string format_seconds(Millis duration);

}  // namespace ambient_oidc

namespace ambient_oidc {

// "2026-11-28T12:00:00Z": whole seconds, UTC (RFC 3339).
std::string format_rfc3339(std::chrono::system_clock::time_point when);

// Parses an RFC 3339 date-time with seconds and a zone ("2026-11-28T12:00:00Z",
// "2026-11-28T13:00:00.5+01:00"), strictly: every field in its range (an offset of at most
// 23:59), between 1970 and 2200; nullopt for anything else.
std::optional<std::chrono::system_clock::time_point> parse_rfc3339(const std::string& text);

}  // namespace ambient_oidc
