#include "core/output_path.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/directory_trust.hpp"
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

Error foreign_directory(const std::string& path, const std::string& directory, uid_t owner) {
    return Error(ErrorKind::Usage,
                 "refusing to write " + path + ": the directory " + directory + " belongs to " +
                     foreign_owner_text(owner) +
                     ", who could replace the file or the directory after it is written; write "
                     "under a directory of yours or root's");
}

}  // namespace

void refuse_foreign_links(const std::string& path) {
    const std::string directory = directory_of(path);
    for (std::size_t end = directory.find('/', 1);; end = directory.find('/', end + 1)) {
        const std::string part = directory.substr(0, end);
        struct stat info {};
        if (::lstat(part.c_str(), &info) != 0) {
            break;  // missing: created as the caller, or the write says why it cannot be
        }
        if (S_ISLNK(info.st_mode) && !owned_by_root_or_caller(info)) {
            throw Error(ErrorKind::Usage, "refusing to write " + path + ": " + part +
                                              " is a symbolic link of " +
                                              foreign_owner_text(info.st_uid) +
                                              ", who could point it anywhere; write under a "
                                              "directory of yours");
        }
        if (end == std::string::npos) {
            break;
        }
    }
    if (const auto untrusted = first_untrusted_directory(directory, false)) {
        throw foreign_directory(path, untrusted->path, untrusted->info.st_uid);
    }
}

UniqueFd open_output_directory(const std::string& path) {
    const std::string directory = directory_of(path);
    UniqueFd fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    struct stat info {};
    if (!fd || ::fstat(fd.get(), &info) != 0) {
        throw Error(ErrorKind::Usage, "cannot write " + path + ": opening its directory " +
                                          directory + ": " + std::strerror(errno));
    }
    if (!owned_by_root_or_caller(info)) {
        throw foreign_directory(path, directory, info.st_uid);
    }
    return fd;
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
