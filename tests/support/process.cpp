#include "support/process.hpp"

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <stdexcept>
#include <string_view>

#include "support/handles.hpp"

namespace ambient_oidc::test {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Blocks SIGPIPE in this thread while alive, so that writing to a stdin the child closed fails with
// EPIPE; a SIGPIPE raised meanwhile is consumed before the previous mask is restored.
class SigpipeBlocked {
  public:
    SigpipeBlocked() {
        sigemptyset(&sigpipe_);
        sigaddset(&sigpipe_, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &sigpipe_, &previous_);
    }
    ~SigpipeBlocked() {
        const timespec no_wait{};
        while (sigtimedwait(&sigpipe_, nullptr, &no_wait) > 0) {
        }
        pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
    }
    SigpipeBlocked(const SigpipeBlocked&) = delete;
    SigpipeBlocked& operator=(const SigpipeBlocked&) = delete;

  private:
    sigset_t sigpipe_, previous_;
};

// posix_spawn's file actions and attributes, destroyed with this object.
struct SpawnSetup {
    SpawnSetup() {
        posix_spawn_file_actions_init(&actions);
        posix_spawnattr_init(&attributes);
    }
    ~SpawnSetup() {
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attributes);
    }
    SpawnSetup(const SpawnSetup&) = delete;
    SpawnSetup& operator=(const SpawnSetup&) = delete;

    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
};

// Reads once from fd (non-blocking) into out; closes fd at EOF or on error. Returns whether
// anything was read.
bool read_some(UniqueFd& fd, std::string& out) {
    char buffer[64 * 1024];
    const ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
    if (got > 0) {
        out.append(buffer, static_cast<std::size_t>(got));
        return true;
    }
    if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
        fd.reset();
    }
    return false;
}

}  // namespace

ProcessResult run_process(const ProcessOptions& options) {
    if (options.argv.empty()) {
        throw std::invalid_argument("run_process: empty argv");
    }
    std::vector<char*> argv;
    for (const std::string& arg : options.argv) {
        argv.push_back(const_cast<char*>(arg.c_str()));
    }
    argv.push_back(nullptr);
    std::vector<std::string> env_entries;
    for (const auto& [name, value] : options.env) {
        env_entries.push_back(name + "=" + value);
    }
    std::vector<char*> envp;
    for (std::string& entry : env_entries) {
        envp.push_back(entry.data());
    }
    envp.push_back(nullptr);

    auto [in_read, in_write] = make_pipe(O_CLOEXEC);
    auto [out_read, out_write] = make_pipe(O_CLOEXEC);
    auto [err_read, err_write] = make_pipe(O_CLOEXEC);
    SpawnSetup spawn;
    sigset_t blocked, all_signals;
    sigemptyset(&blocked);
    sigfillset(&all_signals);
    for (const int number : options.blocked_signals) {
        sigaddset(&blocked, number);
    }
    if (posix_spawn_file_actions_adddup2(&spawn.actions, in_read.get(), 0) != 0 ||
        posix_spawn_file_actions_adddup2(&spawn.actions, out_write.get(), 1) != 0 ||
        posix_spawn_file_actions_adddup2(&spawn.actions, err_write.get(), 2) != 0 ||
        posix_spawnattr_setflags(&spawn.attributes,
                                 POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF) != 0 ||
        posix_spawnattr_setsigmask(&spawn.attributes, &blocked) != 0 ||
        posix_spawnattr_setsigdefault(&spawn.attributes, &all_signals) != 0) {
        throw std::runtime_error("run_process: cannot set up posix_spawn");
    }
    const SigpipeBlocked sigpipe_blocked;
    const auto start = Clock::now();
    pid_t pid = -1;
    if (const int error =
            posix_spawn(&pid, argv[0], &spawn.actions, &spawn.attributes, argv.data(), envp.data());
        error != 0) {
        throw std::system_error(error, std::generic_category(),
                                "run_process: cannot run " + options.argv[0]);
    }
    in_read.reset();
    out_write.reset();
    err_write.reset();
    // Only the parent's ends are non-blocking: pipe2(O_NONBLOCK) would also affect the child's.
    for (const UniqueFd* fd : {&in_write, &out_read, &err_read}) {
        ::fcntl(fd->get(), F_SETFL, O_NONBLOCK);
    }
    std::string_view input = options.stdin_data;
    if (input.empty()) {
        in_write.reset();
    }

    ProcessResult result;
    const auto deadline = start + options.timeout;
    auto signal_at = Clock::time_point::max();  // max: no signal (left) to send
    if (options.signal_after) {
        signal_at = start + options.signal_after->first;
    }
    int status = 0;
    bool reaped = false;
    for (;;) {
        const auto now = Clock::now();
        if (now >= signal_at) {
            ::kill(pid, options.signal_after->second);
            signal_at = Clock::time_point::max();
        }
        if (now >= deadline) {
            ::kill(pid, SIGKILL);
            result.timed_out = true;
            break;
        }
        if (::waitpid(pid, &status, WNOHANG) == pid) {
            reaped = true;
            break;
        }
        // Re-check for exit regularly: a grandchild may keep the output pipes open. Poll sooner
        // once the outputs are closed, which usually means the child is exiting.
        const auto wake =
            std::min({deadline, signal_at,
                      now + milliseconds(out_read.get() < 0 && err_read.get() < 0 ? 5 : 50)});
        pollfd fds[] = {
            {out_read.get(), POLLIN, 0}, {err_read.get(), POLLIN, 0}, {in_write.get(), POLLOUT, 0}};
        ::poll(fds, 3, static_cast<int>(std::chrono::ceil<milliseconds>(wake - now).count()));
        if (fds[0].revents != 0) {
            read_some(out_read, result.out);
        }
        if (fds[1].revents != 0) {
            read_some(err_read, result.err);
        }
        if (fds[2].revents != 0) {
            const ssize_t written = ::write(in_write.get(), input.data(), input.size());
            if (written > 0) {
                input.remove_prefix(static_cast<std::size_t>(written));
            }
            if (input.empty() || (written < 0 && errno != EAGAIN && errno != EINTR)) {
                in_write.reset();
            }
        }
    }
    if (!reaped) {
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
    while (out_read.get() >= 0 && read_some(out_read, result.out)) {
    }
    while (err_read.get() >= 0 && read_some(err_read, result.err)) {
    }
    result.elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
    if (WIFEXITED(status)) {
        result.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        result.term_signal = WTERMSIG(status);
    }
    return result;
}

}  // namespace ambient_oidc::test
