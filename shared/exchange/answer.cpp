#include "exchange/answer.hpp"

#include <Poco/JSON/Array.h>

#include <stdexcept>

#include "core/duration.hpp"
#include "core/json.hpp"
#include "core/text.hpp"
#include "net/failure.hpp"

namespace ambient_oidc::exchange {

namespace {

using net::AttemptError;
using net::Failure;

constexpr std::size_t kMaxWords = 400;

std::string string_member(const Poco::JSON::Object& object, const std::string& key) {
    const Poco::Dynamic::Var value = object.get(key);
    return value.isString() ? std::string(trim(value.toString())) : std::string();
}

void append(std::string& words, const std::string& part, const char* separator = "; ") {
    if (!part.empty()) {
        words += (words.empty() ? "" : separator) + part;
    }
}

// "code: title: detail" of one entry of an `errors` array.
std::string entry_words(const Poco::Dynamic::Var& entry) {
    if (entry.isString()) {
        return std::string(trim(entry.toString()));
    }
    if (entry.type() != typeid(Poco::JSON::Object::Ptr)) {
        return "";
    }
    const auto object = entry.extract<Poco::JSON::Object::Ptr>();
    std::string words;
    for (const char* key : {"code", "title", "detail", "description", "message"}) {
        append(words, string_member(*object, key), ": ");
    }
    return words;
}

std::optional<Poco::JSON::Object::Ptr> try_object(std::string_view body) {
    try {
        return parse_json_object(std::string(body), 16);
    } catch (const std::invalid_argument&) {
        return std::nullopt;
    }
}

}  // namespace

Poco::JSON::Object::Ptr answer_object(std::string_view body, const std::string& title) {
    try {
        return parse_json_object(std::string(body), 16);
    } catch (const std::invalid_argument& error) {
        throw AttemptError(Failure::InvalidToken,
                           title + " answered with a body that is " + error.what());
    }
}

std::string required_string(const Poco::JSON::Object& object, const std::string& key,
                            const std::string& title) {
    const Poco::Dynamic::Var value = object.get(key);
    if (value.isEmpty()) {
        throw AttemptError(Failure::InvalidToken, title + " answered without \"" + key + "\"");
    }
    if (!value.isString() || value.toString().empty()) {
        throw AttemptError(Failure::InvalidToken, title + " answered with a \"" + key +
                                                      "\" that is not a non-empty string");
    }
    return value.toString();
}

std::optional<WallTime> optional_time(const Poco::JSON::Object& object, const std::string& key) {
    const Poco::Dynamic::Var value = object.get(key);
    if (value.isString()) {
        return parse_rfc3339(value.toString());
    }
    if (is_number(value)) {
        const double seconds = value.convert<double>();
        if (seconds > 0 && seconds < 7258118400.0) {  // before 2200
            return WallTime(std::chrono::seconds(static_cast<long long>(seconds)));
        }
    }
    return std::nullopt;
}

std::string decode_error_body(std::string_view body) {
    const auto object = try_object(body);
    std::string words;
    if (!object) {
        const std::string_view first = trim(body.substr(0, body.find('\n')));
        return printable(first, kMaxWords);
    }
    const Poco::Dynamic::Var errors = (*object)->get("errors");
    if (errors.type() == typeid(Poco::JSON::Array::Ptr)) {
        for (const auto& entry : *errors.extract<Poco::JSON::Array::Ptr>()) {
            append(words, entry_words(entry));
        }
    } else if (errors.isString()) {
        append(words, string_member(**object, "errors"));
    }
    if (words.empty()) {
        append(words, string_member(**object, "error"), ": ");
        append(words, string_member(**object, "error_description"), ": ");
    }
    if (words.empty()) {
        append(words, string_member(**object, "message"));
        append(words, string_member(**object, "detail"));
    }
    return printable(words, kMaxWords);
}

std::vector<std::string> error_codes(std::string_view body) {
    const auto object = try_object(body);
    std::vector<std::string> codes;
    if (!object) {
        return codes;
    }
    const Poco::Dynamic::Var errors = (*object)->get("errors");
    if (errors.type() != typeid(Poco::JSON::Array::Ptr)) {
        return codes;
    }
    for (const auto& entry : *errors.extract<Poco::JSON::Array::Ptr>()) {
        if (entry.type() == typeid(Poco::JSON::Object::Ptr)) {
            codes.push_back(string_member(*entry.extract<Poco::JSON::Object::Ptr>(), "code"));
        }
    }
    return codes;
}

}  // namespace ambient_oidc::exchange
