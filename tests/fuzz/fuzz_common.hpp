// Helpers shared by the libFuzzer targets of this directory.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace fuzz {

// The input as text.
inline std::string_view text(const std::uint8_t* data, std::size_t size) {
    return std::string_view(reinterpret_cast<const char*>(data), size);
}

// An invariant of the code under test: a violation is a finding, so it aborts (libFuzzer then
// saves the input as a crash artifact).
#define FUZZ_CHECK(condition)                                                                      \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
            std::abort();                                                                          \
        }                                                                                          \
    } while (0)

// A fixed "now", so that every run of an input behaves the same: 2026-11-28T12:00:00Z.
inline std::chrono::system_clock::time_point fixed_now() {
    return std::chrono::system_clock::time_point(std::chrono::seconds(1795867200));
}

// Splits text at every separator.
inline std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    for (;;) {
        const auto at = text.find(separator);
        parts.push_back(text.substr(0, at));
        if (at == std::string_view::npos) {
            return parts;
        }
        text.remove_prefix(at + 1);
    }
}

// Unpadded base64url, to build tokens from structured inputs.
inline std::string base64url_encode(std::string_view bytes) {
    static const char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 |
                           static_cast<unsigned char>(bytes[i + 1]) << 8 |
                           static_cast<unsigned char>(bytes[i + 2]);
        out += kAlphabet[v >> 18];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    if (bytes.size() - i == 1) {
        const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        out += kAlphabet[v >> 18];
        out += kAlphabet[(v >> 12) & 63];
    } else if (bytes.size() - i == 2) {
        const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 |
                           static_cast<unsigned char>(bytes[i + 1]) << 8;
        out += kAlphabet[v >> 18];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
    }
    return out;
}

// A token from the input. An input that starts with '{' is structured, so that the fuzzer
// reaches the claim checks without having to discover base64url: "HEADER-JSON\nPAYLOAD-JSON\n
// SIGNATURE-BYTES", each part base64url-encoded and joined with dots. Any other input is the
// token as it would arrive.
inline std::string token_from_input(std::string_view input) {
    if (input.empty() || input.front() != '{') {
        return std::string(input);
    }
    const auto parts = split(input, '\n');
    std::string token = base64url_encode(parts[0]);
    token += '.';
    token += parts.size() > 1 ? base64url_encode(parts[1]) : std::string();
    token += '.';
    if (parts.size() > 2) {
        // Whatever follows the second newline, newlines included, is the signature.
        token += base64url_encode(input.substr(parts[0].size() + parts[1].size() + 2));
    }
    return token;
}

}  // namespace fuzz
