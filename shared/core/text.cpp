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

}  // namespace ambient_oidc
