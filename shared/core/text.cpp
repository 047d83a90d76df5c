#include "core/text.hpp"

#include <cctype>

namespace ambient_oidc {

std::string_view trim(std::string_view text, std::string_view chars) {
    const auto begin = text.find_first_not_of(chars);
    if (begin == std::string_view::npos) {
        return {};
    }
    return text.substr(begin, text.find_last_not_of(chars) - begin + 1);
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string printable(std::string_view text, std::size_t max_length) {
    std::string shown;
    for (const char c : text.substr(0, max_length)) {
        shown += (c >= 0x20 && c < 0x7f) ? c : '?';
    }
    return shown;
}

namespace {

// The length of the valid UTF-8 sequence at the start of text, or 0; its code point in point.
std::size_t utf8_sequence(std::string_view text, char32_t& point) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(0);
    std::size_t length = 0;
    char32_t least = 0;
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2, least = 0x80, point = lead & 0x1f;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3, least = 0x800, point = lead & 0x0f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4, least = 0x10000, point = lead & 0x07;
    } else {
        return 0;
    }
    if (text.size() < length) {
        return 0;
    }
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(i) & 0xc0) != 0x80) {
            return 0;
        }
        point = (point << 6) | (byte(i) & 0x3f);
    }
    const bool surrogate = point >= 0xd800 && point <= 0xdfff;
    return point < least || point > 0x10ffff || surrogate ? 0 : length;
}

// C1 controls, line and paragraph separators, and the marks that reorder or hide text.
bool unprintable_point(char32_t point) {
    return (point >= 0x80 && point <= 0x9f) || (point >= 0x200b && point <= 0x200f) ||
           (point >= 0x2028 && point <= 0x202e) || (point >= 0x2060 && point <= 0x206f) ||
           point == 0xfeff;
}

}  // namespace

std::string escape_unprintable(std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string shown;
    shown.reserve(text.size());
    const auto escape = [&](unsigned char byte) {
        shown += "\\x";
        shown += kHex[byte >> 4];
        shown += kHex[byte & 0x0f];
    };
    for (std::size_t at = 0; at < text.size();) {
        const auto c = static_cast<unsigned char>(text[at]);
        if (c >= 0x20 && c < 0x7f) {
            shown += static_cast<char>(c);
            ++at;
        } else if (char32_t point = 0;
                   const std::size_t length = utf8_sequence(text.substr(at), point)) {
            if (unprintable_point(point)) {
                for (std::size_t i = 0; i < length; ++i) {
                    escape(static_cast<unsigned char>(text[at + i]));
                }
            } else {
                shown.append(text.substr(at, length));
            }
            at += length;
        } else {
            escape(c);
            ++at;
        }
    }
    return shown;
}

}  // namespace ambient_oidc
