// The process environment as a value, so that providers and configuration read it through one
// door and tests can hand in their own.
#pragma once

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace ambient_oidc {

class Environment {
  public:
    Environment() = default;
    explicit Environment(std::map<std::string, std::string, std::less<>> variables)
        : variables_(std::move(variables)) {}
    Environment(std::initializer_list<std::pair<const std::string, std::string>> variables)
        : variables_(variables) {}

    // A copy of this process's environment.
    static Environment current();

    // The variable's value when set (possibly empty).
    std::optional<std::string> get(std::string_view name) const;
    // The variable's value when set and non-empty.
    std::optional<std::string> non_empty(std::string_view name) const;

  private:
    std::map<std::string, std::string, std::less<>> variables_;
};

}  // namespace ambient_oidc
