#include "support/jwt.hpp"

#include <chrono>
#include <cstdio>

namespace ambient_oidc::test {

std::string base64url(const std::string& bytes) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    std::uint32_t bits = 0;
    int bit_count = 0;
    for (const unsigned char byte : bytes) {
        bits = (bits << 8) | byte;
        bit_count += 8;
        while (bit_count >= 6) {
            bit_count -= 6;
            out += kAlphabet[(bits >> bit_count) & 63];
        }
    }
    if (bit_count > 0) {
        out += kAlphabet[(bits << (6 - bit_count)) & 63];
    }
    return out;
}

std::string json_quote(const std::string& text) {
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
                    std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
                    out += escaped;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

std::string make_jwt(const std::string& payload_json, const std::string& header_json) {
    std::string signature(32, '\0');
    for (std::size_t i = 0; i < signature.size(); ++i) {
        signature[i] = static_cast<char>(i * 73 + 41);
    }
    return base64url(header_json) + "." + base64url(payload_json) + "." + base64url(signature);
}

std::string make_token(const std::string& audience, std::int64_t lifetime_seconds) {
    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    return make_jwt(R"({"iss":"https://token.actions.githubusercontent.com",)"
                    R"("sub":"repo:example/project:ref:refs/heads/main","aud":)" +
                    json_quote(audience) + R"(,"iat":)" + std::to_string(now) + R"(,"nbf":)" +
                    std::to_string(now) + R"(,"exp":)" + std::to_string(now + lifetime_seconds) +
                    R"(,"repository":"example/project"})");
}

}  // namespace ambient_oidc::test
