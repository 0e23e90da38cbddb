#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <set>
#include <regex>
#include <sstream>

#include "test_support.hpp"
#include "wiki/title.hpp"

using namespace wikiconv;
using wikiconv::test::TempDir;

TEST(Titles, MediaWikiRules) {
  EXPECT_EQ(normalize_title("main_page", {}).title, "Main page");
  EXPECT_EQ(normalize_title("  a   b__c ", {}).title, "A b c");
  auto cat = normalize_title("category:foo_bar", {});
  EXPECT_EQ(cat.title, "Category:Foo bar");
  EXPECT_EQ(cat.ns, "Category");
  EXPECT_EQ(normalize_title("image:x.png", {}).title, "File:X.png");
  auto custom = normalize_title("tankie:introduction", {"Tankie"});
  EXPECT_EQ(custom.title, "Tankie:Introduction");
  EXPECT_EQ(custom.ns, "Tankie");
  auto undeclared = normalize_title("tankie:introduction", {});
  EXPECT_EQ(undeclared.title, "Tankie:introduction");  // a main-namespace title with a colon
  EXPECT_EQ(undeclared.ns, "");
  EXPECT_EQ(normalize_title("éclair", {}).title, "Éclair");
  auto illegal = normalize_title("a[b]|c#d", {});
  EXPECT_EQ(illegal.title.find_first_of("[]|#"), std::string::npos);
  EXPECT_EQ(illegal.problems.size(), 1u);
  auto longer = normalize_title(std::string(300, 'a'), {});
  EXPECT_LE(longer.title.size(), 255u);
  EXPECT_FALSE(longer.problems.empty());
}

TEST(Titles, PlainNormalTitlesComeBackAsTheFullRulesGiveThem) {
  // normalize_title's shortcut for titles already normal against the full rules, on titles
  // made of the characters the rules look at.
  const std::vector<std::string> pieces = {"a", "Z", "0", " ", "  ", "_", ":", ".", "..", "/", "~", "%41", "&amp;",
                                           "#", "[", "|", "\t", "\xC3\xA9", "\xC3\x9F", "\x01", "-", ";", "Category",
                                           "talk", "Image", "x"};
  const std::vector<std::string> extra = {"Tankie"};
  unsigned state = 7;
  auto next = [&](std::size_t n) {
    state = state * 1103515245u + 12345u;
    return static_cast<std::size_t>((state >> 16) % n);
  };
  std::size_t plain = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string raw;
    for (std::size_t k = next(7); k-- > 0;) raw += pieces[next(pieces.size())];
    TitleParts quick = normalize_title(raw, extra), full = normalize_title_fully(raw, extra);
    EXPECT_EQ(quick.title, full.title) << raw;
    EXPECT_EQ(quick.ns, full.ns) << raw;
    EXPECT_EQ(quick.problems, full.problems) << raw;
    plain += quick.title == raw && full.problems.empty();
  }
  EXPECT_GT(plain, 1000u);  // the shortcut's titles were among them
  EXPECT_EQ(normalize_title("Main Page", {}).title, "Main Page");
  EXPECT_EQ(normalize_title("main page", {}).title, "Main page");
}

TEST(Wiki, TitlesFromPathsFrontMatterAndNamespaces) {
  TempDir dir;
  dir.write("Main_Page.md", "Hello\n");
  dir.write("Guides/index.md", "Guides\n");
  dir.write("Guides/Zine_making.md", "Zines\n");
  dir.write("odd-name.md", "---\ntitle: Declared Title\n---\nx\n");
  dir.write("Tankie:Introduction.md", "Intro\n");
  dir.write("media/Logo.png", "png");
  dir.write(".git/HEAD", "ref");
  Diagnostics d;
  Wiki wiki = Wiki::open(dir.path(), WikiOptions{}, d);
  std::vector<std::string> titles;
  for (const auto& p : wiki.pages()) titles.emplace_back(p.title());
  EXPECT_EQ(titles, (std::vector<std::string>{"Declared Title", "Guides", "Guides/Zine making", "Main Page",
                                              "Tankie:Introduction"}));
  EXPECT_EQ(wiki.custom_namespaces(), std::vector<std::string>{"Tankie"});
  EXPECT_TRUE(wiki.exists("tankie:Introduction"));
  EXPECT_TRUE(wiki.exists("main_Page"));
  EXPECT_FALSE(wiki.exists("main_page"));  // only the first letter is case-insensitive
  EXPECT_TRUE(wiki.exists("Special:MyLanguage/Main_Page"));
  EXPECT_FALSE(wiki.exists("Nothing here"));
  ASSERT_NE(wiki.find_media("File:Logo.png"), nullptr);
  EXPECT_EQ(wiki.find_media("File:Other.png"), nullptr);
  EXPECT_EQ(d.error_count(), 0u);
}

// Titles from paths follow std::filesystem's rules for extensions and index pages, in every
// shape of file name (the index makes them with string operations).
TEST(Wiki, TitlesFromFileNamesOfEveryShape) {
  TempDir dir;
  const std::vector<std::pair<std::string, std::string>> files = {
      {"A.B.md", "A.B"},
      {"Two..md", "Two."},
      {"..Dots.md", "..Dots"},
      {"Upper.MD", "Upper"},
      {"Long.Markdown", "Long"},
      {"index.md", "Index"},
      {"Folder/index.md", "Folder"},
      {"Folder/Deeper/index.markdown", "Folder/Deeper"},
      {"Folder/Index.md", "Folder/Index"},
      {"Folder/indexes.md", "Folder/indexes"},  // a subpage keeps its small letter
      {"Folder/Sub.page.md", "Folder/Sub.page"},
      {".Hidden_page.md", ".Hidden page"},
  };
  for (const auto& [file, title] : files) dir.write(file, "x\n");
  Diagnostics d;
  Wiki wiki = Wiki::open(dir.path(), WikiOptions{}, d);
  EXPECT_EQ(wiki.pages().size(), files.size());
  for (const auto& [file, title] : files) EXPECT_NE(wiki.find(title), nullptr) << file << " as " << title;

  WikiOptions by_name;
  by_name.titles = TitleSource::Name;
  Diagnostics d2;
  Wiki named = Wiki::open(dir.path(), by_name, d2);
  for (const char* title : {"A.B", "Folder", "Deeper", "Sub.page", "Index"})
    EXPECT_NE(named.find(title), nullptr) << title;
}

// A page whose path is its title's file name keeps no copy of the path (most pages of an
// export); relpath(), path() and loading give every page its own file, whichever it is.
TEST(Wiki, EveryPageKeepsItsOwnFilePath) {
  TempDir dir;
  const std::vector<std::pair<std::string, std::string>> files = {
      {"Foo_Bar.md", "Foo Bar"},                // the title's file name
      {"Guides/Sub_Page.md", "Guides/Sub Page"},  // so, in a folder
      {"lower_case.md", "Lower case"},          // not: the title's first letter is capital
      {"Two__Spaces.md", "Two Spaces"},         // not: spaces are collapsed
      {"Long.markdown", "Long"},                // not: another extension
      {"Folder/index.md", "Folder"},            // not: a folder's page
      {"Declared.md", "Other title"},           // not: the file declares its title
  };
  for (const auto& [file, title] : files) {
    std::string text = "Text of " + file + ".\n";
    if (file == "Declared.md") text = "---\ntitle: Other title\n---\n" + text;
    dir.write(file, text);
  }
  std::vector<std::filesystem::path> paths;
  for (const auto& [file, title] : files) paths.push_back(dir.path() / file);
  Diagnostics d;
  for (const Wiki& wiki : {Wiki::open(dir.path(), WikiOptions{}, d), Wiki::open_files(paths, WikiOptions{}, d)}) {
    ASSERT_EQ(wiki.pages().size(), files.size());
    for (const auto& [file, title] : files) {
      const PageEntry* entry = wiki.find(title);
      ASSERT_NE(entry, nullptr) << title;
      EXPECT_EQ(entry->relpath(), file);
      EXPECT_EQ(entry->path(), (dir.path() / file).string());
      Diagnostics load;
      Page page = wiki.load(*entry, load);
      ASSERT_FALSE(page.body.children.empty()) << file;
      EXPECT_EQ(page.body.children.front().plain_text(), "Text of " + file + ".");
    }
  }
  EXPECT_EQ(d.error_count(), 0u);
}

// Titles are normalized on several threads; the warnings of titles changed to be legal come in
// one order at any thread count.
TEST(Wiki, TitleWarningsComeInOneOrderAtAnyThreadCount) {
  TempDir dir;
  for (int i = 0; i < 600; ++i) {
    dir.write("Plain_" + std::to_string(i) + ".md", "x\n");
    if (i % 3 == 0) dir.write("Bad#" + std::to_string(i) + ".md", "x\n");
    if (i % 5 == 0) dir.write("d" + std::to_string(i) + ".md", "---\ntitle: \"x[" + std::to_string(i) + "]\"\n---\n");
  }
  auto warnings = [&](unsigned threads) {
    WikiOptions options;
    options.threads = threads;
    Diagnostics d;
    Wiki wiki = Wiki::open(dir.path(), options, d);
    EXPECT_EQ(wiki.pages().size(), 600u + 200u + 120u);
    std::vector<std::string> messages;
    for (const auto& item : d.items()) messages.push_back(item.file + ": " + item.message);
    return messages;
  };
  std::vector<std::string> one = warnings(1);
  EXPECT_EQ(one.size(), 320u);
  for (int round = 0; round < 5; ++round) EXPECT_EQ(warnings(4), one);
}

TEST(Wiki, TwoFilesOneTitleIsAnErrorNamingBoth) {
  TempDir dir;
  dir.write("A_b.md", "one\n");
  dir.write("A b.md", "two\n");
  dir.write("c.md", "three\n");
  Diagnostics d;
  Wiki wiki = Wiki::open(dir.path(), WikiOptions{}, d);
  ASSERT_EQ(wiki.collisions().size(), 1u);
  EXPECT_EQ(wiki.collisions()[0].files.size(), 2u);
  ASSERT_EQ(d.error_count(), 1u);
  std::string msg = d.items()[0].format();
  EXPECT_NE(msg.find("A_b.md"), std::string::npos);
  EXPECT_NE(msg.find("A b.md"), std::string::npos);
  Report r = build_report(wiki, 2, d);
  EXPECT_GT(r.errors, 0u);
}

// A page file is read whole at every size around the reader's buffer (4 KB) and its doublings:
// the read that fills what fstat gave ends it, one that comes short before that does not.
TEST(Wiki, PageFilesOfEverySizeAreReadWhole) {
  TempDir dir;
  const std::vector<std::size_t> sizes = {0, 1, 2, 4094, 4095, 4096, 4097, 8191, 8192, 8193, 100000};
  for (std::size_t size : sizes) {
    // One paragraph of `size` bytes: letters, then a last one that marks the end.
    std::string text(size, 'a');
    if (size > 0) text.back() = 'z';
    dir.write("wiki/P" + std::to_string(size) + ".md", text);
  }
  Diagnostics d;
  Wiki wiki = Wiki::open(dir.path() / "wiki", WikiOptions{}, d);
  ASSERT_EQ(wiki.pages().size(), sizes.size());
  for (const PageEntry& entry : wiki.pages()) {
    SCOPED_TRACE(entry.title());
    std::size_t size = std::stoul(std::string(entry.title().substr(1)));
    Page page = wiki.load(entry, d);
    std::string read = page.body.children.empty() ? "" : page.body.children.front().plain_text();
    EXPECT_EQ(read.size(), size);
    if (size > 0) EXPECT_EQ(read.back(), 'z');
  }
  EXPECT_EQ(d.error_count(), 0u);
}

TEST(Wiki, PageTextIsSharedByCopiesOrBorrowedFromTheCaller) {
  Diagnostics d;
  std::optional<Wiki> copy, shard;
  {
    Wiki original = Wiki::from_text("# Heading\n\nText\n", "Page", WikiOptions{});
    copy = original;
    shard = original.shard(0, 1);
  }  // the copies hold the text on their own
  for (const Wiki* w : {&*copy, &*shard}) {
    Page page = w->load(w->pages().front(), d);
    ASSERT_EQ(page.body.children.size(), 2u);
    EXPECT_EQ(page.body.children[0].type, NodeType::Heading);
    EXPECT_EQ(page.body.children[1].plain_text(), "Text");
  }
  std::string text = "<!-- Source page: Borrowed -->\nSome *text*\n";
  Wiki borrowed = Wiki::from_borrowed_text(text, "", WikiOptions{});
  EXPECT_EQ(borrowed.pages().front().title(), "Borrowed");
  Page page = borrowed.load(borrowed.pages().front(), d);
  ASSERT_FALSE(page.body.children.empty());
  EXPECT_EQ(page.body.children.back().plain_text(), "Some text");
  EXPECT_EQ(d.error_count(), 0u);
}

TEST(Wiki, SymlinksOutsideAreNotFollowed) {
  TempDir outside, dir;
  outside.write("secret.md", "secret\n");
  dir.write("Page.md", "ok\n");
  std::filesystem::create_symlink(outside.path() / "secret.md", dir.path() / "Leak.md");
  std::filesystem::create_symlink(outside.path(), dir.path() / "leakdir");
  Diagnostics d;
  Wiki wiki = Wiki::open(dir.path(), WikiOptions{}, d);
  ASSERT_EQ(wiki.pages().size(), 1u);
  EXPECT_EQ(wiki.pages()[0].title(), "Page");
  EXPECT_GE(d.warning_count(), 1u);
}

TEST(Wiki, ReportFindsBrokenLinksAndCategories) {
  Diagnostics d;
  Wiki wiki = Wiki::open(test::source_dir() / "fixtures" / "wiki", WikiOptions{}, d);
  Report r = build_report(wiki, 2, d);
  EXPECT_EQ(r.page_count, 6u);
  ASSERT_EQ(r.broken_links.size(), 1u);
  EXPECT_EQ(r.broken_links[0].target, "Solidarity Economy");
  EXPECT_GT(r.broken_links[0].line, 0);
  EXPECT_EQ(r.categories.at("Tankie").size(), 3u);
  EXPECT_EQ(r.errors, 0u);
}

// Every class="wikilink" tag of the real pages becomes exactly one wiki link, category or image.
TEST(Wiki, CorpusWikilinkTagsAllBecomeNodes) {
  auto corpus = test::corpus_dir();
  if (!std::filesystem::is_directory(corpus)) GTEST_SKIP() << "../shared/corpus is not here";
  Diagnostics d;
  Wiki wiki = Wiki::open(corpus, WikiOptions{}, d);
  ASSERT_EQ(wiki.pages().size(), 25u);
  std::size_t total_tags = 0;
  for (const auto& entry : wiki.pages()) {
    std::ifstream in(entry.path());
    std::stringstream ss;
    ss << in.rdbuf();
    std::string src = ss.str();
    std::size_t tags = 0;
    for (std::size_t pos = 0; (pos = src.find("class=\"wikilink\"", pos)) != std::string::npos; ++pos) ++tags;
    Page page = wiki.load(entry, d);
    std::size_t nodes = test::find_all(page.body, NodeType::WikiLink).size() + page.categories.size();
    // Links to File:/Image: become images; <img> elements from raw HTML are images too.
    std::regex file_re("href=\"(File|Image):[^\"]*\" class=\"wikilink\"");
    std::size_t file_tags = std::distance(std::sregex_iterator(src.begin(), src.end(), file_re), std::sregex_iterator());
    std::size_t file_images = 0;
    for (const Node* img : test::find_all(page.body, NodeType::Image)) file_images += img->target.rfind("File:", 0) == 0;
    EXPECT_GE(file_images, file_tags) << entry.relpath();
    nodes += file_tags;
    // Repeated categories are listed once; count category tags by distinct name instead.
    std::regex cat_re("href=\"Category:([^\"]*)\"");
    std::set<std::string> distinct;
    std::size_t cat_tags = 0;
    for (auto it = std::sregex_iterator(src.begin(), src.end(), cat_re); it != std::sregex_iterator(); ++it) {
      ++cat_tags;
      distinct.insert(normalize_title((*it)[1].str(), {}).title);
    }
    EXPECT_EQ(nodes + (cat_tags - distinct.size()), tags) << entry.relpath();
    EXPECT_EQ(test::find_all(page.body, NodeType::HtmlInline).size() -
                  [&] {
                    std::size_t other = 0;
                    for (const Node* h : test::find_all(page.body, NodeType::HtmlInline))
                      other += h->text.find("wikilink") == std::string::npos;
                    return other;
                  }(),
              0u)
        << entry.relpath() << ": a wikilink tag stayed raw";
    total_tags += tags;
  }
  EXPECT_GT(total_tags, 100u);
}

TEST(Wiki, FoldersAsSubpagesOrOnlySortingAndLeftoversReported) {
  TempDir dir;
  dir.write("Main.md", "[A](@Attack \"wikilink\") [S](Sword \"wikilink\") [T](Guides/Tips \"wikilink\")\n");
  dir.write("Characters/@Attack.md", "x\n");
  dir.write("Items/Sword.md", "y\n");
  dir.write("Guides/Tips.md", "<!-- Source page: Guides/Tips -->\n\nz\n");  // declared: kept in both modes
  dir.write(".NET_Security.md", "A page whose title starts with a dot.\n");
  dir.write(".#Main.md", "an editor's lock\n");
  dir.write(".git/config", "[core]\n");
  Diagnostics d;
  WikiOptions by_path;
  Wiki wiki = Wiki::open(dir.path(), by_path, d);
  EXPECT_NE(wiki.find("Characters/@Attack"), nullptr);
  EXPECT_NE(wiki.find(".NET Security"), nullptr);  // a page, not a hidden file
  EXPECT_EQ(wiki.pages().size(), 5u);
  std::size_t reported = 0;
  for (const auto& item : d.items()) reported += item.message.rfind("not read: ", 0) == 0;
  EXPECT_EQ(reported, 2u);  // the lock file and the .git folder, each with its reason
  Report report = build_report(wiki, 1, d);
  EXPECT_EQ(report.broken_links.size(), 2u);
  EXPECT_EQ(report.broken_links_named_by_file, 2u);
  EXPECT_NE(report.to_text().find("--titles=name"), std::string::npos);

  WikiOptions by_name;
  by_name.titles = TitleSource::Name;
  Diagnostics d2;
  Wiki named = Wiki::open(dir.path(), by_name, d2);
  EXPECT_NE(named.find("@Attack"), nullptr);
  EXPECT_NE(named.find("Sword"), nullptr);
  EXPECT_NE(named.find("Guides/Tips"), nullptr);
  EXPECT_TRUE(build_report(named, 1, d2).broken_links.empty());
}
