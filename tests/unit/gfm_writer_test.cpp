// The gfm writer on pages read by the Markdown reader: what a page wrote comes back as it was
// written (the round trip the corpus test measures page by page, here one form at a time).
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace wikiconv {
namespace {

using test::find_all;
using test::md;

std::string gfm(const Page& page) { return make_writer("gfm", Options{})->write_page(page, WriteContext{}); }
std::string round_trip(std::string_view markdown) { return gfm(md(markdown)); }

TEST(GfmWriter, FormattingKeepsTheElementItWasReadFrom) {
  EXPECT_EQ(round_trip("a <b>bold</b> <i>it</i> **strong** <s>gone</s> ~~del~~ <ins>new</ins>\n"),
            "a <b>bold</b> <i>it</i> **strong** <s>gone</s> ~~del~~ <ins>new</ins>\n");
}

TEST(GfmWriter, AutolinkInALinkIsWrittenBackAsAnAutolink) {
  // pandoc's [<https://x>](https://y): cmark-gfm nests the links; plain text would not.
  EXPECT_EQ(round_trip("[<https://x.org/a.gif>](http://y.org) and [<me@x.org>](http://y.org)\n"),
            "[<https://x.org/a.gif>](http://y.org) and [<me@x.org>](http://y.org)\n");
  // A link in a link that is no autolink keeps only its label (cmark-gfm cannot nest it).
  Page page = md("[outer](http://y.org)\n");
  Node& outer = page.body.children[0].children[0];
  Node inner(NodeType::Link);
  inner.target = "http://x.org";
  inner.append(Node(NodeType::Text, "inner"));
  outer.children = {std::move(inner)};
  EXPECT_EQ(gfm(page), "[inner](http://y.org)\n");
}

TEST(GfmWriter, WikiLinksKeepTheirSpellingWhileTheyNameTheSameTarget) {
  const std::string page_text =
      "[SSI](Server-Side_Includes_%28SSI%29_Injection \"wikilink\") [pic](image:foo_bar.png \"wikilink\")\n";
  Page page = md(page_text);
  auto links = find_all(page.body, NodeType::WikiLink);
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0]->target, "Server-Side Includes (SSI) Injection");
  EXPECT_EQ(links[0]->label, "Server-Side_Includes_%28SSI%29_Injection");
  auto images = find_all(page.body, NodeType::Image);
  ASSERT_EQ(images.size(), 1u);
  EXPECT_EQ(images[0]->target, "File:Foo bar.png");
  EXPECT_EQ(images[0]->label, "image:foo_bar.png");
  EXPECT_EQ(gfm(page), page_text);
  // Retargeted (a rename, a filter): the spelling no longer names it, the target is written.
  const_cast<Node*>(links[0])->target = "SSI Injection";
  const_cast<Node*>(images[0])->target = "File:Other.png";
  EXPECT_EQ(gfm(page), "[SSI](SSI_Injection \"wikilink\") [pic](File:Other.png \"wikilink\")\n");
}

TEST(GfmWriter, NestedHtmlTableKeepsTheOuterTablesHead) {
  const std::string page_text =
      "<table>\n<thead>\n<tr class=\"header\">\n<th><table>\n<tr>\n<td>in</td>\n</tr>\n</table></th>\n</tr>\n"
      "</thead>\n<tbody>\n<tr class=\"odd\">\n<td>body</td>\n</tr>\n</tbody>\n</table>\n";
  std::string out = round_trip(page_text);
  std::size_t nested_end = out.find("</table>");
  ASSERT_NE(nested_end, std::string::npos);
  std::string after = out.substr(nested_end + 8);
  // The outer head closes after the nested table, before the body row.
  std::size_t thead_end = after.find("</thead>"), tbody = after.find("<tbody>"), body = after.find("body");
  ASSERT_NE(thead_end, std::string::npos) << out;
  EXPECT_LT(thead_end, tbody) << out;
  EXPECT_LT(tbody, body) << out;
}

TEST(GfmWriter, TableHeadKeepsItsHeadWithoutPandocsClass) {
  // pandoc 3 writes <thead> rows without class="header"; <th> cells opening a table with no
  // <thead> stay in its body.
  const std::string rows = "<tr>\n<th colspan=\"2\">h</th>\n</tr>\n";
  std::string head = round_trip("<table>\n<thead>\n" + rows + "</thead>\n<tbody>\n<tr>\n<td>a</td>\n<td>b</td>\n</tr>\n</tbody>\n</table>\n");
  EXPECT_NE(head.find("<table>\n<thead>\n" + rows + "</thead>\n<tbody>\n<tr>"), std::string::npos) << head;
  EXPECT_EQ(round_trip(head), head);
  std::string body = round_trip("<table>\n" + rows + "<tr>\n<td>a</td>\n<td>b</td>\n</tr>\n</table>\n");
  EXPECT_NE(body.find("<table>\n<tbody>\n" + rows), std::string::npos) << body;
}

TEST(GfmWriter, CellAlignedByItsStyleGainsNoAlignAttribute) {
  // pandoc 3 aligns a cell with its style alone; the align the reader took from it stays out,
  // an align the page wrote stays in.
  const std::string page_text =
      "<table>\n<tbody>\n<tr>\n<td style=\"text-align: center;\">a</td>\n<td align=\"right\">b</td>\n"
      "<td style=\"color: red\" align=\"left\">c</td>\n</tr>\n</tbody>\n</table>\n";
  EXPECT_EQ(round_trip(page_text), page_text);
}

TEST(GfmWriter, TextOfABlockOpenedByAFilteredTagKeepsItsBlock) {
  // cmark-gfm's tagfilter shows <script> as text, and the HTML block it opened runs to the line
  // holding </script>: its lines show as they are (no paragraph, "## b" no heading). Escaped,
  // they would be a paragraph and a heading.
  const std::string page_text = "a\n\n<script>\n## b & c\nd</script> e\n\n## f\n";
  std::string out = round_trip(page_text);
  EXPECT_EQ(out, "a\n\n<script>\n## b &amp; c\nd</script> e\n\n## f\n");
  EXPECT_EQ(round_trip(out), out);
  // Without the closing tag on its last line the text was no such block: a paragraph again.
  Page page = md(page_text);
  page.body.children[1].children.back().text = "d e";
  EXPECT_EQ(gfm(page), "a\n\n\\<script>\n\\## b & c\nd e\n\n## f\n");
  // A block opened by <title> ends at an empty line.
  EXPECT_EQ(round_trip("<title>x\n\ny\n"), "<title>x\n\ny\n");
}

TEST(GfmWriter, FilteredTagsAreFoundWhereLowerCaseChangesTheTextsLength) {
  // U+0130 lower-cases to one byte, U+023A to three: the closing tag is found by its offset in
  // the text itself, so it stays a tag, and the characters after it stay whole.
  for (std::string tail : {"\xC4\xB0\xC4\xB0\xC4\xB0", "\xC8\xBA\xC8\xBA\xC8\xBA"}) {
    const std::string page_text = "<script>\nx \xC3\xA9</script>" + tail + "\n";
    EXPECT_EQ(round_trip(page_text), page_text);
  }
}

TEST(GfmWriter, TextOfABlockOpenedByAnInlineTagKeepsItsBlock) {
  // A tag alone on its line opens an HTML block: its text shows as it is ("**b**" no emphasis),
  // in no paragraph. On one line with the text, the tag would start a paragraph.
  const std::string page_text = "a\n\n<span style=\"color:red\">\n**b** c</span>\nd\n\n<filter>\n`x`<name>`y`</name>\n</filter>\n";
  std::string out = round_trip(page_text);
  // (The two HTML blocks are one text in the model, written as one block.)
  EXPECT_EQ(out, "a\n\n<span style=\"color:red\">\n**b** c</span>\nd\n<filter>\n`x`<name>`y`</name></filter>\n");
  EXPECT_EQ(round_trip(out), out);
}

TEST(GfmWriter, ParagraphInAnHtmlHeadingStaysAParagraph) {
  // <h1>, an empty line, Markdown: cmark-gfm writes <h1><p>..</p></h1>; the reader's heading
  // starts with a line break, which "# <br />" would show as an empty line.
  std::string out = round_trip("<h1>\n\n<span style=\"color:red;\">a *b*\nc</span>\n\n</h1>\n\n## d\n");
  EXPECT_EQ(out, "<h1>\n\n<span style=\"color:red;\">a *b* c</span>\n\n</h1>\n\n## d\n");
  EXPECT_EQ(round_trip(out), out);
}

TEST(GfmWriter, TextThatWouldBecomeMarkupStaysText) {
  // A heading's trailing '#' run would be its closing sequence.
  EXPECT_EQ(round_trip("### foo \\###\n# foo \\#\n"), "### foo \\###\n\n# foo \\#\n");
  // A line break decoded from &#10; would end the paragraph.
  EXPECT_EQ(round_trip("foo&#10;&#10;bar\n"), "foo&#10;&#10;bar\n");
  // Two quotes in a row stay two: the empty line between belongs to neither.
  EXPECT_EQ(round_trip("> foo\n\n> bar\n"), "> foo\n\n> bar\n");
  // An e-mail address that was no link (raw HTML) is written as HTML: no Markdown escape keeps
  // cmark-gfm's autolink extension from linking it.
  std::string table = round_trip("<table><tr><td><p>mail me@x.org</p>\n<p>b</p></td></tr></table>\n");
  EXPECT_NE(table.find("<p>mail me@x.org</p>"), std::string::npos) << table;
}

TEST(GfmWriter, CategoryAndRedirectLinesSurviveJson) {
  // A page through a JSON filter comes back with its category and redirect lines as written.
  const std::string page_text =
      "1.  REDIRECT [Other page](Other_page \"wikilink\")\n\n[Category:Zines](Category:Zines \"wikilink\")\n";
  Page page = md(page_text);
  std::string json = make_writer("json", Options{})->write_page(page, WriteContext{});
  Page back = read_json(json, "page.json");
  EXPECT_EQ(back.category_links.size(), 1u);
  EXPECT_EQ(back.redirect_line.size(), 2u);
  EXPECT_EQ(gfm(back), gfm(page));
  EXPECT_NE(gfm(back).find("[Category:Zines](Category:Zines \"wikilink\")"), std::string::npos);
}

}  // namespace
}  // namespace wikiconv
