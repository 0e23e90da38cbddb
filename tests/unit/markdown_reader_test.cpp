#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "readers/cmark_blockwise.hpp"
#include "readers/html_reader.hpp"
#include "readers/markdown_reader.hpp"
#include "../fuzz/fuzz_support.hpp"
#include "test_support.hpp"
#include "wikiconv/writer.hpp"

using namespace wikiconv;
using wikiconv::test::find_all;
using wikiconv::test::md;

TEST(MarkdownReader, RawHtmlWikilinkAcrossLinesWithFormattedLabel) {
  Page p = md("See the <a href=\"Tankie\" class=\"wikilink\"\ntitle=\"AnarWiki article\">AnarWiki *article* on\nTankies</a> now.\n");
  auto links = find_all(p.body, NodeType::WikiLink);
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0]->target, "Tankie");
  EXPECT_EQ(links[0]->plain_text(), "AnarWiki article on Tankies");
  EXPECT_EQ(find_all(*links[0], NodeType::Emphasis).size(), 1u);
  EXPECT_EQ(find_all(p.body, NodeType::HtmlInline).size(), 0u);
  EXPECT_EQ(p.body.plain_text(), "See the AnarWiki article on Tankies now.");
}

TEST(MarkdownReader, OldPandocWikilinkFormAndAnchors) {
  Page p = md("[the tankie page](Tankie \"wikilink\") and "
              "<a href=\"Special:MyLanguage/ZFS#Simple_NixOS_setup\" class=\"wikilink\" title=\"x\">ZFS</a>\n");
  auto links = find_all(p.body, NodeType::WikiLink);
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0]->target, "Tankie");
  EXPECT_EQ(links[1]->target, "Special:MyLanguage/ZFS");
  EXPECT_EQ(links[1]->anchor, "Simple_NixOS_setup");
  EXPECT_TRUE(find_all(p.body, NodeType::Link).empty());
}

TEST(MarkdownReader, CategoryParagraphBecomesCategories) {
  Page p = md("Text.\n\n<a href=\"Category:Tankie\" class=\"wikilink\"\ntitle=\"Category:Tankie\">Category:Tankie</a>\n"
              "<a href=\"Category:_Server\" class=\"wikilink\" title=\"Category: Server\">Category: Server</a>\n");
  EXPECT_EQ(p.categories, (std::vector<std::string>{"Tankie", "Server"}));
  EXPECT_EQ(p.body.children.size(), 1u);  // only "Text." is left
  // A category link inside running text is a visible link, not a category.
  Page q = md("See <a href=\"Category:Tankie\" class=\"wikilink\" title=\"c\">the category</a>.\n");
  EXPECT_TRUE(q.categories.empty());
  EXPECT_EQ(find_all(q.body, NodeType::WikiLink).size(), 1u);
}

TEST(MarkdownReader, UnexpandedTemplatesEndCategoryNames) {
  // pandoc's export leaves templates unexpanded in category links: the name ends before them,
  // and a category that was all template is none (not a category "{{{region}}}" shown as text).
  Page p = md("Text.\n\n[Category:](Category:{{{region}}} \"wikilink\") "
              "[Category:Nix](Category:Nix{{#translation:}} \"wikilink\") [Category:India](Category:India \"wikilink\")\n");
  EXPECT_EQ(p.categories, (std::vector<std::string>{"Nix", "India"}));
  EXPECT_EQ(p.body.children.size(), 1u);
}

TEST(MarkdownReader, LinkAfterAnUnclosedRawLinkEndsIt) {
  // As a browser builds cmark-gfm's HTML: the open <a> is carried into the next paragraph, and
  // the Markdown link there closes it (the adoption agency), so the link and the text after it
  // are not inside the open one, and neither is the heading that follows.
  Page p = md("an <a href=\"https://open.example\">unclosed link\n\n[irc](irc://x.org/n) and text\n\n## Head\n");
  auto links = find_all(p.body, NodeType::Link);
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0]->target, "https://open.example");
  EXPECT_EQ(links[0]->plain_text(), "unclosed link");
  EXPECT_EQ(links[1]->target, "irc://x.org/n");
  EXPECT_EQ(links[1]->plain_text(), "irc");
  auto headings = find_all(p.body, NodeType::Heading);
  ASSERT_EQ(headings.size(), 1u);
  EXPECT_TRUE(find_all(*headings[0], NodeType::Link).empty());
}

TEST(MarkdownReader, FileLinksBecomeImages) {
  Page p = md("<a href=\"File:Logo.png\" class=\"wikilink\" title=\"300px\">300px</a> "
              "<a href=\"Image:tux_small.png\" class=\"wikilink\" title=\"Tux\">Tux the penguin</a> "
              "![alt text](pic.png \"fig:Caption\")\n");
  auto images = find_all(p.body, NodeType::Image);
  ASSERT_EQ(images.size(), 3u);
  EXPECT_EQ(images[0]->target, "File:Logo.png");
  EXPECT_EQ(images[0]->size, "300px");
  EXPECT_EQ(images[1]->target, "File:Tux small.png");
  EXPECT_EQ(images[1]->title, "Tux the penguin");
  EXPECT_EQ(images[2]->target, "pic.png");
  EXPECT_EQ(images[2]->title, "Caption");
  EXPECT_EQ(images[2]->plain_text(), "alt text");
}

TEST(MarkdownReader, InlineHtmlElementsBecomeNodes) {
  Page p = md("H<sub>2</sub>O, E=mc<sup>2</sup>, a<br>b, <span id=\"Usage\"></span> <b>bold</b> "
              "<i>it</i> <del>gone</del> <code>x *y*</code> <!-- hidden --> <u>under</u> <kbd>Ctrl</kbd> "
              "<mark>hi</mark>\n");
  EXPECT_EQ(find_all(p.body, NodeType::Subscript).size(), 1u);
  EXPECT_EQ(find_all(p.body, NodeType::Superscript).size(), 1u);
  EXPECT_EQ(find_all(p.body, NodeType::LineBreak).size(), 1u);
  auto spans = find_all(p.body, NodeType::Span);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0]->attr("id"), "Usage");
  EXPECT_EQ(spans[1]->info, "mark");
  EXPECT_EQ(find_all(p.body, NodeType::Strong).size(), 1u);
  EXPECT_EQ(find_all(p.body, NodeType::Emphasis).size(), 1u);
  EXPECT_EQ(find_all(p.body, NodeType::Strikethrough).size(), 1u);
  EXPECT_EQ(find_all(p.body, NodeType::Underline).size(), 1u);
  auto code = find_all(p.body, NodeType::Code);
  ASSERT_EQ(code.size(), 2u);
  EXPECT_EQ(code[0]->text, "x y");
  EXPECT_EQ(code[1]->info, "kbd");
  auto comments = find_all(p.body, NodeType::CommentInline);
  ASSERT_EQ(comments.size(), 1u);
  EXPECT_EQ(comments[0]->text, " hidden ");
  EXPECT_TRUE(find_all(p.body, NodeType::HtmlInline).empty());
  EXPECT_EQ(p.body.plain_text().find("hidden"), std::string::npos);
}

TEST(MarkdownReader, MisnestedHtmlFollowsTheBrowser) {
  // cmark closes the emphasis before </sup>: a browser closes the <sup> with it and ignores the
  // stray </sup>.
  Page p = md("*a <sup>b* c</sup>\n");
  ASSERT_EQ(p.body.children.size(), 1u);
  const Node& para = p.body.children[0];
  ASSERT_EQ(para.children.size(), 2u);
  EXPECT_EQ(para.children[0].type, NodeType::Emphasis);
  EXPECT_EQ(find_all(para.children[0], NodeType::Superscript).size(), 1u);
  EXPECT_EQ(para.children[1].text, " c");
  EXPECT_EQ(p.body.plain_text(), "a b c");
  EXPECT_TRUE(find_all(p.body, NodeType::HtmlInline).empty());
}

TEST(MarkdownReader, FormattingLeftOpenCarriesIntoLaterBlocks) {
  // A browser re-opens an unclosed <b> in the next paragraph: both are bold.
  Page p = md("x <b>y\n\nPara\n");
  ASSERT_EQ(p.body.children.size(), 2u);
  const Node& second = p.body.children[1];
  ASSERT_EQ(second.children.size(), 1u);
  EXPECT_EQ(second.children[0].type, NodeType::Strong);
  EXPECT_EQ(second.plain_text(), "Para");
  // A <b> block around paragraphs lends them its formatting.
  Page q = md("<b>\n\nBold para\n\n</b>\n");
  auto strong = find_all(q.body, NodeType::Strong);
  ASSERT_EQ(strong.size(), 1u);
  EXPECT_EQ(strong[0]->plain_text(), "Bold para");
  EXPECT_EQ(q.body.children[0].type, NodeType::Paragraph);
}

TEST(MarkdownReader, DivWrappersPairAcrossBlocks) {
  Page p = md("<div lang=\"en\" dir=\"ltr\" class=\"mw-content-ltr\">\n\n## Title\n\nText\n\n</div>\n\nAfter\n");
  ASSERT_EQ(p.body.children.size(), 2u);
  const Node& div = p.body.children[0];
  EXPECT_EQ(div.type, NodeType::Div);
  EXPECT_EQ(div.info, "");
  EXPECT_EQ(div.attr("class"), "mw-content-ltr");
  ASSERT_EQ(div.children.size(), 2u);
  EXPECT_EQ(div.children[0].type, NodeType::Heading);
  EXPECT_EQ(div.children[0].line, 3);
  EXPECT_EQ(div.children[1].line, 5);
  EXPECT_EQ(p.body.children[1].type, NodeType::Paragraph);
  EXPECT_EQ(p.body.children[1].line, 9);
}

TEST(MarkdownReader, BlocksListsTablesCodeFootnotes) {
  Page p = md("## Head\n\n3. three\n4. four\n\n- [ ] todo\n- [x] done\n\n"
              "| a | b | c |\n|:--|:-:|--:|\n| 1 | `x\\|y` | 3 |\n\n"
              "``` nix {.numberLines}\nlet x = 1;\n```\n\n> quote\n\n---\n\nNote[^n].\n\n[^n]: The note.\n");
  const auto& b = p.body.children;
  ASSERT_GE(b.size(), 8u);
  EXPECT_EQ(b[0].type, NodeType::Heading);
  EXPECT_EQ(b[0].level, 2);
  EXPECT_EQ(b[1].type, NodeType::OrderedList);
  EXPECT_EQ(b[1].start, 3);
  EXPECT_EQ(b[2].type, NodeType::BulletList);
  EXPECT_EQ(b[2].children[0].task, TaskState::Unchecked);
  EXPECT_EQ(b[2].children[1].task, TaskState::Checked);
  ASSERT_EQ(b[3].type, NodeType::Table);
  EXPECT_EQ(b[3].aligns, (std::vector<Alignment>{Alignment::Left, Alignment::Center, Alignment::Right}));
  EXPECT_TRUE(b[3].children[0].header);
  EXPECT_FALSE(b[3].children[1].header);
  EXPECT_EQ(b[3].children[1].children[1].plain_text(), "x|y");
  EXPECT_EQ(b[4].type, NodeType::CodeBlock);
  EXPECT_EQ(b[4].info, "nix");
  EXPECT_EQ(b[4].text, "let x = 1;\n");
  EXPECT_EQ(b[5].type, NodeType::BlockQuote);
  EXPECT_EQ(b[6].type, NodeType::ThematicBreak);
  auto refs = find_all(p.body, NodeType::FootnoteReference);
  auto defs = find_all(p.body, NodeType::FootnoteDefinition);
  ASSERT_EQ(refs.size(), 1u);
  ASSERT_EQ(defs.size(), 1u);
  EXPECT_EQ(refs[0]->label, defs[0]->label);
  EXPECT_EQ(defs[0]->plain_text(), "The note.");
}

TEST(MarkdownReader, EscapedBracketsAndAutolinksAreTextAndLinks) {
  Page p = md("\\[EN\\] <https://example.org/a_b> and https://example.com/x.\n");
  EXPECT_EQ(p.body.plain_text().substr(0, 4), "[EN]");
  auto links = find_all(p.body, NodeType::Link);
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0]->target, "https://example.org/a_b");
  EXPECT_EQ(links[1]->target, "https://example.com/x");
}

TEST(MarkdownReader, BadBytesAreReplacedAndReportedWithLine) {
  Diagnostics d;
  std::string text = "\xEF\xBB\xBFok\r\nline two\rbad \xFF\xFE here\0 nul\n";
  text.push_back('\0');
  Page p = read_markdown(text, ReadOptions{}, d, "bad.md");
  auto items = d.items();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].file, "bad.md");
  EXPECT_EQ(items[0].line, 3);
  EXPECT_EQ(items[0].column, 5);  // "bad \xFF": the fifth character of line 3
  EXPECT_EQ(items[0].format().rfind("bad.md:3:5: warning: ", 0), 0u) << items[0].format();
  std::string all = p.body.plain_text();
  EXPECT_NE(all.find("bad \xEF\xBF\xBD\xEF\xBF\xBD here"), std::string::npos);
  EXPECT_EQ(all.find("\xEF\xBB\xBF"), std::string::npos);  // BOM gone
  EXPECT_EQ(find_all(p.body, NodeType::Paragraph).size(), 1u);
  EXPECT_EQ(find_all(p.body, NodeType::SoftBreak).size(), 2u);  // CRLF and lone CR are line ends

  ReadOptions strict;
  strict.strict = true;
  try {
    read_markdown("a\n\xC3\x28\n", strict, d, "strict.md");
    FAIL() << "strict mode must throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.file(), "strict.md");
    EXPECT_EQ(e.line(), 2);
  }
}

TEST(MarkdownReader, FrontMatterIsMetadataAndLinesStayTrue) {
  Page p = md("---\ntitle: Guides/Zine Making\nauthor: \"Ann\"\n---\n\n# Head\n");
  EXPECT_EQ(p.metadata.size(), 2u);
  EXPECT_EQ(p.metadata[1].second, "Ann");
  ASSERT_EQ(p.body.children.size(), 1u);
  EXPECT_EQ(p.body.children[0].line, 6);
}

TEST(MarkdownReader, DeepNestingDoesNotOverflow) {
  for (const char* unit : {"> ", "- ", "* "}) {
    std::string text;
    for (int i = 0; i < 10000; ++i) text += unit;
    text += "deep\n";
    Page p = md(text);
    EXPECT_EQ(p.body.plain_text(), "deep") << unit;
  }
  std::string emph(50000, '*');
  Page q = md(emph + "x" + emph + "\n");
  EXPECT_NE(q.body.plain_text().find('x'), std::string::npos);
}

TEST(MarkdownReader, RulesAndSetextHeadingsAreNotFrontMatter) {
  Page p = md("---\nFoo\n---\n\nBar\n");
  EXPECT_TRUE(p.metadata.empty());
  ASSERT_GE(p.body.children.size(), 2u);
  EXPECT_EQ(p.body.children[0].type, NodeType::ThematicBreak);
  EXPECT_EQ(p.body.children[1].type, NodeType::Heading);
  Page q = md("---\n---\nx\n");
  EXPECT_TRUE(q.metadata.empty());
  EXPECT_EQ(q.body.children[0].type, NodeType::ThematicBreak);
}

TEST(MarkdownReader, ManyUnclosedTagsStayTextAndShallow) {
  // The HTML tree builder is quadratic in how deep elements nest (its scope checks walk the
  // stack of open elements): HTML nested deeper than kMaxParsedDepth stays text, with a warning,
  // and nothing of it is lost.
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "<span>x ";
  text += "\n";
  Diagnostics d;
  Page p = read_markdown(text, ReadOptions{}, d, "deep.md");
  EXPECT_EQ(d.warning_count(), 1u);
  EXPECT_NE(p.body.plain_text().find("<span>x <span>x"), std::string::npos);
  std::size_t deepest = 0;
  NodeIterator it(p.body);
  while (it.next()) deepest = std::max(deepest, it.depth());
  EXPECT_LE(deepest, 4u);
}

TEST(MarkdownReader, BlocksAroundTooDeepHtmlKeepTheirText) {
  // Raw HTML too deep for the parser sends the page down the lenient path: the blocks converted
  // directly (moved into the parser's templates by then) come back whole, comments too.
  std::string spans;
  for (int i = 0; i < 450; ++i) spans += "<span>";
  spans += "deep";
  for (int i = 0; i < 450; ++i) spans += "</span>";
  std::string divs;
  for (int i = 0; i < 450; ++i) divs += "<div>\n";
  // The warning names the line where the HTML gets too deep: the spans' line 5, the 401st
  // <div>'s line 405.
  for (const auto& [html, line] : {std::pair{spans, 5}, std::pair{divs + "deep\n", 405}}) {
    Diagnostics d;
    Page p = read_markdown("Hello **world** paragraph.\n\n<!-- note -->\n\n" + html +
                               "\n\n- Another *para*.\n",
                           ReadOptions{}, d, "deep.md");
    ASSERT_EQ(d.warning_count(), 1u);
    EXPECT_EQ(d.items()[0].line, line);
    std::string text = p.body.plain_text();
    EXPECT_NE(text.find("Hello world paragraph."), std::string::npos) << text.substr(0, 200);
    EXPECT_NE(text.find("deep"), std::string::npos);
    EXPECT_NE(text.find("Another para."), std::string::npos);
    ASSERT_GE(p.body.children.size(), 2u);
    EXPECT_EQ(p.body.children[0].type, NodeType::Paragraph);
    EXPECT_NE(p.body.children[1].text.find("note"), std::string::npos);
  }
}

TEST(MarkdownReader, PandocRedirectListsAreRedirects) {
  // Both link forms, wrapped or not; what follows the redirect line stays the page's body.
  Page a = md("1.  REDIRECT [Path\n    Traversal](Path_Traversal#Overview \"wikilink\")\n\nMore text.\n");
  EXPECT_EQ(a.redirect, "Path Traversal");
  EXPECT_EQ(a.redirect_anchor, "Overview");
  ASSERT_EQ(a.body.children.size(), 1u);
  EXPECT_EQ(a.body.plain_text(), "More text.");
  Page b = md("<!-- Source page: X -->\n\n1.  redirect <a href=\"Target_page\" class=\"wikilink\" title=\"Target page\">Target page</a>\n");
  EXPECT_EQ(b.redirect, "Target page");
  EXPECT_EQ(b.body.plain_text(), "");
  // #REDIRECT [[:Category:X]] names the category page.
  Page c = md("1.  REDIRECT [:Category:Ruby](:Category:Ruby \"wikilink\")\n\n[Category:Language](Category:Language \"wikilink\")\n");
  EXPECT_EQ(c.redirect, "Category:Ruby");
  ASSERT_EQ(c.categories.size(), 1u);
  EXPECT_EQ(c.categories[0], "Language");
  // #REDIRECT [[Category:X]]: pandoc moved the link to the categories.
  Page d = md("1.  redirect\n\n[Category:OWASP_Live_CD_Project](Category:OWASP_Live_CD_Project \"wikilink\")\n");
  EXPECT_EQ(d.redirect, "Category:OWASP Live CD Project");
  EXPECT_TRUE(d.categories.empty());
  // A list that only says so is not a redirect.
  for (const char* text : {"1.  REDIRECT \\[:<https://example.org/x>\\]\n", "1.  Redirect\n\nSome text.\n",
                           "1.  Go to [X](X \"wikilink\")\n", "3.  REDIRECT [X](X \"wikilink\")\n"}) {
    Page p = md(text);
    EXPECT_TRUE(p.redirect.empty()) << text;
  }
}

TEST(MarkdownReader, LinksToCategoryAndFilePagesAreLinks) {
  Page p = md("[Functions](:Category:Functions \"wikilink\") <a href=\":Category:Tools\" class=\"wikilink\">Tools</a>\n\n"
              "[Logo](:File:Logo.png \"wikilink\")\n\n[Category:Real](Category:Real \"wikilink\")\n");
  ASSERT_EQ(p.categories.size(), 1u);
  EXPECT_EQ(p.categories[0], "Real");
  auto links = find_all(p.body, NodeType::WikiLink);
  ASSERT_EQ(links.size(), 3u);
  EXPECT_EQ(links[0]->target, "Category:Functions");
  EXPECT_EQ(links[0]->info, ":");
  EXPECT_EQ(links[1]->target, "Category:Tools");
  EXPECT_EQ(links[2]->target, "File:Logo.png");
  EXPECT_TRUE(find_all(p.body, NodeType::Image).empty());
  EXPECT_EQ(p.body.plain_text(), "Functions ToolsLogo");
}

// A text the reader owns is parsed in its own buffer when it needs no cleaning; every kind of
// input gives what the borrowed text gives, diagnostics included.
TEST(MarkdownReader, OwnedTextReadsAsBorrowedText) {
  const std::vector<std::string> inputs = {
      "# Title\n\nPlain *text* and <a href=\"X\" class=\"wikilink\" title=\"X\">a link</a>.\n",
      "\xEF\xBB\xBF# After a BOM\n",
      "line one\r\nline two\rline three\n",
      std::string("bad \xFF byte and a NUL \0 here\n", 28),
      "---\ntitle: Front\n---\n\n# Body\n",
      "",
  };
  auto json = make_writer("json", {});
  for (const std::string& input : inputs) {
    Diagnostics borrowed_d, owned_d;
    Page borrowed = read_markdown(input, ReadOptions{}, borrowed_d, "p.md");
    Page owned = read_owned_markdown(input, ReadOptions{}, owned_d, "p.md");
    EXPECT_EQ(json->write_page(owned, {}), json->write_page(borrowed, {})) << input;
    ASSERT_EQ(owned_d.items().size(), borrowed_d.items().size()) << input;
    for (std::size_t i = 0; i < owned_d.items().size(); ++i)
      EXPECT_EQ(owned_d.items()[i].format(), borrowed_d.items()[i].format());
  }
  Diagnostics d;
  ReadOptions strict;
  strict.strict = true;
  EXPECT_THROW(read_owned_markdown("a\n\xC3\x28\n", strict, d, "strict.md"), Error);
}

// A page over 64 KB is read without the arena, each block's cmark tree freed as soon as it is
// mapped or written out for the HTML parser (raw HTML nested too deep is then parsed again),
// and its text freed once the blocks are read. It gives the nodes the same blocks give on a
// small page: behind filler paragraphs that make it big, each piece reads as it does alone.
TEST(MarkdownReader, BigPagesReadAsSmallOnes) {
  std::string spans, divs;
  for (int i = 0; i < 450; ++i) spans += "<span>";
  spans += "deep";
  for (int i = 0; i < 450; ++i) spans += "</span>";
  for (int i = 0; i < 450; ++i) divs += "<div>\n";
  const std::vector<std::string> pieces = {
      // too deep for the parser: the lenient path, the blocks that needed the parser read again
      "Hello **world**.\n\n<!-- note -->\n\n" + spans + "\n\n- Another *para* <span>x\n\nAfter.\n",
      "Intro.\n\nBefore <b>bold\n\n" + divs + "deep\n\n- Item.\n",
      // pandoc's <div> wrappers, paired without the parser
      "<div lang=\"en\" class=\"mw-content-ltr\">\n\n## Title\n\nText\n\n</div>\n\nAfter\n",
      // raw HTML after which later blocks are written out whole: an open link, a raw-text element
      "Before <a href=\"X\">open\n\nNext [link](y) here <span>s</span>.\n\nLast.\n",
      "<textarea>\n\n*not emphasis*\n\n</textarea>\n\n<span>a</span> *b*\n",
      // the marker attribute must not be one the page uses
      "<span data-wc=\"0\">x</span> and <div DATA-WC1=\"2\">\n\ny *z*\n\n</div>\n\n<p data-wc2>w</p>\n",
      // a footnote whose definition needs the parser
      "Text[^1] and <span>more\n\n[^1]: Note <b>bold</b> <i>it\n\nEnd.\n",
  };
  std::string filler;
  int filler_lines = 0;
  while (filler.size() < 80 * 1024) {
    filler += "Filler paragraph with *some* text, number " + std::to_string(filler_lines) + ".\n\n";
    filler_lines += 2;
  }
  for (const std::string& piece : pieces) {
    Diagnostics small_d, big_d;
    Page small = read_markdown(piece, ReadOptions{}, small_d, "p.md");
    Page big = read_markdown(filler + piece, ReadOptions{}, big_d, "p.md");
    const auto& a = small.body.children;
    const auto& b = big.body.children;
    ASSERT_EQ(b.size(), a.size() + filler_lines / 2) << piece.substr(0, 80);
    for (std::size_t i = 0; i < a.size(); ++i)
      EXPECT_EQ(fingerprint(b[b.size() - a.size() + i]), fingerprint(a[i])) << piece.substr(0, 80) << " block " << i;
    EXPECT_EQ(big.categories, small.categories);
    ASSERT_EQ(big_d.items().size(), small_d.items().size()) << piece.substr(0, 80);
    for (std::size_t i = 0; i < small_d.items().size(); ++i)
      EXPECT_EQ(big_d.items()[i].line, small_d.items()[i].line + filler_lines) << piece.substr(0, 80);
  }
}

// The attribute that marks the Markdown's own elements for the HTML parser is one the page does
// not use: raw HTML that carries data-wc, data-wc1 and data-wc2 (in any case) keeps them as its
// own attributes, and the blocks stay where they are.
TEST(MarkdownReader, RawHtmlUsingTheMarkersNameKeepsItsAttributes) {
  Page p = md("<span data-wc=\"0\">x</span> and <div DATA-WC1=\"2\">\n\ny *z*\n\n</div>\n\n<p data-wc2>w</p>\n");
  ASSERT_EQ(p.body.children.size(), 3u);
  const Node& para = p.body.children[0];
  ASSERT_EQ(para.type, NodeType::Paragraph);
  ASSERT_FALSE(para.children.empty());
  EXPECT_EQ(para.children[0].type, NodeType::Span);
  EXPECT_EQ(para.children[0].attr("data-wc"), "0");
  EXPECT_EQ(para.plain_text(), "x and");
  const Node& div = p.body.children[1];
  ASSERT_EQ(div.type, NodeType::Div);
  EXPECT_EQ(div.attr("data-wc1"), "2");
  ASSERT_EQ(div.children.size(), 1u);
  EXPECT_EQ(div.children[0].plain_text(), "y z");
  EXPECT_EQ(find_all(div, NodeType::Emphasis).size(), 1u);
  EXPECT_EQ(p.body.children[2].type, NodeType::Paragraph);
  EXPECT_EQ(p.body.children[2].plain_text(), "w");
  EXPECT_EQ(p.body.children[2].attrs.size(), 1u);
}

// Raw HTML cut off inside a quoted attribute value (a blank line in a tag ends its HTML block):
// a browser reading cmark-gfm's HTML keeps the next blocks in that value, up to the next quote
// in raw HTML, and shows none of them. The reader gives what the HTML reader gives for
// cmark-gfm's own HTML of the page, on a small page and on a big one, and no marker or
// placeholder character of its own leaks out.
TEST(MarkdownReader, BlocksInsideARawTagsQuotedValueStayThere) {
  const std::string page =
      "Before.\n\n<table style=\"border: 1px solid;\n\nbackground: {{x}};\npadding=2;\">\n\n"
      "<tr style=\"color: red\">\n<td>cell</td>\n</tr>\n</table>\n\nAfter *this*.\n";
  cmark_node* root = parse_gfm(page, cmark_get_default_mem_allocator());
  char* html = cmark_render_html(root, CMARK_OPT_UNSAFE, nullptr);
  Node browser = read_html_fragment(html, true, 1);
  free(html);
  cmark_node_free(root);
  std::string filler;
  int filler_blocks = 0;
  while (filler.size() < 80 * 1024) filler += "Filler paragraph " + std::to_string(filler_blocks++) + ".\n\n";
  for (const std::string& text : {page, filler + page}) {
    Diagnostics d;
    Page p = read_markdown(text, ReadOptions{}, d, "p.md");
    const auto& ours = p.body.children;
    std::size_t skip = text.size() > page.size() ? static_cast<std::size_t>(filler_blocks) : 0;
    ASSERT_EQ(ours.size(), skip + browser.children.size());
    for (std::size_t i = 0; i < browser.children.size(); ++i)
      EXPECT_EQ(fingerprint(ours[skip + i]), fingerprint(browser.children[i])) << "block " << i;
    std::string shown = p.body.plain_text();
    EXPECT_EQ(shown.find("background"), std::string::npos) << shown.substr(0, 200);
    EXPECT_NE(shown.find("After this."), std::string::npos);
    NodeIterator it(p.body);
    while (it.next())
      for (const auto& [name, value] : it.node().attrs) {
        EXPECT_EQ(name.find("data-wc"), std::string::npos);
        EXPECT_EQ(value.find("data-wc"), std::string::npos) << value;
      }
  }
}

namespace {

// Reads `text` as a big page, blockwise (as big pages are read) or parsed whole.
struct BigRead {
  Page page;
  std::vector<std::string> diagnostics;
  std::vector<int> lines;  // every node's, in document order (fingerprints leave them out)
};
BigRead read_big(const std::string& text, bool blockwise) {
  set_big_page_reading(0, blockwise);
  BigRead r;
  Diagnostics d;
  r.page = read_markdown(text, ReadOptions{}, d, "p.md");
  for (const Diagnostic& item : d.items()) r.diagnostics.push_back(std::to_string(item.line) + ": " + item.message);
  for (NodeIterator it(r.page.body); it.next();)
    if (it.event() == WalkEvent::Enter) r.lines.push_back(it.node().line);
  set_big_page_reading(kBigPageBytes, true);
  return r;
}

void expect_blockwise_as_whole(const std::string& text, const std::string& what) {
  BigRead whole = read_big(text, false);
  BigRead blockwise = read_big(text, true);
  EXPECT_EQ(fingerprint(blockwise.page.body), fingerprint(whole.page.body)) << what;
  EXPECT_EQ(blockwise.page.body.children.size(), whole.page.body.children.size()) << what;
  EXPECT_EQ(blockwise.page.categories, whole.page.categories) << what;
  EXPECT_EQ(blockwise.page.redirect, whole.page.redirect) << what;
  EXPECT_EQ(blockwise.diagnostics, whole.diagnostics) << what;
  EXPECT_EQ(blockwise.lines, whole.lines) << what;
}

}  // namespace

// A big page's blocks are parsed first and each gets its inlines, footnote numbers and cmark's
// post-processing only when the reader comes to it (cmark_blockwise.cpp): the page reads as
// cmark_parser_finish's whole tree reads, line numbers and warnings included. Footnotes are
// where cmark works over the whole page (numbered by first reference, definitions moved to the
// end, a second definition of a label left where it is, definitions never looked up left in
// place); the end of the text is where the parse closes what is open.
TEST(MarkdownReader, BlockwiseParseReadsAsTheWholeTree) {
  const std::vector<std::string> pages = {
      "A[^b] and B[^a] and again[^b].\n\n[^a]: Note *a*.\n\n[^b]: Note b, citing[^a].\n",
      "One[^x]\n\n[^x]: first\n\n[^x]: second, left where it is\n\nTwo[^X] and [^ x ].\n",
      "Unused note below.\n\n[^u]: never cited\n\nText `[^u]` in code.\n",
      "Only an undefined[^none] reference.\n",
      "> [^q]: quoted definition\n\nCites[^q].\n\n- item\n\n  [^l]: in a list\n\nAnd[^l].\n",
      "[^o]: outer\n\n    [^i]: inner, indented in the outer\n\nSee[^o] and[^i].\n",
      "Case[^Ä] folded.\n\n[^ä]: umlaut\n",
      "Before the definitions[^n]\n\n[^n]: defined\n    with a second line\n\n        and code\n",
      "[link][ref] and [other]\n\n[ref]: /url \"Title\"\n\n[other]:\n/other\n",
      "Ends in an open fence\n\n```\ncode\n\n[^f]: not a note\n",
      "- list\n- ```\n  open fence in an item\n",
      "<pre>\nraw text\n\nnever closed\n",
      "<!-- an open comment\n\nstill\n",
      "Text\n\n<div class=\"x\">\nraw HTML to the end, *not* Markdown\n",
      "Text\n\n<custom-tag>\n",
      "> ```\n> fence in a quote\n",
      "Paragraph without a final newline",
      "Lines\r\nwith CRLF\r\n\r\n| a | b |\r\n|---|---|\r\n| www.example.com | ~~s~~ |\r\n",
      "- [ ] task\n- [x] done\n\n1. one\n2. two\n\n   nested para\n",
      "    indented code\n\n\n\n",
      "Heading\n=======\n\n> quote\nlazy line",
      "A www.example.com link and https://a.example/b?c and mail@example.com.\n",
      "Text<sup>[^1]</sup> <span>open\n\n[^1]: Note <b>bold</b>\n",
      "[[Category:Thing]]\n\n<a href=\"Category:Other\" class=\"wikilink\" title=\"x\">Category:Other</a>\n",
      "#REDIRECT [[Elsewhere]]\n",
  };
  // The blockwise parse is the one big pages get (Debian 12's cmark-gfm), except where the text
  // ends inside a fence or raw HTML that a blank line would join.
  EXPECT_NE(BlockwiseParse::start("Text\n\n<div>\n"), nullptr);
  EXPECT_EQ(BlockwiseParse::start("Text\n\n```\ncode\n"), nullptr);
  EXPECT_EQ(BlockwiseParse::start("<pre>\ncode"), nullptr);
  for (const std::string& page : pages) expect_blockwise_as_whole(page, page.substr(0, 60));

  std::vector<std::filesystem::path> files;
  std::filesystem::path shared = test::source_dir().parent_path() / "shared" / "corpus";
  for (const auto& dir : {test::source_dir() / "fixtures", test::source_dir() / "tests" / "fuzz" / "corpus",
                          shared / "nixos-wiki", shared / "owasp-wiki"}) {
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
      if (e.is_regular_file() && e.path().extension() == ".md") files.push_back(e.path());
  }
  ASSERT_GE(files.size(), 50u);  // the sample wiki and the fuzz corpus at least
  for (const auto& file : files) expect_blockwise_as_whole(wikiconv::fuzz::read_all(file), file.string());
}
