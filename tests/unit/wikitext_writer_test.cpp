// Unit tests of the wikitext writer and the dump's sha1. The real check is MediaWiki's own parser
// and importer (tests/integration/test_mediawiki.py); these pin the forms chosen.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "wikiconv/wikiconv.hpp"
#include "writers/mediawiki/sha1_base36.hpp"
#include "writers/line_renderer.hpp"
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

// Plain text is copied a run at a time (plain_run_end); a magic link or URL still starts at any
// word, wherever the run before it ends.
TEST(WikitextEscape, MagicLinksAndUrlsInsideLongPlainRuns) {
  EXPECT_EQ(escaped("some words then PMID 42 here"), "some words then <nowiki>PMID</nowiki> 42 here");
  EXPECT_EQ(escaped("a long sentence, RFC 2616."), "a long sentence, <nowiki>RFC</nowiki> 2616.");
  EXPECT_EQ(escaped("caf\xC3\xA9 ISBN 1"), "caf\xC3\xA9 <nowiki>ISBN</nowiki> 1");
  EXPECT_EQ(escaped("go to WorldWind://x now"), "go to <nowiki>WorldWind://</nowiki>x now");
  EXPECT_EQ(escaped("write mailto:a@b.org"), "write <nowiki>mailto:</nowiki>a@b.org");
  EXPECT_EQ(escaped("x1 https://a.b"), "x1 <nowiki>https://</nowiki>a.b");
  // Not a magic link or a URL: inside a word, a scheme of ten letters, a word without its colon.
  EXPECT_EQ(escaped("xISBN 1 aRFC 1 notmailto:a"), "xISBN 1 aRFC 1 notmailto:a");
  EXPECT_EQ(escaped("abcdefghij:x Internet Protocol Rules"), "abcdefghij:x Internet Protocol Rules");
  wikitext::TextContext label;
  label.link_label = true;  // a link's label: URLs are not links there, magic links are
  EXPECT_EQ(escaped("see https://x and ISBN 1", label), "see https://x and <nowiki>ISBN</nowiki> 1");
}

// The runs copied whole are exactly what the character-by-character path copies as it is: random
// texts from the pieces its tests look at, in random contexts, come out the same both ways.
TEST(WikitextEscape, PlainRunsAsCharacterByCharacter) {
  const std::vector<std::string_view> pieces = {
      "ISBN", "RFC", "PMID", " ", "\t", "\xC2\xA0", "1", "42", "_", "__", "x", "I", "P", "R",
      "word", "http", "HTTPS", "://", ":", "mailto", "worldwind", "abcdefghij", "//", "'", "[",
      "]", "{", "}", "~", "<", "&", "amp;", "|", "!", "\n", "\x7f", "caf\xC3\xA9", ".", "-", "=", "*"};
  std::mt19937 random(7);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    for (int k = std::uniform_int_distribution<int>(1, 12)(random); k > 0; --k)
      text += pieces[std::uniform_int_distribution<std::size_t>(0, pieces.size() - 1)(random)];
    wikitext::TextContext context;
    unsigned flags = random();
    context.line_start = flags & 1;
    context.table_cell = flags & 2;
    context.link_label = flags & 4;
    context.ext_link_label = flags & 8;
    context.definition_term = flags & 16;
    context.prev = "\n a1_x'["[(flags >> 5) % 8];
    context.next = std::string_view("\0 a1_x'[", 8)[(flags >> 8) % 8];
    std::string runs = escaped(text, context);
    wikitext::set_plain_runs(false);
    std::string characters = escaped(text, context);
    wikitext::set_plain_runs(true);
    ASSERT_EQ(runs, characters) << "text: " << text << " flags: " << flags;
  }
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

// A bracketed link's URL: what would end it or be read as markup is percent-encoded (spaces,
// Unicode spaces, quotes, brackets, braces, '|', a "~~~" run's first '~'), '&' before an entity
// is escaped, the rest (runs of it copied whole) stays as it is.
TEST(WikitextWriter, BracketUrlsEncodeWhatWouldEndThem) {
  EXPECT_EQ(wikitext::bracket_url("https://x.org/a_b-c.d?e=f#g"), "https://x.org/a_b-c.d?e=f#g");
  EXPECT_EQ(wikitext::bracket_url("https://x.org/a b\tc"), "https://x.org/a%20b%09c");
  EXPECT_EQ(wikitext::bracket_url("https://x.org/\"<>[]'{}|"), "https://x.org/%22%3C%3E%5B%5D%27%7B%7D%7C");
  EXPECT_EQ(wikitext::bracket_url("https://x.org/~~~x~y~~"), "https://x.org/%7E~~x~y~~");
  EXPECT_EQ(wikitext::bracket_url("https://x.org/?a=1&amp;b&c=2"), "https://x.org/?a=1&amp;amp;b&c=2");
  EXPECT_EQ(wikitext::bracket_url("https://x.org/\xC2\xA0x\xEF\xBF\xBD\xC3\xA9"), "https://x.org/%C2%A0x%EF%BF%BD\xC3\xA9");
}

// A code block's forms: SyntaxHighlight unless its code would end the tag (in any case), <pre>
// with & < > escaped, a leading newline kept past what MediaWiki and browsers drop, and in a list
// item (one line) newlines as references.
TEST(WikitextWriter, CodeBlocksKeepTheirCodeInEveryForm) {
  EXPECT_EQ(wikitext("```python\nx = \"</SyntaxHighlight>\" & 1 < 2\n```\n"),
            "<pre>x = \"&lt;/SyntaxHighlight&gt;\" &amp; 1 &lt; 2\n</pre>\n");
  EXPECT_EQ(wikitext("```\n\nx <y>\n```\n"), "<pre>\n\nx &lt;y&gt;\n</pre>\n");
  EXPECT_EQ(wikitext("- item\n\n  ```\n\n  a & b\n  c\n  ```\n"), "* <p>item</p><pre>&#10;&#10;a &amp; b&#10;c&#10;</pre>\n");
  EXPECT_EQ(wikitext("```python\n\nx = 1\n```\n"), "<syntaxhighlight lang=\"python\">\n \nx = 1\n</syntaxhighlight>\n");
}

TEST(WikitextWriter, EmptyUrlsAndLinkedImages) {
  // An empty URL is this page: a self-link (the unit tests' page is "Test").
  EXPECT_EQ(wikitext("[this page]()\n"), "[[Test|this page]]\n");
  EXPECT_EQ(wikitext("[![moon](moon.jpg)](/uri)\n"), "[[File:moon.jpg|link={{SERVER}}/uri|moon]]\n");
  EXPECT_EQ(wikitext("[![moon](moon.jpg)](https://x.org)\n"), "[[File:moon.jpg|link=https://x.org|moon]]\n");
  EXPECT_EQ(wikitext("a <img src=\"x.png\" alt=\"y\"> b\n"), "a [[File:x.png|y]] b\n");
}

// ----- trees built by hand: the model's nodes for raw HTML -----------------------------------

Node n(NodeType type, std::vector<Node> children = {}) {
  Node node(type);
  node.children = std::move(children);
  return node;
}

Node t(std::string text) { return Node(NodeType::Text, std::move(text)); }

Node with(Node node, std::vector<std::pair<std::string, std::string>> attrs, std::string info = {}) {
  node.attrs = std::move(attrs);
  node.info = std::move(info);
  return node;
}

Node link(NodeType type, std::string target, std::vector<Node> children) {
  Node node = n(type, std::move(children));
  node.target = std::move(target);
  return node;
}

std::string render(std::vector<Node> blocks, const Options& options = {}, std::string title = "Test") {
  Page page;
  page.title = std::move(title);
  page.body = n(NodeType::Document, std::move(blocks));
  return make_writer("wikitext", options)->write_page(page, WriteContext{});
}

Node cell(std::vector<Node> children, bool header = false) {
  Node c = n(NodeType::TableCell, std::move(children));
  c.header = header;
  return c;
}

TEST(WikitextModel, TablesWithBlockCellsSpansAndCaptions) {
  Node caption = n(NodeType::Caption, {t("Cap "), n(NodeType::Emphasis, {t("em")})});
  Node head = n(NodeType::TableRow, {cell({t("A")}, true),
                                     with(cell({t("B")}, true), {{"colspan", "2"}, {"align", "center"}})});
  head.header = true;
  Node code(NodeType::CodeBlock, "| x\n");
  Node inner = n(NodeType::Table, {n(NodeType::TableRow, {cell({t("in")})})});
  Node body = n(NodeType::TableRow, {with(cell({n(NodeType::Paragraph, {t("p1")}), code}), {{"rowspan", "2"}}),
                                     cell({inner}), cell({t("a|b")})});
  Node table = n(NodeType::Table, {caption, head, body});
  table.aligns.assign(3, Alignment::None);
  EXPECT_EQ(render({table}),
            "{| class=\"wikitable\"\n"
            "|+ Cap ''em''\n"
            "! A\n"
            "! colspan=\"2\" style=\"text-align:center\" | B\n"
            "|-\n"
            "| rowspan=\"2\" |\n"
            "p1\n\n"
            "<pre>| x\n</pre>\n"
            "|\n"
            "{| class=\"wikitable\"\n| in\n|}\n"
            "| a&#124;b\n"
            "|}\n");
  // A caption of blocks goes in a <div> (MediaWiki would not wrap its paragraphs in <caption>);
  // a table with no rows shows nothing, as in a browser.
  Node block_caption = n(NodeType::Caption, {n(NodeType::Paragraph, {t("c1")}), n(NodeType::Paragraph, {t("c2")})});
  EXPECT_EQ(render({n(NodeType::Table, {block_caption, n(NodeType::TableRow, {cell({t("x")})})})}),
            "{| class=\"wikitable\"\n|+ <div>\nc1\n\nc2\n</div>\n| x\n|}\n");
  EXPECT_EQ(render({n(NodeType::Paragraph, {t("a")}), n(NodeType::Table), n(NodeType::Paragraph, {t("b")})}), "a\n\nb\n");
}

TEST(WikitextModel, Figures) {
  Node img = link(NodeType::Image, "File:X.png", {t("alt")});
  img.size = "300px";
  Node caption = n(NodeType::Caption, {t("The "), n(NodeType::Strong, {t("cap")})});
  EXPECT_EQ(render({n(NodeType::Figure, {n(NodeType::Plain, {img}), caption})}),
            "[[File:X.png|thumb|300px|alt=alt|The '''cap''']]\n");
  // A caption MediaWiki would read as an option stays a caption.
  EXPECT_EQ(render({n(NodeType::Figure, {n(NodeType::Plain, {link(NodeType::Image, "File:X.png", {})}),
                                         n(NodeType::Caption, {t("left")})})}),
            "[[File:X.png|thumb|<nowiki/>left]]\n");
  // Anything else: the content and the caption in divisions.
  Node external = link(NodeType::Image, "https://x.org/a.png", {t("a")});
  EXPECT_EQ(render({n(NodeType::Figure, {n(NodeType::Plain, {external}), n(NodeType::Caption, {t("cap")})})}),
            "<div>https://x.org/a.png\n\n<div>cap</div>\n</div>\n");
}

TEST(WikitextModel, DefinitionLists) {
  Node simple = n(NodeType::DefinitionList, {n(NodeType::DefinitionTerm, {t("a: b")}),
                                             n(NodeType::DefinitionDetails, {n(NodeType::Plain, {t("c")})}),
                                             n(NodeType::DefinitionDetails, {n(NodeType::Plain, {t("*d")})})});
  EXPECT_EQ(render({simple}), "; a&#58; b\n: c\n: *d\n");
  Node blocks = n(NodeType::DefinitionList,
                  {n(NodeType::DefinitionTerm, {t("t")}),
                   n(NodeType::DefinitionDetails, {n(NodeType::Paragraph, {t("p1")}), n(NodeType::Paragraph, {t("p2")})}),
                   n(NodeType::DefinitionDetails, {n(NodeType::Plain, {t("x")})})});
  EXPECT_EQ(render({blocks}), "<dl>\n<dt>t</dt>\n<dd><div>\np1\n\np2\n</div></dd>\n<dd>x</dd>\n</dl>\n");
}

TEST(WikitextModel, PlainDivSpanAndCode) {
  // Loose text: never a paragraph MediaWiki would add.
  EXPECT_EQ(render({n(NodeType::Paragraph, {t("a")}), n(NodeType::Plain, {t("b")})}), "a\n\n<div>b</div>\n");
  EXPECT_EQ(render({with(n(NodeType::Div, {n(NodeType::Plain, {t("x")})}), {}, "center")}), "<center>x</center>\n");
  EXPECT_EQ(render({with(n(NodeType::Div, {n(NodeType::Plain, {t("x")}), n(NodeType::Paragraph, {t("y")})}),
                         {{"id", "d"}, {"onclick", "evil()"}, {"data-x", "1"}}, "section")}),
            "<div id=\"d\">x\n\ny\n</div>\n");
  Node details = with(n(NodeType::Div, {with(n(NodeType::Div, {n(NodeType::Plain, {t("More")})}), {}, "summary"),
                                        n(NodeType::Paragraph, {t("hidden")})}),
                      {}, "details");
  EXPECT_EQ(render({details}),
            "<div class=\"mw-collapsible mw-collapsed\">\n<div>More</div>\n"
            "<div class=\"mw-collapsible-content\">\nhidden\n</div>\n</div>\n");
  Node abbr = with(n(NodeType::Span, {t("HTML")}), {{"title", "HyperText"}, {"style", "background:url(x)"}}, "abbr");
  Node plain_span = with(n(NodeType::Span, {t("s")}), {{"data-x", "1"}});
  Node anchor = with(n(NodeType::Span), {{"name", "here"}});
  Node unknown = with(n(NodeType::Span, {t("l")}), {}, "label");
  Node kbd(NodeType::Code, "Ctrl");
  kbd.info = "kbd";
  EXPECT_EQ(render({n(NodeType::Paragraph, {abbr, t(" "), plain_span, anchor, unknown, t(" "), kbd, t(" "),
                                            n(NodeType::Underline, {t("u")})})}),
            "<abbr title=\"HyperText\">HTML</abbr> s<span id=\"here\"></span>l <kbd>Ctrl</kbd> <u>u</u>\n");
}

TEST(WikitextModel, HeadingIds) {
  Node heading = with(n(NodeType::Heading, {t("A heading")}), {{"id", "custom"}});
  heading.level = 2;
  Node same = with(n(NodeType::Heading, {t("Same")}), {{"id", "Same"}});
  same.level = 2;
  EXPECT_EQ(render({heading, same}), "== <span id=\"custom\"></span>A heading ==\n\n== Same ==\n");
}

TEST(WikitextModel, ElementsWithoutNodes) {
  // Unknown elements show their content, without splitting or merging paragraphs.
  Node translate = with(n(NodeType::HtmlBlock, {n(NodeType::Paragraph, {t("one")}), n(NodeType::Paragraph, {t("two")})}), {}, "translate");
  EXPECT_EQ(render({n(NodeType::Paragraph, {t("zero")}), translate, n(NodeType::Paragraph, {t("three")})}),
            "zero\n\none\n\ntwo\n\nthree\n");
  Node tvar = with(n(NodeType::HtmlInline, {t("bar")}), {}, "tvar");
  EXPECT_EQ(render({n(NodeType::Paragraph, {link(NodeType::WikiLink, "Foo", {}), tvar})}), "[[Foo]]<nowiki/>bar\n");
  // Hidden ones show nothing; embedded ones a link to what they show, or a stand-in.
  Node script = with(n(NodeType::HtmlBlock), {}, "script");
  script.text = "alert(1)";
  EXPECT_EQ(render({script, n(NodeType::Paragraph, {t("a")})}), "a\n");
  Node iframe = with(n(NodeType::HtmlBlock), {{"src", "https://x.org/v"}, {"title", "Video"}}, "iframe");
  EXPECT_EQ(render({iframe}), "<div>[https://x.org/v Video]</div>\n");
  Node box = with(n(NodeType::HtmlInline), {{"type", "checkbox"}, {"checked", ""}}, "input");
  Node svg = with(n(NodeType::HtmlInline, {t("drawn")}), {}, "svg");
  EXPECT_EQ(render({n(NodeType::Paragraph, {box, t(" "), svg})}), "\xE2\x98\x91 drawn\n");
}

TEST(WikitextModel, Comments) {
  Node block(NodeType::CommentBlock, " a -- b ");
  EXPECT_EQ(render({n(NodeType::Paragraph, {t("x")}), block, n(NodeType::Paragraph, {t("y")})}),
            "x\n<!-- a - - b -->\n\ny\n");
  // Emphasis around what shows nothing would be four apostrophes once the comment is gone.
  Node empty_em = n(NodeType::Emphasis, {Node(NodeType::CommentInline, "c")});
  EXPECT_EQ(render({n(NodeType::Paragraph, {t("Adds "), empty_em, t(" here.")})}), "Adds <!--c--> here.\n");
  EXPECT_EQ(render({n(NodeType::Paragraph, {n(NodeType::Emphasis, {t("a")}), Node(NodeType::CommentInline, "c"),
                                            n(NodeType::Emphasis, {t("b")})})}),
            "''a''<nowiki/><!--c-->''b''\n");
}

TEST(WikitextModel, LinkDefects) {
  // An autolink with nothing after its protocol is text.
  EXPECT_EQ(render({n(NodeType::Paragraph, {link(NodeType::Link, "http://", {t("http://")})})}), "http://\n");
  // A URL as a wikilink's label stays text; a link inside a link is its text.
  EXPECT_EQ(render({n(NodeType::Paragraph, {link(NodeType::WikiLink, "Foo", {link(NodeType::Link, "https://x/y", {t("https://x/y")})})})}),
            "[[Foo|https://x/y]]\n");
  EXPECT_EQ(render({n(NodeType::Paragraph, {link(NodeType::Link, "http://x.org", {link(NodeType::Link, "http://x.org", {t("http://x.org")})})})}),
            "http://x.org\n");
  EXPECT_EQ(render({n(NodeType::Paragraph, {link(NodeType::Link, "https://z.org", {t("a "), link(NodeType::Link, "https://y.org", {t("https://y.org")})})})}),
            "[https://z.org a https://y.org]\n");
}

TEST(WikitextModel, LinksToTitlesMediaWikiRefuses) {
  // Shown as their text rather than as brackets MediaWiki would leave as text.
  EXPECT_EQ(render({n(NodeType::Paragraph, {link(NodeType::WikiLink, "Media:", {t("Media:")})})}), "Media:\n");
  EXPECT_EQ(render({n(NodeType::Paragraph, {link(NodeType::Link, "File:A.JPG%7CCaption", {t("File:A.JPG|Caption")})})}),
            "File:A.JPG|Caption\n");
  EXPECT_EQ(render({n(NodeType::Paragraph, {link(NodeType::Link, "../Up", {t("up")})})}), "up\n");
  EXPECT_EQ(render({n(NodeType::Paragraph, {link(NodeType::Link, "Foo%20bar#Part", {t("x")})})}), "[[Foo bar#Part|x]]\n");
  Node tab_image = link(NodeType::Image, "File:jav\tascript.png", {t("alt")});
  EXPECT_EQ(render({n(NodeType::Paragraph, {tab_image})}), "alt\n");
  // pandoc's wikilink to a URL ("Mailto:x" written as a wikilink): a link to it.
  EXPECT_EQ(render({n(NodeType::Paragraph, {link(NodeType::WikiLink, "Mailto:a@b.org", {t("mail")})})}),
            "[Mailto:a@b.org mail]\n");
  // MediaWiki refuses a talk page of a namespace prefix: the namespace's talk page.
  EXPECT_EQ(render({n(NodeType::Paragraph, {link(NodeType::WikiLink, "Talk:User:Ann", {t("talk")})})}),
            "[[User talk:Ann|talk]]\n");
}

TEST(WikitextModel, RootRelativeLinks) {
  auto paragraph = [](std::string url) {
    return n(NodeType::Paragraph, {link(NodeType::Link, std::move(url), {t("x")})});
  };
  EXPECT_EQ(render({paragraph("/wiki/Foo_bar#Sec")}), "[[Foo bar#Sec|x]]\n");
  EXPECT_EQ(render({paragraph("/w/index.php?title=Foo")}), "[[Foo|x]]\n");
  // Other paths: on the server the page is shown from, as in a browser.
  EXPECT_EQ(render({paragraph("/w/index.php?title=Foo&action=edit")}), "[{{SERVER}}/w/index.php?title=Foo&action=edit x]\n");
  EXPECT_EQ(render({paragraph("/docs/a.html")}), "[{{SERVER}}/docs/a.html x]\n");
  Options base;
  base.set("base", "https://wiki.example.org/view/Main_Page");
  EXPECT_EQ(render({paragraph("/docs/a.html")}, base), "[https://wiki.example.org/docs/a.html x]\n");
  EXPECT_EQ(render({paragraph("/view/Foo")}, base), "[[Foo|x]]\n");
}

TEST(WikitextModel, TitleHeadingAndCategories) {
  Node heading = n(NodeType::Heading, {t("Some page")});
  heading.level = 1;
  EXPECT_EQ(render({heading, n(NodeType::Paragraph, {t("a")})}, {}, "Some page"), "a\n");
  Options keep;
  keep.set("title-heading", "keep");
  EXPECT_EQ(render({heading, n(NodeType::Paragraph, {t("a")})}, keep, "Some page"), "= Some page =\n\na\n");
  Options bad;
  bad.set("title-heading", "maybe");
  EXPECT_THROW(make_writer("wikitext", bad), Error);
  EXPECT_THROW(make_writer("mediawiki", bad), Error);
  Page page;
  page.title = "P";
  page.body = n(NodeType::Document, {n(NodeType::Paragraph, {t("a")})});
  page.categories = {"Nix{{", "nix{{#translation:}}", "{{x}}", "A|b"};
  EXPECT_EQ(make_writer("wikitext", {})->write_page(page, WriteContext{}),
            "a\n\n[[Category:Nix]]\n[[Category:Nix]]\n[[Category:A\xEF\xBF\xA8" "b]]\n");
}

TEST(WikitextModel, ArbitraryTreesDoNotBreak) {
  // Blocks where inlines belong and the reverse, empty containers, stray rows and cells.
  std::vector<Node> odd = {
      n(NodeType::Emphasis, {n(NodeType::Paragraph, {t("p")}), n(NodeType::Table)}),
      n(NodeType::TableCell, {t("c")}),
      n(NodeType::TableRow),
      with(n(NodeType::HtmlInline, {n(NodeType::Div, {n(NodeType::Plain, {t("x")})})}), {}, "nixpkgs"),
      n(NodeType::Caption, {t("c")}),
      n(NodeType::DefinitionDetails, {t("d")}),
      n(NodeType::Figure),
      n(NodeType::Paragraph, {n(NodeType::Strong), link(NodeType::Link, "", {}), link(NodeType::WikiLink, "", {})}),
      n(NodeType::BulletList, {n(NodeType::Paragraph, {t("loose")}),
                               n(NodeType::ListItem, {n(NodeType::Table, {n(NodeType::TableRow, {cell({t("z")})})})})}),
  };
  std::string out = render(odd);
  EXPECT_NE(out.find("loose"), std::string::npos);
  EXPECT_NE(out.find("z"), std::string::npos);
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

namespace wikiconv {
namespace {

// The text writers reserve their output from output_size_hint: for a page of text it is at
// least what they write (else the string grows by doubling after all), and below what doubling
// would have taken (this page of short list items and links is dense in nodes: 1.5 times).
TEST(OutputSizeHint, CoversWhatTheTextWritersWriteForAPageOfText) {
  std::string markdown = "# A page\n\n";
  for (int i = 0; i < 300; ++i)
    markdown += "Paragraph " + std::to_string(i) + " with *emphasis*, `code` and a [link](https://example.org/" +
                std::to_string(i) + ") to read.\n\n- an item\n- another <span>item</span>\n\n";
  Diagnostics d;
  Page page = read_markdown(markdown, ReadOptions{}, d, "p.md");
  std::size_t hint = output_size_hint(page.body);
  for (const char* format : {"wikitext", "dokuwiki", "gfm"}) {
    std::string out = make_writer(format, {})->write_page(page, {});
    EXPECT_GE(hint, out.size()) << format;
    EXPECT_LT(hint, out.size() * 2) << format;
  }
}

}  // namespace
}  // namespace wikiconv
