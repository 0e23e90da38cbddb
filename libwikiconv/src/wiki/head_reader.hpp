// The heads of page files (the title each declares, its modification time), read on helper
// threads while the folder walk still lists them. Before, the walk ran alone on one thread and
// the heads were read after it: on the OWASP wiki at -j2 the walk was a quarter of the time
// before the first page converts.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "util/string_arena.hpp"

namespace wikiconv {

class HeadReader {
 public:
  // 24 bytes: a million files hold 24 MB while the index is made from them (the walk's list
  // of paths alone was 16).
  struct File {
    const char* relpath;
    std::uint32_t relpath_size;
    std::uint32_t title = 0;  // 1 + the position of the title the file declares in titles_; 0: none
    std::int64_t mtime = 0;
  };
  // Reads a file's head: the title it declares ("" for none), its mtime. Throws Error when the
  // file cannot be read.
  using ReadHead = std::function<std::string(const std::string& path, std::int64_t& mtime)>;

  // Files are read as `root`/relpath; declared titles are copied into `title_text`. Up to
  // `threads` - 1 helpers (0: one per core) start as the walk lists files, one per 256.
  HeadReader(std::string root, unsigned threads, StringArena& title_text, ReadHead read_head);
  ~HeadReader();  // joins the helpers (after finish(), or when the walk threw)
  HeadReader(const HeadReader&) = delete;
  HeadReader& operator=(const HeadReader&) = delete;

  // A file the walk found; only the walk's thread calls it. `relpath` must outlive the reader.
  void add(std::string_view relpath);
  // The walk is over: this thread reads what is left, with the helpers, until every file's
  // head is read.
  void finish();

  // After finish(): the files in the order added, and those that could not be read (their
  // index and the error message), in that order.
  std::deque<File>& files() { return files_; }
  static std::string_view relpath(const File& file) { return {file.relpath, file.relpath_size}; }
  std::string_view title(const File& file) const { return file.title ? titles_[file.title - 1] : std::string_view(); }
  std::vector<std::pair<std::size_t, std::string>>& failures() { return failures_; }

 private:
  void read_heads(std::unique_lock<std::mutex>& lock);
  void join_helpers();

  std::string root_;
  unsigned helpers_wanted_;
  StringArena& title_text_;
  ReadHead read_head_;
  std::mutex mutex_;  // the fields below, and title_text_
  std::condition_variable more_;
  std::deque<std::string_view> titles_;  // declared titles, apart: files of a pandoc export declare none
  std::deque<File> files_;  // a deque: a helper's pointers into it stay valid while it grows
  std::size_t next_ = 0;    // the first file no thread has taken
  std::size_t waiting_ = 0;
  bool walk_done_ = false;
  std::vector<std::pair<std::size_t, std::string>> failures_;
  std::vector<std::thread> helpers_;
};

}  // namespace wikiconv
