#include "token/cache.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/atomic_file.hpp"
#include "core/duration.hpp"
#include "core/error.hpp"
#include "core/file_read.hpp"
#include "token/id_token.hpp"

namespace ambient_oidc::token {

std::string default_cache_dir(const Environment& env) {
    if (const auto runtime = env.non_empty("XDG_RUNTIME_DIR")) {
        return *runtime + "/ambient-oidc";
    }
    if (const auto cache = env.non_empty("XDG_CACHE_HOME")) {
        return *cache + "/ambient-oidc";
    }
    if (const auto home = env.non_empty("HOME")) {
        return *home + "/.cache/ambient-oidc";
    }
    return "";
}

std::string cache_key(const std::string& provider, const std::string& audience,
                      const std::string& context) {
    // Poco's SHA-256 rather than OpenSSL's EVP, whose provider set-up cost a cache hit a third of
    // its instructions.
    Poco::SHA2Engine sha256(Poco::SHA2Engine::SHA_256);
    sha256.update(provider + '\0' + audience + '\0' + context);
    return Poco::DigestEngine::digestToHex(sha256.digest());
}

std::optional<TokenCache> TokenCache::open(const std::string& dir, Logger& log) {
    auto unusable = [&](const std::string& why) -> std::optional<TokenCache> {
        log.warn("not using the token cache: " + why);
        return std::nullopt;
    };
    if (dir.empty() || dir.front() != '/') {
        return unusable("its directory must be an absolute path (set --cache-dir)");
    }
    if (!make_directories(dir, 0700)) {
        return unusable("cannot create " + dir + ": " + std::strerror(errno));
    }
    UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    struct stat info {};
    if (!fd || ::fstat(fd.get(), &info) != 0) {  // a symbolic link: ELOOP
        return unusable(errno == ELOOP || errno == ENOTDIR
                            ? dir + " is not a directory"
                            : "cannot open " + dir + ": " + std::strerror(errno));
    }
    if (info.st_uid != ::geteuid()) {
        return unusable(dir + " belongs to another user");
    }
    if ((info.st_mode & 077) != 0) {
        return unusable(dir + " is open to other users; run: chmod 700 " + dir);
    }
    return TokenCache(dir, std::move(fd), log);
}

std::string TokenCache::name(const std::string& key, const char* suffix) {
    return key + suffix;
}

std::string TokenCache::path(const std::string& key, const char* suffix) const {
    return dir_ + "/" + name(key, suffix);
}

TokenCache::Lock TokenCache::lock(const std::string& key, SteadyTime deadline) {
    const std::string file = path(key, ".lock");
    UniqueFd fd(::openat(fd_.get(), name(key, ".lock").c_str(),
                         O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!fd) {
        log_->warn("not locking the token cache: cannot open " + file + ": " +
                   std::strerror(errno));
        return Lock();
    }
    // flock cannot wait with a deadline, so try again every 10 ms.
    while (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
        const auto next = std::min(deadline, std::chrono::steady_clock::now() + Millis(10));
        const WaitResult waited = wait_for(-1, 0, next);
        if (waited == WaitResult::Interrupted) {
            throw Error(ErrorKind::Unavailable, "interrupted while waiting for the token cache");
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            throw Error(ErrorKind::Timeout,
                        "the deadline (--timeout) passed while another ambient-oidc held the "
                        "token cache's lock " +
                            file);
        }
    }
    return Lock(std::move(fd));
}

std::optional<std::string> TokenCache::load(const std::string& key) const {
    const FileRead file = read_regular_file_at(fd_.get(), name(key, ".token"), kMaxTokenBytes);
    if (!file.ok) {
        return std::nullopt;
    }
    if (file.info.st_uid != ::geteuid() || (file.info.st_mode & 077) != 0) {
        log_->warn("ignoring the cache entry " + path(key, ".token") +
                   ": it is not a private file of this user");
        return std::nullopt;
    }
    return file.text;
}

void TokenCache::store(const std::string& key, const std::string& token) {
    try {
        write_file_atomic_at(fd_.get(), name(key, ".token"), path(key, ".token"), token, 0600);
    } catch (const Error& error) {
        log_->warn(std::string("not caching the token: ") + error.what());
    }
}

void TokenCache::remove(const std::string& key) {
    if (::unlinkat(fd_.get(), name(key, ".token").c_str(), 0) != 0 && errno != ENOENT) {
        log_->warn("cannot remove the cached entry " + path(key, ".token") + ": " +
                   std::strerror(errno));
    }
}

}  // namespace ambient_oidc::token
