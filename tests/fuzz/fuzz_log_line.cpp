// What the Logger writes: the masking of secrets (whole, as a word when short, and every run of
// 16 characters or more) and the escaping of everything outside printable text (a hand-written
// UTF-8 reader). Input: SECRET\nMESSAGE; checks that what is written has no control character
// but line breaks, each followed by an indent, that no run of 16 characters of the secret (of
// token characters) is left in it, and that it holds valid UTF-8.
#include <sstream>

#include "core/log.hpp"
#include "core/text.hpp"
#include "fuzz_common.hpp"

namespace {

// True when text is valid UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool valid_utf8(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
        const auto lead = static_cast<unsigned char>(text[at]);
        std::size_t length = lead < 0x80                    ? 1
                             : lead >= 0xc2 && lead <= 0xdf ? 2
                             : lead >= 0xe0 && lead <= 0xef ? 3
                             : lead >= 0xf0 && lead <= 0xf4 ? 4
                                                            : 0;
        if (length == 0 || at + length > text.size()) {
            return false;
        }
        char32_t point = length == 1 ? lead : lead & (0x7f >> length);
        for (std::size_t i = 1; i < length; ++i) {
            const auto next = static_cast<unsigned char>(text[at + i]);
            if ((next & 0xc0) != 0x80) {
                return false;
            }
            point = (point << 6) | (next & 0x3f);
        }
        const char32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
        if (point < least[length] || point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff)) {
            return false;
        }
        at += length;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input = fuzz::text(data, size);
    const auto newline = input.find('\n');
    const std::string secret(input.substr(0, newline));
    const std::string message(newline == std::string_view::npos ? "" : input.substr(newline + 1));
    std::ostringstream sink;
    ambient_oidc::Logger log(sink);
    log.add_secret(secret);
    log.error(message);
    const std::string written = sink.str();
    FUZZ_CHECK(written.size() >= 1 && written.back() == '\n');
    const std::string_view line(written.data(), written.size() - 1);
    FUZZ_CHECK(line.rfind("ambient-oidc: ", 0) == 0);
    for (std::size_t at = 0; at < line.size(); ++at) {
        const auto byte = static_cast<unsigned char>(line[at]);
        if (byte == '\n') {  // a line of the message: indented, never a message of its own
            FUZZ_CHECK(line.compare(at + 1, 2, "  ") == 0);
            continue;
        }
        FUZZ_CHECK(byte >= 0x20 && byte != 0x7f);
    }
    FUZZ_CHECK(valid_utf8(line));
    // A secret of token characters only: one holding '*' or '\\' could be formed anew by the
    // "***" of a mask or an escape's "\\x", which were never the secret.
    const bool token_characters =
        secret.find_first_not_of(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") ==
        std::string::npos;
    if (secret.size() >= ambient_oidc::kSecretRun && token_characters) {
        for (std::size_t at = 0; at + ambient_oidc::kSecretRun <= secret.size(); ++at) {
            FUZZ_CHECK(line.find(secret.substr(at, ambient_oidc::kSecretRun)) == std::string::npos);
        }
    }
    return 0;
}
