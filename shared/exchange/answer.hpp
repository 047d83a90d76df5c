// Reading the JSON that exchange services answer with: the credential in a 2xx answer, and the
// service's own words in a refusal. Shared by the rows; each row says which fields it reads.
#pragma once

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace ambient_oidc::exchange {

// The largest answer read from a service.
constexpr std::size_t kMaxAnswer = 64 * 1024;

// body parsed as a JSON object. Throws net::AttemptError(InvalidToken) "<title> answered with a
// body that is not a JSON object (...)" otherwise.
Poco::JSON::Object::Ptr answer_object(std::string_view body, const std::string& title);

// The non-empty string member key of object. Throws net::AttemptError(InvalidToken) naming the
// member when it is missing, not a string or empty.
std::string required_string(const Poco::JSON::Object& object, const std::string& key,
                            const std::string& title);

// A time member: seconds since the epoch (a number) or an RFC 3339 string; nullopt when it is
// missing or neither.
std::optional<WallTime> optional_time(const Poco::JSON::Object& object, const std::string& key);

// The service's explanation in a refusal's body, on one line, at most 400 printable characters:
// the entries of `errors` (strings, or objects whose `code`, `title`, `detail`, `description` or
// `message` are joined), else `error` and `error_description`, else `message` or `detail`; for a
// body that is not JSON, its first line. "" when there is nothing to say.
std::string decode_error_body(std::string_view body);

// The `code`s of the objects in body's `errors` array (PyPI's "invalid-reuse-token").
std::vector<std::string> error_codes(std::string_view body);

}  // namespace ambient_oidc::exchange
