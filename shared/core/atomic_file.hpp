// Writing a file so that readers see the old content or the new, never a part
// (ambient-oidc(1) COMMANDS, write).
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

namespace ambient_oidc {

// Creates dir and every missing directory above it, each with mode; true when dir exists then.
bool make_directories(const std::string& dir, mode_t mode);

// Writes data to a temporary file in the directory open as directory (a descriptor), with the
// given mode, fsyncs it, renames it over name (a file name in that directory) and fsyncs the
// directory: every step is relative to the descriptor, so a directory swapped for another (or
// for a symbolic link) after it was opened and checked is never written to. On any failure the
// temporary file is removed, name is left as it was, and Error(Usage) says what failed; shown is
// how the messages name the file.
void write_file_atomic_at(int directory, const std::string& name, const std::string& shown,
                          std::string_view data, mode_t mode = 0600);

// write_file_atomic_at in path's directory, opened once with open_output_directory (which
// refuses a directory of another user than root and the caller). A path that names a character
// device or a FIFO, or a link to one (/dev/null, /dev/stdout, a pipe), is written into directly,
// as tee does, and never replaced; one that names a socket or a block device is refused with
// Error(Usage), as is a FIFO that no process reads (ambient-oidc(1) FILES).
void write_file_atomic(const std::string& path, std::string_view data, mode_t mode = 0600);

}  // namespace ambient_oidc
