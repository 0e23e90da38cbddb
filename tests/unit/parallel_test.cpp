// Parsing on several threads at once gives the same trees as on one (cmark-gfm's global table of
// special characters, see markdown_reader.cpp), and for_each_page_ordered keeps page order.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "test_support.hpp"

namespace wikiconv {
namespace {

using test::find_all;
using test::md;

constexpr std::string_view kPage =
    "Some ~~struck~~ text, www.example.org and https://example.org/x, a | b.\n\n"
    "| a | b |\n|---|---|\n| ~~c~~ | www.example.com |\n\n"
    "- [ ] task with ~~strike~~\n";

TEST(Parallel, ParsingOnTwoThreadsKeepsExtensionInlines) {
  Page reference = md(kPage);
  ASSERT_EQ(find_all(reference.body, NodeType::Strikethrough).size(), 3u);
  ASSERT_EQ(find_all(reference.body, NodeType::Link).size(), 3u);
  std::atomic<int> mismatches{0};
  auto work = [&] {
    for (int i = 0; i < 400; ++i)
      if (!(md(kPage).body == reference.body)) ++mismatches;
  };
  std::thread a(work), b(work), c(work);
  a.join();
  b.join();
  c.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(Parallel, OrderedResultsOnSeveralThreads) {
  test::TempDir dir;
  for (int i = 0; i < 60; ++i)
    dir.write("Page " + std::to_string(100 + i) + ".md", "Text ~~" + std::to_string(i) + "~~\n");
  Diagnostics diagnostics;
  Wiki wiki = Wiki::open(dir.path(), WikiOptions{}, diagnostics);
  std::vector<std::string> order;
  std::function<std::size_t(const PageEntry&)> produce = [&](const PageEntry& entry) {
    return find_all(wiki.load(entry, diagnostics).body, NodeType::Strikethrough).size();
  };
  std::function<void(const PageEntry&, std::size_t&&)> consume = [&](const PageEntry& entry,
                                                                      std::size_t&& strikes) {
    EXPECT_EQ(strikes, 1u) << entry.title;
    order.push_back(entry.title);
  };
  for_each_page_ordered<std::size_t>(wiki, 2, produce, consume);
  ASSERT_EQ(order.size(), 60u);
  for (std::size_t i = 0; i < order.size(); ++i) EXPECT_EQ(order[i], wiki.pages()[i].title);
}

}  // namespace
}  // namespace wikiconv
