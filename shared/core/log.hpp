// Diagnostics on stderr. Every line goes through redaction: each registered secret (the token,
// every request credential) is replaced by "***", whatever the level, and so is every part of
// one that is kSecretRun characters or longer (a cut or an echo of it). Then every character
// outside printable text (CR, ESC, ...) is escaped; a message of several lines (a YAML snippet
// to add to a job) keeps them, each after the first indented by two spaces, so that no text a
// message carries can start a line of its own (ambient-oidc(1) SECURITY).
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace ambient_oidc {

enum class LogLevel { Debug = 0, Info = 1, Warn = 2, Error = 3 };

// Parses "debug", "info", "warn" or "error"; throws std::invalid_argument otherwise.
LogLevel parse_log_level(std::string_view text);

// A secret this long or longer is masked wherever it appears; a shorter one only where it stands
// apart from letters and digits (a one-character secret is not masked inside every word).
constexpr std::size_t kSecretAnywhere = 8;
// Any run of this many characters or more of a secret is masked, wherever it appears.
constexpr std::size_t kSecretRun = 16;

// Returns text with every secret, and every run of kSecretRun characters or more of one,
// replaced by "***" (a secret shorter than kSecretAnywhere only where neither neighbour is a
// letter or a digit); overlapping and adjacent masked parts become one "***", and a masked part
// that starts or ends inside a UTF-8 sequence takes the whole of it.
std::string redact_secrets(std::string text, const std::vector<std::string>& secrets);

class Logger {
  public:
    explicit Logger(std::ostream& sink, LogLevel level = LogLevel::Warn);

    void set_level(LogLevel level) { level_ = level; }
    LogLevel level() const { return level_; }

    // Registers a value that must never be printed; empty values are ignored.
    void add_secret(std::string secret);
    // Unregisters a secret that can do no harm any more (a token that has expired), so that a
    // process running for days neither keeps nor searches every line for each one it ever held.
    void forget_secret(const std::string& secret);
    // Returns how many secrets are registered.
    std::size_t secret_count() const { return secrets_.size(); }

    // Returns text with every registered secret replaced by "***" (see redact_secrets).
    std::string redact(std::string text) const;

    // Writes "ambient-oidc: <message>" and a newline when level is at or above the threshold:
    // masked (redact), then each of its lines with every character outside printable text
    // escaped (escape_unprintable), every line after the first indented by two spaces.
    void log(LogLevel level, std::string_view message);
    void debug(std::string_view message) { log(LogLevel::Debug, message); }
    void info(std::string_view message) { log(LogLevel::Info, message); }
    void warn(std::string_view message) { log(LogLevel::Warn, message); }
    void error(std::string_view message) { log(LogLevel::Error, message); }

  private:
    std::ostream& sink_;
    LogLevel level_;
    std::vector<std::string> secrets_;
};

}  // namespace ambient_oidc
