#include "provider/local_token.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "core/error.hpp"
#include "core/unique_fd.hpp"
#include "provider/provider.hpp"
#include "token/id_token.hpp"

namespace ambient_oidc::provider {

std::string read_token_file(const std::string& path, const std::string& what) {
    auto unreadable = [&](const std::string& why) {
        return Error(ErrorKind::Rejected, "cannot read " + what + " " + path + ": " + why);
    };
    const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
    if (!fd) {
        throw unreadable(std::strerror(errno));
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode)) {
        throw unreadable("not a regular file");
    }
    std::string text;
    char buffer[8192];
    for (;;) {
        const ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            throw unreadable(std::strerror(errno));
        }
        if (got == 0) {
            break;
        }
        text.append(buffer, static_cast<std::size_t>(got));
        if (text.size() > token::kMaxTokenBytes + 2) {  // room for a trailing CRLF
            throw Error(ErrorKind::InvalidToken, what + " " + path + " is larger than 64 KiB");
        }
    }
    return trim_token(text);
}

std::string read_token_variable(const Environment& env, const std::string& variable) {
    const auto value = env.non_empty(variable);
    if (!value) {
        throw Error(ErrorKind::NoCredential, variable + " is not set");
    }
    if (value->size() > token::kMaxTokenBytes + 2) {
        throw Error(ErrorKind::InvalidToken, variable + " is larger than 64 KiB");
    }
    return trim_token(*value);
}

}  // namespace ambient_oidc::provider
