#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace ambient_oidc {

namespace {

// Owns the temporary file: removes it unless it was renamed into place.
class TempFile {
  public:
    explicit TempFile(const std::string& pattern)
        : path_(pattern.c_str(), pattern.c_str() + pattern.size() + 1),
          fd_(::mkostemp(path_.data(), O_CLOEXEC)),
          owned_(fd_ >= 0) {}
    ~TempFile() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        if (owned_) {
            ::unlink(path_.data());
        }
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    int fd() const { return fd_; }
    const char* path() const { return path_.data(); }
    bool close() { return ::close(std::exchange(fd_, -1)) == 0; }
    void renamed() { owned_ = false; }

  private:
    std::vector<char> path_;
    int fd_;
    bool owned_;
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

void write_file_atomic(const std::string& path, std::string_view data, mode_t mode) {
    auto fail = [&](const std::string& step) {
        const std::string why =
            errno == EFBIG ? "the file size limit (ulimit -f) was reached" : std::strerror(errno);
        return Error(ErrorKind::Usage, "cannot write " + path + ": " + step + ": " + why);
    };
    const auto slash = path.rfind('/');
    const std::string directory =
        slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
    const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    if (base.empty()) {
        errno = EISDIR;
        throw fail("the path names a directory");
    }
    TempFile temp(directory + "/." + base + ".tmp.XXXXXX");
    if (temp.fd() < 0) {
        throw fail("creating a temporary file in " + directory);
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
    if (::rename(temp.path(), path.c_str()) != 0) {
        throw fail("renaming into place");
    }
    temp.renamed();
    const int dir = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

}  // namespace ambient_oidc
