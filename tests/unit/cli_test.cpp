#include <gtest/gtest.h>

#include <cstdlib>
#include <regex>

#include "test_support.hpp"

using wikiconv::test::run_cli;
using wikiconv::test::TempDir;

TEST(Cli, VersionHelpAndUsageErrors) {
  auto v = run_cli("--version");
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_NE(v.out.find("wikiconv"), std::string::npos);
  EXPECT_EQ(run_cli("convert --help").exit_code, 0);
  EXPECT_EQ(run_cli("").exit_code, 2);
  auto bad = run_cli("convert - -t nosuchformat", "x\n");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown format"), std::string::npos);
  auto near = run_cli("convert - -t mediwiki", "x\n");
  EXPECT_EQ(near.exit_code, 2);
  EXPECT_NE(near.err.find("did you mean mediawiki?"), std::string::npos) << near.err;
  auto option = run_cli("convert - -t epub -o x.epub -O titel=x", "x\n");
  EXPECT_EQ(option.exit_code, 2);
  EXPECT_NE(option.err.find("did you mean title?"), std::string::npos) << option.err;
  auto from = run_cli("convert - -f mediawiki -t html", "x\n");
  EXPECT_EQ(from.exit_code, 2);
  EXPECT_NE(from.err.find("unknown input format"), std::string::npos) << from.err;
  EXPECT_EQ(run_cli("convert - -t json -O novalue", "x\n").exit_code, 2);
}

// Built with mimalloc (cli/CMakeLists.txt), the program's malloc is mimalloc's: linked ahead of
// the C library, it takes the calls of the program and of its libraries. mimalloc's statistics
// at exit count the segments it made: none when malloc is the C library's (mimalloc linked
// after it, or dropped by the linker).
TEST(Cli, MallocIsMimallocWhenBuiltWithIt) {
#ifdef WIKICONV_CLI_MIMALLOC
  setenv("MIMALLOC_SHOW_STATS", "1", 1);
  auto r = run_cli("convert - -t json", "# Hi\n\nSome *text* and a [link](Page \"wikilink\").\n");
  unsetenv("MIMALLOC_SHOW_STATS");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"Heading\""), std::string::npos);
  std::smatch segments;
  ASSERT_TRUE(std::regex_search(r.err, segments, std::regex(R"(segments:\s+(\d+))"))) << r.err;
  EXPECT_GE(std::stoi(segments[1]), 1) << "malloc is not mimalloc's: is libmimalloc linked ahead of libc?\n" << r.err;
#else
  GTEST_SKIP() << "the command-line program is built without mimalloc (a sanitizer build, or WIKICONV_MIMALLOC=OFF)";
#endif
}

TEST(Cli, ConvertsStdinAndFiles) {
  auto r = run_cli("convert - -t html", "# Hi\n\n<a href=\"Main_Page\" class=\"wikilink\" title=\"M\">home</a>\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "<h1>Hi</h1>\n<p><a href=\"Main_Page\" class=\"wikilink\">home</a></p>\n");
  auto missing = run_cli("convert /nonexistent/page.md -t json");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("/nonexistent/page.md"), std::string::npos);
}

TEST(Cli, BadInputGetsWarningsWithFileAndLineOrStrictError) {
  TempDir dir;
  dir.write("Bad.md", std::string("fine\n\nbroken \xFF byte\0 and nul\n", 29));
  auto lenient = run_cli("convert '" + (dir.path() / "Bad.md").string() + "' -t json");
  EXPECT_EQ(lenient.exit_code, 0);
  EXPECT_NE(lenient.err.find("Bad.md:3:8: warning"), std::string::npos) << lenient.err;
  EXPECT_NE(lenient.out.find("\xEF\xBF\xBD"), std::string::npos);
  auto strict = run_cli("convert --strict '" + (dir.path() / "Bad.md").string() + "' -t json");
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_NE(strict.err.find("Bad.md:3"), std::string::npos) << strict.err;
}

TEST(Cli, HugeAndDeepPagesFinish) {
  std::string big;
  while (big.size() < 10u * 1024 * 1024) big += "Some *text* with a <a href=\"X\" class=\"wikilink\" title=\"X\">link</a>.\n\n";
  auto r = run_cli("convert - -t json -q", big);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_GT(r.out.size(), big.size());
  std::string deep;
  for (int i = 0; i < 10000; ++i) deep += "> ";
  deep += "x\n";
  auto d = run_cli("convert - -t html", deep);
  EXPECT_EQ(d.exit_code, 0);
  EXPECT_NE(d.out.find("x"), std::string::npos);
}

TEST(Cli, CheckReportsAndFailsOnCollisions) {
  auto ok = run_cli("check '" + (wikiconv::test::source_dir() / "fixtures" / "wiki").string() + "'");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("pages: 6"), std::string::npos);
  EXPECT_NE(ok.out.find("[[Solidarity Economy]]"), std::string::npos);
  TempDir dir;
  dir.write("A_b.md", "one\n");
  dir.write("A b.md", "two\n");
  auto bad = run_cli("check '" + dir.path().string() + "'");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("collisions"), std::string::npos);
  auto conv = run_cli("convert '" + dir.path().string() + "' -t html -o '" + (dir.path() / "out").string() + "'");
  EXPECT_EQ(conv.exit_code, 1);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "out"));
}

TEST(Cli, JsonRoundTrip) {
  std::string src = "# T\n\n- a\n- [x] b\n\n| x | y |\n|---|--:|\n| 1 | 2 |\n\nFoo[^1]\n\n[^1]: note\n";
  auto json = run_cli("convert - -t json", src);
  ASSERT_EQ(json.exit_code, 0);
  auto html_direct = run_cli("convert - -t html", src);
  auto html_via_json = run_cli("convert - -f json -t html", json.out);
  ASSERT_EQ(html_via_json.exit_code, 0) << html_via_json.err;
  EXPECT_EQ(html_direct.out, html_via_json.out);
}
