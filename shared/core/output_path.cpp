#include "core/output_path.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include "core/error.hpp"

namespace ambient_oidc {

namespace {

std::string directory_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) {
        return ".";
    }
    return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

void refuse_foreign_links(const std::string& path) {
    const std::string directory = directory_of(path);
    const uid_t caller = ::geteuid();
    for (std::size_t end = directory.find('/', 1);; end = directory.find('/', end + 1)) {
        const std::string part = directory.substr(0, end);
        struct stat info {};
        if (::lstat(part.c_str(), &info) != 0) {
            return;  // missing: created as the caller, or the write says why it cannot be
        }
        if (S_ISLNK(info.st_mode) && info.st_uid != 0 && info.st_uid != caller) {
            throw Error(ErrorKind::Usage,
                        "refusing to write " + path + ": " + part + " is a symbolic link of uid " +
                            std::to_string(info.st_uid) + ", neither root nor you (uid " +
                            std::to_string(caller) +
                            "), who could point it anywhere; write under a directory of yours");
        }
        if (end == std::string::npos) {
            return;
        }
    }
}

std::string shared_directory_warning(const std::string& path) {
    const std::string directory = directory_of(path);
    struct stat info {};
    if (::stat(directory.c_str(), &info) != 0 || (info.st_mode & (S_IWGRP | S_IWOTH)) == 0 ||
        (info.st_mode & S_ISVTX) != 0) {
        return "";
    }
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    return directory + " may be written by other users and is not sticky (mode " + mode +
           "): they can replace " + path + " after it is written";
}

}  // namespace ambient_oidc
