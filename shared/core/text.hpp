// Small text helpers shared by the parsers.
#pragma once

#include <string>
#include <string_view>

namespace ambient_oidc {

// text without the leading and trailing characters found in chars (white space by default).
std::string_view trim(std::string_view text, std::string_view chars = " \t\r\n");

// text in lower case (ASCII).
std::string lower(std::string_view text);

// The first max_length bytes of text, each outside printable ASCII replaced by '?', so that it
// can be printed on one line of a terminal.
std::string printable(std::string_view text, std::size_t max_length);

// text with every character outside printable text escaped as \xHH, one per byte: the ASCII
// controls (CR, LF, ESC, ...), DEL, the C1 controls, the Unicode line and paragraph separators,
// invisible and direction marks, and every byte that is not part of valid UTF-8. Printable ASCII
// and the other UTF-8 characters are kept.
std::string escape_unprintable(std::string_view text);

}  // namespace ambient_oidc
