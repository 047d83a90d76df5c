// Where a token file may be written: not through another user's symbolic link, not into a
// directory of another user, and with a warning where other users can replace it
// (ambient-oidc(1) SECURITY).
#pragma once

#include <string>

#include "core/unique_fd.hpp"

namespace ambient_oidc {

// Throws Error(Usage) when a symbolic link among path's directories belongs to a user other
// than root and the caller (that user could point it anywhere, into the caller's home, say), or
// when path's directory or one above it, as it resolves, belongs to such a user (who could
// replace the file, or the directory, after it is written). Directories that do not exist yet
// are not checked (they are created as the caller).
void refuse_foreign_links(const std::string& path);

// Opens the directory that holds path (links followed) and checks, on that descriptor, that it
// belongs to root or the caller; the file is then written relative to it. Throws Error(Usage)
// when it cannot be opened or belongs to another user.
UniqueFd open_output_directory(const std::string& path);

// A warning, or "" when none: the directory that holds path may be written by other users and
// is not sticky, so they can replace the file after it is written.
std::string shared_directory_warning(const std::string& path);

}  // namespace ambient_oidc
