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

}  // namespace ambient_oidc
