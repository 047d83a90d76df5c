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
    for (std::string_view rest = data; !rest.empty();) {
        const ssize_t written = ::write(temp.fd(), rest.data(), rest.size());
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written <= 0) {
            throw fail("writing");
        }
        rest.remove_prefix(static_cast<std::size_t>(written));
    }
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

void write_file_atomic(const std::string& path, std::string_view data, mode_t mode) {
    const auto slash = path.rfind('/');
    const UniqueFd directory = open_output_directory(path);
    write_file_atomic_at(directory.get(),
                         slash == std::string::npos ? path : path.substr(slash + 1), path, data,
                         mode);
}

}  // namespace ambient_oidc
