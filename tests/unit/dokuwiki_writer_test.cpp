// Unit tests of the DokuWiki writer's text (the real check is DokuWiki's parser, in
// tests/integration/test_dokuwiki.py).
#include <gtest/gtest.h>

#include <filesystem>

#include "../fuzz/fuzz_support.hpp"
#include "test_support.hpp"
#include "wikiconv/wikiconv.hpp"
#include "writers/dokuwiki/dokuwiki_escape.hpp"

namespace {

std::string dokuwiki(const std::string& markdown, const std::string& title = "Page") {
  wikiconv::Diagnostics diagnostics;
  wikiconv::Page page = wikiconv::read_markdown(markdown, {}, diagnostics, "test.md");
  page.title = title;
  auto colon = title.find(':');
  if (colon != std::string::npos) page.ns = title.substr(0, colon);
  auto writer = wikiconv::make_writer("dokuwiki", {});
  return writer->write_page(page, {});
}

std::string escaped(std::string_view text, unsigned context = wikiconv::dokuwiki::kInline) {
  std::string out;
  wikiconv::dokuwiki::escape_text(out, text, context);
  return out;
}

}  // namespace

TEST(DokuWikiEscape, SmallestUnits) {
  EXPECT_EQ(escaped("plain text, nothing to do"), "plain text, nothing to do");
  EXPECT_EQ(escaped("a **b** c"), "a %%**b**%% c");  // one unit: no blank between the marks
  EXPECT_EQ(escaped("\"quoted\""), "%%\"quoted\"%%");
  EXPECT_EQ(escaped("50%% off"), "50<nowiki>%%</nowiki> off");
  EXPECT_EQ(escaped("640x480"), "640%%x%%480");
  EXPECT_EQ(escaped("FIXME and FIXMEs"), "%%FIXME%% and FIXMEs");
  EXPECT_EQ(escaped("> quote", wikiconv::dokuwiki::kLineStart), "%%>%% quote");
  EXPECT_EQ(escaped("> not at a line start"), "> not at a line start");
  EXPECT_EQ(escaped("a | b", wikiconv::dokuwiki::kInTable), "a %%|%% b");
  EXPECT_EQ(escaped("x)) y", wikiconv::dokuwiki::kInFootnote), "x%%))%% y");
}

TEST(DokuWikiEscape, InlineCodeWithPercents) {
  std::string out;
  wikiconv::dokuwiki::append_monospace(out, "a%%b");
  EXPECT_EQ(out, "''%%a%%<nowiki>%%</nowiki>%%b%%''");
}

TEST(DokuWikiWriter, Blocks) {
  EXPECT_EQ(dokuwiki("# One\n\n###### Six\n"), "====== One ======\n\n== Six ==\n");
  EXPECT_EQ(dokuwiki("- a\n  - b\n- c\n"), "  * a\n    * b\n  * c\n");
  EXPECT_EQ(dokuwiki("1. a\n2. b\n"), "  - a\n  - b\n");
  EXPECT_EQ(dokuwiki("> a\n>\n> b\n"), "> a\n>\n> b\n");
  EXPECT_EQ(dokuwiki("```c\nint x;\n```\n"), "<code c>\nint x;\n</code>\n");
  EXPECT_EQ(dokuwiki("| a | b |\n|:--|--:|\n| 1 | 2 |\n"), "^ a  ^  b ^\n| 1  |  2 |\n");
}

TEST(DokuWikiWriter, LinksFromANamespaceToTheRoot) {
  std::string text = dokuwiki("<a href=\"Tankie\" class=\"wikilink\" title=\"Tankie\">Tankie</a>\n", "Tankie:Intro");
  EXPECT_EQ(text, "[[:tankie|Tankie]]\n");
  EXPECT_EQ(dokuwiki("[x](https://example.org/a|b)\n"), "[[https://example.org/a%7Cb|x]]\n");
  EXPECT_EQ(dokuwiki("<a href=\"wikipedia:Foo_bar\" class=\"wikilink\">Foo</a>\n"), "[[wp>Foo_bar|Foo]]\n");
}

TEST(DokuWikiWriter, DeepNestingIsLinear) {
  std::string quotes, lists;
  for (int i = 0; i < 100000; ++i) quotes += "> ";
  for (int i = 0; i < 100000; ++i) lists += "- ";
  std::string q = dokuwiki(quotes + "x\n");
  EXPECT_EQ(q, std::string(64, '>') + " x\n");  // deeper levels are written as level 64
  std::string l = dokuwiki(lists + "x\n");
  EXPECT_LT(l.size(), 100000u * 140u);
  EXPECT_NE(l.find(std::string(128, ' ') + "* x"), std::string::npos);
}

TEST(DokuWikiWriter, ImagesGetAnExtensionDokuWikiShowsAsImage) {
  // DokuWiki takes {{..}} for an <img> by the id's extension alone (conf/mime.conf).
  EXPECT_EQ(dokuwiki("![a](logo)\n"), "{{:logo.png|a}}\n");
  EXPECT_EQ(dokuwiki("![b](x.webp)\n"), "{{:x.webp.png|b}}\n");
  EXPECT_EQ(dokuwiki("![c](doc.pdf)\n"), "{{:doc.pdf|c}}\n");  // a known type stays itself
  // a URL's query survives DokuWiki's split at the last '?'; without an image extension it
  // stays a link to the file
  EXPECT_EQ(dokuwiki("![d](https://example.org/i.php?id=3)\n"), "{{https://example.org/i.php?id=3?|d}}\n");
  EXPECT_EQ(dokuwiki("![e](https://example.org/i.png)\n"), "{{https://example.org/i.png?nolink|e}}\n");
}

TEST(DokuWikiWriter, RawHtmlAsABrowserShowsIt) {
  EXPECT_EQ(dokuwiki("a <u>b</u> <kbd>k</kbd> <foo>c</foo>\n"), "a __b__ ''k'' c\n");
  // an element left open ends with its paragraph
  EXPECT_EQ(dokuwiki("a <b>c <a href=\"x\">d\n"), "a **c [[x|d]]**\n");
  EXPECT_EQ(dokuwiki("<p>one</p><p>two <img src=\"p.png\" alt=\"P\"></p>\n"), "one\n\ntwo {{:p.png|P}}\n");
  EXPECT_EQ(dokuwiki("<div>\n<!-- c --><script>x</script>\n</div>\n"), "");
}

TEST(DokuWikiWriter, NotesOfTheSameTextStayTwoNotes) {
  // DokuWiki merges notes whose HTML is the same; a note referenced twice is meant to be one.
  EXPECT_EQ(dokuwiki("a[^1] b[^2] c[^1]\n\n[^1]: same\n[^2]: same\n"), "a((same)) b((same )) c((same))\n");
  EXPECT_EQ(dokuwiki("a[^1] b[^2]\n\n[^1]:\n[^2]:\n"), "a((\u00A0)) b((\u00A0 ))\n");
}

TEST(DokuWikiWriter, ManyOpenRawTagsAreLinear) {
  // 100,000 raw <b> tags left open in one paragraph (built directly: the writer's own pairing);
  // tags opened deeper than 64 are dropped, their text stays.
  wikiconv::Page page;
  page.title = "Page";
  wikiconv::Node paragraph(wikiconv::NodeType::Paragraph);
  for (int i = 0; i < 100000; ++i) {
    paragraph.children.emplace_back(wikiconv::NodeType::HtmlInline, "<b>");
    paragraph.children.emplace_back(wikiconv::NodeType::Text, "x ");
  }
  page.body.children.push_back(std::move(paragraph));
  std::string text = wikiconv::make_writer("dokuwiki", {})->write_page(page, {});
  EXPECT_EQ(text.rfind("**x x ", 0), 0u);
  EXPECT_EQ(text.size(), 2u + 2u * 100000u + 2u + 1u);  // "**" "x x ... x " "**" "\n": one bold run
  EXPECT_EQ(text.substr(text.size() - 3), "**\n");
}

// Ids of a whole wiki: the first page (title order) keeps an id others also clean to, every
// loser is reported in page order, a category page does not replace a page with its id, and
// category pages list their members; on one thread and on several alike.
TEST(DokuWikiWriter, WholeWikiIdsAndCategories) {
  wikiconv::test::TempDir dir;
  dir.write("Café.md", "first\n\n[Category:Cats](Category:Cats \"wikilink\")\n");
  dir.write("Cafe.md", "second\n");
  dir.write("CAFE.md", "third\n");
  dir.write("Category;Dogs.md", "a page, not the category\n");
  dir.write("Dog.md", "woof\n\n[Category:Dogs](Category:Dogs \"wikilink\")\n");
  dir.write("Kitten.md", "[Café](Café \"wikilink\")\n\n[Category:Cats](Category:Cats \"wikilink\")\n");
  for (unsigned threads : {1u, 3u}) {
    wikiconv::Diagnostics diagnostics;
    wikiconv::Wiki wiki = wikiconv::Wiki::open(dir.path(), {}, diagnostics);
    wikiconv::test::TempDir out;
    wikiconv::WriteContext context;
    context.diagnostics = &diagnostics;
    context.threads = threads;
    wikiconv::make_writer("dokuwiki", {})->write_wiki(wiki, out.path(), context);
    std::vector<std::string> errors;
    for (const auto& d : diagnostics.items())
      if (d.severity == wikiconv::Severity::Error) errors.push_back(d.message);
    ASSERT_EQ(errors.size(), 3u) << threads;
    // Title order: "CAFE" < "Cafe" < "Café": CAFE keeps "cafe".
    EXPECT_NE(errors[0].find("titles \"CAFE\" and \"Cafe\" both become DokuWiki page id \"cafe\""), std::string::npos) << errors[0];
    EXPECT_NE(errors[1].find("titles \"CAFE\" and \"Café\" both become DokuWiki page id \"cafe\""), std::string::npos) << errors[1];
    EXPECT_NE(errors[2].find("category page \"Category:Dogs\" would replace page \"Category;Dogs\""), std::string::npos) << errors[2];
    EXPECT_EQ(wikiconv::fuzz::read_all(out.path() / "pages" / "cafe.txt"), "third\n");
    EXPECT_EQ(wikiconv::fuzz::read_all(out.path() / "pages" / "category" / "dogs.txt"), "a page, not the category\n");
    std::string cats = wikiconv::fuzz::read_all(out.path() / "pages" / "category" / "cats.txt");
    EXPECT_NE(cats.find("  * [[:kitten|Kitten]]"), std::string::npos) << cats;
    EXPECT_EQ(cats.find("Café"), std::string::npos) << cats;  // not written, not listed
    EXPECT_NE(wikiconv::fuzz::read_all(out.path() / "pages" / "kitten.txt").find("[[cafe|Café]]"), std::string::npos);
  }
}
