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

#include "core/unique_fd.hpp"

namespace ambient_oidc::test {

using ambient_oidc::UniqueFd;

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
