// Writing output files safely: paths derived from titles never leave the output directory,
// and files appear complete or not at all (temporary name, then rename).
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace wikiconv {

// A relative path for a title: '/' separates folders, each segment made safe ("..", ".",
// empty segments, NUL/control characters and '\\' cannot occur), plus `extension`.
std::filesystem::path safe_relative_path(std::string_view title, std::string_view extension);

// Joins `relative` under `root` and throws Error if the result would leave `root`.
std::filesystem::path contained_path(const std::filesystem::path& root,
                                     const std::filesystem::path& relative);

// A file written under a temporary name in the same directory and renamed into place by
// commit(); destroyed without commit() it removes the temporary file.
class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  void write(std::string_view data);
  std::FILE* handle() { return file_; }
  const std::filesystem::path& temp_path() const { return temp_; }
  // Flushes and closes the temporary file (it stays under its temporary name); commit() does
  // this itself when it has not been done. Lets workers write while one thread renames in order.
  void close();
  void commit();

 private:
  std::filesystem::path target_, temp_;
  std::FILE* file_ = nullptr;
  bool committed_ = false;
};

// Writes `data` to `path` atomically, creating parent directories.
void write_file_atomic(const std::filesystem::path& path, std::string_view data);

}  // namespace wikiconv
