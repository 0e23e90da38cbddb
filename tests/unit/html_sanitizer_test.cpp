// The HTML policy over model nodes (what of the source's HTML elements and attributes the HTML
// and EPUB writers write) and the renderer on hand-built trees: every node type, raw HTML as
// elements, and random trees of any shape, whose output must be well-formed, safe and where
// HTML's content models allow it (checked on the parsed output).
#include <gtest/gtest.h>

#include <pugixml.hpp>
#include <random>
#include <set>

#include "../fuzz/output_checks.hpp"
#include "writers/html_renderer.hpp"
#include "writers/html_sanitizer.hpp"

using namespace wikiconv;

namespace {

Node node(NodeType type, std::vector<Node> children = {}) {
  Node n(type);
  n.children = std::move(children);
  return n;
}
Node text(std::string s) { return Node(NodeType::Text, std::move(s)); }
Node with_info(Node n, std::string info) {
  n.info = std::move(info);
  return n;
}
Node with_attrs(Node n, std::vector<std::pair<std::string, std::string>> attrs) {
  n.attrs = std::move(attrs);
  return n;
}
Node span(std::string info, std::vector<Node> children, std::vector<std::pair<std::string, std::string>> attrs = {}) {
  return with_attrs(with_info(node(NodeType::Span, std::move(children)), std::move(info)), std::move(attrs));
}
Node raw(NodeType type, std::string info, std::vector<Node> children = {},
         std::vector<std::pair<std::string, std::string>> attrs = {}) {
  return with_attrs(with_info(node(type, std::move(children)), std::move(info)), std::move(attrs));
}
Node paragraph(std::vector<Node> inlines) { return node(NodeType::Paragraph, std::move(inlines)); }
Node doc(std::vector<Node> blocks) { return node(NodeType::Document, std::move(blocks)); }

std::string html(const Node& root) {
  std::string out;
  render_html(root, out, HtmlRenderOptions{});
  return out;
}
std::string xhtml(const Node& root) {
  HtmlRenderOptions o;
  o.xhtml = true;
  o.epub_notes = true;
  o.comments = false;
  std::string out;
  render_html(root, out, o);
  return out;
}

// Parses a fragment (HTML output is XML-compatible but for the boolean data-footnote* attributes)
// and checks it; empty when all is well.
std::string problems(std::string fragment, bool html_output) {
  if (html_output)
    for (std::string_view boolean : {" data-footnotes>", " data-footnote-ref>", " data-footnote-backref>"})
      for (std::size_t at; (at = fragment.find(boolean)) != std::string::npos;)
        fragment.replace(at, boolean.size(), std::string(boolean.substr(0, boolean.size() - 1)) + "=\"\">");
  pugi::xml_document d;
  std::string wrapped = "<root xmlns:epub=\"http://www.idpf.org/2007/ops\">" + fragment + "</root>";
  auto r = d.load_buffer(wrapped.data(), wrapped.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!r) return std::string("malformed: ") + r.description() + " at " + std::to_string(r.offset) + " in " + wrapped;
  if (std::string p = checks::content_model_problem(d.document_element()); !p.empty()) return p + " in " + fragment;
  if (std::string p = checks::unsafe_html(fragment); !p.empty()) return p;
  return {};
}

}  // namespace

// ---- the policy ----

TEST(HtmlPolicy, ElementsOfSpansAndDivs) {
  ElementContext none;
  EXPECT_EQ(phrase_element(span("", {}), HtmlDialect::Xhtml5, none), "span");
  EXPECT_EQ(phrase_element(span("mark", {}), HtmlDialect::Xhtml5, none), "mark");
  EXPECT_EQ(phrase_element(span("font", {}), HtmlDialect::Html5, none), "span");
  EXPECT_EQ(phrase_element(span("acronym", {}), HtmlDialect::Xhtml5, none), "abbr");
  EXPECT_EQ(phrase_element(span("bdo", {}), HtmlDialect::Xhtml5, none), "span");  // no dir: not a bdo
  EXPECT_EQ(phrase_element(span("bdo", {}, {{"dir", "rtl"}}), HtmlDialect::Xhtml5, none), "bdo");
  EXPECT_EQ(phrase_element(span("ruby", {text("x")}), HtmlDialect::Xhtml5, none), "span");
  EXPECT_EQ(phrase_element(span("ruby", {text("x"), span("rt", {text("y")})}), HtmlDialect::Xhtml5, none), "ruby");
  EXPECT_EQ(phrase_element(span("rt", {}), HtmlDialect::Xhtml5, none), "span");
  EXPECT_EQ(phrase_element(span("rt", {}), HtmlDialect::Xhtml5, {"ruby"}), "rt");
  EXPECT_EQ(phrase_element(span("dfn", {}), HtmlDialect::Xhtml5, {"", false, true}), "span");
  EXPECT_EQ(phrase_element(span("time", {}), HtmlDialect::Html5, none), "time");
  EXPECT_EQ(phrase_element(span("time", {}), HtmlDialect::Xhtml5, none), "span");

  Node details = with_info(node(NodeType::Div, {with_info(node(NodeType::Div), "summary")}), "details");
  EXPECT_EQ(division_element(details, HtmlDialect::Html5, none), "details");
  EXPECT_EQ(division_element(details, HtmlDialect::Xhtml5, none), "div");  // a book shows everything
  EXPECT_EQ(division_element(details.children[0], HtmlDialect::Html5, {"details", true}), "summary");
  EXPECT_EQ(division_element(details.children[0], HtmlDialect::Html5, {"div", true}), "div");
  EXPECT_EQ(division_element(with_info(node(NodeType::Div), "center"), HtmlDialect::Html5, none), "div");
  EXPECT_EQ(division_element(with_info(node(NodeType::Div), "section"), HtmlDialect::Xhtml5, none), "section");
  EXPECT_EQ(division_element(with_info(node(NodeType::Div), "header"), HtmlDialect::Xhtml5, {"", false, false, true}), "div");
  EXPECT_EQ(division_element(with_info(node(NodeType::Div), "main"), HtmlDialect::Html5, none), "div");
}

TEST(HtmlPolicy, RawElementsShowNothingFallbackOrContent) {
  EXPECT_EQ(raw_element_shows(raw(NodeType::HtmlBlock, "script")), RawElementShows::Nothing);
  EXPECT_EQ(raw_element_shows(raw(NodeType::HtmlInline, "STYLE")), RawElementShows::Nothing);
  EXPECT_EQ(raw_element_shows(raw(NodeType::HtmlBlock, "iframe")), RawElementShows::Fallback);
  EXPECT_EQ(raw_element_shows(raw(NodeType::HtmlInline, "input")), RawElementShows::Fallback);
  EXPECT_EQ(raw_element_shows(raw(NodeType::HtmlBlock, "nixpkgs")), RawElementShows::Content);
  EXPECT_EQ(raw_element_shows(raw(NodeType::HtmlBlock, "translate")), RawElementShows::Content);
  Node video = raw(NodeType::HtmlBlock, "video", {raw(NodeType::HtmlBlock, "source", {}, {{"src", "v.webm"}})});
  EXPECT_EQ(embedded_source(video), "v.webm");
  EXPECT_EQ(embedded_source(raw(NodeType::HtmlInline, "object", {}, {{"data", " x.pdf "}})), "x.pdf");
}

TEST(HtmlPolicy, AttributesByDialect) {
  Node div = with_attrs(with_info(node(NodeType::Div), "center"),
                        {{"class", "box"}, {"onclick", "x()"}, {"style", "color: red"}, {"lang", "de"}, {"dir", "rtl"},
                         {"data-x", "1"}, {"data-X", "2"}, {"width", "3"}, {"class", "again"}, {"title", "t"}});
  HtmlAttributes a;
  allowed_attributes(div, "div", HtmlDialect::Xhtml5, text_align(div), a);
  EXPECT_EQ(a, (HtmlAttributes{{"class", "align-center box"}, {"lang", "de"}, {"xml:lang", "de"}, {"dir", "rtl"},
                               {"data-x", "1"}, {"title", "t"}}));
  a.clear();
  allowed_attributes(div, "div", HtmlDialect::Html5, text_align(div), a);
  EXPECT_EQ(a, (HtmlAttributes{{"class", "box"}, {"style", "text-align: center; color: red"}, {"lang", "de"},
                               {"dir", "rtl"}, {"data-x", "1"}, {"title", "t"}}));
  Node cell = with_attrs(node(NodeType::TableCell), {{"colspan", "3"}, {"rowspan", "1"}, {"align", "Right"}, {"scope", "row"}});
  a.clear();
  allowed_attributes(cell, "th", HtmlDialect::Xhtml5, text_align(cell), a);
  EXPECT_EQ(a, (HtmlAttributes{{"class", "align-right"}, {"colspan", "3"}, {"scope", "row"}}));
  a.clear();
  allowed_attributes(cell, "td", HtmlDialect::Html5, text_align(cell), a);
  EXPECT_EQ(a, (HtmlAttributes{{"align", "right"}, {"colspan", "3"}}));
  EXPECT_EQ(text_align(with_attrs(node(NodeType::Paragraph), {{"style", "color:red; TEXT-ALIGN : justify !important"}})),
            "justify");
}

TEST(HtmlPolicy, StylesUrlsIdsAndComments) {
  EXPECT_TRUE(is_safe_style("color: red; font-weight: bold"));
  for (std::string_view bad : {"background: url(x)", "width: expression(alert(1))", "x: \\75rl(y)", "@import 'x'",
                               "behavior: url(x.htc)", "-moz-binding: x", "a /* */ b", "x: </style>"})
    EXPECT_FALSE(is_safe_style(bad)) << bad;
  EXPECT_TRUE(is_script_url(" Java\tScript:alert(1)"));
  EXPECT_TRUE(is_script_url("data:text/html,x"));
  EXPECT_TRUE(is_safe_data_image("data:image/png;base64,AAAA"));
  EXPECT_FALSE(is_safe_data_image("data:image/svg+xml,<svg onload=x>"));
  EXPECT_TRUE(is_valid_id("a b.c", HtmlDialect::Html5) == false);
  EXPECT_TRUE(is_valid_id("1x", HtmlDialect::Html5));
  EXPECT_FALSE(is_valid_id("1x", HtmlDialect::Xhtml5));
  EXPECT_FALSE(is_valid_id("a:b", HtmlDialect::Xhtml5));
  EXPECT_TRUE(is_valid_id("_x-1.\xC3\xA9", HtmlDialect::Xhtml5));
  EXPECT_EQ(comment_text("a -- b --> c-"), "a - - b - -> c- ");
  EXPECT_EQ(comment_text(">x"), " >x");
  EXPECT_EQ(comment_text("---"), " - - - ");
}

// ---- the renderer on every node type ----

TEST(HtmlRenderer, NewNodeTypes) {
  Node figure = node(NodeType::Figure, {node(NodeType::Plain, {[] {
                                            Node img(NodeType::Image);
                                            img.target = "x.png";
                                            img.children.push_back(text("alt"));
                                            return img;
                                          }()}),
                                        node(NodeType::Caption, {text("The caption")})});
  EXPECT_EQ(html(doc({figure})), "<figure>\n<img src=\"x.png\" alt=\"alt\" />\n<figcaption>The caption</figcaption>\n</figure>\n");
  Node dl = node(NodeType::DefinitionList, {node(NodeType::DefinitionTerm, {text("t")}),
                                            node(NodeType::DefinitionDetails, {paragraph({text("d")})})});
  EXPECT_EQ(html(doc({dl})), "<dl>\n<dt>t</dt>\n<dd>\n<p>d</p>\n</dd>\n</dl>\n");
  Node code = with_info(Node(NodeType::Code, "C-x"), "kbd");
  Node samp = with_info(Node(NodeType::Code, "ok"), "samp");
  EXPECT_EQ(html(doc({paragraph({node(NodeType::Underline, {text("u")}), code, samp})})),
            "<p><u>u</u><kbd>C-x</kbd><samp>ok</samp></p>\n");
  EXPECT_EQ(html(doc({node(NodeType::Plain, {text("loose")}), paragraph({text("p")})})), "loose\n<p>p</p>\n");
  Node comment(NodeType::CommentBlock, " a -- b ");
  EXPECT_EQ(html(doc({comment})), "<!-- a - - b -->\n");
  EXPECT_EQ(xhtml(doc({comment, paragraph({text("x"), Node(NodeType::CommentInline, "c")})})), "<p>x</p>\n");
}

TEST(HtmlRenderer, TablesWithCaptionsHeadsSpansAndBlockCells) {
  Node head = node(NodeType::TableRow, {with_attrs(node(NodeType::TableCell, {text("h")}), {{"colspan", "2"}})});
  head.header = true;
  Node th = node(NodeType::TableCell, {text("row head")});
  th.header = true;
  Node cell = with_attrs(node(NodeType::TableCell, {paragraph({text("p")}), node(NodeType::BulletList, {node(NodeType::ListItem, {paragraph({text("i")})})})}),
                         {{"align", "center"}, {"rowspan", "2"}});
  Node table = node(NodeType::Table, {node(NodeType::Caption, {text("cap")}), head, node(NodeType::TableRow, {th, cell})});
  std::string x = xhtml(doc({table}));
  EXPECT_EQ(x,
            "<table>\n<caption>cap</caption>\n<thead>\n<tr>\n<th colspan=\"2\">h</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
            "<th>row head</th>\n<td class=\"align-center\" rowspan=\"2\">\n<p>p</p>\n<ul>\n<li>i</li>\n</ul>\n</td>\n"
            "</tr>\n</tbody>\n</table>\n");
  EXPECT_NE(html(doc({table})).find("<td align=\"center\" rowspan=\"2\">"), std::string::npos);
  EXPECT_EQ(problems(x, false), "");
}

TEST(HtmlRenderer, RawHtmlElements) {
  Node page = doc({
      raw(NodeType::HtmlBlock, "script", {}, {}),
      raw(NodeType::HtmlBlock, "translate", {paragraph({text("shown")})}),
      raw(NodeType::HtmlBlock, "iframe", {}, {{"src", "https://video.example/embed/1"}, {"title", "A talk"}}),
      raw(NodeType::HtmlBlock, "video", {paragraph({text("fallback")})}, {{"src", "https://x.example/v.webm"}}),
      paragraph({text("a"), raw(NodeType::HtmlInline, "nixpkgs", {text("<pkgs>")}), raw(NodeType::HtmlInline, "input"),
                 raw(NodeType::HtmlInline, "iframe", {}, {{"src", "javascript:alert(1)"}}),
                 raw(NodeType::HtmlInline, "button", {text("press")})}),
  });
  page.children[0].text = "alert(1)";
  EXPECT_EQ(html(page),
            "<p>shown</p>\n<a href=\"https://video.example/embed/1\">A talk</a>\n<p>fallback</p>\n"
            "<p>a&lt;pkgs&gt;press</p>\n");
  EXPECT_EQ(problems(xhtml(page), false), "");
}

TEST(HtmlRenderer, ContentModelsHoldForMisplacedNodes) {
  Node page = doc({
      paragraph({text("a"), node(NodeType::BlockQuote, {paragraph({text("b")})}), node(NodeType::ThematicBreak)}),
      node(NodeType::BulletList, {paragraph({text("not an item")}), text("loose")}),
      node(NodeType::Table, {text("t"), node(NodeType::Caption, {text("late caption")}),
                             node(NodeType::TableRow, {text("r"), node(NodeType::TableRow)})}),
      node(NodeType::DefinitionList, {node(NodeType::DefinitionDetails, {paragraph({text("d")})}),
                                      node(NodeType::DefinitionTerm, {text("t")})}),
      node(NodeType::ListItem, {paragraph({text("stray item")})}),
      node(NodeType::Figure, {node(NodeType::Caption, {text("1")}), node(NodeType::Caption, {text("2")}),
                              paragraph({text("x")})}),
      node(NodeType::Emphasis, {node(NodeType::Heading, {text("h")})}),
  });
  page.children.back().children.front().level = 2;
  for (bool as_html : {true, false}) {
    std::string out = as_html ? html(page) : xhtml(page);
    EXPECT_EQ(problems(out, as_html), "") << out;
  }
  EXPECT_EQ(html(doc({page.children[0]})), "<p>a b</p>\n");
}

TEST(HtmlRenderer, IdsAreUniqueAndValid) {
  Node page = doc({paragraph({span("", {text("1")}, {{"id", "x"}}), span("", {text("2")}, {{"id", "x"}}),
                              span("", {text("3")}, {{"id", "a b"}}), span("", {text("4")}, {{"id", "fn-1"}}),
                              span("", {text("5")}, {{"name", "old"}})})});
  EXPECT_EQ(html(page), "<p><span id=\"x\">1</span><span>2</span><span>3</span><span>4</span><span id=\"old\">5</span></p>\n");
  HtmlRenderOptions o;
  o.xhtml = true;
  int calls = 0;
  o.element_id = [&](const Node&, std::string_view id) { return ++calls == 1 ? "k-" + std::string(id) : std::string(); };
  std::string out;
  render_html(page, out, o);
  EXPECT_EQ(out, "<p><span id=\"k-x\">1</span><span>2</span><span>3</span><span>4</span><span>5</span></p>\n");
}

TEST(HtmlRenderer, UnsafeUrlsAndStyles) {
  Node js(NodeType::Link);
  js.target = "javascript:alert(1)";
  js.children.push_back(text("js"));
  Node data = js;
  data.target = "data:text/plain,x";
  Node img(NodeType::Image);
  img.target = "data:image/svg+xml,<svg onload=alert(1)>";
  img.children.push_back(text("svg"));
  Node ok_img = img;
  ok_img.target = "data:image/png;base64,AAAA";
  Node styled = span("", {text("s")}, {{"style", "background:url(javascript:x)"}, {"onmouseover", "x()"}});
  std::string out = html(doc({paragraph({js, data, img, ok_img, styled})}));
  EXPECT_EQ(out, "<p><a href=\"#\">js</a><a href=\"#\">js</a>svg<img src=\"data:image/png;base64,AAAA\" alt=\"svg\" /><span>s</span></p>\n");
}

TEST(HtmlRenderer, TheCheckerFindsWhatItLooksFor) {
  EXPECT_NE(problems("<p><div>x</div></p>", false), "");
  EXPECT_NE(problems("<ul>x</ul>", false), "");
  EXPECT_NE(problems("<dl><dd>x</dd></dl>", false), "");
  EXPECT_NE(problems("<a href=\"x\"><em><a href=\"y\">z</a></em></a>", false), "");
  EXPECT_NE(problems("<span id=\"a\"></span><b id=\"a\"></b>", false), "");
  EXPECT_NE(problems("<p><b></p>", false), "");
  EXPECT_NE(problems("<a href=\"\">x</a>", false), "");
  EXPECT_EQ(problems("<p><a href=\"x\">y</a></p><ul><li><p>z</p></li></ul>", false), "");
}

// Random trees of every node type in every position: output well-formed, safe, content models
// held (the JSON reader and Python build such trees; fuzz_json feeds them to the writers).
TEST(HtmlRenderer, RandomTreesGiveValidMarkup) {
  std::mt19937 rng(13);
  const NodeType last = NodeType::CommentInline;
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const std::vector<std::string> infos = {"", "mark", "ruby", "rt", "dfn", "details", "summary", "header", "center",
                                          "script", "iframe", "nixpkgs", "video", "kbd", "bdo", "section"};
  for (int round = 0; round < 1500; ++round) {
    Node root(NodeType::Document);
    std::vector<std::pair<Node*, int>> work{{&root, 0}};
    while (!work.empty()) {
      auto [parent, depth] = work.back();
      work.pop_back();
      int count = depth > 5 ? 0 : pick(4);
      parent->children.resize(static_cast<std::size_t>(count));
      for (Node& c : parent->children) {
        c.type = static_cast<NodeType>(pick(static_cast<int>(last) + 1));
        c.text = pick(3) ? "t<&>\"" : "";
        c.info = infos[static_cast<std::size_t>(pick(static_cast<int>(infos.size())))];
        c.target = pick(2) ? "https://x.example/" : "#a";
        c.label = "n";
        c.level = 1 + pick(6);
        c.header = pick(2);
        c.tight = pick(2);
        if (pick(3) == 0) c.attrs = {{"id", pick(2) ? "a" : "b"}, {"src", "https://x.example/e"}, {"colspan", "2"}};
        if (is_container(c.type)) work.emplace_back(&c, depth + 1);
      }
    }
    for (bool as_html : {true, false}) {
      std::string out = as_html ? html(root) : xhtml(root);
      std::string p = problems(out, as_html);
      ASSERT_EQ(p, "") << (as_html ? "html" : "xhtml");
    }
  }
}
