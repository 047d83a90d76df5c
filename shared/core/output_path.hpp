// Where a token file may be written: not through another user's symbolic link, and with a
// warning where other users can replace it.
#pragma once

#include <string>

namespace ambient_oidc {

// Throws Error(Usage) when a symbolic link among path's directories belongs to a user other
// than root and the caller: that user could point it anywhere (into the caller's home, say).
// Directories that do not exist yet are not checked (they are created as the caller).
void refuse_foreign_links(const std::string& path);

// A warning, or "" when none: the directory that holds path may be written by other users and
// is not sticky, so they can replace the file after it is written.
std::string shared_directory_warning(const std::string& path);

}  // namespace ambient_oidc
