#include "core/json.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <cstdio>
#include <stdexcept>

namespace ambient_oidc {

std::string json_quote(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char escaped[8];
                    std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
                    out += escaped;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

namespace {

// Throws JsonNulError when valid JSON text holds the escape \u0000. In valid JSON every backslash
// starts an escape inside a string, so pairing them from the left finds exactly the escapes.
// (Poco's setAllowNullByte(false) would also refuse an escaped backslash followed by "u0000".)
void refuse_nul(std::string_view text) {
    std::size_t line = 1, line_start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
        } else if (text[i] == '\\') {
            if (text.compare(i + 1, 5, "u0000") == 0) {
                throw JsonNulError(
                    "not usable JSON: a string holds \\u0000 (a NUL character) at line " +
                    std::to_string(line) + ", column " + std::to_string(i - line_start + 1));
            }
            ++i;  // the escaped character
        }
    }
}

}  // namespace

Poco::JSON::Object::Ptr parse_json_object(const std::string& text, std::size_t depth) {
    Poco::Dynamic::Var value;
    try {
        Poco::JSON::Parser parser;
        parser.setDepth(depth);
        value = parser.parse(text);
    } catch (const Poco::Exception& error) {
        throw std::invalid_argument("not valid JSON (" + error.message() + ")");
    }
    refuse_nul(text);
    if (value.type() != typeid(Poco::JSON::Object::Ptr)) {
        throw std::invalid_argument("not a JSON object");
    }
    return value.extract<Poco::JSON::Object::Ptr>();
}

bool is_number(const Poco::Dynamic::Var& value) {
    return value.isNumeric() && !value.isBoolean();
}

std::string to_json(const Poco::Dynamic::Var& value) {
    if (value.isEmpty()) {
        return "null";
    }
    if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
        std::string out = "{";
        const auto object = value.extract<Poco::JSON::Object::Ptr>();
        for (const auto& [key, item] : *object) {
            out += (out.size() > 1 ? "," : "") + json_quote(key) + ":" + to_json(item);
        }
        return out + "}";
    }
    if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
        std::string out = "[";
        for (const auto& item : *value.extract<Poco::JSON::Array::Ptr>()) {
            out += (out.size() > 1 ? "," : "") + to_json(item);
        }
        return out + "]";
    }
    if (value.isString()) {
        return json_quote(value.toString());
    }
    if (value.isBoolean()) {
        return value.convert<bool>() ? "true" : "false";
    }
    return value.toString();
}

}  // namespace ambient_oidc
