#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <utility>

#include "core/error.hpp"
#include "core/output_path.hpp"
#include "core/unique_fd.hpp"

namespace ambient_oidc {

namespace {

// Owns the temporary file ".<name>.tmp.XXXXXX" in a directory: removes it unless it was renamed
// into place.
class TempFile {
  public:
    TempFile(int directory, const std::string& name) : directory_(directory) {
        static constexpr char kLetters[] =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        std::random_device random;
        std::uniform_int_distribution<std::size_t> pick(0, sizeof kLetters - 2);
        for (int tries = 0; tries < 100; ++tries) {
            name_ = "." + name + ".tmp.";
            for (int i = 0; i < 6; ++i) {
                name_ += kLetters[pick(random)];
            }
            fd_.reset(::openat(directory_, name_.c_str(),
                               O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
            if (fd_ || errno != EEXIST) {
                break;
            }
        }
        owned_ = static_cast<bool>(fd_);
    }
    ~TempFile() {
        fd_.reset();
        if (owned_) {
            ::unlinkat(directory_, name_.c_str(), 0);
        }
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    int fd() const { return fd_.get(); }
    const std::string& name() const { return name_; }
    bool close() { return ::close(fd_.release()) == 0; }
    void renamed() { owned_ = false; }

  private:
    int directory_;
    std::string name_;
    UniqueFd fd_;
    bool owned_ = false;
};

// Writes all of data to fd; throws Error(Usage) naming path when it cannot.
void write_all(int fd, std::string_view data, const std::string& path) {
    for (std::string_view rest = data; !rest.empty();) {
        const ssize_t written = ::write(fd, rest.data(), rest.size());
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written <= 0) {
            const std::string why = errno == EFBIG   ? "the file size limit (ulimit -f) was reached"
                                    : errno == EPIPE ? "its reader went away"
                                                     : std::strerror(errno);
            throw Error(ErrorKind::Usage, "cannot write " + path + ": writing: " + why);
        }
        rest.remove_prefix(static_cast<std::size_t>(written));
    }
}

}  // namespace

bool make_directories(const std::string& dir, mode_t mode) {
    for (std::size_t slash = dir.find('/', 1);; slash = dir.find('/', slash + 1)) {
        if (::mkdir(dir.substr(0, slash).c_str(), mode) != 0 && errno != EEXIST) {
            return false;
        }
        if (slash == std::string::npos) {
            return true;
        }
    }
}

void write_file_atomic_at(int directory, const std::string& name, const std::string& shown,
                          std::string_view data, mode_t mode) {
    auto fail = [&](const std::string& step) {
        const std::string why =
            errno == EFBIG ? "the file size limit (ulimit -f) was reached" : std::strerror(errno);
        return Error(ErrorKind::Usage, "cannot write " + shown + ": " + step + ": " + why);
    };
    if (name.empty() || name.find('/') != std::string::npos) {
        errno = EISDIR;
        throw fail("the path names a directory");
    }
    TempFile temp(directory, name);
    if (temp.fd() < 0) {
        throw fail("creating a temporary file in its directory");
    }
    if (::fchmod(temp.fd(), mode) != 0) {
        throw fail("setting the mode");
    }
    write_all(temp.fd(), data, shown);
    if (::fsync(temp.fd()) != 0) {
        throw fail("syncing");
    }
    if (!temp.close()) {
        throw fail("closing");
    }
    if (::renameat(directory, temp.name().c_str(), directory, name.c_str()) != 0) {
        throw fail("renaming into place");
    }
    temp.renamed();
    ::fsync(directory);
}

namespace {

// What a file of this type is called in messages.
const char* file_type_name(mode_t mode) {
    if (S_ISCHR(mode)) {
        return "a character device";
    }
    if (S_ISFIFO(mode)) {
        return "a FIFO";
    }
    if (S_ISSOCK(mode)) {
        return "a socket";
    }
    if (S_ISBLK(mode)) {
        return "a block device";
    }
    if (S_ISDIR(mode)) {
        return "a directory";
    }
    return "not a regular file";
}

// Writes data straight into the character device or FIFO at path (/dev/null, /dev/stdout, a
// pipe), as tee does: such a file is never replaced. Returns false when path does not name one
// (it is missing, a regular file or a directory); throws Error(Usage) for a socket or a block
// device, or a FIFO that no process reads.
bool write_into_device(const std::string& path, std::string_view data) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0 || S_ISREG(info.st_mode) || S_ISDIR(info.st_mode)) {
        return false;
    }
    if (!S_ISCHR(info.st_mode) && !S_ISFIFO(info.st_mode)) {
        throw Error(ErrorKind::Usage, "refusing to write " + path + ": it is " +
                                          file_type_name(info.st_mode) +
                                          ", not a regular file, a character device or a FIFO");
    }
    // Non-blocking, so that a FIFO without a reader is an error rather than a wait.
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    if (!fd) {
        const std::string why = errno == ENXIO ? "no process reads it" : std::strerror(errno);
        throw Error(ErrorKind::Usage,
                    "cannot write " + path + " (" + file_type_name(info.st_mode) + "): " + why);
    }
    struct stat opened {};
    if (::fstat(fd.get(), &opened) != 0 || !(S_ISCHR(opened.st_mode) || S_ISFIFO(opened.st_mode))) {
        throw Error(ErrorKind::Usage, "refusing to write " + path +
                                          ": it was replaced while being opened, by " +
                                          file_type_name(opened.st_mode));
    }
    const int flags = ::fcntl(fd.get(), F_GETFL);
    if (flags >= 0) {
        ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK);
    }
    write_all(fd.get(), data, path);
    return true;
}

}  // namespace

void write_file_atomic(const std::string& path, std::string_view data, mode_t mode) {
    if (write_into_device(path, data)) {
        return;
    }
    const auto slash = path.rfind('/');
    const UniqueFd directory = open_output_directory(path);
    write_file_atomic_at(directory.get(),
                         slash == std::string::npos ? path : path.substr(slash + 1), path, data,
                         mode);
}

}  // namespace ambient_oidc
