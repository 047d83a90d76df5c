// The one error type of the program: a category that maps to an exit code
// (ambient-oidc(1) EXIT STATUS) and a message for the user. Every layer throws it; cli::run
// catches it once.
#pragma once

#include <stdexcept>
#include <string>

namespace ambient_oidc {

enum class ErrorKind {
    Internal = 1,
    Usage = 2,
    NoCredential = 3,
    Unavailable = 4,
    Timeout = 5,
    Rejected = 6,
    InvalidToken = 7,
    CommandNotFound = 127,  // exec: the command cannot be run (as in env(1) and sh)
};

// The process exit code for an error of this kind.
inline int exit_code(ErrorKind kind) {
    return static_cast<int>(kind);
}

class Error : public std::runtime_error {
  public:
    Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    ErrorKind kind() const { return kind_; }

  private:
    ErrorKind kind_;
};

}  // namespace ambient_oidc
