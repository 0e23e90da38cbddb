// The gfm writer's selective serialization (OriginalMarkdown): blocks nobody changed come back
// as they were read, byte for byte, and a change rewrites only the blocks it touched.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace wikiconv {
namespace {

Page read_kept(std::string_view text) {
  ReadOptions options;
  options.keep_original = true;
  Diagnostics diagnostics;
  return read_markdown(text, options, diagnostics, "page.md");
}

std::string gfm(const Page& page, const char* rewrite = "changed") {
  Options options;
  options.set("rewrite", rewrite);
  return make_writer("gfm", options)->write_page(page, WriteContext{});
}

// Forms the writer would write otherwise: '*' bullets with wide markers, '__', a setext
// heading, a wrapped paragraph, a reference link, a raw HTML table holding Markdown, a
// footnote defined mid-page, two empty lines, the category paragraph.
const std::string kPage =
    "Title\n=====\n\n"
    "*   one __strong__\n*   two [ref][r]\n\n"
    "A paragraph wrapped\nacross lines[^n] with <a href=\"Zine_Making\" class=\"wikilink\" title=\"Zine Making\">a link</a>.\n\n"
    "[^n]: The note.\n\n\n"
    "<table>\n<tr>\n<td>\n\n*cell*\n\n</td>\n</tr>\n</table>\n\n"
    "[r]: https://example.org\n\n"
    "Last words.\n\n"
    "[Category:Zines](Category:Zines \"wikilink\")\n";

TEST(GfmKeptText, AnUnchangedPageIsWrittenAsRead) {
  Page page = read_kept(kPage);
  ASSERT_TRUE(page.original);
  EXPECT_EQ(gfm(page), kPage);
  // From the model alone the same page reads differently (the forms above are not the writer's).
  EXPECT_NE(gfm(page, "all"), kPage);
}

TEST(GfmKeptText, AChangedBlockIsWrittenAfreshAndNothingElse) {
  Page page = read_kept(kPage);
  walk_mutable(page.body, [](Node& n, WalkEvent) {
    if (n.type == NodeType::WikiLink) n.target = n.title = "Zine Workshop";
    return true;
  });
  std::string expected = kPage;
  const std::string before = "A paragraph wrapped\nacross lines[^n] with <a href=\"Zine_Making\" class=\"wikilink\" title=\"Zine Making\">";
  expected.replace(expected.find(before), before.size(),
                   "A paragraph wrapped\nacross lines[^1] with <a href=\"Zine_Workshop\" class=\"wikilink\" title=\"Zine Workshop\">");
  // The model numbers notes: the note's definition, as read "[^n]", is written afresh to match.
  expected.replace(expected.find("[^n]: The note.\n\n\n"), 18, "");
  expected += "\n[^1]: The note.\n";
  EXPECT_EQ(gfm(page), expected);
}

TEST(GfmKeptText, InsertedAndRemovedBlocksLeaveTheOthersAsRead) {
  Page page = read_kept("First  *kept*.\n\nSecond.\n\nThird  *kept*.\n");
  page.body.children.erase(page.body.children.begin() + 1);
  Node added(NodeType::Paragraph);
  added.append(Node(NodeType::Text, "New."));
  page.body.children.insert(page.body.children.begin(), std::move(added));
  EXPECT_EQ(gfm(page), "New.\n\nFirst  *kept*.\n\nThird  *kept*.\n");
}

TEST(GfmKeptText, CategoriesAndTheRedirectAreWrittenOnce) {
  const std::string text = "1.  REDIRECT [Target](Target \"wikilink\")\n\nText.\n\n[Category:A](Category:A \"wikilink\")\n";
  Page page = read_kept(text);
  ASSERT_EQ(page.redirect, "Target");
  EXPECT_EQ(gfm(page), text);
  // A category gained: the run that wrote the categories is written afresh, with both.
  page.categories.push_back("B");
  std::string out = gfm(page);
  EXPECT_EQ(out.find("[Category:A]"), out.rfind("[Category:A]")) << out;
  EXPECT_NE(out.find("\"Category:B\""), std::string::npos) << out;
  // A category lost goes, and the redirect follows its new target.
  page.categories = {};
  page.redirect = "Elsewhere";
  out = gfm(page);
  EXPECT_EQ(out.find("Category:"), std::string::npos) << out;
  EXPECT_NE(out.find("Elsewhere"), std::string::npos) << out;
  EXPECT_EQ(out.find("Target"), std::string::npos) << out;
}

TEST(GfmKeptText, APageOfARedirectAloneIsWrittenAsRead) {
  const std::string text = "1.  redirect [OWASP SAMM Project](OWASP_SAMM_Project \"wikilink\")";
  EXPECT_EQ(gfm(read_kept(text)), text + "\n");
}

TEST(GfmKeptText, RawHtmlThatABrowserReordersStaysOneRun) {
  // Text inside a table but outside its cells comes before the table in a browser's tree:
  // the blocks around it cannot be cut apart by line, so they go as one run, or afresh.
  const std::string text = "Before.\n\n<table>\n<tr><td>cell</td></tr>\nstray text\n</table>\n\nAfter.\n";
  Page page = read_kept(text);
  EXPECT_EQ(gfm(page), text);
  page.body.children.back().children[0].text = "Changed.";
  std::string out = gfm(page);
  EXPECT_NE(out.find("Changed."), std::string::npos);
  EXPECT_EQ(out.find("After."), std::string::npos);
  EXPECT_NE(out.find("stray text"), std::string::npos);
}

TEST(GfmKeptText, ListsMeetingNewTextStayApart) {
  // A kept list with '*' and a new one after it; a new list before kept indented code.
  Page page = read_kept("*   kept\n\nText.\n");
  page.body.children.back() = page.body.children.front();
  page.body.children.back().children[0].children[0].children[0].text = "new";
  std::string out = gfm(page);
  EXPECT_EQ(test::md(out).body.children[0].children.size(), 1u) << out;
  page = read_kept("Text.\n\n    code\n");
  Node list(NodeType::BulletList);
  list.append(Node(NodeType::ListItem)).append(Node(NodeType::Paragraph)).append(Node(NodeType::Text, "item"));
  page.body.children.front() = std::move(list);
  out = gfm(page);
  Page back = test::md(out);
  ASSERT_EQ(back.body.children.size(), 3u) << out;  // the list, the comment, the code
  EXPECT_EQ(back.body.children.back().type, NodeType::CodeBlock) << out;
}

TEST(GfmKeptText, ABlockLeftOpenAtTheEndIsKeptOnlyWhenNothingFollows) {
  // A fence or raw HTML never closed runs to the end of the text: as read while it ends the
  // page, written from the model (closed) when anything comes after it.
  for (const std::string text : {"a\n\n```\ncode\n\n", "a\n\n<!-- open\n\nmore\n", "a\n\n<pre>\nx\n"}) {
    Page page = read_kept(text);
    ASSERT_TRUE(page.original) << text;
    EXPECT_EQ(gfm(page), text);
    page.body.append(Node(NodeType::Paragraph)).append(Node(NodeType::Text, "after"));
    std::string out = gfm(page);
    Page back = test::md(out);
    ASSERT_FALSE(back.body.children.empty());
    EXPECT_EQ(back.body.children.back().type, NodeType::Paragraph) << out;
    EXPECT_EQ(back.body.children.back().plain_text(), "after") << out;
    page.body.children.pop_back();
    page.categories.push_back("Added");
    out = gfm(page);
    EXPECT_EQ(test::md(out).categories, page.categories) << out;
  }
}

TEST(GfmKeptText, FrontMatterIsWrittenFromTheModel) {
  const std::string text = "---\ntitle: Zines\n---\n\nBody  *as read*.\n";
  Page page = read_kept(text);
  EXPECT_EQ(gfm(page), text);
  page.metadata[0].second = "Zine Workshop";
  EXPECT_EQ(gfm(page), "---\ntitle: Zine Workshop\n---\n\nBody  *as read*.\n");
}

TEST(GfmKeptText, FingerprintsIgnoreLinesAndSeeEveryField) {
  Page a = read_kept("Some *text* [x](y).\n"), b = read_kept("\n\nSome *text* [x](y).\n");
  EXPECT_EQ(fingerprint(a.body), fingerprint(b.body));
  Node& link = b.body.children[0].children.back();
  link.title = "t";
  EXPECT_NE(fingerprint(a.body), fingerprint(b.body));
  link.title = "";
  link.attrs.push_back({"class", "c"});
  EXPECT_NE(fingerprint(a.body), fingerprint(b.body));
}

}  // namespace
}  // namespace wikiconv
