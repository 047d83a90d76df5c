#include "core/file_read.hpp"

#include <fcntl.h>

#include <cerrno>
#include <cstring>

#include "core/unique_fd.hpp"

namespace ambient_oidc {

namespace {

FileRead read_opened(int directory, const std::string& path, int flags, std::size_t max_bytes) {
    FileRead result;
    const UniqueFd fd(
        ::openat(directory, path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | flags));
    if (!fd) {
        result.open_errno = errno;
        result.error = std::strerror(errno);
        return result;
    }
    if (::fstat(fd.get(), &result.info) != 0 || !S_ISREG(result.info.st_mode)) {
        result.error = "not a regular file";
        return result;
    }
    char buffer[8192];
    for (;;) {
        const ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            result.error = std::strerror(errno);
            return result;
        }
        if (got == 0) {
            break;
        }
        result.text.append(buffer, static_cast<std::size_t>(got));
        if (result.text.size() > max_bytes) {
            result.error = "larger than " + std::to_string(max_bytes / 1024) + " KiB";
            result.too_large = true;
            result.text.clear();
            return result;
        }
    }
    result.ok = true;
    return result;
}

}  // namespace

FileRead read_regular_file(const std::string& path, std::size_t max_bytes) {
    return read_opened(AT_FDCWD, path, 0, max_bytes);
}

FileRead read_regular_file_at(int directory, const std::string& path, std::size_t max_bytes) {
    FileRead result = read_opened(directory, path, O_NOFOLLOW, max_bytes);
    if (result.open_errno == ELOOP) {
        result.error = "not a regular file";
    }
    return result;
}

std::optional<std::string> read_stream(std::istream& in, std::size_t max_bytes) {
    std::string text;
    char buffer[4096];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (text.size() > max_bytes) {
            return std::nullopt;
        }
    }
    return text;
}

}  // namespace ambient_oidc
