#include <gtest/gtest.h>

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
  EXPECT_EQ(t.children[0].children[0].attr("colspan"), "2");
  EXPECT_EQ(t.children[0].plain_text(), "Board");
  auto images = find_all(t, NodeType::Image);
  ASSERT_EQ(images.size(), 1u);
  EXPECT_EQ(images[0]->target, "File:Board.jpg");
  EXPECT_EQ(images[0]->size, "256px");
  EXPECT_EQ(images[0]->title, "A board.");
  EXPECT_EQ(t.children[2].children[1].plain_text(), "Acme & Co");
  EXPECT_TRUE(find_all(p.body, NodeType::HtmlBlock).empty());
}

TEST(HtmlReader, ListsParagraphsAndWikilinksInHtml) {
  Page p = md("<ul>\n<li>one <a href=\"Main_Page\" class=\"wikilink\" title=\"m\">home</a></li>\n<li><em>two</em></li>\n</ul>\n");
  auto lists = find_all(p.body, NodeType::BulletList);
  ASSERT_EQ(lists.size(), 1u);
  EXPECT_EQ(lists[0]->children.size(), 2u);
  auto links = find_all(p.body, NodeType::WikiLink);
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0]->target, "Main Page");
}

TEST(HtmlReader, UnknownOrHostileHtmlStaysRaw) {
  for (const char* html : {"<table><tr><td><script>x()</script></td></tr></table>\n",
                           "<div>\n<video src=\"a.mp4\"></video>\n</div>\n",
                           "<p>unterminated <a href=\"x\"\n"}) {
    Page p = md(html);
    EXPECT_FALSE(find_all(p.body, NodeType::HtmlBlock).empty()) << html;
  }
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<div>";
  Page p = md(deep + "x\n");
  EXPECT_EQ(find_all(p.body, NodeType::HtmlBlock).size(), 1u);
}

TEST(HtmlReader, CellAttributesSurviveJsonRoundTrip) {
  std::string md = "<table>\n<tr>\n<td colspan=\"2\">wide</td>\n</tr>\n</table>\n";
  Diagnostics d;
  Options none;
  std::string json = convert(md, "markdown", "json", none, d);
  Page back = read_json(json);
  auto cells = find_all(back.body, NodeType::TableCell);
  ASSERT_EQ(cells.size(), 1u);
  EXPECT_EQ(cells[0]->attr("colspan"), "2");
}

TEST(HtmlReader, LooseTextOutsideParagraphsStaysRaw) {
  // cmark-gfm (and browsers) show "*foo*" inside the div without a paragraph: no model node says
  // that, so the block stays raw rather than becoming a paragraph.
  Page p = md("<div>\n*foo*\n\n*bar*\n");
  ASSERT_FALSE(p.body.children.empty());
  EXPECT_EQ(p.body.children[0].type, NodeType::HtmlBlock);
  EXPECT_EQ(p.body.children[0].text, "<div>\n*foo*\n");
  // Text directly in a list item is the item's paragraph.
  Page q = md("<ul>\n<li>one</li>\n</ul>\n");
  EXPECT_EQ(find_all(q.body, NodeType::BulletList).size(), 1u);
}
