// Small JSON helpers shared by every module that reads or writes JSON.
#pragma once

#include <Poco/JSON/Object.h>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ambient_oidc {

// A JSON string literal for text, quotes included ("/" is not escaped).
std::string json_quote(std::string_view text);

// Thrown by parse_json_object for a string or a name holding \u0000 (a NUL character), which
// Poco's parser keeps in a value but cuts a name at, and which C strings downstream would cut.
class JsonNulError : public std::invalid_argument {
  public:
    using std::invalid_argument::invalid_argument;
};

// Parses text as a JSON object, nesting at most depth deep. Throws std::invalid_argument with a
// short reason that reads after "is" ("not valid JSON (...)", "not a JSON object") when it is
// not JSON or not an object, and JsonNulError when a string or a name in it holds \u0000.
Poco::JSON::Object::Ptr parse_json_object(const std::string& text, std::size_t depth = 64);

// True for a JSON number (Poco's isNumeric() also says true for true and false).
bool is_number(const Poco::Dynamic::Var& value);

// Serialises a parsed JSON value compactly, with json_quote for strings.
std::string to_json(const Poco::Dynamic::Var& value);

}  // namespace ambient_oidc
