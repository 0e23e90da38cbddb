#include "wiki/head_reader.hpp"

#include <algorithm>
#include <array>

#include "util/path_join.hpp"
#include "wikiconv/detail/worker_threads.hpp"
#include "wikiconv/diagnostics.hpp"

namespace wikiconv {

namespace {

// Files a thread takes at once: one lock per batch, not per file.
constexpr std::size_t kBatch = 16;
// A helper starts for each this many files listed: starting a thread costs more than reading a
// few heads, and a small wiki's walk is over before one would run.
constexpr std::size_t kFilesPerHelper = 256;

}  // namespace

HeadReader::HeadReader(std::string root, unsigned threads, StringArena& title_text, ReadHead read_head)
    : root_(std::move(root)), title_text_(title_text), read_head_(std::move(read_head)) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  helpers_wanted_ = threads - 1;
}

// Without finish() the walk threw: the files not yet taken are left unread.
HeadReader::~HeadReader() {
  {
    std::lock_guard lock(mutex_);
    next_ = files_.size();
  }
  join_helpers();
}

void HeadReader::join_helpers() {
  {
    std::lock_guard lock(mutex_);
    walk_done_ = true;
  }
  more_.notify_all();
  for (auto& helper : helpers_) helper.join();
  helpers_.clear();
}

void HeadReader::add(std::string_view relpath) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    files_.push_back({relpath.data(), static_cast<std::uint32_t>(relpath.size())});
    wake = waiting_ > 0 && files_.size() - next_ >= kBatch;
  }
  if (wake) more_.notify_one();
  // A helper per kFilesPerHelper files listed, as many as wanted. Only this thread adds: the
  // size is its own to read.
  if (files_.size() % kFilesPerHelper == 0 && helpers_.size() < helpers_wanted_)
    helpers_.emplace_back([this] {
      worker_thread_started();
      std::unique_lock lock(mutex_);
      read_heads(lock);
    });
}

void HeadReader::finish() {
  {
    std::unique_lock lock(mutex_);
    walk_done_ = true;
    more_.notify_all();
    read_heads(lock);
  }
  join_helpers();
  std::sort(failures_.begin(), failures_.end());
}

// Takes batches of files and reads their heads until every file is taken and the walk is
// over. Called with the lock held; reads without it.
void HeadReader::read_heads(std::unique_lock<std::mutex>& lock) {
  std::array<File*, kBatch> batch;
  std::array<std::string, kBatch> titles;
  std::array<std::string, kBatch> failures;
  for (;;) {
    std::size_t listed = files_.size();
    // While the walk goes on, only full batches: the walk's thread takes the lock for each file.
    if (next_ == listed || (!walk_done_ && listed - next_ < kBatch)) {
      if (walk_done_) return;
      ++waiting_;
      more_.wait(lock);
      --waiting_;
      continue;
    }
    std::size_t first = next_, count = std::min(kBatch, listed - next_);
    for (std::size_t i = 0; i < count; ++i) batch[i] = &files_[first + i];
    next_ += count;
    lock.unlock();
    for (std::size_t i = 0; i < count; ++i) {
      try {
        titles[i] = read_head_(join_path(root_, relpath(*batch[i])), batch[i]->mtime);
      } catch (const Error& error) {
        failures[i] = error.message();
        if (failures[i].empty()) failures[i] = "cannot read file";
      }
    }
    lock.lock();
    for (std::size_t i = 0; i < count; ++i) {
      if (!titles[i].empty()) {
        titles_.push_back(title_text_.add(titles[i]));
        batch[i]->title = static_cast<std::uint32_t>(titles_.size());
      }
      if (!failures[i].empty()) failures_.emplace_back(first + i, std::move(failures[i]));
      titles[i].clear();
      failures[i].clear();
    }
  }
}

}  // namespace wikiconv
