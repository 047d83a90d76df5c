#pragma once

#include <fcntl.h>
#include <openssl/err.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

namespace ambient_oidc::test {

// Owns a file descriptor (-1: none) and closes it on destruction. Move-only.
class UniqueFd {
  public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept {
        reset(other.release());
        return *this;
    }
    ~UniqueFd() { reset(); }

    // Returns the descriptor, keeping ownership.
    int get() const { return fd_; }
    // Gives up ownership and returns the descriptor.
    int release() { return std::exchange(fd_, -1); }
    // Closes the owned descriptor, if any, and takes ownership of fd.
    void reset(int fd = -1) {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        fd_ = fd;
    }

  private:
    int fd_ = -1;
};

// Creates a pipe with pipe2(flags) and returns {read end, write end}. Throws std::system_error.
inline std::pair<UniqueFd, UniqueFd> make_pipe(int flags) {
    int fds[2];
    if (::pipe2(fds, flags) != 0) {
        throw std::system_error(errno, std::generic_category(), "pipe2");
    }
    return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// unique_ptr deleter calling an OpenSSL free function.
template <auto Free>
struct OpenSslFree {
    template <typename T>
    void operator()(T* pointer) const {
        Free(pointer);
    }
};

// Owning pointer to an OpenSSL object of type T released with Free, e.g. OpenSslPtr<X509,
// X509_free>.
template <typename T, auto Free>
using OpenSslPtr = std::unique_ptr<T, OpenSslFree<Free>>;

// Returns a std::runtime_error saying what failed and why (the oldest queued OpenSSL error), and
// clears this thread's OpenSSL error queue.
inline std::runtime_error openssl_error(const std::string& what) {
    char reason[256] = "unknown OpenSSL error";
    if (const unsigned long code = ERR_get_error(); code != 0) {
        ERR_error_string_n(code, reason, sizeof reason);
    }
    ERR_clear_error();
    return std::runtime_error(what + ": " + reason);
}

}  // namespace ambient_oidc::test
