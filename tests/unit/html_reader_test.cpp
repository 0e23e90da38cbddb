#include <gtest/gtest.h>

#include "readers/html_reader.hpp"
#include "readers/html_text_runs.hpp"
#include "test_support.hpp"

using namespace wikiconv;
using wikiconv::test::find_all;
using wikiconv::test::md;

TEST(HtmlReader, InfoboxTableBecomesModelTable) {
  Page p = md("<div class=\"infobox\">\n\n<table>\n<thead>\n<tr>\n<th colspan=\"2\" class=\"title\"><p>Board</p></th>\n"
              "</tr>\n</thead>\n<tbody>\n<tr>\n<td colspan=\"2\"><figure>\n<img src=\"Board.jpg\" title=\"A board.\" width=\"256\" />\n"
              "<figcaption>A board.</figcaption>\n</figure></td>\n</tr>\n<tr>\n<td><p>Maker</p></td>\n<td><p>Acme &amp; Co</p></td>\n"
              "</tr>\n</tbody>\n</table>\n\n</div>\n");
  auto tables = find_all(p.body, NodeType::Table);
  ASSERT_EQ(tables.size(), 1u);
  const Node& t = *tables[0];
  ASSERT_EQ(t.children.size(), 3u);
  EXPECT_TRUE(t.children[0].header);
  EXPECT_TRUE(t.children[0].children[0].header);
  EXPECT_EQ(t.children[0].children[0].attr("colspan"), "2");
  EXPECT_EQ(t.children[0].plain_text(), "Board");
  EXPECT_EQ(t.aligns.size(), 2u);
  auto figures = find_all(t, NodeType::Figure);
  ASSERT_EQ(figures.size(), 1u);
  auto captions = find_all(*figures[0], NodeType::Caption);
  ASSERT_EQ(captions.size(), 1u);
  EXPECT_EQ(captions[0]->plain_text(), "A board.");
  auto images = find_all(t, NodeType::Image);
  ASSERT_EQ(images.size(), 1u);
  EXPECT_EQ(images[0]->target, "File:Board.jpg");
  EXPECT_EQ(images[0]->size, "256px");
  EXPECT_EQ(t.children[2].children[1].plain_text(), "Acme & Co");
  EXPECT_TRUE(find_all(p.body, NodeType::HtmlBlock).empty());
}

TEST(HtmlReader, CellsHoldBlocksSpansAndAlignment) {
  Page p = md("<table>\n<caption>Cap</caption>\n<tr><th>a</th><th align=\"right\">b</th></tr>\n"
              "<tr><td rowspan=\"2\" style=\"text-align: center\"><ul><li>one</li><li>two</li></ul></td>"
              "<td><pre class=\"sourceCode nix\"><code class=\"sourceCode nix\"><span id=\"cb1-1\">"
              "<a href=\"#cb1-1\" aria-hidden=\"true\"></a>x = 1;</span>\n<span>y = 2;</span></code></pre></td></tr>\n"
              "<tr><td>z</td></tr>\n</table>\n");
  auto tables = find_all(p.body, NodeType::Table);
  ASSERT_EQ(tables.size(), 1u);
  const Node& t = *tables[0];
  ASSERT_EQ(t.children[0].type, NodeType::Caption);
  EXPECT_EQ(t.children[0].plain_text(), "Cap");
  EXPECT_TRUE(t.children[1].header);  // a row of <th> opening the table is its head
  EXPECT_EQ(t.children[1].children[1].attr("align"), "right");
  const Node& cell = t.children[2].children[0];
  EXPECT_EQ(cell.attr("rowspan"), "2");
  EXPECT_EQ(cell.attr("align"), "center");
  ASSERT_TRUE(holds_blocks(cell));
  EXPECT_EQ(cell.children[0].type, NodeType::BulletList);
  const Node& code_cell = t.children[2].children[1];
  ASSERT_EQ(code_cell.children.size(), 1u);
  EXPECT_EQ(code_cell.children[0].type, NodeType::CodeBlock);
  EXPECT_EQ(code_cell.children[0].info, "nix");
  EXPECT_EQ(code_cell.children[0].text, "x = 1;\ny = 2;\n");
  EXPECT_EQ(t.aligns.size(), 2u);  // the rowspan covers the third row's first column
}

TEST(HtmlReader, ListsDefinitionsAndWikilinksInHtml) {
  Page p = md("<ul>\n<li>one <a href=\"Main_Page\" class=\"wikilink\" title=\"m\">home</a></li>\n<li><em>two</em></li>\n</ul>\n\n"
              "<dl>\n<dt>Term</dt>\n<dd>Details with <a href=\"Other\" title=\"wikilink\">a link</a></dd>\n</dl>\n");
  auto lists = find_all(p.body, NodeType::BulletList);
  ASSERT_EQ(lists.size(), 1u);
  EXPECT_EQ(lists[0]->children.size(), 2u);
  EXPECT_TRUE(lists[0]->tight);
  EXPECT_EQ(lists[0]->children[0].children[0].type, NodeType::Paragraph);
  auto links = find_all(p.body, NodeType::WikiLink);
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0]->target, "Main Page");
  EXPECT_EQ(links[1]->target, "Other");
  auto dls = find_all(p.body, NodeType::DefinitionList);
  ASSERT_EQ(dls.size(), 1u);
  ASSERT_EQ(dls[0]->children.size(), 2u);
  EXPECT_EQ(dls[0]->children[0].type, NodeType::DefinitionTerm);
  EXPECT_EQ(dls[0]->children[1].type, NodeType::DefinitionDetails);
}

TEST(HtmlReader, ElementsWithoutModelNodesStayElements) {
  Page p = md("<table><tr><td><noscript>x()</noscript></td></tr></table>\n\n<div>\n<video src=\"a.mp4\"></video>\n</div>\n\n"
              "<nixpkgs>x</nixpkgs> in text\n");
  auto raw = find_all(p.body, NodeType::HtmlInline);
  ASSERT_EQ(raw.size(), 3u);
  EXPECT_EQ(raw[0]->info, "noscript");
  EXPECT_EQ(raw[0]->text, "x()");
  EXPECT_EQ(raw[1]->info, "video");
  EXPECT_EQ(raw[1]->attr("src"), "a.mp4");
  EXPECT_EQ(raw[2]->info, "nixpkgs");
  EXPECT_EQ(raw[2]->plain_text(), "x");
  // An unfinished tag at the end of the input is dropped, as a browser drops it.
  Page q = md("<p>unterminated <a href=\"x\"\n");
  EXPECT_EQ(q.body.plain_text(), "unterminated");
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<div>";
  Page d = md(deep + "x\n");
  EXPECT_NE(d.body.plain_text().find("<div><div>"), std::string::npos);  // kept as text
}

// HTML too deep for the parser: the page is converted without it, and the Markdown blocks
// around (converted before the depth was seen, and placed in the parser's document) keep their
// nodes, on a small page and on one big enough that its cmark tree is freed block by block.
TEST(HtmlReader, TooDeepHtmlLeavesTheConvertedBlocksWhole) {
  for (std::size_t padding : {0, 70000}) {
    std::string text = "# Title\n\nBefore *one*.\n\n<span>inline</span> html\n\n";
    std::string pad_paragraph = "Padding paragraph of plain words.\n\n";
    for (std::size_t n = 0; n < padding; n += pad_paragraph.size()) text += pad_paragraph;
    for (std::size_t i = 0; i < kMaxParsedDepth + 100; ++i) text += "<div>";  // 2.5 KB
    text += "x\n\nAfter **two**.\n";
    ASSERT_EQ(text.size() > 64 * 1024, padding > 0);  // the reader's limit for its arena
    Page p = md(text);
    SCOPED_TRACE(padding);
    auto headings = find_all(p.body, NodeType::Heading);
    ASSERT_EQ(headings.size(), 1u);
    EXPECT_EQ(headings[0]->plain_text(), "Title");
    auto emphasis = find_all(p.body, NodeType::Emphasis);
    ASSERT_EQ(emphasis.size(), 1u);
    EXPECT_EQ(emphasis[0]->plain_text(), "one");
    auto strong = find_all(p.body, NodeType::Strong);
    ASSERT_EQ(strong.size(), 1u);
    EXPECT_EQ(strong[0]->plain_text(), "two");
    std::string all = p.body.plain_text();
    EXPECT_NE(all.find("inline html"), std::string::npos);
    EXPECT_NE(all.find("<div><div>"), std::string::npos);  // kept as text
    ASSERT_FALSE(p.body.children.empty());
    EXPECT_EQ(p.body.children.back().type, NodeType::Paragraph);
    EXPECT_EQ(p.body.children.back().plain_text(), "After two.");
    if (padding > 0) EXPECT_NE(all.find("Padding paragraph of plain words."), std::string::npos);
  }
}

TEST(HtmlReader, TranslateTagsVanishWithoutMergingParagraphs) {
  Page p = md("<languages/>\n\n<translate>\n\nFirst\n\n</translate>\n\n<translate>Second <tvar name=\"1\">part</tvar></translate>\n");
  std::vector<std::string> paragraphs;
  NodeIterator it(p.body);
  while (it.next())
    if (it.event() == WalkEvent::Enter && (it.node().type == NodeType::Paragraph || it.node().type == NodeType::Plain))
      paragraphs.push_back(it.node().plain_text());
  ASSERT_EQ(paragraphs.size(), 2u);
  EXPECT_EQ(paragraphs[0], "First");
  EXPECT_EQ(paragraphs[1], "Second part");
}

TEST(HtmlReader, DefectsOfRealPages) {
  // A wikilink labelled with its URL: the autolink stays a link inside it, as in cmark-gfm's
  // tree (writers show its label; the gfm writer writes it back).
  Page a = md("<a href=\"Foo\" class=\"wikilink\">https://x/y</a>\n");
  auto wl = find_all(a.body, NodeType::WikiLink);
  ASSERT_EQ(wl.size(), 1u);
  EXPECT_EQ(wl[0]->plain_text(), "https://x/y");
  ASSERT_EQ(wl[0]->children.size(), 1u);
  EXPECT_EQ(wl[0]->children[0].type, NodeType::Link);
  EXPECT_EQ(wl[0]->children[0].target, "https://x/y");
  // pandoc's [<https://x>](https://y): the link keeps its target and the autolink in it.
  Page b = md("[<http://x.org/a.gif>](http://y.org)\n");
  auto links = find_all(b.body, NodeType::Link);
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0]->target, "http://y.org");
  EXPECT_EQ(links[1]->target, "http://x.org/a.gif");
  EXPECT_EQ(links[0]->plain_text(), "http://x.org/a.gif");
  // Formatting elements keep their own names: <b> is Strong read from "b".
  Page f = md("<b>bold</b> <i>it</i> <em>em</em>\n");
  auto strong = find_all(f.body, NodeType::Strong);
  ASSERT_EQ(strong.size(), 1u);
  EXPECT_EQ(strong[0]->info, "b");
  auto emphasis = find_all(f.body, NodeType::Emphasis);
  ASSERT_EQ(emphasis.size(), 2u);
  EXPECT_EQ(emphasis[0]->info, "i");
  EXPECT_EQ(emphasis[1]->info, "");
  // Emphasis around content that shows nothing shows nothing.
  Page c = md("Adds *<args>* here.\n");
  EXPECT_TRUE(find_all(c.body, NodeType::Emphasis).empty());
  EXPECT_EQ(c.body.plain_text(), "Adds  here.");
  // Entities in a one-line raw block are decoded once.
  Page d = md("<div>A &lt;b&gt; c</div>\n");
  EXPECT_EQ(d.body.plain_text(), "A <b> c");
  // A stray end tag shows nothing.
  Page e = md("Text\n\n</tbody>\n\nMore\n");
  EXPECT_EQ(e.body.children.size(), 2u);
  EXPECT_EQ(e.body.plain_text(), "TextMore");
}

TEST(HtmlReader, LooseTextOfAnHtmlBlockIsPlain) {
  // cmark-gfm (and browsers) show "*foo*" inside the div without a paragraph.
  Page p = md("<div>\n*foo*\n\n*bar*\n");
  ASSERT_EQ(p.body.children.size(), 1u);
  const Node& div = p.body.children[0];
  EXPECT_EQ(div.type, NodeType::Div);
  ASSERT_EQ(div.children.size(), 2u);
  EXPECT_EQ(div.children[0].type, NodeType::Plain);
  EXPECT_EQ(div.children[0].plain_text(), "*foo*");
  EXPECT_EQ(div.children[1].type, NodeType::Paragraph);
  EXPECT_EQ(find_all(div, NodeType::Emphasis).size(), 1u);
}

TEST(HtmlReader, NumericReferencesPastUnicodeAreReplacementCharacters) {
  // As a browser shows them; gumbo alone gave "&#x99999999" the lone byte 0x99 (not UTF-8) and
  // "&#x80000041" an "A". References in range are read as before.
  Page p = md("<div>a&#x99999999;b &#x80000041 c&#99999999999;d &#x41;&#1114111;&#x0000000042;</div>\n\n"
              "<p title=\"&#x99999999;\">e</p>\n");
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(p.body.children.at(0).plain_text(), "a" + fffd + "b " + fffd + " c" + fffd + "d A\xF4\x8F\xBF\xBF" "B");
  EXPECT_EQ(p.body.children.at(1).attr("title"), fffd);
  // The text keeps its length: what follows keeps its line.
  Page lines = md("<div>&#x99999999;\n<p>a</p>\n<p>b</p></div>\n");
  std::vector<const Node*> paragraphs = find_all(lines.body, NodeType::Paragraph);
  ASSERT_EQ(paragraphs.size(), 2u);
  EXPECT_EQ(paragraphs[0]->line, 2);
  EXPECT_EQ(paragraphs[1]->line, 3);
}

TEST(HtmlReader, FragmentsForOldJson) {
  Node blocks = read_html_fragment("<p>a</p><ul><li>b</li></ul>", true, 3);
  ASSERT_EQ(blocks.children.size(), 2u);
  EXPECT_EQ(blocks.children[0].type, NodeType::Paragraph);
  EXPECT_EQ(blocks.children[1].type, NodeType::BulletList);
  Node inlines = read_html_fragment("<b>x</b> y", false, 3);
  ASSERT_EQ(inlines.children.size(), 2u);
  EXPECT_EQ(inlines.children[0].type, NodeType::Strong);
}

TEST(HtmlReader, GfmTagfilterShowsDisallowedTagsAsText) {
  // GitHub's tagfilter: these tags are text, and an unclosed one swallows nothing.
  Page p = md("Use <script>alert(1)</script> here.\n\n<textarea>\n\nStill *Markdown*.\n");
  EXPECT_EQ(p.body.children.size(), 3u);
  EXPECT_EQ(p.body.children[0].plain_text(), "Use <script>alert(1)</script> here.");
  EXPECT_EQ(find_all(p.body, NodeType::Emphasis).size(), 1u);
  EXPECT_TRUE(find_all(p.body, NodeType::HtmlInline).empty());
  Page q = md("<STYLE>p { color: red }</STYLE>\n");
  EXPECT_EQ(q.body.plain_text(), "<STYLE>p { color: red }</STYLE>");
}

namespace {

// The page with its raw HTML read as it is read (in pieces, runs of text as one character each),
// and whole and plainly; both with their diagnostics and the bytes the HTML parser was given.
struct PiecesAndWhole {
  Page split, whole;
  std::vector<Diagnostic> split_diagnostics, whole_diagnostics;
  std::size_t split_bytes = 0, whole_bytes = 0;
};

PiecesAndWhole read_both(const std::string& text) {
  PiecesAndWhole r;
  Diagnostics split_diagnostics, whole_diagnostics;
  std::size_t before = html_parser_use().bytes;
  r.split = read_markdown(text, ReadOptions{}, split_diagnostics, "test.md");
  r.split_bytes = html_parser_use().bytes - before;
  set_html_pieces(HtmlPieces::Whole);
  set_html_text_runs(false);
  before = html_parser_use().bytes;
  r.whole = read_markdown(text, ReadOptions{}, whole_diagnostics, "test.md");
  r.whole_bytes = html_parser_use().bytes - before;
  set_html_text_runs(true);
  set_html_pieces(HtmlPieces::Split);
  r.split_diagnostics = split_diagnostics.items();
  r.whole_diagnostics = whole_diagnostics.items();
  return r;
}

void expect_same_page(const PiecesAndWhole& r, const std::string& text) {
  EXPECT_TRUE(r.split.body == r.whole.body) << text;
  EXPECT_EQ(r.split.categories, r.whole.categories) << text;
  EXPECT_TRUE(r.split.category_links == r.whole.category_links) << text;
  NodeIterator a(r.split.body), b(r.whole.body);
  while (a.next() && b.next()) EXPECT_EQ(a.node().line, b.node().line) << text;
  const std::vector<Diagnostic>& da = r.split_diagnostics;
  const std::vector<Diagnostic>& db = r.whole_diagnostics;
  ASSERT_EQ(da.size(), db.size()) << text;
  for (std::size_t i = 0; i < da.size(); ++i) EXPECT_EQ(da[i].format(), db[i].format()) << text;
}

// Enough Markdown blocks that their placeholders are worth skipping.
std::string markdown_run(int n, std::string_view kind) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += kind;
    out += ' ' + std::to_string(i) + "\n\n";
  }
  return out;
}

}  // namespace

TEST(HtmlReader, PiecesOfADocumentReadAsTheWholeDocument) {
  // Raw HTML that leaves the parser where it started, or with elements open that may stay open
  // (<div>, unknown elements) or not (formatting, tables, a form, a raw-text element, </body>).
  const std::vector<std::string> html = {
      "<div class=\"x\">\n",       "</div>\n",          "<references group=\"a\"/>\n", "<languages/>\n",
      "</references>\n",           "<p>open\n",         "<b>bold\n",                   "<table><tr><td>cell\n",
      "</td></tr></table>\n",      "<div><form></div>\n", "</body>\n<!-- c -->\n",    "<textarea>\n",
      "<foo:bar>\n",               "</foo:bar>\n",      "<div class=\"sourceCode\">\n", "<span>inline</span> text\n",
      "<!-- comment -->\n",        "<a href=\"x\">\n",  "</a>\n",                      "<ul><li>item\n",
      "</ul>\n",                   "<center>\n",        "<blockquote>\n",              "</blockquote>\n",
      "<div><p>a</div>\n",         "</p>\n",            "<li>loose\n",                 "<h3>open\n",
  };
  const std::vector<std::string> markdown = {
      markdown_run(40, "Para"), markdown_run(40, "# Heading"), "```\ncode\n```\n\n" + markdown_run(30, "- item"),
      markdown_run(30, "> quote"), "| a | b |\n|---|---|\n| 1 | 2 |\n\n" + markdown_run(30, "Text"),
      "Note[^n].\n\n[^n]: The note.\n\n" + markdown_run(30, "After"),
      "[Category:Foo](Category:Foo \"wikilink\")\n\n" + markdown_run(30, "More"), "---\n\n" + markdown_run(30, "Rule"),
  };
  std::size_t split_bytes = 0, whole_bytes = 0;
  unsigned state = 12345;
  auto next = [&](std::size_t n) {
    state = state * 1103515245u + 12345u;
    return static_cast<std::size_t>((state >> 16) % n);
  };
  for (int round = 0; round < 300; ++round) {
    std::string text;
    for (int block = 0; block < 8; ++block) {
      text += html[next(html.size())];
      text += "\n";
      text += markdown[next(markdown.size())];
    }
    PiecesAndWhole r = read_both(text);
    expect_same_page(r, text);
    split_bytes += r.split_bytes;
    whole_bytes += r.whole_bytes;
  }
  // Most of this HTML leaves the parser where the rest must be read with it; still the pieces
  // take less of the parser's work, not more.
  EXPECT_LT(split_bytes, whole_bytes);
}

TEST(HtmlReader, PiecesOfABigPageReadAsTheWholeDocument) {
  // A page beyond 1 MB: cmark's tree is the default allocator's and freed block by block, and
  // the pieces' gumbo trees take the reader's arena one after another (each rewound when its
  // piece is read). The page is still the whole document's.
  // Raw HTML that mostly leaves the parser where it was (so that the page is read in many
  // pieces), then some that does not (the rest is read at once).
  const std::vector<std::string> html = {
      "<div class=\"x\">\n", "</div>\n", "<div><p>a</p></div>\n", "<span>inline</span> text\n",
      "<table><tr><td><p>cell</p></td></tr></table>\n", "<!-- c -->\n", "<center>\n", "</center>\n",
  };
  const std::vector<std::string> markdown = {markdown_run(40, "Para"), markdown_run(30, "## Heading"),
                                             markdown_run(30, "- item"), markdown_run(30, "> quote")};
  unsigned state = 777;
  auto next = [&](std::size_t n) {
    state = state * 1103515245u + 12345u;
    return static_cast<std::size_t>((state >> 16) % n);
  };
  std::string text;
  while (text.size() < 1100 * 1024) {
    text += html[next(html.size())];
    text += "\n";
    text += markdown[next(markdown.size())];
  }
  text += "<b>bold\n\n" + markdown_run(40, "Para") + "<h3>open\n\n" + markdown_run(40, "Text");
  std::size_t texts = html_parser_use().texts;
  PiecesAndWhole r = read_both(text);
  texts = html_parser_use().texts - texts;
  expect_same_page(r, text);
  EXPECT_GT(texts, 10u);  // many pieces, each its own tree in the arena (and the whole: one)
  EXPECT_GT(r.split.body.children.size(), 100u);
}

TEST(HtmlReader, PiecesSkipMarkdownBetweenRawHtml) {
  // A wrapper left open, an unknown element in it that its end tag closes, a table: the
  // Markdown between them is not given to the parser, and the page is the whole document's.
  std::string text = "<div lang=\"en\">\n\n" + markdown_run(100, "Para") + "<references/>\n\n" +
                     markdown_run(100, "## Heading") + "</div>\n\n" + markdown_run(100, "Text") +
                     "<table><tr><td><p>cell</p></td></tr></table>\n\n" + markdown_run(100, "More");
  PiecesAndWhole r = read_both(text);
  expect_same_page(r, text);
  EXPECT_LT(r.split_bytes * 5, r.whole_bytes);
  const std::vector<Node>& body = r.split.body.children;
  ASSERT_EQ(body.size(), 202u);  // the div, 100 paragraphs, the table, 100 paragraphs
  EXPECT_EQ(body[0].type, NodeType::Div);
  ASSERT_EQ(body[0].children.size(), 101u);  // 100 paragraphs, and the unknown element around the rest
  const Node& references = body[0].children[100];
  EXPECT_EQ(references.type, NodeType::HtmlBlock);
  EXPECT_EQ(references.info, "references");
  EXPECT_EQ(find_all(references, NodeType::Heading).size(), 100u);
  EXPECT_EQ(body[101].type, NodeType::Table);
  EXPECT_EQ(body[201].plain_text(), "More 99");
}

TEST(HtmlReader, BlockAfterRawHtmlEndingInsideATagShowsItsText) {
  // "<tr" ends its HTML block inside the tag: a browser reads the next block's <p> as an
  // attribute of the <tr> and shows "foo" before the table. The block's text is there, once,
  // and no placeholder character shows (it did: a literal "x", and a Paragraph in the Table).
  for (HtmlPieces mode : {HtmlPieces::Split, HtmlPieces::Whole}) {
    set_html_pieces(mode);
    Page p = md("<table><tr\n\nfoo *bar*\n\n<div\n\n- item\n\nend\n");
    set_html_pieces(HtmlPieces::Split);
    EXPECT_EQ(p.body.plain_text().find('x'), std::string::npos) << p.body.plain_text();
    ASSERT_GE(p.body.children.size(), 2u);
    EXPECT_EQ(p.body.children[0].type, NodeType::Paragraph);
    EXPECT_EQ(p.body.children[0].plain_text(), "foo bar");
    EXPECT_EQ(find_all(p.body, NodeType::Emphasis).size(), 1u);
    auto tables = find_all(p.body, NodeType::Table);
    ASSERT_EQ(tables.size(), 1u);
    for (const Node& row : tables[0]->children) EXPECT_EQ(row.type, NodeType::TableRow);
    EXPECT_NE(p.body.plain_text().find("item"), std::string::npos);
    EXPECT_NE(p.body.plain_text().find("end"), std::string::npos);
    // The JSON form keeps every field of such a page (the fuzzer's round trip found this).
    Page back = read_json(make_writer("json", Options())->write_page(p, WriteContext()), "p.json");
    EXPECT_TRUE(back.body == p.body);
  }
}

namespace {

// The runs compact() finds in `html`, as text, after checking that expand() gives each back
// and that original_offset() maps each run's character to the run.
std::vector<std::string> runs_of(std::string_view html) {
  TextRuns runs;
  std::string out;
  std::vector<std::string> found;
  if (!runs.compact(html, out)) return found;
  EXPECT_LT(out.size(), html.size());
  std::string buffer;
  EXPECT_EQ(std::string(runs.expand(out, buffer)), std::string(html));
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] != '\xF3') continue;
    std::size_t at = runs.original_offset(i);
    std::string one = std::string(runs.expand(std::string_view(out).substr(i, 4), buffer));
    EXPECT_EQ(html.substr(at, one.size()), one);
    found.push_back(one);
  }
  return found;
}

}  // namespace

TEST(HtmlTextRuns, OnlyTextTheTokenizerReadsAsDataIsReplaced) {
  using Runs = std::vector<std::string>;
  // Tags (a '>' in a quoted value does not end one), comments, doctypes: never.
  EXPECT_EQ(runs_of("<p title=\"a > b c d e f\" data-x='1 > 2 3 4 5'>Some text in it</p>"), Runs{"Some text in it"});
  EXPECT_EQ(runs_of("<!-- a comment > with text --> and text after it"), Runs{"and text after it"});
  EXPECT_EQ(runs_of("<!--> text after an empty comment<!---> and more after it"),
            (Runs{"text after an empty comment", "and more after it"}));
  EXPECT_EQ(runs_of("<!-- a --!> closed by a bang, then text"), Runs{"closed by a bang, then text"});
  EXPECT_EQ(runs_of("<!DOCTYPE html \"x > y\"> text after the doctype"), Runs{"y\"> text after the doctype"});
  EXPECT_EQ(runs_of("<?php echo 'x' ?> text after it here"), Runs{"text after it here"});
  // White space around a run stays, so the parser sees what it saw.
  EXPECT_EQ(runs_of("<td>\n  a cell of text \n</td>"), Runs{"a cell of text"});
  // '<' that starts no tag and '&' end runs; a reference is read whole.
  EXPECT_EQ(runs_of("<p>less text < more text here &amp;followed by text</p>"),
            (Runs{"less text", "more text here", "followed by text"}));
  // Characters gumbo replaces (C0 and C1 controls, noncharacters) end runs; other UTF-8 does not.
  EXPECT_EQ(runs_of("<p>caf\xC3\xA9 au lait\x01" "controls \xC2\x85 here and there</p>"),
            (Runs{"caf\xC3\xA9 au lait", "controls", "here and there"}));
  EXPECT_EQ(runs_of("<p>short</p>"), Runs{});
  // After an element whose content is read otherwise, nothing more.
  EXPECT_EQ(runs_of("<p>text before the script</p><SCRIPT>var a_long_name = 1;</SCRIPT><p>text after it</p>"),
            Runs{"text before the script"});
  EXPECT_EQ(runs_of("<svg><![CDATA[ long text in cdata ]]></svg>"), Runs{});
  // A character of plane 15, as text or by reference, could not be told from a run's.
  EXPECT_EQ(runs_of("<p>a long text \xF3\xB0\x80\x80 here</p>"), Runs{});
  EXPECT_EQ(runs_of("<p>a long text &#983040; here</p>"), Runs{});
  EXPECT_EQ(runs_of("<p>a long text &#xF0000; here</p>"), Runs{});
}

TEST(HtmlReader, RunsOfTextReadAsTheTextItself) {
  // The parser's rules that hang on the text: table text foster-parented before the table (two
  // runs in one text node), white space kept in tables, the newline after <pre>, text between
  // formatting elements, text in a select; each page's nodes, lines and diagnostics as a plain
  // read gives them.
  const std::vector<std::string> pages = {
      "<table>Text before the rows<tr><td>A cell of text</td></tr>and text after them</table>\n\nAfter.\n",
      "<table>\n  <tr>\n    <td>\n      cell text here\n    </td>\n  </tr>\n</table>\n",
      "<pre>\nfirst line of the code\n  second line\n</pre>\n",
      "<p><b>bold text <i>bold italic text</b> italic text after</i> plain text after</p>\n",
      "<select><option>first option text<option>second option text</select>\n",
      "<div>\nLines of text\nover several lines\n<span>and a span of text</span>\n</div>\n\n# Heading\n\n<div>Text again here</div>\n",
      "<ul>\n<li>an item of text\n<li>another item of text\n</ul>\n",
      "<p>text &amp; more text &lt;not a tag&gt; and the rest</p>\n",
      "<p>text with a <!-- comment > here --> in the middle of it</p>\n",
      "<dl><dt>term text here<dd>definition text here</dl>\n",
      "<table><tr><td>cell text</td></tr></table>text after the table here\n",
  };
  for (const std::string& text : pages) {
    PiecesAndWhole r = read_both(text);
    expect_same_page(r, text);
  }
}
