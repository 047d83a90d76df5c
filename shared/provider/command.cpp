#include "provider/command.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <set>
#include <sstream>
#include <system_error>
#include <thread>

#include "core/file_read.hpp"
#include "core/hardening.hpp"
#include "core/unique_fd.hpp"
#include "net/failure.hpp"

namespace ambient_oidc::provider {

namespace {

using net::AttemptError;
using net::Failure;

constexpr std::size_t kMaxStderr = 4096;

// This process's children: the processes whose parent, in /proc/PID/stat, is this process.
std::set<pid_t> children() {
    std::set<pid_t> found;
    const pid_t self = ::getpid();
    struct CloseDir {
        void operator()(DIR* dir) const { ::closedir(dir); }
    };
    const std::unique_ptr<DIR, CloseDir> proc(::opendir("/proc"));
    if (!proc) {
        return found;
    }
    while (const dirent* entry = ::readdir(proc.get())) {
        if (entry->d_name[0] < '1' || entry->d_name[0] > '9') {
            continue;
        }
        // "PID (COMM) STATE PPID ...", COMM possibly holding spaces and parentheses.
        const FileRead stat =
            read_regular_file(std::string("/proc/") + entry->d_name + "/stat", 4096);
        const auto close = stat.text.rfind(')');
        if (!stat.ok || close == std::string::npos) {
            continue;
        }
        std::istringstream fields(stat.text.substr(close + 1));
        std::string state;
        long parent = 0;
        if (fields >> state >> parent && parent == self) {
            found.insert(static_cast<pid_t>(std::atol(entry->d_name)));
        }
    }
    return found;
}

// How long the end of a run waits for what it killed to be gone before it leaves the reaping to
// a thread: a process that cannot be killed (a setuid helper that changed its uid) or that
// outlives the signal must not hold the run past its deadline.
constexpr auto kReapGrace = std::chrono::milliseconds(200);

// Reaps pid (this process's child) whenever it ends, on a detached thread that blocks in waitpid
// for it alone: the process lives on (write --refresh) without a zombie, and nothing waits for it.
void reap_later(pid_t pid) {
    try {
        std::thread([pid] {
            int status = 0;
            while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
        }).detach();
    } catch (const std::system_error&) {
        // No thread to be had: the child stays a zombie until this process ends.
    }
}

// Waits until the grace has passed for each of pids to be reaped, without blocking on any; hands
// those still running to reap_later, and returns them.
std::set<pid_t> reap_within_grace(std::set<pid_t> pids) {
    const auto until = std::chrono::steady_clock::now() + kReapGrace;
    for (;;) {
        for (auto it = pids.begin(); it != pids.end();) {
            int status = 0;
            const pid_t got = ::waitpid(*it, &status, WNOHANG);
            it = got == *it || (got < 0 && errno == ECHILD) ? pids.erase(it) : std::next(it);
        }
        if (pids.empty() || std::chrono::steady_clock::now() >= until) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    for (const pid_t pid : pids) {
        reap_later(pid);
    }
    return pids;
}

// A spawned child that is killed and reaped unless it was waited for, with everything it started.
class Child {
  public:
    Child(pid_t pid, std::set<pid_t> others) : pid_(pid), group_(pid), others_(std::move(others)) {}
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    // Ends the child's whole process group (it leads one of its own) and the child by its pid
    // (it may have left the group), and reaps the child if it was not waited for; then, as this
    // process is the subreaper of what it starts, every descendant that left the group (setsid)
    // and outlived its parent is a child of this one: each is killed and reaped, until none is
    // left. Nothing blocks: what is still running after kReapGrace (it could not be killed, as a
    // setuid helper that changed its uid cannot) is reaped by a thread of its own whenever it
    // ends. The group's id stays the child's pid, and is not reused, while any member lives.
    // others: children this process had before (not ours).
    ~Child() {
        ::kill(-group_, SIGKILL);
        // Left to their reaping threads: never signalled or waited for here again.
        std::set<pid_t> abandoned;
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            abandoned = reap_within_grace({pid_});
        }
        for (int round = 0; round < 1000; ++round) {
            std::set<pid_t> left = children();
            for (const pid_t other : others_) {
                left.erase(other);
            }
            for (const pid_t gone : abandoned) {
                left.erase(gone);
            }
            if (left.empty()) {
                break;
            }
            for (const pid_t descendant : left) {
                ::kill(descendant, SIGKILL);
            }
            const std::set<pid_t> running = reap_within_grace(left);
            abandoned.insert(running.begin(), running.end());
        }
    }
    // The wait status once the child has exited, without blocking.
    std::optional<int> exited() {
        if (status_) {
            return status_;
        }
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            status_ = status;
        }
        return status_;
    }

  private:
    pid_t pid_;
    pid_t group_;
    std::set<pid_t> others_;
    std::optional<int> status_;
};

std::pair<UniqueFd, UniqueFd> make_pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        throw std::runtime_error(std::string("cannot create a pipe: ") + std::strerror(errno));
    }
    return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

std::string first_line(const std::string& text) {
    std::string line = text.substr(0, text.find('\n'));
    for (char& c : line) {
        if (static_cast<unsigned char>(c) < 0x20) {
            c = ' ';
        }
    }
    return line.substr(0, 200);
}

}  // namespace

std::string run_command(const std::vector<std::string>& argv, const Environment& env,
                        SteadyTime deadline, std::size_t max_output) {
    const std::string name = argv.at(0).substr(argv.at(0).rfind('/') + 1);
    // Named, not structured bindings: the reading lambda below captures them (C++17).
    std::pair<UniqueFd, UniqueFd> out_pipe = make_pipe();
    std::pair<UniqueFd, UniqueFd> err_pipe = make_pipe();
    UniqueFd& out_read = out_pipe.first;
    UniqueFd& out_write = out_pipe.second;
    UniqueFd& err_read = err_pipe.first;
    UniqueFd& err_write = err_pipe.second;

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out_write.get(), 1);
    posix_spawn_file_actions_adddup2(&actions, err_write.get(), 2);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    // A process group of its own (0: the child's pid), ended whole when the run is done, and the
    // signal state this process inherited, not the one it set up for itself.
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    hardening::inherit_signals(attributes);
    // Orphans of what the child starts become this process's children, not init's, so that the
    // Child below finds and ends them (the attribute stays set, and exec gives it back).
    ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    std::set<pid_t> others = children();

    std::vector<std::string> arguments = argv;
    const std::vector<char*> args = c_string_array(arguments);
    std::vector<std::string> entries = env.entries();
    const std::vector<char*> envp = c_string_array(entries);

    pid_t pid = -1;
    const int spawned =
        ::posix_spawn(&pid, argv[0].c_str(), &actions, &attributes, args.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (spawned != 0) {
        throw AttemptError(Failure::Transient,
                           "cannot run " + name + ": " + std::strerror(spawned));
    }
    Child child(pid, std::move(others));
    out_write.reset();
    err_write.reset();

    std::string output;
    std::string errors;
    // Reads what is ready on the outputs, waiting up to wait_ms for some; an output that ends
    // is closed. Returns whether anything was read.
    const auto read_ready = [&](int wait_ms) {
        pollfd fds[3] = {
            {out_read.get(), POLLIN, 0}, {err_read.get(), POLLIN, 0}, {interrupt::fd(), POLLIN, 0}};
        if (::poll(fds, 3, wait_ms) < 0 && errno != EINTR) {
            throw std::runtime_error("poll failed");
        }
        bool read_some = false;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].revents == 0) {
                continue;
            }
            UniqueFd& fd = i == 0 ? out_read : err_read;
            std::string& sink = i == 0 ? output : errors;
            char buffer[4096];
            const ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
            if (got > 0) {
                sink.append(buffer, static_cast<std::size_t>(got));
                read_some = true;
            } else if (got == 0 || errno != EINTR) {
                fd.reset();
            }
        }
        if (output.size() > max_output) {
            throw AttemptError(
                Failure::InvalidToken,
                name + " printed more than " + std::to_string(max_output / 1024) + " KiB");
        }
        if (errors.size() > kMaxStderr) {
            errors.resize(kMaxStderr);
        }
        return read_some;
    };
    std::optional<int> status;
    // Until the child has exited, polled every 20 ms; then what it left in the outputs is read,
    // without waiting for their end: a process it left in the background may hold them open.
    while (!(status = child.exited())) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (interrupt::raised()) {
            throw AttemptError(Failure::Interrupted, "interrupted while " + name + " ran");
        }
        if (left.count() <= 0) {
            throw AttemptError(Failure::Transient, "timed out while " + name + " ran");
        }
        read_ready(static_cast<int>(std::min<long long>(left.count(), 20)));
    }
    // At most what the two pipes can hold (a writer left behind could fill them forever).
    for (int reads = 0; reads < 64 && (out_read || err_read) && read_ready(0); ++reads) {
    }
    if (WIFEXITED(*status) && WEXITSTATUS(*status) == 0) {
        return output;
    }
    const std::string how = WIFEXITED(*status)
                                ? "exited with status " + std::to_string(WEXITSTATUS(*status))
                                : "was killed by signal " + std::to_string(WTERMSIG(*status));
    const std::string said = first_line(errors);
    throw AttemptError(Failure::Transient, name + " " + how + (said.empty() ? "" : ": " + said));
}

}  // namespace ambient_oidc::provider
