// The XHTML mode of the sanitizer: whatever raw HTML comes in, what goes out is a well-formed
// fragment (checked with a real XML parser) without scripts, event handlers or javascript: URLs.
#include <gtest/gtest.h>

#include <pugixml.hpp>
#include <random>

#include "writers/html_sanitizer.hpp"

using wikiconv::sanitize_html;
using wikiconv::sanitize_xhtml;
using wikiconv::XhtmlRules;

namespace {

// Parses `fragment` inside a root element; returns an empty string when it is well-formed XML.
std::string xml_problem(const std::string& fragment) {
  pugi::xml_document doc;
  std::string wrapped = "<root>" + fragment + "</root>";
  auto result = doc.load_buffer(wrapped.data(), wrapped.size(), pugi::parse_default, pugi::encoding_utf8);
  return result ? std::string() : std::string(result.description()) + " at " + std::to_string(result.offset) +
                                      " in: " + wrapped;
}

XhtmlRules keep_everything() {
  XhtmlRules rules;
  rules.id = [](std::string_view id) { return std::string(id); };
  rules.href = [](std::string_view href) { return std::string(href); };
  rules.src = [](std::string_view src) { return std::string(src); };
  return rules;
}

}  // namespace

TEST(XhtmlSanitizer, DropsScriptsHandlersAndJavascriptUrls) {
  XhtmlRules rules;
  rules.href = [](std::string_view href) {
    return href.rfind("javascript:", 0) == 0 ? std::string() : std::string(href);
  };
  std::string out = sanitize_xhtml(
      "<p onclick=\"x()\" style=\"color:red\">a<script>alert(1)</script>b<style>p{}</style>"
      "<iframe src=\"https://evil\"></iframe><a href=\"javascript:alert(1)\" onmouseover=\"y()\">c</a></p>",
      true, rules);
  EXPECT_EQ(out, "<p>ab<a>c</a></p>");
}

TEST(XhtmlSanitizer, ClosesAndNestsWhatTheSourceLeftOpen) {
  EXPECT_EQ(sanitize_xhtml("<div>one <b>two <i>three</div>", true), "<div>one <b>two <i>three</i></b></div>");
  EXPECT_EQ(sanitize_xhtml("</span>text</b>", true), "text");
  EXPECT_EQ(sanitize_xhtml("<p>para<div>block</div>", true), "<p>para</p><div>block</div>");
  EXPECT_EQ(sanitize_xhtml("<ul><li>a<li>b</ul>", true), "<ul><li>a</li><li>b</li></ul>");
  EXPECT_EQ(sanitize_xhtml("<li>stray item", true), "<ul><li>stray item</li></ul>");
  EXPECT_EQ(sanitize_xhtml("<table><td>cell<tr><th>h</table>", true),
            "<table><tr><td>cell</td></tr><tr><th>h</th></tr></table>");
  EXPECT_EQ(sanitize_xhtml("<td>no table</td>", true), "no table");
  EXPECT_EQ(sanitize_xhtml("<a href=\"x\">one<a href=\"y\">two</a>", true, keep_everything()),
            "<a href=\"x\">one</a><a href=\"y\">two</a>");
  EXPECT_EQ(sanitize_xhtml("a<br>b</br>c<hr>", true), "a<br />b<br />c<hr />");
}

TEST(XhtmlSanitizer, EscapesStrayCharactersAndShowsNonHtmlTagsAsText) {
  EXPECT_EQ(sanitize_xhtml("a & b < c > d &amp; &nbsp;&bogus; &#x1F600;", false),
            "a &amp; b &lt; c &gt; d &amp; \xC2\xA0&amp;bogus; \xF0\x9F\x98\x80");
  EXPECT_EQ(sanitize_xhtml("<nixpkgs> and <hostname>", false), "&lt;nixpkgs&gt; and &lt;hostname&gt;");
  EXPECT_EQ(sanitize_xhtml("<languages/><translate>kept</translate>", true), "kept");
  EXPECT_EQ(sanitize_xhtml("x<!-- comment -->y<![CDATA[z]]><?php echo 1 ?>", false), "xy");
  EXPECT_EQ(sanitize_xhtml("unterminated <b", false), "unterminated &lt;b");
  EXPECT_EQ(sanitize_xhtml("bell\x07 and nul", false), "bell and nul");
}

TEST(XhtmlSanitizer, InlineFragmentsKeepOnlyPhrasingContent) {
  EXPECT_EQ(sanitize_xhtml("<div>in a paragraph</div> <p>and <em>this</em></p>", false),
            "in a paragraph and <em>this</em>");
}

TEST(XhtmlSanitizer, MapsObsoleteElementsAndAttributes) {
  EXPECT_EQ(sanitize_xhtml("<center>c</center>", true), "<div class=\"align-center\">c</div>");
  EXPECT_EQ(sanitize_xhtml("<font color=red size=3>f</font><tt>t</tt><strike>s</strike>", true),
            "<span>f</span><code>t</code><s>s</s>");
  EXPECT_EQ(sanitize_xhtml("<table border=1 width=100%><tr><td align=right width=3 colspan=2 rowspan=x>"
                           "v</td></tr></table>",
                           true),
            "<table><tr><td colspan=\"2\" class=\"align-right\">v</td></tr></table>");
  EXPECT_EQ(sanitize_xhtml("<span lang=\"de\" dir=\"rtl\" class=\"k\" data-x=\"1\" data-X=\"2\" foo=\"3\">s</span>", true),
            "<span class=\"k\" lang=\"de\" xml:lang=\"de\" dir=\"rtl\" data-x=\"1\">s</span>");
  EXPECT_EQ(sanitize_xhtml("<span lang=\"not a tag\">s</span>", true), "<span>s</span>");
  EXPECT_EQ(sanitize_xhtml("<ol start=3 type=a reversed><li value=7>x</ol>", true),
            "<ol start=\"3\" type=\"a\" reversed=\"reversed\"><li value=\"7\">x</li></ol>");
}

TEST(XhtmlSanitizer, IdsHrefsAndImagesGoThroughTheRules) {
  XhtmlRules rules;
  int ids = 0;
  rules.id = [&](std::string_view id) { return ++ids == 1 ? "x-" + std::string(id) : std::string(); };
  rules.src = [](std::string_view src) { return src == "ok.png" ? std::string("../images/ok.png") : std::string(); };
  EXPECT_EQ(sanitize_xhtml("<span id=\"a\">1</span><span id=\"a\">2</span>", true, rules),
            "<span id=\"x-a\">1</span><span>2</span>");
  EXPECT_EQ(sanitize_xhtml("<img src=\"ok.png\" alt=\"fine\" width=\"40\" height=\"4em\"><img src=\"gone.png\" alt=\"gone & lost\">",
                           true, rules),
            "<img src=\"../images/ok.png\" alt=\"fine\" width=\"40\" />gone &amp; lost");
  // No rules: no ids, no hrefs, images as their alt text.
  EXPECT_EQ(sanitize_xhtml("<a href=\"x\" id=\"y\">l</a><img src=\"ok.png\" alt=\"alt\">", true), "<a>l</a>alt");
}

TEST(XhtmlSanitizer, AnyTagSoupGivesWellFormedXml) {
  // Pieces of real and broken markup, shuffled into many fragments.
  const std::vector<std::string> pieces = {
      "<div>", "</div>", "<p>", "</p>", "<b>", "</b>", "<i>", "</i>", "<ul>", "<li>", "</ul>", "<table>",
      "<tr>", "<td>", "</td>", "<th colspan=2>", "</table>", "<span id=\"s\">", "</span>", "<a href=\"u\">",
      "</a>", "<br>", "<img src=\"i\" alt=\"a\">", "<script>", "</script>", "<style>", "<svg>", "</svg>",
      "text", " & ", " < ", " > ", "\"", "'", "&amp;", "&#0;", "&#xD800;", "<!--", "-->", "<dl>", "<dt>",
      "<dd>", "<pre>", "</pre>", "<h2>", "</h2>", "<blockquote>", "<center>", "<font>", "<tbody>", "<caption>",
      "<col>", "<colgroup>", "<q>", "<nixpkgs>", "<a/b>", "<p/>", "</br>", "<ruby><rt>", "\x01", "<details open>"};
  std::mt19937 rng(42);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1), length(1, 30);
  for (int round = 0; round < 3000; ++round) {
    std::string raw;
    for (std::size_t k = length(rng); k > 0; --k) raw += pieces[pick(rng)];
    for (bool block : {true, false}) {
      std::string out = sanitize_xhtml(raw, block, keep_everything());
      ASSERT_EQ(xml_problem(out), "") << "from: " << raw;
      EXPECT_EQ(out.find("<script"), std::string::npos);
      EXPECT_EQ(out.find("<svg"), std::string::npos);
      if (!block) {
        EXPECT_EQ(out.find("<div"), std::string::npos) << raw;
        EXPECT_EQ(out.find("<p>"), std::string::npos) << raw;
      }
    }
  }
}

TEST(HtmlSanitizer, HtmlModePassesTagsThroughOneByOne) {
  EXPECT_EQ(sanitize_html("<b onclick=\"x\">a</b><script>evil()</script><a href=\"javascript:y\">l</a>"),
            "<b>a</b><a>l</a>");
}

TEST(XhtmlSanitizer, AnElementLeftEmptyAtTheEndIsDropped) {
  XhtmlRules rules;
  rules.href = [](std::string_view href) { return std::string(href); };
  // pandoc leaves an unclosed <a> as one raw fragment; its text is the next node.
  EXPECT_EQ(sanitize_xhtml("<a href=\"https://open\">", false, rules), "");
  EXPECT_EQ(sanitize_xhtml("<a href=\"https://open\">text", false, rules), "<a href=\"https://open\">text</a>");
  EXPECT_EQ(sanitize_xhtml("<b><i>", false), "");
  EXPECT_EQ(sanitize_xhtml("<b>x<i>", false), "<b>x</b>");
}
