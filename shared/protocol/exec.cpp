#include "protocol/exec.hpp"

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/clock.hpp"
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

namespace {

// env's entries without any of variables, then variables.
std::vector<std::string> child_environment(
    const std::vector<std::pair<std::string, std::string>>& variables, const Environment& env) {
    std::vector<std::string> entries;
    for (auto& entry : env.entries()) {
        const bool replaced =
            std::any_of(variables.begin(), variables.end(), [&](const auto& variable) {
                return entry.compare(0, variable.first.size() + 1, variable.first + "=") == 0;
            });
        if (!replaced) {
            entries.push_back(std::move(entry));
        }
    }
    for (const auto& [name, value] : variables) {
        entries.push_back(name + "=" + value);
    }
    return entries;
}

// What execve and posix_spawn take, kept alive as long as the arrays are used.
struct ChildStart {
    std::vector<std::string> entries, arguments;
    std::vector<char*> envp, argv;

    ChildStart(const std::vector<std::string>& command,
               const std::vector<std::pair<std::string, std::string>>& variables,
               const Environment& env)
        : entries(child_environment(variables, env)),
          arguments(command),
          envp(c_string_array(entries)),
          argv(c_string_array(arguments)) {}
    ChildStart(const ChildStart&) = delete;
    ChildStart& operator=(const ChildStart&) = delete;
};

}  // namespace

void exec_with_variables(const std::string& path, const std::vector<std::string>& command,
                         const std::vector<std::pair<std::string, std::string>>& variables,
                         const Environment& env) {
    const ChildStart start(command, variables, env);
    hardening::restore_for_exec();
    ::execve(path.c_str(), start.argv.data(), start.envp.data());
    throw Error(ErrorKind::CommandNotFound,
                "cannot run " + command.front() + ": " + std::strerror(errno));
}

int run_with_variables(const std::string& path, const std::vector<std::string>& command,
                       const std::vector<std::pair<std::string, std::string>>& variables,
                       const Environment& env) {
    const ChildStart start(command, variables, env);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    int error = hardening::inherit_signals(attributes);
    pid_t pid = 0;
    if (error == 0) {
        error = ::posix_spawn(&pid, path.c_str(), nullptr, &attributes, start.argv.data(),
                              start.envp.data());
    }
    posix_spawnattr_destroy(&attributes);
    if (error != 0) {
        throw Error(ErrorKind::CommandNotFound,
                    "cannot run " + command.front() + ": " + std::strerror(error));
    }
    bool passed_on = false;
    for (;;) {
        int status = 0;
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) {
            return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
        }
        if (done < 0 && errno != EINTR) {
            throw Error(ErrorKind::Internal, std::string("waiting for ") + command.front() + ": " +
                                                 std::strerror(errno));
        }
        if (interrupt::raised() && !passed_on) {
            ::kill(pid, interrupt::signal_number());
            passed_on = true;
        }
        // Woken by a signal at once, else every 50 ms to look at the child again.
        if (passed_on) {
            ::poll(nullptr, 0, 50);
        } else {
            wait_for(-1, 0, std::chrono::steady_clock::now() + std::chrono::milliseconds(50));
        }
    }
}

void exec_with_token(const std::string& path, const std::vector<std::string>& command,
                     const std::string& variable, const token::IdToken& token,
                     const Environment& env) {
    exec_with_variables(path, command, {{variable, token.reveal()}}, env);
}

}  // namespace ambient_oidc::protocol
