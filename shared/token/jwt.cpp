#include "token/jwt.hpp"

#include <stdexcept>

#include "core/error.hpp"
#include "core/json.hpp"

namespace ambient_oidc::token {

namespace {

int sextet(char c) {
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    if (c == '-') {
        return 62;
    }
    if (c == '_') {
        return 63;
    }
    return -1;
}

Poco::JSON::Object::Ptr decode_object(std::string_view part, const char* name) {
    auto invalid = [&](const std::string& why) {
        return Error(ErrorKind::InvalidToken,
                     std::string("the token is not a JWT: its ") + name + " " + why);
    };
    std::string json;
    try {
        json = base64url_decode(part);
    } catch (const std::invalid_argument&) {
        throw invalid("is not base64url");
    }
    try {
        return parse_json_object(json, 32);
    } catch (const JsonNulError& error) {
        throw Error(ErrorKind::InvalidToken,
                    std::string("the token's ") + name + " is " + error.what());
    } catch (const std::invalid_argument&) {
        throw invalid("is not a JSON object");
    }
}

}  // namespace

std::string base64url_decode(std::string_view text) {
    if (text.size() % 4 == 1) {
        throw std::invalid_argument("bad base64url length");
    }
    std::string out;
    out.reserve(text.size() * 3 / 4);
    unsigned int bits = 0;
    int count = 0;
    for (const char c : text) {
        const int value = sextet(c);
        if (value < 0) {
            throw std::invalid_argument("bad base64url character");
        }
        bits = (bits << 6) | static_cast<unsigned int>(value);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out += static_cast<char>((bits >> count) & 0xff);
        }
    }
    return out;
}

Jwt decode_jwt(std::string_view token) {
    const auto first = token.find('.');
    const auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
    if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
        throw Error(ErrorKind::InvalidToken,
                    "the token is not a JWT: it does not have three dot-separated parts");
    }
    const std::string_view signature = token.substr(second + 1);
    if (first == 0 || second == first + 1 || signature.empty()) {
        throw Error(ErrorKind::InvalidToken, "the token is not a JWT: a part is empty");
    }
    try {
        base64url_decode(signature);
    } catch (const std::invalid_argument&) {
        throw Error(ErrorKind::InvalidToken,
                    "the token is not a JWT: its signature is not base64url");
    }
    return Jwt{decode_object(token.substr(0, first), "header"),
               decode_object(token.substr(first + 1, second - first - 1), "payload")};
}

}  // namespace ambient_oidc::token
