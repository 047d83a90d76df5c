// Whether the directories that hold a file can be trusted, as ssh's StrictModes checks them:
// the owner of a directory (or, when its group or others may write it without the sticky bit,
// they) can replace what is in it, so it must be root or the caller.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <optional>
#include <string>

namespace ambient_oidc {

struct UntrustedDirectory {
    std::string path;  // the directory, resolved (symbolic links followed)
    struct stat info {};
    bool foreign = false;  // it belongs to another user; else its group or others may write it
};

// True when info belongs to root or to the caller (the effective uid).
bool owned_by_root_or_caller(const struct stat& info);

// "uid OWNER, neither root nor you (uid CALLER)", for messages.
std::string foreign_owner_text(uid_t owner);

// The first of dir and the directories above it up to /, resolved (links followed; a tail that
// does not exist yet is skipped), that belongs to a user other than root and the caller, or, with
// writable_too, that its group or others may write and is not sticky. nullopt when all are
// trusted, or when dir cannot be resolved (then the caller's own open or write says why).
std::optional<UntrustedDirectory> first_untrusted_directory(const std::string& dir,
                                                            bool writable_too);

// The first untrusted directory (first_untrusted_directory with writable_too) above the file at
// path, or above the file a symbolic link there leads to (whoever may replace either chooses the
// file); nullopt when there is none.
std::optional<UntrustedDirectory> first_untrusted_directory_of_file(const std::string& path);

// Why a file that decides who the caller is (a token file a provider reads) cannot be trusted,
// or nullopt when it can: the file (info: its status, links followed) must belong to root or the
// caller and be writable by neither its group nor others, and so must every directory above it
// and above the file a link leads to (a sticky directory aside), as for the configuration file.
// The reason reads after the file's name: "belongs to uid 1001, ...", "is writable by ...".
std::optional<std::string> untrusted_file_reason(const std::string& path, const struct stat& info);

}  // namespace ambient_oidc
