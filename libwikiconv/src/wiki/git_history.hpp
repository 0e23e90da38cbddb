// The history of a wiki's files from the git repository it lives in, read with libgit2: for
// each file, the commits that changed it, oldest first, following renames.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "wikiconv/wiki.hpp"

struct git_repository;

namespace wikiconv {

class GitHistory {
 public:
  // Reads the history of every file below `root`. Returns null when `root` is in no git work
  // tree (or its repository has no commit), with the reason in `problem`.
  static std::unique_ptr<GitHistory> read(const std::filesystem::path& root, std::string& problem);
  ~GitHistory();
  GitHistory(const GitHistory&) = delete;
  GitHistory& operator=(const GitHistory&) = delete;

  // The revisions of the file at `path` (absolute), oldest first; null when it has none that
  // stand for its text: not committed, or changed since its last commit.
  const std::vector<Revision>* find(const std::filesystem::path& path) const;
  // The file's text at a revision.
  std::string text(const Revision& revision) const;
  // Files below the root (relative to it) that have uncommitted changes or were never committed.
  const std::vector<std::string>& uncommitted() const { return uncommitted_; }
  // How many changes the history holds: revision ids are 1 .. change_count().
  std::uint64_t change_count() const { return change_count_; }

 private:
  GitHistory() = default;
  void walk(const std::string& prefix);
  void drop_uncommitted(const std::string& prefix, const std::filesystem::path& root);

  git_repository* repo_ = nullptr;
  std::string workdir_;  // the work tree, ending in '/'
  std::unordered_map<std::string, std::vector<Revision>> histories_;      // by absolute path
  std::uint64_t change_count_ = 0;
  std::vector<std::string> uncommitted_;
  mutable std::mutex mutex_;  // libgit2 objects are not for concurrent use
};

}  // namespace wikiconv
