// The identity token as a value that cannot be printed by accident: no operator<<, no implicit
// conversion; reveal() is the only way to the text, used where the user asked for the token.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

namespace ambient_oidc::token {

// The most bytes a token, or a response that carries one, may have (ambient-oidc(1) RETRIES).
constexpr std::size_t kMaxTokenBytes = 64 * 1024;

class IdToken {
  public:
    explicit IdToken(std::string raw) : raw_(std::move(raw)) {}
    const std::string& reveal() const { return raw_; }

    friend std::ostream& operator<<(std::ostream&, const IdToken&) = delete;

  private:
    std::string raw_;
};

}  // namespace ambient_oidc::token
