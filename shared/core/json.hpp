// Small JSON helpers shared by every module that reads or writes JSON.
#pragma once

#include <Poco/JSON/Object.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace ambient_oidc {

// A JSON string literal for text, quotes included ("/" is not escaped).
std::string json_quote(std::string_view text);

// Parses text as a JSON object, nesting at most 64 deep. Throws std::invalid_argument with a
// short reason when it is not JSON or not an object.
Poco::JSON::Object::Ptr parse_json_object(const std::string& text);

// True for a JSON number (Poco's isNumeric() also says true for true and false).
bool is_number(const Poco::Dynamic::Var& value);

// Serialises a parsed JSON value compactly, with json_quote for strings.
std::string to_json(const Poco::Dynamic::Var& value);

}  // namespace ambient_oidc
