#include "protocol/exec.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.hpp"
#include "core/hardening.hpp"

namespace ambient_oidc::protocol {

bool valid_variable_name(const std::string& name) {
    if (name.empty() || (name[0] >= '0' && name[0] <= '9')) {
        return false;
    }
    for (const char c : name) {
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_')) {
            return false;
        }
    }
    return true;
}

void exec_with_token(const std::string& path, const std::vector<std::string>& command,
                     const std::string& variable, const token::IdToken& token,
                     const Environment& env) {
    std::vector<std::string> entries;
    for (auto& entry : env.entries()) {
        if (entry.compare(0, variable.size() + 1, variable + "=") != 0) {
            entries.push_back(std::move(entry));
        }
    }
    entries.push_back(variable + "=" + token.reveal());
    const std::vector<char*> envp = c_string_array(entries);
    std::vector<std::string> arguments = command;
    const std::vector<char*> argv = c_string_array(arguments);
    hardening::restore_for_exec();
    ::execve(path.c_str(), argv.data(), envp.data());
    throw Error(ErrorKind::CommandNotFound,
                "cannot run " + command.front() + ": " + std::strerror(errno));
}

}  // namespace ambient_oidc::protocol
