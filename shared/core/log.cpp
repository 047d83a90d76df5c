#include "core/log.hpp"

#include <algorithm>
#include <stdexcept>

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

std::string redact_secrets(std::string text, const std::vector<std::string>& secrets) {
    std::vector<const std::string*> longest_first;
    for (const auto& secret : secrets) {
        if (!secret.empty()) {
            longest_first.push_back(&secret);
        }
    }
    std::stable_sort(
        longest_first.begin(), longest_first.end(),
        [](const std::string* a, const std::string* b) { return a->size() > b->size(); });
    for (const std::string* secret : longest_first) {
        for (auto at = text.find(*secret); at != std::string::npos;
             at = text.find(*secret, at + 3)) {
            text.replace(at, secret->size(), "***");
        }
    }
    return text;
}

std::string Logger::redact(std::string text) const {
    return redact_secrets(std::move(text), secrets_);
}

void Logger::log(LogLevel level, std::string_view message) {
    if (level < level_) {
        return;
    }
    sink_ << redact("ambient-oidc: " + std::string(message)) << '\n' << std::flush;
}

}  // namespace ambient_oidc
