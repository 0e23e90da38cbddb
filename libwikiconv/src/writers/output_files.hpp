// Writing output files safely: paths derived from titles never leave the output directory,
// and files appear complete or not at all (temporary name, then rename; a folder of page files
// is written in place, in a fresh folder that StagedOutput moves into place whole).
#pragma once

#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>

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

// Files are made with mode 0644 whatever the umask. read_umask() notes whether the process's
// umask takes any of those bits away, so that a file needs its chmod only then; a conversion's
// output folder calls it as it begins (StagedOutput). Before any call, every file gets its chmod.
void read_umask();

// Writes `data` to `path` inside a folder being written afresh (StagedOutput moves it into place
// whole): created in place when nothing is there, in three system calls where an atomic write
// takes eight; a file already there is replaced atomically. For files that one page owns.
void write_fresh_file(const std::filesystem::path& path, std::string_view data);

// A page's file in a wiki written as a folder of files, one per page, into a fresh folder.
// A worker writes it straight to its place unless a file is there already (another page of the
// same file name got there first); PageFiles, in page order, then says which page a file is
// for. Before, each file was written under a temporary name and renamed in page order, and one
// thread renaming every file kept -j2 from twice -j1's speed.
struct PageFile {
  std::filesystem::path rel, path;  // below the output folder, and joined to it
  bool written = false;             // false: a file was there; the page's text waits in `text`
  std::string text;
  std::size_t bytes() const { return text.size(); }  // while it waits for the consumer
};

// On a worker: writes `text` to `rel` below `output` (creating folders) if no file is there.
PageFile write_page_file(const std::filesystem::path& output, std::filesystem::path rel, std::string text);

// On the consumer, in page order: the first page of a file name keeps it (its text replaces a
// later page's that got there first); a second is an error naming the page (`shown_path`,
// asked only then).
class PageFiles {
 public:
  void settle(PageFile& file, const std::function<std::string()>& shown_path);

 private:
  std::unordered_set<std::string> settled_;  // paths as contained_path made them (normal)
};

}  // namespace wikiconv
