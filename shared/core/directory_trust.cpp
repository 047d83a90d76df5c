#include "core/directory_trust.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace ambient_oidc {

namespace {

// The resolved form of dir or, while that does not exist, of the nearest directory above it.
std::optional<std::string> resolve_existing(std::string dir) {
    for (;;) {
        const std::unique_ptr<char, decltype(&std::free)> resolved(::realpath(dir.c_str(), nullptr),
                                                                   &std::free);
        if (resolved) {
            return std::string(resolved.get());
        }
        if (errno != ENOENT || dir == "." || dir == "/") {
            return std::nullopt;
        }
        const auto slash = dir.rfind('/');
        dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : dir.substr(0, slash));
    }
}

}  // namespace

bool owned_by_root_or_caller(const struct stat& info) {
    return info.st_uid == 0 || info.st_uid == ::geteuid();
}

std::string foreign_owner_text(uid_t owner) {
    return "uid " + std::to_string(owner) + ", neither root nor you (uid " +
           std::to_string(::geteuid()) + ")";
}

std::optional<UntrustedDirectory> first_untrusted_directory(const std::string& dir,
                                                            bool writable_too) {
    const auto resolved = resolve_existing(dir.empty() ? "." : dir);
    if (!resolved) {
        return std::nullopt;
    }
    for (std::string path = *resolved;;) {
        UntrustedDirectory found;
        found.path = path;
        if (::stat(path.c_str(), &found.info) != 0) {
            return std::nullopt;
        }
        if (!owned_by_root_or_caller(found.info)) {
            found.foreign = true;
            return found;
        }
        if (writable_too && (found.info.st_mode & (S_IWGRP | S_IWOTH)) != 0 &&
            (found.info.st_mode & S_ISVTX) == 0) {
            return found;
        }
        if (path == "/") {
            return std::nullopt;
        }
        const auto slash = path.rfind('/');
        path = slash == 0 ? "/" : path.substr(0, slash);
    }
}

std::optional<UntrustedDirectory> first_untrusted_directory_of_file(const std::string& path) {
    // The directories that hold the link and those that hold the file it leads to.
    char* resolved = ::realpath(path.c_str(), nullptr);
    const std::string real = resolved != nullptr ? resolved : path;
    std::free(resolved);
    for (const std::string& file : {path, real}) {
        const auto slash = file.rfind('/');
        if (auto untrusted = first_untrusted_directory(
                slash == std::string::npos ? "." : file.substr(0, std::max<std::size_t>(slash, 1)),
                true)) {
            return untrusted;
        }
    }
    return std::nullopt;
}

std::optional<std::string> untrusted_file_reason(const std::string& path, const struct stat& info) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    if (!owned_by_root_or_caller(info)) {
        return "belongs to " + foreign_owner_text(info.st_uid);
    }
    if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
        return std::string("is writable by ") +
               ((info.st_mode & S_IWOTH) != 0 ? "every user" : "its group") + " (mode " + mode +
               ")";
    }
    if (const auto untrusted = first_untrusted_directory_of_file(path)) {
        if (untrusted->foreign) {
            return "is in " + untrusted->path + ", which belongs to " +
                   foreign_owner_text(untrusted->info.st_uid);
        }
        std::snprintf(mode, sizeof mode, "%04o",
                      static_cast<unsigned>(untrusted->info.st_mode & 07777));
        return "is in " + untrusted->path + ", which other users may write (mode " + mode +
               ") and is not sticky";
    }
    return std::nullopt;
}

}  // namespace ambient_oidc
