// Unit tests of the wikitext writer and the dump's sha1. The real check is MediaWiki's own parser
// and importer (tests/integration/test_mediawiki.py); these pin the forms chosen.
#include <gtest/gtest.h>

#include "wikiconv/wikiconv.hpp"
#include "writers/mediawiki/sha1_base36.hpp"
#include "writers/mediawiki/wikitext_escape.hpp"

namespace wikiconv {
namespace {

std::string wikitext(const std::string& markdown) {
  Options options;
  auto writer = make_writer("wikitext", options);
  WikiOptions wiki_options;
  Wiki wiki = Wiki::from_text(markdown, "Test", wiki_options);
  Diagnostics diagnostics;
  Page page = wiki.load(wiki.pages().front(), diagnostics);
  WriteContext context;
  return writer->write_page(page, context);
}

std::string escaped(std::string_view text, wikitext::TextContext context = {}) {
  std::string out;
  wikitext::escape_text(out, text, context);
  return out;
}

TEST(Sha1Base36, MatchesMediaWiki) {
  // Values from MediaWiki's Wikimedia\base_convert(sha1($s), 16, 36, 31).
  EXPECT_EQ(sha1_base36("abc"), "jt72fo5t4yobf0qugwuczbwj07max7h");
  EXPECT_EQ(sha1_base36(""), "phoiac9h4m842xq45sp7s6u21eteeq1");
}

TEST(WikitextEscape, WrapsOnlyTheUnsafeUnit) {
  EXPECT_EQ(escaped("a '' b"), "a <nowiki>''</nowiki> b");
  EXPECT_EQ(escaped("it's"), "it's");
  EXPECT_EQ(escaped("[[x]]"), "<nowiki>[[</nowiki>x<nowiki>]]</nowiki>");
  EXPECT_EQ(escaped("{{t}}"), "<nowiki>{{</nowiki>t}}");
  EXPECT_EQ(escaped("~~~~ and ~~"), "<nowiki>~~~~</nowiki> and ~~");
  EXPECT_EQ(escaped("__NOTOC__"), "<nowiki>__NOTOC__</nowiki>");
  EXPECT_EQ(escaped("snake_case_name"), "snake_case_name");
  EXPECT_EQ(escaped("<b> & &amp; a<b"), "&lt;b> & &amp;amp; a&lt;b");
  EXPECT_EQ(escaped("ISBN 12345 and RFC1234"), "<nowiki>ISBN</nowiki> 12345 and RFC1234");
  EXPECT_EQ(escaped("see http://x.org"), "see <nowiki>http://</nowiki>x.org");
  EXPECT_EQ(escaped("[http://x.org y]"), "<nowiki>[</nowiki><nowiki>http://</nowiki>x.org y]");
  EXPECT_EQ(escaped("[note]"), "[note]");
}

TEST(WikitextEscape, LineStartsAndTables) {
  wikitext::TextContext line;
  line.line_start = true;
  EXPECT_EQ(escaped("* a", line), "<nowiki>*</nowiki> a");
  EXPECT_EQ(escaped("#1", line), "<nowiki>#</nowiki>1");
  EXPECT_EQ(escaped("----x", line), "<nowiki>----</nowiki>x");
  EXPECT_EQ(escaped("{| x", line), "<nowiki>{|</nowiki> x");
  EXPECT_EQ(escaped("=x=", line), "<nowiki>=</nowiki>x=");
  EXPECT_EQ(escaped("* a"), "* a");
  wikitext::TextContext cell;
  cell.table_cell = true;
  EXPECT_EQ(escaped("a | b || c !! d", cell), "a &#124; b &#124;&#124; c &#33;&#33; d");
}

TEST(WikitextWriter, EmphasisThatTogglesCannotBreak) {
  EXPECT_EQ(wikitext("*a* **b**\n"), "''a'' '''b'''\n");
  // Nested same kind: the inner one as a tag.
  EXPECT_EQ(wikitext("*a *b* c*\n"), "''a <i>b</i> c''\n");
  // Apostrophes next to the quotes.
  EXPECT_EQ(wikitext("*it's'* x\n"), "<i>it's'</i> x\n");
  EXPECT_EQ(wikitext("'*x*'\n"), "'<i>x</i>'\n");
}

TEST(WikitextWriter, Lists) {
  EXPECT_EQ(wikitext("- a\n  1. b\n- c\n"), "* a\n*# b\n* c\n");
  EXPECT_EQ(wikitext("3. a\n4. b\n"), "<ol start=\"3\">\n<li>a</li>\n<li>b</li>\n</ol>\n");
  EXPECT_EQ(wikitext("- a\n\n  b\n"), "* <p>a</p><p>b</p>\n");
  EXPECT_EQ(wikitext("- [ ] x\n- [x] y\n"), "* \xE2\x98\x90 x\n* \xE2\x98\x91 y\n");
}

TEST(WikitextWriter, LinksCodeNotesCategories) {
  EXPECT_EQ(wikitext("[a](https://x.org/a) <https://x.org>\n"), "[https://x.org/a a] https://x.org\n");
  EXPECT_EQ(wikitext("<a href=\"Foo\" class=\"wikilink\" title=\"Foo\">Foo</a>s\n"), "[[Foo]]<nowiki/>s\n");
  EXPECT_EQ(wikitext("<a href=\"Foo#Bar\" class=\"wikilink\" title=\"Foo\">x</a>\n"), "[[Foo#Bar|x]]\n");
  EXPECT_EQ(wikitext("<a href=\"Category:X\" class=\"wikilink\" title=\"Category:X\">the X</a> text\n"),
            "[[:Category:X|the X]] text\n");
  EXPECT_EQ(wikitext("`a''b`\n"), "<code><nowiki>a''b</nowiki></code>\n");
  EXPECT_EQ(wikitext("```python\nx = 1\n```\n"), "<syntaxhighlight lang=\"python\">\nx = 1\n</syntaxhighlight>\n");
  EXPECT_EQ(wikitext("```nosuchlanguage\n<x>\n```\n"), "<pre>&lt;x&gt;\n</pre>\n");
  EXPECT_EQ(wikitext("a[^1]\n\n[^1]: note\n"), "a<ref>note</ref>\n\n<references />\n");
  EXPECT_EQ(wikitext("text\n\n<a href=\"Category:X\" class=\"wikilink\" title=\"Category:X\">Category:X</a>\n"),
            "text\n\n[[Category:X]]\n");
}

TEST(WikitextWriter, RawHtml) {
  EXPECT_EQ(wikitext("a <span title=\"t\">b</span> <foo>c</foo>\n"), "a <span title=\"t\">b</span> <!--<foo>-->c<!--</foo>-->\n");
  EXPECT_EQ(wikitext("x <a href=\"https://x.org\">y</a>\n"), "x [https://x.org y]\n");
}

TEST(WikitextWriter, EmptyUrlsAndLinkedImages) {
  // An empty URL is this page: a self-link (the unit tests' page is "Test").
  EXPECT_EQ(wikitext("[this page]()\n"), "[[Test|this page]]\n");
  EXPECT_EQ(wikitext("[![moon](moon.jpg)](/uri)\n"), "[[File:moon.jpg|link=/uri|moon]]\n");
  EXPECT_EQ(wikitext("[![moon](moon.jpg)](https://x.org)\n"), "[[File:moon.jpg|link=https://x.org|moon]]\n");
  EXPECT_EQ(wikitext("a <img src=\"x.png\" alt=\"y\"> b\n"), "a [[File:x.png|y]] b\n");
}

TEST(WikitextWriter, LooseTextOfHtmlBlocks) {
  // Browsers show an HTML block's loose text bare; MediaWiki would wrap it in <p>.
  EXPECT_EQ(wikitext("<i class=\"x\">\n*bar*\n</i>\n"), "<div><i class=\"x\"> *bar* </i></div>\n");
  EXPECT_EQ(wikitext("<a href=\"Foo\">\n*bar*\n</a>\n"), "<div>[[Foo| *bar* ]]</div>\n");
  // Text inside the block's elements is not loose.
  EXPECT_EQ(wikitext("<table><tr><td>\n<a href=\"Foo\">x</a>\n</td></tr></table>\n"),
            "{| class=\"wikitable\"\n| [[Foo|x]]\n|}\n");
  // An inline element around Markdown blocks keeps them inside with a <div>.
  EXPECT_EQ(wikitext("<del>\n\n*foo*\n\n</del>\n"), "<del><div>\n\n''foo''\n\n</div></del>\n");
  // A processing instruction ends at the first '>' in browsers: the rest is text.
  EXPECT_EQ(wikitext("<?php echo '>'; ?>\nokay\n"), "<div><!--<?php echo '>-->'; ?></div>\n\nokay\n");
  // A page of comments alone ends without a newline (MediaWiki would show an empty paragraph).
  EXPECT_EQ(wikitext("<!DOCTYPE html>\n"), "<!--<!DOCTYPE html>-->");
}

TEST(WikitextWriter, DeepNestingDoesNotOverflow) {
  std::string markdown(100000, '>');
  markdown += " deep\n";
  std::string out = wikitext(markdown);
  EXPECT_NE(out.find("deep"), std::string::npos);
  std::string list;
  for (int i = 0; i < 2000; ++i) list += std::string(static_cast<std::size_t>(i) * 2, ' ') + "- x\n";
  EXPECT_NE(wikitext(list).find("<ul>"), std::string::npos);  // deep lists as HTML: linear size
}

}  // namespace
}  // namespace wikiconv
