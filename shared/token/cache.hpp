// The token cache (ambient-oidc(1) CACHE): one 0600 file per (provider, audience, credential
// context) in a 0700 directory owned by the user, and a lock per entry so that concurrent
// invocations make one upstream request. A cache that cannot be used degrades to no cache, with a
// warning.
#pragma once

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/environment.hpp"
#include "core/log.hpp"
#include "core/unique_fd.hpp"

namespace ambient_oidc::token {

// $XDG_RUNTIME_DIR/ambient-oidc, else $XDG_CACHE_HOME/ambient-oidc, else
// ~/.cache/ambient-oidc; empty when none of those variables is set.
std::string default_cache_dir(const Environment& env);

// The entry's name: a SHA-256 over the provider, the audience and the credential context (which
// holds secrets, so only its hash is ever written).
std::string cache_key(const std::string& provider, const std::string& audience,
                      const std::string& context);

class TokenCache {
  public:
    // Creates dir (mode 0700) if needed, opens it once (not through a symbolic link) and checks,
    // on that descriptor, that it is a directory owned by this user that no one else may enter;
    // every entry is then locked, read and replaced relative to the descriptor, so a directory
    // swapped after the check is never used. Returns nullopt after a warning when it cannot be
    // used.
    static std::optional<TokenCache> open(const std::string& dir, Logger& log);

    // Holds the entry's lock until destroyed (an empty Lock holds nothing).
    class Lock {
      public:
        Lock() = default;
        explicit Lock(UniqueFd fd) : fd_(std::move(fd)) {}

      private:
        UniqueFd fd_;
    };

    // Waits for the entry's lock. Throws Error(Timeout) when the deadline passes first and
    // Error(Unavailable) on SIGINT/SIGTERM; returns an empty Lock (and warns) when the lock file
    // cannot be opened.
    Lock lock(const std::string& key, SteadyTime deadline);

    // The cached token text, if the entry is a regular 0600 file of this user's; anything else
    // is ignored (and later replaced).
    std::optional<std::string> load(const std::string& key) const;

    // Replaces the entry atomically; a failure is a warning.
    void store(const std::string& key, const std::string& token);

    // Removes the entry (nothing when there is none); a failure is a warning.
    void remove(const std::string& key);

  private:
    TokenCache(std::string dir, UniqueFd fd, Logger& log)
        : dir_(std::move(dir)), fd_(std::move(fd)), log_(&log) {}
    // The entry's file name in the directory, and that name after the directory (for messages).
    static std::string name(const std::string& key, const char* suffix);
    std::string path(const std::string& key, const char* suffix) const;

    std::string dir_;
    UniqueFd fd_;  // the directory, as opened and checked
    Logger* log_;
};

}  // namespace ambient_oidc::token
