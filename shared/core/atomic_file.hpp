// Writing a file so that readers see the old content or the new, never a part
// (ambient-oidc(1) COMMANDS, write).
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

namespace ambient_oidc {

// Creates dir and every missing directory above it, each with mode; true when dir exists then.
bool make_directories(const std::string& dir, mode_t mode);

// Writes data to a temporary file in path's directory with the given mode, fsyncs it, renames
// it over path and fsyncs the directory. On any failure the temporary file is removed, path is
// left as it was, and Error(Usage) says what failed.
void write_file_atomic(const std::string& path, std::string_view data, mode_t mode = 0600);

}  // namespace ambient_oidc
