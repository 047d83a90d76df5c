#include "core/environment.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <sstream>

namespace ambient_oidc {

Environment Environment::current() {
    std::map<std::string, std::string, std::less<>> variables;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        const std::string_view text(*entry);
        const auto equals = text.find('=');
        if (equals != std::string_view::npos) {
            variables.emplace(text.substr(0, equals), text.substr(equals + 1));
        }
    }
    return Environment(std::move(variables));
}

std::optional<std::string> Environment::get(std::string_view name) const {
    looked_up_.emplace(name);
    const auto found = variables_.find(name);
    if (found == variables_.end()) {
        return std::nullopt;
    }
    return found->second;
}

std::vector<std::string> Environment::names_starting_with(std::string_view prefix) const {
    std::vector<std::string> names;
    for (auto found = variables_.lower_bound(prefix);
         found != variables_.end() && found->first.compare(0, prefix.size(), prefix) == 0;
         ++found) {
        names.push_back(found->first);
        looked_up_.insert(found->first);
    }
    return names;
}

std::vector<std::string> Environment::entries() const {
    std::vector<std::string> result;
    for (const auto& [name, value] : variables_) {
        result.push_back(name + "=" + value);
    }
    return result;
}

std::optional<std::string> Environment::non_empty(std::string_view name) const {
    auto value = get(name);
    if (value && value->empty()) {
        return std::nullopt;
    }
    return value;
}

std::vector<char*> c_string_array(std::vector<std::string>& strings) {
    std::vector<char*> pointers;
    for (auto& text : strings) {
        pointers.push_back(text.data());
    }
    pointers.push_back(nullptr);
    return pointers;
}

std::optional<std::string> find_program(const std::string& program, const Environment& env) {
    auto executable = [](const std::string& path) {
        struct stat info {};
        return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
               ::access(path.c_str(), X_OK) == 0;
    };
    if (program.find('/') != std::string::npos) {
        return executable(program) ? std::optional<std::string>(program) : std::nullopt;
    }
    std::stringstream path(env.get("PATH").value_or("/usr/local/bin:/usr/bin:/bin"));
    for (std::string directory; std::getline(path, directory, ':');) {
        const std::string candidate = (directory.empty() ? "." : directory) + "/" + program;
        if (!program.empty() && executable(candidate)) {
            return candidate;
        }
    }
    return std::nullopt;
}

}  // namespace ambient_oidc
