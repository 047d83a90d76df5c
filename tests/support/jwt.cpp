#include "support/jwt.hpp"

#include <chrono>
#include <cstdint>

#include "core/json.hpp"

namespace ambient_oidc::test {

namespace {

std::string encode(const std::string& bytes, const char* alphabet, bool pad) {
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3 + 2);
    std::uint32_t bits = 0;
    int bit_count = 0;
    for (const unsigned char byte : bytes) {
        bits = (bits << 8) | byte;
        bit_count += 8;
        while (bit_count >= 6) {
            bit_count -= 6;
            out += alphabet[(bits >> bit_count) & 63];
        }
    }
    if (bit_count > 0) {
        out += alphabet[(bits << (6 - bit_count)) & 63];
    }
    while (pad && out.size() % 4 != 0) {
        out += '=';
    }
    return out;
}

}  // namespace

std::string base64url(const std::string& bytes) {
    return encode(bytes, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", false);
}

std::string base64(const std::string& bytes) {
    return encode(bytes, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", true);
}

std::string make_jwt(const std::string& payload_json, const std::string& header_json) {
    std::string signature(32, '\0');
    for (std::size_t i = 0; i < signature.size(); ++i) {
        signature[i] = static_cast<char>(i * 73 + 41);
    }
    return base64url(header_json) + "." + base64url(payload_json) + "." + base64url(signature);
}

std::string make_token(const std::string& audience, std::int64_t lifetime_seconds,
                       std::size_t min_bytes, const std::string& jti_start) {
    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    const auto token = [&](const std::string& jti) {
        return make_jwt(R"({"iss":"https://token.actions.githubusercontent.com",)"
                        R"("sub":"repo:example/project:ref:refs/heads/main","aud":)" +
                        json_quote(audience) + R"(,"iat":)" + std::to_string(now) + R"(,"nbf":)" +
                        std::to_string(now) + R"(,"exp":)" +
                        std::to_string(now + lifetime_seconds) +
                        R"(,"repository":"example/project")" +
                        (jti.empty() ? "" : R"(,"jti":")" + jti + "\"") + "}");
    };
    std::string result = token(jti_start);
    if (result.size() < min_bytes) {
        // Base64url makes 4 characters of every 3 bytes; the claim's own framing is 9 bytes.
        std::size_t claim = (min_bytes - result.size()) * 3 / 4 + 9;
        result = token(jti_start + std::string(claim, 'a'));
        while (result.size() < min_bytes) {
            result = token(jti_start + std::string(claim += 3, 'a'));
        }
    }
    return result;
}

}  // namespace ambient_oidc::test
