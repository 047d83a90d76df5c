// Reading a small file that may be hostile: a FIFO, a device, a directory or a huge file must
// neither block nor exhaust memory.
#pragma once

#include <sys/stat.h>

#include <cstddef>
#include <istream>
#include <optional>
#include <string>

namespace ambient_oidc {

struct FileRead {
    bool ok = false;
    std::string text;        // the content when ok
    std::string error;       // why not, e.g. "No such file or directory", "not a regular file"
    int open_errno = 0;      // errno when the file could not be opened
    bool too_large = false;  // the file holds more than max_bytes
    struct stat info {};     // the file's status when it could be opened
};

// Opens path without blocking and without following a terminal's control, checks it is a
// regular file, and reads at most max_bytes of it.
FileRead read_regular_file(const std::string& path, std::size_t max_bytes);

// read_regular_file for path relative to the directory open as directory (openat), where a
// symbolic link as the last component is not followed (the file is "not a regular file").
FileRead read_regular_file_at(int directory, const std::string& path, std::size_t max_bytes);

// Reads the whole stream, or returns nullopt as soon as it holds more than max_bytes.
std::optional<std::string> read_stream(std::istream& in, std::size_t max_bytes);

}  // namespace ambient_oidc
