// Where a conversion writes until its output is complete: a hidden folder beside the target
// (same filesystem, so moving the result into place is a rename). Nothing of the previous output
// changes before commit(); a staged output destroyed without commit() leaves nothing behind.
// A target that is not a file to replace but one to write into (a device such as /dev/null, a
// named pipe, /dev/stdout) is staged in the temporary folder and written into on commit().
#pragma once

#include <filesystem>

#include "wikiconv/writer.hpp"

namespace wikiconv {

class StagedOutput {
 public:
  // `kind`: the target is one file (a dump, a book; with its split parts beside it) or a folder.
  StagedOutput(std::filesystem::path target, WikiOutput kind);
  ~StagedOutput();
  StagedOutput(const StagedOutput&) = delete;
  StagedOutput& operator=(const StagedOutput&) = delete;

  // Where the writer writes: the staged folder, or the staged file inside the staging folder.
  const std::filesystem::path& path() const { return path_; }
  // Moves the staged output into place: a folder replaces the old one in one step (an exchange of
  // the two), files are renamed over theirs. Throws OutputError when that fails.
  void commit();

 private:
  std::filesystem::path target_, staging_, path_;
  WikiOutput kind_;
  bool into_ = false;  // the target is written into, not replaced
  bool committed_ = false;
};

}  // namespace wikiconv
