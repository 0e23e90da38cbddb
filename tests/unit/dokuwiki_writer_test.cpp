// Unit tests of the DokuWiki writer's text, on Markdown and on hand-built trees of the model
// (the real check is DokuWiki's parser, in tests/integration/test_dokuwiki.py).
#include <gtest/gtest.h>

#include <filesystem>

#include "../fuzz/fuzz_support.hpp"
#include "test_support.hpp"
#include "wikiconv/wikiconv.hpp"
#include "writers/dokuwiki/dokuwiki_escape.hpp"

namespace {

using wikiconv::Node;
using NT = wikiconv::NodeType;

std::string dokuwiki(const std::string& markdown, const std::string& title = "Page", const wikiconv::Options& options = {}) {
  wikiconv::Diagnostics diagnostics;
  wikiconv::Page page = wikiconv::read_markdown(markdown, {}, diagnostics, "test.md");
  page.title = title;
  auto colon = title.find(':');
  if (colon != std::string::npos) page.ns = title.substr(0, colon);
  return wikiconv::make_writer("dokuwiki", options)->write_page(page, {});
}

// A page of these blocks, as DokuWiki text.
std::string render(std::vector<Node> blocks, const wikiconv::Options& options = {}, const std::string& title = "Page") {
  wikiconv::Page page;
  page.title = title;
  page.body.children = std::move(blocks);
  return wikiconv::make_writer("dokuwiki", options)->write_page(page, {});
}

Node node(NT type, std::vector<Node> children = {}) {
  Node n(type);
  n.children = std::move(children);
  return n;
}
Node text(const std::string& s) { return Node(NT::Text, s); }
Node element(NT type, const std::string& info, std::vector<Node> children = {},
             std::vector<std::pair<std::string, std::string>> attrs = {}) {
  Node n = node(type, std::move(children));
  n.info = info;
  n.attrs = std::move(attrs);
  return n;
}
Node para(std::vector<Node> inlines) { return node(NT::Paragraph, std::move(inlines)); }
Node cell(std::vector<Node> children, bool header = false, std::vector<std::pair<std::string, std::string>> attrs = {}) {
  Node c = node(NT::TableCell, std::move(children));
  c.header = header;
  c.attrs = std::move(attrs);
  return c;
}
Node row(std::vector<Node> cells, bool header = false) {
  Node r = node(NT::TableRow, std::move(cells));
  r.header = header;
  return r;
}
Node code_block(const std::string& code, const std::string& lang = "") {
  Node c(NT::CodeBlock, code);
  c.info = lang;
  return c;
}
Node image(const std::string& target, const std::string& alt) {
  Node i = node(NT::Image, {text(alt)});
  i.target = target;
  return i;
}

std::string escaped(std::string_view s, unsigned context = wikiconv::dokuwiki::kInline) {
  std::string out;
  wikiconv::dokuwiki::escape_text(out, s, context);
  return out;
}

}  // namespace

TEST(DokuWikiEscape, SmallestUnits) {
  EXPECT_EQ(escaped("plain text, nothing to do"), "plain text, nothing to do");
  EXPECT_EQ(escaped("a **b** c"), "a %%**b**%% c");  // one unit: no blank between the marks
  EXPECT_EQ(escaped("50%% off"), "50<nowiki>%%</nowiki> off");
  EXPECT_EQ(escaped("640x480"), "640%%x%%480");
  EXPECT_EQ(escaped("FIXME and FIXMEs"), "%%FIXME%% and FIXMEs");
  EXPECT_EQ(escaped("> quote", wikiconv::dokuwiki::kLineStart), "%%>%% quote");
  EXPECT_EQ(escaped("> not at a line start"), "> not at a line start");
  EXPECT_EQ(escaped("a | b", wikiconv::dokuwiki::kInTable), "a %%|%% b");
  EXPECT_EQ(escaped("x)) y", wikiconv::dokuwiki::kInFootnote), "x%%))%% y");
  // Inside a word nothing starts, until a digit or a mark.
  EXPECT_EQ(escaped("awww.x fwww.y xLOL a8-) wwwFIXME"), "awww.x fwww.y xLOL a8-) wwwFIXME");
  EXPECT_EQ(escaped("ab640x480 wordx2 word__x__"), "ab640%%x%%480 wordx2 word%%__x__%%");
  EXPECT_EQ(escaped("word www.x word:-) LOL"), "word www%%.%%x word:-) %%LOL%%");
}

TEST(DokuWikiEscape, QuotesAreOnlyTypography) {
  // DokuWiki curls straight quotes: left alone unless typography=escape asks.
  EXPECT_EQ(escaped("\"quoted\" and it's"), "\"quoted\" and it's");
  EXPECT_EQ(escaped("\"quoted\"", wikiconv::dokuwiki::kEscapeQuotes), "%%\"quoted\"%%");
  EXPECT_EQ(dokuwiki("say \"hi\"\n"), "say \"hi\"\n");
  wikiconv::Options escape;
  escape.set("typography", "escape");
  EXPECT_EQ(dokuwiki("say \"hi\"\n", "Page", escape), "say %%\"hi\"%%\n");
  escape.set("typography", "curly");
  EXPECT_THROW(wikiconv::make_writer("dokuwiki", escape), wikiconv::Error);
}

TEST(DokuWikiEscape, InlineCodeWithPercents) {
  std::string out;
  wikiconv::dokuwiki::append_monospace(out, "a%%b");
  EXPECT_EQ(out, "''%%a%%<nowiki>%%</nowiki>%%b%%''");
}

TEST(DokuWikiEscape, NoEmptyPercentPairs) {
  // Text and markup that would fuse into a token: the text's character is protected instead
  // of an empty %%%% between them.
  EXPECT_EQ(dokuwiki("a/*b*\n"), "a%%/%%//b//\n");
  EXPECT_EQ(dokuwiki("*b*/c\n"), "//b//%%/%%c\n");
  for (const char* md : {"a/*b*", "*b*/c", "**a**\\*\\*b", "x\\_\\_ __y__", "[x](https://e.org/a)] and [[y](https://e.org/b)",
                         "a*-*>b", "<-*x*", "((a)) *(b)*", "`x`'' and ''`y`"})
    EXPECT_EQ(dokuwiki(std::string(md) + "\n").find("%%%%"), std::string::npos) << md;
}

TEST(DokuWikiWriter, Blocks) {
  EXPECT_EQ(dokuwiki("# One\n\n###### Six\n"), "====== One ======\n\n== Six ==\n");
  EXPECT_EQ(dokuwiki("- a\n  - b\n- c\n"), "  * a\n    * b\n  * c\n");
  EXPECT_EQ(dokuwiki("1. a\n2. b\n"), "  - a\n  - b\n");
  EXPECT_EQ(dokuwiki("> a\n>\n> b\n"), "> a\n>\n> b\n");
  EXPECT_EQ(dokuwiki("```c\nint x;\n```\n"), "<code c>\nint x;\n</code>\n");
  EXPECT_EQ(dokuwiki("| a | b |\n|:--|--:|\n| 1 | 2 |\n"), "^ a  ^  b ^\n| 1  |  2 |\n");
}

TEST(DokuWikiWriter, CodeBlockKeepsItsLeadingEmptyLine) {
  // DokuWiki drops the newline after <code>, and the browser the one after <pre>.
  EXPECT_EQ(dokuwiki("```\n\nx\n```\n"), "<code>\n\n\nx\n</code>\n");
  EXPECT_EQ(render({code_block("\n\n  y\n")}), "<code>\n\n\n\n  y\n</code>\n");
}

TEST(DokuWikiWriter, TitleHeadingIsDropped) {
  EXPECT_EQ(dokuwiki("# Page\n\ntext\n"), "text\n");
  EXPECT_EQ(dokuwiki("# page\n\ntext\n"), "text\n");
  EXPECT_EQ(dokuwiki("# Other\n\ntext\n"), "====== Other ======\n\ntext\n");
  EXPECT_EQ(dokuwiki("# Intro\n\ntext\n", "Tankie:Intro"), "text\n");
  wikiconv::Options keep;
  keep.set("title-heading", "keep");
  EXPECT_EQ(dokuwiki("# Page\n\ntext\n", "Page", keep), "====== Page ======\n\ntext\n");
  keep.set("title-heading", "maybe");
  EXPECT_THROW(wikiconv::make_writer("dokuwiki", keep), wikiconv::Error);
}

TEST(DokuWikiWriter, FootnoteInAHeadingFollowsIt) {
  EXPECT_EQ(dokuwiki("## Title[^1]\n\ntext\n\n[^1]: the note\n"), "===== Title =====\n\n((the note))\n\ntext\n");
}

TEST(DokuWikiWriter, LinksFromANamespaceToTheRoot) {
  std::string text = dokuwiki("<a href=\"Tankie\" class=\"wikilink\" title=\"Tankie\">Tankie</a>\n", "Tankie:Intro");
  EXPECT_EQ(text, "[[:tankie|Tankie]]\n");
  EXPECT_EQ(dokuwiki("[x](https://example.org/a|b)\n"), "[[https://example.org/a%7Cb|x]]\n");
  EXPECT_EQ(dokuwiki("<a href=\"wikipedia:Foo_bar\" class=\"wikilink\">Foo</a>\n"), "[[wp>Foo_bar|Foo]]\n");
}

TEST(DokuWikiWriter, RootRelativeLinks) {
  // Article paths are pages of the wiki; other paths are on a site the converted wiki is not.
  EXPECT_EQ(dokuwiki("[a](/wiki/Mutual_aid#How)\n", "Tankie:Intro"), "[[:mutual_aid#How|a]]\n");
  EXPECT_EQ(dokuwiki("[b](/index.php?title=Zine_Making&action=view)\n"), "[[zine_making|b]]\n");
  EXPECT_EQ(dokuwiki("[c](/w/index.php?title=X)\n"), "[[x|c]]\n");
  EXPECT_EQ(dokuwiki("[d](/doku.php?id=ns:page)\n"), "[[ns:page|d]]\n");
  EXPECT_EQ(dokuwiki("[e *f*](/path/x.html)\n"), "e //f//\n");
  wikiconv::Options site;
  site.set("root-url", "https://old.example.org/");
  EXPECT_EQ(dokuwiki("[e](/path/x.html)\n", "Page", site), "[[https://old.example.org/path/x.html|e]]\n");
  EXPECT_EQ(dokuwiki("[g](//cdn.example.org/x)\n"), "[[//cdn.example.org/x|g]]\n");
}

TEST(DokuWikiWriter, RedirectsAndFileLinks) {
  // DokuWiki has no redirects: a link to the target above the page's text.
  wikiconv::Page page;
  page.title = "Old";
  page.redirect = "Mutual Aid";
  page.redirect_anchor = "How";
  EXPECT_EQ(wikiconv::make_writer("dokuwiki", {})->write_page(page, {}), "\u2192 [[mutual_aid#How|Mutual Aid#How]]\n");
  page.body.children.push_back(para({text("more")}));
  EXPECT_EQ(wikiconv::make_writer("dokuwiki", {})->write_page(page, {}), "\u2192 [[mutual_aid#How|Mutual Aid#How]]\n\nmore\n");
  // [[:File:x]] is a link to the file, [[:Category:X]] to the category's page
  Node file = node(NT::WikiLink, {text("the doc")});
  file.target = "File:Doc.pdf";
  file.info = ":";
  Node category = node(NT::WikiLink, {text("cats")});
  category.target = "Category:Cats";
  category.info = ":";
  EXPECT_EQ(render({para({std::move(file), text(" "), std::move(category)})}), "{{:doc.pdf?linkonly|the doc}} [[category:cats|cats]]\n");
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

TEST(DokuWikiWriter, DeepInlineTreesAreLinear) {
  // 100,000 nested spans and emphases: no recursion, one mark pair per format run.
  // (built by moving: an initializer list would copy the subtree every time)
  auto wrap = [](NT type, Node child) {
    Node n(type);
    n.children.push_back(std::move(child));
    return n;
  };
  Node inner = text("x");
  for (int i = 0; i < 100000; ++i) inner = wrap(i % 2 ? NT::Emphasis : NT::Span, std::move(inner));
  EXPECT_EQ(render({para({std::move(inner)})}), "//x//\n");
  Node strong = text("y");
  for (int i = 0; i < 100000; ++i) strong = wrap(NT::Strong, std::move(strong));
  EXPECT_EQ(render({para({std::move(strong)})}), "**y**\n");
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

TEST(DokuWikiWriter, NotesOfTheSameTextStayTwoNotes) {
  // DokuWiki merges notes whose HTML is the same; a note referenced twice is meant to be one.
  EXPECT_EQ(dokuwiki("a[^1] b[^2] c[^1]\n\n[^1]: same\n[^2]: same\n"), "a((same)) b((same )) c((same))\n");
  EXPECT_EQ(dokuwiki("a[^1] b[^2]\n\n[^1]:\n[^2]:\n"), "a((\u00A0)) b((\u00A0 ))\n");
  // a note ending in ')' before the closing '))'
  EXPECT_EQ(dokuwiki("a[^1]\n\n[^1]: (x)\n"), "a(((x%%)%%))\n");
}

// --- the model's nodes for raw HTML ----------------------------------------------------------

TEST(DokuWikiModel, TableHeaderCellsSpansAndAlignment) {
  Node table = node(NT::Table, {
      node(NT::Caption, {text("Prices")}),
      row({cell({text("Item")}, true), cell({text("Cost")}, true, {{"colspan", "2"}})}, true),
      row({cell({text("tea")}, false, {{"rowspan", "2"}}), cell({text("1")}, false, {{"align", "right"}}),
           cell({text("2")}, false, {{"align", "center"}})}),
      row({cell({text("3")}), cell({})}),
  });
  EXPECT_EQ(render({std::move(table)}),
            "**Prices**\n\n"
            "^ Item ^ Cost ^^\n"
            "| tea |  1 |  2  |\n"
            "| ::: | 3 |   |\n");
}

TEST(DokuWikiModel, RowspanInTheMiddleAndShortRows) {
  Node table = node(NT::Table, {
      row({cell({text("a")}), cell({text("b")}, false, {{"rowspan", "3"}}), cell({text("c")})}),
      row({cell({text("d")}), cell({text("e")})}),
      row({}),  // covered by b: an empty cell before its ":::"
      row({cell({text("f")})}),
      row({}),  // a row without cells has no line
  });
  EXPECT_EQ(render({std::move(table)}),
            "| a | b | c |\n"
            "| d | ::: | e |\n"
            "|  | ::: |\n"
            "| f |\n");
}

TEST(DokuWikiModel, CellsHoldingBlocks) {
  Node list = node(NT::BulletList, {node(NT::ListItem, {para({text("one")})}), node(NT::ListItem, {para({text("two")})})});
  Node nested = node(NT::Table, {row({cell({text("h1")}, true), cell({text("h2")}, true)}, true),
                                 row({cell({text("x")}), cell({text("y")})})});
  Node table = node(NT::Table, {
      row({cell({para({text("first")}), para({text("second")})}), cell({std::move(list)})}),
      row({cell({code_block("x = 1\n  y = 2\n\nend\n", "nix")}), cell({std::move(nested)})}),
  });
  EXPECT_EQ(render({std::move(table)}),
            "| first\\\\ second | • one\\\\ • two |\n"
            "| ''x = 1''\\\\ ''\u00A0\u00A0y = 2''\\\\ \\\\ ''end'' | **h1** \u2502 **h2**\\\\ x \u2502 y |\n");
}

TEST(DokuWikiModel, FigureShowsItsCaption) {
  Node figure = node(NT::Figure, {node(NT::Plain, {image("File:Chart.png", "a chart")}),
                                  node(NT::Caption, {text("Figure 1: "), node(NT::Strong, {text("growth")})})});
  EXPECT_EQ(render({std::move(figure)}), "{{:chart.png|a chart}}\\\\ //Figure 1: **growth**//\n");
  // a figure of blocks: the caption is a paragraph below them
  Node code_figure = node(NT::Figure, {code_block("x\n"), node(NT::Caption, {text("Listing")})});
  EXPECT_EQ(render({std::move(code_figure)}), "<code>\nx\n</code>\n\n//Listing//\n");
}

TEST(DokuWikiModel, DefinitionList) {
  Node dl = node(NT::DefinitionList, {
      node(NT::DefinitionTerm, {text("Nix")}),
      node(NT::DefinitionDetails, {para({text("a package manager")}), code_block("nix-env -i\n")}),
      node(NT::DefinitionTerm, {node(NT::Strong, {text("NixOS")})}),
      node(NT::DefinitionDetails, {node(NT::Plain, {text("a distribution")})}),
  });
  EXPECT_EQ(render({std::move(dl)}),
            "**Nix**\n\na package manager\n\n<code>\nnix-env -i\n</code>\n\n**NixOS**\n\na distribution\n");
}

TEST(DokuWikiModel, DivsAndSpansByElement) {
  Node p = para({element(NT::Span, "q", {text("cited")}), text(" "), element(NT::Span, "cite", {text("Book")}), text(" "),
                 element(NT::Span, "mark", {text("marked")}), text(" "), element(NT::Code, "kbd"), text(" "),
                 node(NT::Underline, {text("u")}), text(" "), node(NT::Strikethrough, {text("s")}), text(" "),
                 node(NT::Superscript, {text("2")}), node(NT::Subscript, {text("i")})});
  p.children[6].text = "Ctrl";
  Node details = element(NT::Div, "details", {element(NT::Div, "summary", {node(NT::Plain, {text("More")})}),
                                              node(NT::Plain, {text("hidden text")})});
  EXPECT_EQ(render({std::move(p), std::move(details)}),
            "\u201Ccited\u201D //Book// marked ''Ctrl'' __u__ <del>s</del> <sup>2</sup><sub>i</sub>\n\n"
            "**More**\n\nhidden text\n");
}

TEST(DokuWikiModel, RawHtmlElementsByRole) {
  Node hidden = element(NT::HtmlBlock, "script");
  hidden.text = "alert(1)";
  Node unknown = element(NT::HtmlBlock, "languages", {para({text("a "), element(NT::HtmlInline, "translate", {text("b")}),
                                                           text(" c")})});
  Node iframe = element(NT::HtmlBlock, "iframe", {}, {{"src", "https://www.youtube.com/embed/x"}, {"title", "Talk"}});
  Node video = element(NT::HtmlBlock, "video", {element(NT::HtmlBlock, "source", {}, {{"src", "https://e.org/v.webm"}}),
                                                node(NT::Plain, {text("no video")})});
  Node local = element(NT::HtmlInline, "video", {}, {{"src", "clip.webm"}});
  Node svg = element(NT::HtmlInline, "svg", {element(NT::HtmlInline, "text", {text("label")})});
  Node comments = para({text("x"), Node(NT::CommentInline, " note "), text("y")});
  EXPECT_EQ(render({std::move(hidden), Node(NT::CommentBlock, " c "), std::move(unknown), std::move(iframe), std::move(video),
                    para({std::move(local), text(" "), std::move(svg)}), std::move(comments)}),
            "a b c\n\n"
            "[[https://www.youtube.com/embed/x|Talk]]\n\n"
            "[[https://e.org/v.webm]]\n\n"
            "{{:clip.webm}} label\n\n"
            "xy\n");
  // DokuWiki's <html> is off: never written
  EXPECT_EQ(render({element(NT::HtmlBlock, "html", {para({text("t")})})}).find("<html"), std::string::npos);
  // raw text of an embedded element is its source, not what it shows; an image without a
  // source shows its alt text
  Node frame = element(NT::HtmlInline, "iframe");
  frame.text = "<p>rest of the page</p>";
  Node textarea = element(NT::HtmlInline, "textarea");
  textarea.text = "<b>x</b>";
  EXPECT_EQ(render({para({text("a"), std::move(frame), std::move(textarea), image("", "alt"), image("", "")})}), "aalt\n");
}

TEST(DokuWikiModel, PlainAndLooseContent) {
  // Plain is a paragraph; inlines straight in a block container (JSON, Python) are one too;
  // blocks inside inlines are flattened into the line.
  EXPECT_EQ(render({node(NT::Plain, {text("a")}), text("b"), node(NT::Emphasis, {text("c")}), para({text("d")})}),
            "a\n\nb//c//\n\nd\n");
  EXPECT_EQ(render({para({node(NT::Strong, {para({text("e")}), para({text("f")}), code_block("g\n")})})}),
            "**e\\\\ f\\\\ ''g''**\n");
  // junk in a table stays out of its lines; a cell outside a row is a container
  Node table = node(NT::Table, {para({text("junk")}), row({text("loose"), cell({text("ok")})})});
  EXPECT_EQ(render({std::move(table), cell({text("alone")})}), "| ok |\n\nalone\n");
  // a row outside a table is a line of its cells (it once reached for a table that was not there)
  EXPECT_EQ(render({row({cell({text("x")}), cell({text("y")})}, true)}), "**x** \u2502 **y**\n");
  // empty formats and code write nothing
  EXPECT_EQ(render({para({text("a"), node(NT::Strong), Node(NT::Code, ""), text("b")})}), "ab\n");
}

TEST(DokuWikiModel, ListsInsideQuotesAndCells) {
  Node item = node(NT::ListItem, {para({text("x")}), node(NT::OrderedList, {node(NT::ListItem, {para({text("y")})})})});
  Node quote = node(NT::BlockQuote, {node(NT::BulletList, {std::move(item)})});
  EXPECT_EQ(render({std::move(quote)}), "> • x\\\\ 1. y\n");
}

// Ids of a whole wiki: the first page (title order) keeps an id others also clean to, every
// loser is reported in page order, a category page does not replace a page with its id, and
// category pages list their members; on one thread and on several alike.
// Three titles with one id, a page whose id is a category page's, and a category with a page.
void write_colliding_wiki(wikiconv::test::TempDir& dir) {
  dir.write("Café.md", "first\n\n[Category:Cats](Category:Cats \"wikilink\")\n");
  dir.write("Cafe.md", "second\n");
  dir.write("CAFE.md", "third\n");
  dir.write("Category;Dogs.md", "a page, not the category\n");
  dir.write("Dog.md", "woof\n\n[Category:Dogs](Category:Dogs \"wikilink\")\n");
  dir.write("Kitten.md", "[Café](Café \"wikilink\")\n\n[Category:Cats](Category:Cats \"wikilink\")\n");
  dir.write("Category:Cats.md", "# Cats\n\nAll about cats.\n");
}

TEST(DokuWikiWriter, WholeWikiIdsAndCategories) {
  wikiconv::test::TempDir dir;
  write_colliding_wiki(dir);
  for (unsigned threads : {1u, 3u}) {
    wikiconv::Diagnostics diagnostics;
    wikiconv::Wiki wiki = wikiconv::Wiki::open(dir.path(), {}, diagnostics);
    wikiconv::test::TempDir out;
    wikiconv::WriteContext context;
    context.diagnostics = &diagnostics;
    context.threads = threads;
    wikiconv::make_writer("dokuwiki", wikiconv::Options().set("collisions", "error"))->write_wiki(wiki, out.path(), context);
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
    // the category's own page (its heading "Cats" repeats the title: dropped), then its members
    EXPECT_EQ(cats.rfind("All about cats.\n\n===== Pages in category Cats =====\n", 0), 0u) << cats;
    EXPECT_NE(cats.find("  * [[:kitten|Kitten]]"), std::string::npos) << cats;
    EXPECT_EQ(cats.find("Café"), std::string::npos) << cats;  // not written, not listed
    EXPECT_NE(wikiconv::fuzz::read_all(out.path() / "pages" / "kitten.txt").find("[[cafe|Café]]"), std::string::npos);
  }
}

TEST(DokuWikiWriter, CollisionsGetSuffixesByDefault) {
  wikiconv::test::TempDir dir;
  write_colliding_wiki(dir);
  wikiconv::Diagnostics diagnostics;
  wikiconv::Wiki wiki = wikiconv::Wiki::open(dir.path(), {}, diagnostics);
  wikiconv::test::TempDir out;
  wikiconv::WriteContext context;
  context.diagnostics = &diagnostics;
  context.threads = 2;
  wikiconv::make_writer("dokuwiki", {})->write_wiki(wiki, out.path(), context);
  std::vector<std::string> errors, warnings;
  for (const auto& d : diagnostics.items())
    (d.severity == wikiconv::Severity::Error ? errors : warnings).push_back(d.message);
  ASSERT_EQ(errors.size(), 1u);  // only the category page that a page's id takes
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[0].find("\"Cafe\" is written as \"cafe_2\""), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[1].find("\"Café\" is written as \"cafe_3\""), std::string::npos) << warnings[1];
  // title order: "CAFE" < "Cafe" < "Café"
  EXPECT_EQ(wikiconv::fuzz::read_all(out.path() / "pages" / "cafe.txt"), "third\n");
  EXPECT_EQ(wikiconv::fuzz::read_all(out.path() / "pages" / "cafe_2.txt"), "second\n");
  EXPECT_EQ(wikiconv::fuzz::read_all(out.path() / "pages" / "cafe_3.txt").rfind("first\n", 0), 0u);
  // links and category lists name the renamed page
  EXPECT_NE(wikiconv::fuzz::read_all(out.path() / "pages" / "kitten.txt").find("[[cafe_3|Café]]"), std::string::npos);
  std::string cats = wikiconv::fuzz::read_all(out.path() / "pages" / "category" / "cats.txt");
  EXPECT_NE(cats.find("  * [[:cafe_3|Café]]"), std::string::npos) << cats;
}
