#pragma once
// A temporary folder, removed with everything in it when the object goes.
#include <string>
#include <vector>

namespace restyle {

class TempDir {
  public:
    // Made under $TMPDIR (or /tmp) as PREFIX-<pid>-<host>-XXXXXX, after removing the folders
    // of dead writers with the same prefix; throws Error when it cannot be made.
    explicit TempDir(const std::string& prefix = "restyle");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    // The folder, or `name` inside it.
    std::string path(const std::string& name = "") const;
    std::vector<std::string> entries() const;  // names of what is inside

  private:
    std::string dir_;
};

}  // namespace restyle
