#include "core/log.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <unordered_set>

namespace ambient_oidc {

LogLevel parse_log_level(std::string_view text) {
    if (text == "debug") {
        return LogLevel::Debug;
    }
    if (text == "info") {
        return LogLevel::Info;
    }
    if (text == "warn") {
        return LogLevel::Warn;
    }
    if (text == "error") {
        return LogLevel::Error;
    }
    throw std::invalid_argument("invalid log level '" + std::string(text) +
                                "': use debug, info, warn or error");
}

Logger::Logger(std::ostream& sink, LogLevel level) : sink_(sink), level_(level) {}

void Logger::add_secret(std::string secret) {
    if (secret.empty() || std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end()) {
        return;
    }
    secrets_.push_back(std::move(secret));
    // Longest first, so a secret that contains another is masked whole.
    std::sort(secrets_.begin(), secrets_.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

void Logger::forget_secret(const std::string& secret) {
    secrets_.erase(std::remove(secrets_.begin(), secrets_.end(), secret), secrets_.end());
}

namespace {

bool word_character(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// Marks in masked every place of text that the secret rule of redact_secrets covers for secret.
void mark_secret(std::string_view text, const std::string& secret, std::vector<bool>& masked) {
    const bool short_secret = secret.size() < kSecretAnywhere;
    for (auto at = text.find(secret); at != std::string_view::npos;
         at = text.find(secret, at + 1)) {
        const std::size_t end = at + secret.size();
        if (short_secret && ((at > 0 && word_character(text[at - 1])) ||
                             (end < text.size() && word_character(text[end])))) {
            continue;  // inside a longer word: "te" + "s" + "t" is not the secret "s"
        }
        std::fill(masked.begin() + static_cast<std::ptrdiff_t>(at),
                  masked.begin() + static_cast<std::ptrdiff_t>(end), true);
    }
    if (secret.size() < kSecretRun) {
        return;
    }
    // Every kSecretRun characters of the secret: a part of it (a cut or partial echo) of that
    // length or more is masked wherever it appears.
    std::unordered_set<std::string_view> runs;
    const std::string_view whole(secret);
    for (std::size_t at = 0; at + kSecretRun <= whole.size(); ++at) {
        runs.insert(whole.substr(at, kSecretRun));
    }
    for (std::size_t at = 0; at + kSecretRun <= text.size(); ++at) {
        if (runs.count(text.substr(at, kSecretRun)) != 0) {
            std::fill(masked.begin() + static_cast<std::ptrdiff_t>(at),
                      masked.begin() + static_cast<std::ptrdiff_t>(at + kSecretRun), true);
        }
    }
}

}  // namespace

std::string redact_secrets(std::string text, const std::vector<std::string>& secrets) {
    std::vector<bool> masked(text.size(), false);
    bool any = false;
    for (const auto& secret : secrets) {
        if (!secret.empty()) {
            mark_secret(text, secret, masked);
            any = true;
        }
    }
    if (!any || std::find(masked.begin(), masked.end(), true) == masked.end()) {
        return text;
    }
    // Whole characters: a mask that starts or ends inside a UTF-8 sequence takes all of it, so
    // that masking valid UTF-8 leaves valid UTF-8 (a run of a secret may begin mid-character).
    const auto continuation = [&](std::size_t at) {
        return (static_cast<unsigned char>(text[at]) & 0xc0) == 0x80;
    };
    for (std::size_t at = 0; at < text.size(); ++at) {
        if (masked[at] && (at == 0 || !masked[at - 1])) {
            for (std::size_t begin = at; begin > 0 && continuation(begin); --begin) {
                masked[begin - 1] = true;
            }
        }
        if (masked[at] && at + 1 < text.size() && !masked[at + 1] && continuation(at + 1)) {
            masked[at + 1] = true;
        }
    }
    std::string shown;
    for (std::size_t at = 0; at < text.size(); ++at) {
        if (!masked[at]) {
            shown += text[at];
        } else if (at == 0 || !masked[at - 1]) {
            shown += "***";
        }
    }
    return shown;
}

std::string Logger::redact(std::string text) const {
    return redact_secrets(std::move(text), secrets_);
}

void Logger::log(LogLevel level, std::string_view message) {
    if (level < level_) {
        return;
    }
    // Masked first, on the text as it came; then printable text, whatever it held: each line of
    // the message escaped, every one after the first indented, so that no line but the first
    // can pass for a message of its own ("ambient-oidc: "), and masked again, as an escape's hex
    // digits could complete a run of a secret. The prefix is never masked.
    const std::string masked = redact(std::string(message));
    std::string shown = "ambient-oidc: ";
    for (std::size_t start = 0;;) {
        const auto end = masked.find('\n', start);
        shown +=
            (start == 0 ? "" : "\n  ") + redact(escape_unprintable(std::string_view(masked).substr(
                                             start, end == std::string::npos ? end : end - start)));
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    sink_ << shown << '\n' << std::flush;
}

}  // namespace ambient_oidc
