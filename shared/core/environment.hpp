// The process environment as a value, so that providers and configuration read it through one
// door and tests can hand in their own.
#pragma once

#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

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

    // The names of the set variables that start with prefix, in sorted order (each counts as
    // looked up).
    std::vector<std::string> names_starting_with(std::string_view prefix) const;

    // "NAME=value" for every variable, e.g. for a child's environment.
    std::vector<std::string> entries() const;
    // Every name looked up so far, set or not: lets a test check them against the documented
    // table of variables (core/variables.hpp).
    const std::set<std::string, std::less<>>& looked_up() const { return looked_up_; }

  private:
    std::map<std::string, std::string, std::less<>> variables_;
    mutable std::set<std::string, std::less<>> looked_up_;
};

// Pointers to the strings' characters followed by nullptr, as argv and envp want them; valid
// while strings lives unchanged.
std::vector<char*> c_string_array(std::vector<std::string>& strings);

// The path of an executable regular file called program: program itself when it holds a '/',
// else the first match in env's PATH (default /usr/local/bin:/usr/bin:/bin).
std::optional<std::string> find_program(const std::string& program, const Environment& env);

}  // namespace ambient_oidc
