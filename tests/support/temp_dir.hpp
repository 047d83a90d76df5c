#pragma once

#include <string>

namespace ambient_oidc::test {

// A fresh private directory under $TMPDIR (or /tmp) that is removed with everything in it on
// destruction. Non-copyable.
class TempDir {
  public:
    // Creates the directory with mkdtemp ("ambient-oidc-test.XXXXXX"); throws std::system_error.
    TempDir();
    // Removes the directory recursively, ignoring errors.
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    // Returns the absolute path of the directory.
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

}  // namespace ambient_oidc::test
