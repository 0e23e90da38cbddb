// wikiconv::convert, the front door the CLI and Python call.
#include <gtest/gtest.h>
#include <malloc.h>

#include "../fuzz/fuzz_support.hpp"
#include "test_support.hpp"
#include "wikiconv/conversion.hpp"

using namespace wikiconv;
using wikiconv::test::TempDir;

using wikiconv::fuzz::read_all;

// process_ends_after: the CLI's single page is written as before, and its model is left to the
// process's end, not freed. The sanitizers' malloc keeps no glibc heap to count (and their leak
// checker, which runs the CLI in the sanitized build, would report a model left unreachable).
TEST(Conversion, AProcessThatEndsAfterLeavesTheSinglePagesModelUnfreed) {
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
  TempDir dir;
  std::string page;
  for (int i = 0; i < 4000; ++i)
    page += "- item " + std::to_string(i) + " with *emphasis* and <a href=\"Page_" + std::to_string(i) +
            "\" class=\"wikilink\" title=\"Page " + std::to_string(i) + "\">a link</a>\n";
  dir.write("Big.md", page);  // 400 KB; its model is some MB
  auto in_use = [] { return static_cast<long long>(mallinfo2().uordblks); };
  auto run = [&](bool ends_after, const std::string& out) {
    ConversionRequest r;
    r.inputs = {(dir.path() / "Big.md").string()};
    r.to = "wikitext";
    r.output = (dir.path() / out).string();
    r.threads = 1;
    r.process_ends_after = ends_after;
    Diagnostics d;
    long long before = in_use();
    convert(r, d);
    EXPECT_EQ(d.error_count(), 0u);
    return in_use() - before;
  };
  run(false, "warm-up.wiki");  // what a first conversion keeps for good (registries, caches)
  long long freed = run(false, "freed.wiki");  // bytes still in use after the conversion
  long long kept = run(true, "kept.wiki");
  EXPECT_LT(freed, 256LL << 10) << "a conversion that goes on frees the page's model";
  EXPECT_GT(kept, 2LL << 20) << "the model is left to the process's end";
  EXPECT_EQ(read_all(dir.path() / "kept.wiki"), read_all(dir.path() / "freed.wiki"));
  EXPECT_FALSE(read_all(dir.path() / "kept.wiki").empty());
#else
  GTEST_SKIP() << "counts glibc's heap, which a sanitizer's malloc replaces";
#endif
}
