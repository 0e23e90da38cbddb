#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "readers/cmark_walk.hpp"
#include "readers/markdown_reader.hpp"
#include "test_support.hpp"

using namespace wikiconv;

namespace {

struct TreeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
using Tree = std::unique_ptr<cmark_node, TreeDeleter>;

// Parsed as the reader parses a page.
Tree parse(const std::string& text) { return Tree(parse_gfm(text, cmark_get_default_mem_allocator())); }

struct Step {
  cmark_event_type event;
  cmark_node* node;
  bool operator==(const Step& o) const { return event == o.event && node == o.node; }
};

// The events of a walk from `root`; every `skip_every`th container entered is skipped with a
// reset to its exit, as the HTML marker skips a block it converted whole (0: none).
std::vector<Step> with_cmark_iter(cmark_node* root, int skip_every) {
  std::vector<Step> steps;
  cmark_iter* iter = cmark_iter_new(root);
  int containers = 0;
  for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
    cmark_node* n = cmark_iter_get_node(iter);
    steps.push_back({ev, n});
    if (skip_every && ev == CMARK_EVENT_ENTER && !CmarkWalk::is_leaf(n) && n != root && ++containers % skip_every == 0)
      cmark_iter_reset(iter, n, CMARK_EVENT_EXIT);
  }
  cmark_iter_free(iter);
  return steps;
}

std::vector<Step> with_cmark_walk(cmark_node* root, int skip_every) {
  std::vector<Step> steps;
  CmarkWalk walk(root);
  int containers = 0;
  for (cmark_event_type ev; (ev = walk.next()) != CMARK_EVENT_DONE;) {
    cmark_node* n = walk.node();
    steps.push_back({ev, n});
    if (skip_every && ev == CMARK_EVENT_ENTER && !CmarkWalk::is_leaf(n) && n != root && ++containers % skip_every == 0)
      walk.reset(n, CMARK_EVENT_EXIT);
  }
  return steps;
}

// Whether the two walks agree from every node of the tree as root, with and without skips.
void expect_same_walks(cmark_node* document, const std::string& what) {
  std::vector<Step> whole = with_cmark_iter(document, 0);
  ASSERT_FALSE(whole.empty());
  for (const Step& s : whole) {
    if (s.event != CMARK_EVENT_ENTER) continue;
    for (int skip : {0, 1, 3}) {
      ASSERT_TRUE(with_cmark_walk(s.node, skip) == with_cmark_iter(s.node, skip))
          << what << ": from a " << cmark_node_get_type_string(s.node) << " on line "
          << cmark_node_get_start_line(s.node) << ", skipping every " << skip;
    }
  }
}

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

// Every kind of node, and containers left empty (a heading, a list item, a link, a table cell,
// a block quote): cmark's iterator enters and leaves those at once, and its leaves it only enters.
TEST(CmarkWalk, GivesTheEventsOfCmarksIterator) {
  const std::string text =
      "# Heading *with* `code`\n\n#\n\n"
      "Text with **strong**, ~~struck~~, [a link](Target \"wikilink\"), [](empty), ![alt](File:x.png),\n"
      "a soft break  \nand a hard one, <span class=\"x\">inline HTML</span>, www.example.org and a note[^n].\n\n"
      "- \n- item\n  - [ ] task\n  - [x] done\n\n1) one\n2) two\n\n>\n\n> quote\n> > nested\n\n"
      "| a | b |\n|:--|--:|\n| 1 |  |\n|   | 2 |\n\n"
      "```python\ncode\n```\n\n    indented\n\n***\n\n<div>\n\n*raw* block\n\n</div>\n\n<!-- comment -->\n\n"
      "[^n]: The note, with [[a]] and <b>bold</b>.\n";
  Tree root = parse(text);
  expect_same_walks(root.get(), "the sample text");
}

TEST(CmarkWalk, GivesTheEventsOfCmarksIteratorOnRealPages) {
  std::vector<std::filesystem::path> pages;
  for (const auto& dir : {test::source_dir() / "fixtures", test::corpus_dir()}) {
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
      if (e.is_regular_file() && e.path().extension() == ".md") pages.push_back(e.path());
  }
  ASSERT_GE(pages.size(), 6u);  // the sample wiki at least
  for (const auto& page : pages) {
    Tree root = parse(read(page));
    expect_same_walks(root.get(), page.string());
  }
}
