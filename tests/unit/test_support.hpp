// Helpers shared by the unit tests.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "wikiconv/wikiconv.hpp"

namespace wikiconv::test {

// Parses Markdown into a Page, failing the test on errors.
inline Page md(std::string_view text) {
  Diagnostics d;
  return read_markdown(text, ReadOptions{}, d, "test.md");
}

// Every node of `type` in `root`, in document order.
inline std::vector<const Node*> find_all(const Node& root, NodeType type) {
  std::vector<const Node*> out;
  NodeIterator it(root);
  while (it.next())
    if (it.event() == WalkEvent::Enter && it.node().type == type) out.push_back(&it.node());
  return out;
}

// A fresh temporary directory, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  void write(const std::string& rel, std::string_view data) const;

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int exit_code;
  std::string out;
  std::string err;
};
// Runs the wikiconv CLI with `args` (shell-quoted by the caller), feeding `input` on stdin.
CommandResult run_cli(const std::string& args, const std::string& input = {});

inline std::filesystem::path source_dir() { return WIKICONV_SOURCE_DIR; }
inline std::filesystem::path corpus_dir() { return source_dir().parent_path() / "shared" / "corpus" / "nixos-wiki"; }

}  // namespace wikiconv::test
