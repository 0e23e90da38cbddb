// Reliability: bad bytes, huge and deep pages, pathological Markdown, hostile wiki folders and
// interrupted writes each give a correct result or a clear error, never a crash (issue 8).
// These run under ASan/UBSan too (scripts/sanitize), so sizes are chosen to stay quick there;
// the 50 MB page and the million links are in tests/integration/test_reliability.py.
#include <gtest/gtest.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <sstream>

#include "../fuzz/output_checks.hpp"
#include "test_support.hpp"
#include "wiki/title.hpp"
#include "writers/output_files.hpp"

namespace fs = std::filesystem;
using namespace wikiconv;
using wikiconv::test::find_all;
using wikiconv::test::TempDir;

namespace {

// Runs `body` on a thread with a small stack: any recursion over a 100,000-deep tree overflows
// it (and ASan reports the overflow), where the 8 MB main stack might hide it.
void on_small_stack(const std::function<void()>& body) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 1024 * 1024);
  struct Call {
    const std::function<void()>* body;
    std::exception_ptr error;
  } call{&body, nullptr};
  pthread_t thread;
  ASSERT_EQ(pthread_create(
                &thread, &attr,
                [](void* p) -> void* {
                  auto* c = static_cast<Call*>(p);
                  try {
                    (*c->body)();
                  } catch (...) {
                    c->error = std::current_exception();
                  }
                  return nullptr;
                },
                &call),
            0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
  if (call.error) std::rethrow_exception(call.error);
}

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

std::size_t count(std::string_view haystack, std::string_view needle) {
  std::size_t n = 0;
  for (std::size_t pos = haystack.find(needle); pos != std::string_view::npos; pos = haystack.find(needle, pos + 1)) ++n;
  return n;
}

std::size_t max_depth(const Node& root) {
  std::size_t deepest = 0;
  NodeIterator it(root);
  while (it.next()) deepest = std::max(deepest, it.depth());
  return deepest;
}

// Every registered writer's page form of `page` (a writer added later is covered too).
std::vector<std::pair<std::string, std::string>> write_with_every_writer(const Page& page) {
  std::vector<std::pair<std::string, std::string>> outputs;
  WikiOptions wo;
  Wiki wiki = Wiki::from_text({}, page.title.empty() ? "Deep" : page.title, wo);
  Diagnostics diagnostics;
  WriteContext context;
  context.wiki = &wiki;
  context.diagnostics = &diagnostics;
  for (const auto& info : writers()) {
    std::string out = info.make(Options{})->write_page(page, context);
    outputs.emplace_back(std::string(info.name), std::move(out));
  }
  return outputs;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

// --- bytes --------------------------------------------------------------------------------

TEST(Reliability, InvalidUtf8IsReplacedAndReportedWithFileLineAndColumn) {
  std::string text = "ok\n\nline two \xC3\x28 and \xFF\xFE then \xED\xA0\x80 (surrogate) \xC0\xAF (overlong)\n";
  Diagnostics d;
  Page page = read_markdown(text, ReadOptions{}, d, "pages/Bad.md");
  ASSERT_EQ(d.warning_count(), 1u);
  std::string w = d.items()[0].format();
  EXPECT_NE(w.find("pages/Bad.md:3:10: warning"), std::string::npos) << w;  // the \xC3 of "\xC3\x28"
  std::string plain = page.body.plain_text();
  EXPECT_EQ(checks::invalid_utf8(plain), "");
  EXPECT_GE(count(plain, "\xEF\xBF\xBD"), 6u);
  EXPECT_NE(plain.find("(surrogate)"), std::string::npos);

  ReadOptions strict;
  strict.strict = true;
  Diagnostics ds;
  try {
    read_markdown(text, strict, ds, "pages/Bad.md");
    FAIL() << "--strict accepted invalid UTF-8";
  } catch (const Error& e) {
    EXPECT_EQ(e.file(), "pages/Bad.md");
    EXPECT_EQ(e.line(), 3);
    EXPECT_EQ(e.column(), 10);
    EXPECT_EQ(std::string(e.what()).rfind("pages/Bad.md:3:10: ", 0), 0u) << e.what();
  }
}

TEST(Reliability, BadJsonIsAnErrorWithFileLineAndColumn) {
  // A syntax error, and a number too big for a double (which nlohmann reports without a place,
  // and which once escaped read_json as another exception type); "1e999" in a string is text.
  struct Case {
    std::string text;
    int line, column;
    std::string says;
  } cases[] = {
      {"{\"title\": \"\xC3\xA9\",\n \"body\": {\"t\": \"Document\",]}", 2, 27, "syntax error"},
      {"{\"title\": \"1e999\",\n  \"x\": [1, 1e999]}", 2, 12, "number overflow"},
  };
  for (const Case& c : cases) {
    try {
      read_json(c.text, "page.json");
      FAIL() << "accepted: " << c.text;
    } catch (const Error& e) {
      EXPECT_EQ(e.file(), "page.json");
      EXPECT_EQ(e.line(), c.line) << e.what();
      EXPECT_EQ(e.column(), c.column) << e.what();
      EXPECT_NE(std::string(e.what()).find(c.says), std::string::npos) << e.what();
    }
  }
}

TEST(Reliability, NulBytesBecomeReplacementCharacters) {
  std::string text("a\0b\n\n`c\0d`\n\n[l\0](u\0)\n", 20);
  Diagnostics d;
  Page page = read_markdown(text, ReadOptions{}, d, "nul.md");
  EXPECT_EQ(d.warning_count(), 1u);
  EXPECT_NE(d.items()[0].message.find("NUL"), std::string::npos) << d.items()[0].message;
  NodeIterator it(page.body);
  while (it.next())
    for (const std::string* s : {&it.node().text, &it.node().target.str()})
      EXPECT_EQ(s->find('\0'), std::string::npos);
  EXPECT_NE(page.body.plain_text().find("a\xEF\xBF\xBD" "b"), std::string::npos);
  for (const auto& [name, out] : write_with_every_writer(page))
    if (out.compare(0, 4, "PK\x03\x04") != 0) EXPECT_EQ(out.find('\0'), std::string::npos) << name;
}

// Found by fuzz_writer: cmark-gfm 0.29 cuts a character in two when it gives back an undefined
// footnote reference whose label holds whitespace it normalizes.
TEST(Reliability, TextStaysValidUtf8WhereCmarkCutsACharacter) {
  for (std::string text : {std::string("[^\n\xEF\xBF\xBD\f]"), std::string("a [^\n\xC3\xA9\f\xC3\xA9] b\n"),
                           std::string("[^\n\0\f]", 6)}) {
    Diagnostics d;
    Page page = read_markdown(text, ReadOptions{}, d, "cut.md");
    NodeIterator it(page.body);
    while (it.next()) EXPECT_EQ(checks::invalid_utf8(it.node().text), "") << text;
    for (const auto& [name, out] : write_with_every_writer(page))
      if (out.compare(0, 4, "PK\x03\x04") != 0) EXPECT_EQ(checks::invalid_utf8(out), "") << name;
  }
}

TEST(Reliability, CrlfLoneCrAndBomReadAsLf) {
  std::string lf = "# Title\n\nline one\nline two\n\n* item\n  * sub\n\n```\ncode\n```\n";
  std::string crlf, cr;
  for (char c : lf) {
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    cr += c == '\n' ? '\r' : c;
  }
  Page expected = wikiconv::test::md(lf);
  EXPECT_EQ(wikiconv::test::md(crlf).body, expected.body);
  EXPECT_EQ(wikiconv::test::md(cr).body, expected.body);
  EXPECT_EQ(wikiconv::test::md("\xEF\xBB\xBF" + crlf).body, expected.body);
  // A BOM is not text, and a heading after it is still a heading.
  Page bom = wikiconv::test::md("\xEF\xBB\xBF# T\n");
  ASSERT_EQ(find_all(bom.body, NodeType::Heading).size(), 1u);
  EXPECT_EQ(bom.body.plain_text().find("\xEF\xBB\xBF"), std::string::npos);
  // Line numbers count CR and CRLF line ends alike.
  Page numbered = wikiconv::test::md("a\r\rb\r\n\r\nc\n");
  auto paragraphs = find_all(numbered.body, NodeType::Paragraph);
  ASSERT_EQ(paragraphs.size(), 3u);
  EXPECT_EQ(paragraphs[2]->line, 5);
}

// --- depth ----------------------------------------------------------------------------------

TEST(Reliability, HundredThousandDeepNestingThroughEveryWriter) {
  const std::size_t depth = 100000;
  struct Case {
    std::string name, text, open_tag;
  };
  std::vector<Case> cases = {
      {"quotes", repeat("> ", depth) + "deep\n", "<blockquote>"},
      {"lists", repeat("- ", depth) + "deep\n", "<ul>"},
      {"ordered lists", repeat("1. ", depth / 2) + "deep\n", "<ol>"},
      {"emphasis", repeat("*", depth) + "deep" + repeat("*", depth) + "\n", "<em>"},
      {"links", repeat("[", depth) + "deep" + repeat("](u)", depth) + "\n", "<a href"},
      {"html spans", repeat("<span>", depth) + "deep" + repeat("</span>", depth) + "\n", "<span"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    on_small_stack([&] {
      auto start = std::chrono::steady_clock::now();
      Page page = wikiconv::test::md(c.text);
      // Links cannot nest; raw HTML nested deeper than the HTML parser takes in linear time
      // keeps its first levels as elements and the tags beyond as text (see markdown_reader.cpp):
      // the structure stays bounded, nothing is dropped.
      EXPECT_GT(max_depth(page.body), c.name == "links" ? 1u : c.name == "html spans" ? 32u : 1000u);
      EXPECT_NE(page.body.plain_text().find("deep"), std::string::npos);
      for (const auto& [name, out] : write_with_every_writer(page)) {
        SCOPED_TRACE(name);
        if (name == "json") {
          Page back = read_json(out, "deep.json");
          EXPECT_TRUE(back.body == page.body);
        } else if (name == "html") {
          // Every level is written and closed.
          std::string close = "</" + c.open_tag.substr(1, c.open_tag.find_first_of(" >") - 1) + ">";
          EXPECT_EQ(count(out, c.open_tag), count(out, close));
          EXPECT_NE(out.find("deep"), std::string::npos);
        }
        if (out.compare(0, 4, "PK\x03\x04") != 0) EXPECT_EQ(checks::invalid_utf8(out), "");
      }
      Page copy = page;  // copy, compare and destroy without recursion
      EXPECT_TRUE(copy.body == page.body);
      EXPECT_LT(seconds_since(start), 120.0);
    });
  }
}

// --- cmark's pathological inputs (test/pathological_tests.py), written out ------------------

TEST(Reliability, PathologicalMarkdownStaysLinearAndCorrect) {
  struct Case {
    std::string name, text;
    std::function<void(const Page&)> check;
  };
  const std::size_t n = 20000;
  auto has_text = [](std::string want) {
    return [want](const Page& p) { EXPECT_NE(p.body.plain_text().find(want), std::string::npos) << want; };
  };
  std::vector<Case> cases = {
      {"nested strong emphasis", repeat("*a **a ", n) + "b" + repeat(" a** a*", n),
       [](const Page& p) { EXPECT_GE(find_all(p.body, NodeType::Strong).size(), 1000u); }},
      {"emphasis closers without openers", repeat("a_ ", n), has_text("a_ a_")},
      {"emphasis openers without closers", repeat("_a ", n), has_text("_a _a")},
      {"link closers without openers", repeat("a]", n), has_text("a]a]")},
      {"link openers without closers", repeat("[a", n), has_text("[a[a")},
      {"mismatched openers and closers", repeat("*a_ ", n), has_text("*a_ *a_")},
      {"openers and closers multiple of 3", "a**b" + repeat("c* ", n), has_text("c* c*")},
      {"link openers and emphasis closers", repeat("[ a_", n), has_text("[ a_[ a_")},
      {"pattern [ (](", repeat("[ (](", n), has_text("[ (](")},
      {"nested brackets", repeat("[", n) + "a" + repeat("]", n), has_text("[[[a]]]")},
      {"nested block quotes", repeat("> ", n) + "a\n",
       [](const Page& p) { EXPECT_EQ(find_all(p.body, NodeType::BlockQuote).size(), 20000u); }},
      {"backticks", [] {
         std::string s;
         for (int i = 1; i < 2000; ++i) s += "e" + std::string(i, '`');
         return s;
       }(), has_text("e`e``e")},
      {"unclosed links <", repeat("[a](<b", n), has_text("[a](<b")},
      {"unclosed links", repeat("[a](b", n), has_text("[a](b")},
      {"unclosed comments", "</" + repeat("<!--", n), [](const Page&) {}},
      {"many columns",
       repeat("|a", 1000) + "|\n" + repeat("|-", 1000) + "|\n" + repeat("|b", 1000) + "|\n",
       [](const Page& p) {
         auto cells = find_all(p.body, NodeType::TableCell);
         EXPECT_TRUE(cells.size() == 2000u || cells.empty()) << cells.size();
         EXPECT_NE(p.body.plain_text().find("b"), std::string::npos);
       }},
      {"autocompleted cells", "a" + repeat("|a", 300) + "\n" + repeat("-|", 300) + "-\n" + repeat("x\n", 300),
       [](const Page& p) { EXPECT_NE(p.body.plain_text().find("x"), std::string::npos); }},
      {"image brackets", repeat("![[]()", 2000), [](const Page&) {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto start = std::chrono::steady_clock::now();
    Diagnostics d;
    Page page = read_markdown(c.text, ReadOptions{}, d, "pathological.md");
    c.check(page);
    for (const auto& [name, out] : write_with_every_writer(page)) EXPECT_FALSE(out.empty()) << name;
    // Generous for ASan on a busy CI machine; quadratic behaviour takes minutes at these sizes.
    EXPECT_LT(seconds_since(start), 30.0);
  }
}

TEST(Reliability, ManyLinksOnOnePage) {
  std::string text;
  const int links = 100000;
  for (int i = 0; i < links; ++i)
    text += "[l" + std::to_string(i) + "](u" + std::to_string(i) + ") <a href=\"P" + std::to_string(i) +
            "\" class=\"wikilink\" title=\"P\">p</a>\n";
  Page page = wikiconv::test::md(text);
  EXPECT_EQ(find_all(page.body, NodeType::Link).size(), static_cast<std::size_t>(links));
  EXPECT_EQ(find_all(page.body, NodeType::WikiLink).size(), static_cast<std::size_t>(links));
  for (const auto& [name, out] : write_with_every_writer(page)) {
    if (name == "html") EXPECT_EQ(count(out, "<a href"), 2u * links);
    if (name == "json") EXPECT_EQ(count(out, "\"WikiLink\""), static_cast<std::size_t>(links));
  }
}

// --- titles ---------------------------------------------------------------------------------

TEST(Reliability, IllegalTitlesAreMappedDeterministicallyAndNoted) {
  struct Case {
    std::string raw, title;
  };
  std::vector<Case> cases = {
      {"a#b<c>d[e]f|g{h}", "A\xEF\xBC\x83" "b\xEF\xBC\x9C" "c\xEF\xBC\x9E" "d\xEF\xBC\xBB" "e\xEF\xBC\xBD" "f\xEF\xBF\xA8"
                           "g\xEF\xBD\x9B" "h\xEF\xBD\x9D"},
      {"../../etc/passwd", "\xEF\xBC\x8E\xEF\xBC\x8E/\xEF\xBC\x8E\xEF\xBC\x8E/etc/passwd"},
      {"a/./b", "A/\xEF\xBC\x8E/b"},
      {"..", "\xEF\xBC\x8E\xEF\xBC\x8E"},
      {"x~~~~", "X~~\xEF\xBD\x9E\xEF\xBD\x9E"},
      {"100%41", "100\xEF\xBC\x85" "41"},
      {"a&amp;b", "A\xEF\xBC\x86" "amp;b"},
      {std::string("bad\xFFtitle"), "Bad\xEF\xBF\xBDtitle"},
      {std::string("ctl\x01z", 5), "Ctl\xEF\xBF\xBDz"},
  };
  for (const auto& c : cases) {
    TitleParts once = normalize_title(c.raw, {});
    EXPECT_EQ(once.title, c.title) << c.raw;
    EXPECT_FALSE(once.problems.empty()) << c.raw;
    EXPECT_EQ(normalize_title(c.raw, {}).title, once.title);       // deterministic
    EXPECT_EQ(normalize_title(once.title, {}).title, once.title);  // and stable
  }
  // Legal titles are left alone.
  for (std::string ok : {"A.b", "C++", "50% off", "AT&T", "x/.hidden", "Version 1.0/..."}) {
    TitleParts parts = normalize_title(ok, {});
    EXPECT_TRUE(parts.problems.empty()) << ok << ": " << (parts.problems.empty() ? "" : parts.problems[0]);
  }
  std::string long_title = repeat("\xC3\xA9", 200);  // 400 bytes of é
  TitleParts cut = normalize_title(long_title, {});
  EXPECT_LE(cut.title.size(), 255u);
  EXPECT_EQ(checks::invalid_utf8(cut.title), "");
}

TEST(Reliability, HostileWikiFolderTitlesAreReportedAndCollisionsFail) {
  TempDir dir;
  dir.write("a[b].md", "one\n");
  dir.write("A\xEF\xBC\xBB" "b\xEF\xBC\xBD.md", "two\n");  // what a[b] maps to
  dir.write("Dots.md", "---\ntitle: ../../etc/passwd\n---\nthree\n");
  dir.write("Long.md", "---\ntitle: " + repeat("x", 300) + "\n---\nfour\n");
  Diagnostics d;
  Wiki wiki = Wiki::open(dir.path(), WikiOptions{}, d);
  ASSERT_EQ(wiki.collisions().size(), 1u);
  EXPECT_EQ(wiki.collisions()[0].files.size(), 2u);
  EXPECT_GE(d.error_count(), 1u);
  Report report = build_report(wiki, 1, d);
  EXPECT_EQ(report.collisions.size(), 1u);
  std::string text = report.to_text();
  EXPECT_NE(text.find("a[b].md"), std::string::npos) << text;
  EXPECT_NE(text.find("Dots.md"), std::string::npos) << text;
  EXPECT_NE(text.find("Long.md"), std::string::npos) << text;
}

// --- the input folder -----------------------------------------------------------------------

TEST(Reliability, SymlinksOutOfTheWikiAreNotFollowed) {
  TempDir outside, dir;
  outside.write("secret.md", "SECRET PAGE\n");
  outside.write("dir/inner.md", "SECRET INNER\n");
  outside.write("passwd.png", "SECRET MEDIA\n");
  dir.write("Main.md", "hello\n");
  fs::create_symlink(outside.path() / "secret.md", dir.path() / "Evil.md");
  fs::create_directory_symlink(outside.path() / "dir", dir.path() / "EvilDir");
  fs::create_symlink(outside.path() / "passwd.png", dir.path() / "Logo.png");
  fs::create_symlink("../../../../../../../../etc/passwd", dir.path() / "Rel.md");
  Diagnostics d;
  Wiki wiki = Wiki::open(dir.path(), WikiOptions{}, d);
  ASSERT_EQ(wiki.pages().size(), 1u);
  EXPECT_EQ(wiki.pages()[0].title(), "Main");
  EXPECT_TRUE(wiki.media().empty());
  std::string all;
  for (const auto& item : d.items()) all += item.format() + "\n";
  for (std::string name : {"Evil.md", "EvilDir", "Logo.png", "Rel.md"})
    EXPECT_NE(all.find(name), std::string::npos) << name << " not reported:\n" << all;
}

TEST(Reliability, UnreadableEntriesAreReportedWithTheirPath) {
  TempDir dir;
  dir.write("Main.md", "hello\n");
  fs::create_symlink(dir.path() / "missing.md", dir.path() / "Dangling.md");
  ASSERT_EQ(mkfifo((dir.path() / "Pipe.md").c_str(), 0644), 0);
  Diagnostics d;
  auto start = std::chrono::steady_clock::now();
  Wiki wiki = Wiki::open(dir.path(), WikiOptions{}, d);  // must not block on the FIFO
  EXPECT_LT(seconds_since(start), 10.0);
  EXPECT_EQ(wiki.pages().size(), 1u);
  std::string all;
  for (const auto& item : d.items()) all += item.format() + "\n";
  EXPECT_NE(all.find("Dangling.md"), std::string::npos) << all;
  EXPECT_NE(all.find("Pipe.md"), std::string::npos) << all;
}

// --- the output -------------------------------------------------------------------------------

TEST(Reliability, OutputPathsStayInsideTheOutputFolder) {
  TempDir out;
  for (const std::string& title : std::vector<std::string>{"../../etc/passwd", "/etc/passwd", "a/../../b", "..", ".", "x/./../y", "\\..\\..\\z",
                            std::string("n\0ul", 4), "//server/share", "a//b"}) {
    fs::path rel = safe_relative_path(title, ".html");
    EXPECT_FALSE(rel.is_absolute()) << title;
    for (const auto& part : rel) EXPECT_TRUE(part != ".." && part != ".") << title << " -> " << rel;
    fs::path joined = contained_path(out.path(), rel);
    EXPECT_EQ(joined.string().rfind(out.path().string() + "/", 0), 0u) << joined;
  }
  EXPECT_THROW(contained_path(out.path(), "../x"), Error);
  EXPECT_THROW(contained_path(out.path(), "/etc/passwd"), Error);
  EXPECT_THROW(contained_path(out.path(), "a/../../x"), Error);
}

// contained_path joins normal paths without normalizing them: the result is what the lexical
// definition gives, for normal and odd roots and paths alike.
TEST(Reliability, ContainedPathIsTheLexicallyNormalJoin) {
  for (const std::string root : {"/out", "/out/", "out", "out/", "/", "./out", "out/.", "/a//b", "/a/../b", "a/b"}) {
    for (const std::string rel : {"x.txt", "A/B.txt", "A/./B.txt", "A//B.txt", "A/", "./x", "a/b/../c", ".x", "..x/y.."}) {
      fs::path expected = (fs::path(root) / rel).lexically_normal();
      EXPECT_EQ(contained_path(root, rel).native(), expected.native()) << root << " + " << rel;
    }
    if (root == "/") continue;  // nothing is outside it
    EXPECT_THROW(contained_path(root, "a/../../x"), Error) << root;
    EXPECT_THROW(contained_path(root, "../x"), Error) << root;
  }
}

TEST(Reliability, AtomicFilesAppearCompleteOrNotAtAll) {
  TempDir dir;
  fs::path target = dir.path() / "book.epub";
  {
    AtomicFile file(target);
    file.write("half of a book");
    EXPECT_FALSE(fs::exists(target));  // not visible while being written
  }  // destroyed without commit: an interrupted run
  EXPECT_FALSE(fs::exists(target));
  EXPECT_TRUE(fs::is_empty(dir.path())) << "temporary file left behind";
  write_file_atomic(target, "whole book");
  std::ifstream in(target);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), "whole book");
  struct stat st;
  ASSERT_EQ(stat(target.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
}

// Page files are made with mode 0644 whatever the umask, and without a chmod per file where the
// umask leaves 0644 whole: each conversion reads the umask again, so one made after the umask
// changed in the same process still gets 0644.
TEST(Reliability, OutputFilesAre0644WhateverTheUmaskOfEachConversion) {
  TempDir dir;
  dir.write("wiki/Main.md", "Text with a <a href=\"Other\" class=\"wikilink\">link</a>.\n");
  dir.write("wiki/Sub/Other.md", "# Other\n\nMore text.\n");
  mode_t saved = ::umask(022);
  int n = 0;
  for (mode_t mask : {022, 077, 022, 027, 0}) {
    ::umask(mask);
    for (const char* format : {"json", "dokuwiki"}) {
      SCOPED_TRACE(std::string(format) + " umask " + std::to_string(mask));
      ConversionRequest r;
      r.inputs = {(dir.path() / "wiki").string()};
      r.to = format;
      r.output = (dir.path() / ("out" + std::to_string(n++))).string();
      r.threads = 2;
      Diagnostics d;
      convert(r, d);
      EXPECT_EQ(d.error_count(), 0u);
      int files = 0;
      for (const auto& entry : fs::recursive_directory_iterator(r.output)) {
        if (!entry.is_regular_file()) continue;
        ++files;
        struct stat st;
        ASSERT_EQ(::stat(entry.path().c_str(), &st), 0);
        EXPECT_EQ(st.st_mode & 0777, 0644u) << entry.path();
      }
      EXPECT_GE(files, 2);
    }
  }
  ::umask(saved);
}

TEST(Reliability, HostileWikiWritesNothingOutsideTheOutput) {
  TempDir base;
  fs::path wiki_dir = base.path() / "wiki", out = base.path() / "deep" / "out";
  auto write = [&](const std::string& rel, const std::string& data) {
    fs::create_directories((wiki_dir / rel).parent_path());
    std::ofstream(wiki_dir / rel, std::ios::binary) << data;
  };
  write("Main.md", "[up](../../escaped.html) [abs](/tmp/escaped) <a href=\"../../x\" class=\"wikilink\">x</a>\n");
  write("A.md", "---\ntitle: ../../escaped\n---\nx\n");
  write("B.md", "---\ntitle: /tmp/escaped-abs\n---\nx\n");
  write("C.md", "---\ntitle: x/../../../escaped2\n---\nx\n");
  write("sub/index.md", "<!-- Source page: ../../../escaped3 -->\nx\n");
  write("media/..evil.png", "png");
  fs::create_directories(out);
  for (const auto& info : writers()) {
    SCOPED_TRACE(std::string(info.name));
    Diagnostics d;
    Wiki wiki = Wiki::open(wiki_dir, WikiOptions{}, d);
    fs::path target = out / std::string(info.name);
    WriteContext context;
    context.diagnostics = &d;
    try {
      info.make(Options{})->write_wiki(wiki, target, context);
    } catch (const Error&) {
      // refusing is fine; escaping is not
    }
    for (const auto& entry : fs::recursive_directory_iterator(base.path())) {
      fs::path p = entry.path();
      bool in_wiki = p.string().rfind(wiki_dir.string(), 0) == 0;
      bool in_out = p.string().rfind(out.string(), 0) == 0 || p == out.parent_path();
      EXPECT_TRUE(in_wiki || in_out) << "written outside the output: " << p;
    }
  }
  EXPECT_FALSE(fs::exists("/tmp/escaped-abs"));
}
