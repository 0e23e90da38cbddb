#include <algorithm>

#include <gtest/gtest.h>

#include "test_support.hpp"

using namespace wikiconv;

namespace {

Node deep_quote(int depth) {
  Node root(NodeType::Document);
  Node* cur = &root;
  for (int i = 0; i < depth; ++i) cur = &cur->append(Node(NodeType::BlockQuote));
  cur->append(Node(NodeType::Paragraph)).append(Node(NodeType::Text, "deep"));
  return root;
}

}  // namespace

TEST(Model, DeepTreesCopyCompareWalkAndDieWithoutRecursion) {
  constexpr int kDepth = 200000;  // far beyond what recursion on an 8 MB stack survives
  Node tree = deep_quote(kDepth);
  Node copy = tree;
  EXPECT_TRUE(copy == tree);
  std::size_t enters = 0, exits = 0;
  NodeIterator it(copy);
  while (it.next()) (it.event() == WalkEvent::Enter ? enters : exits)++;
  EXPECT_EQ(enters, static_cast<std::size_t>(kDepth) + 3);  // document, quotes, paragraph, text
  EXPECT_EQ(exits, static_cast<std::size_t>(kDepth) + 2);   // text is a leaf
  EXPECT_EQ(copy.plain_text(), "deep");
  copy.children[0].children.clear();
  EXPECT_FALSE(copy == tree);
}

// The iterator keeps its first levels in place and the rest in a list: depth, skipping and the
// walk back up are the same on both sides of the boundary.
TEST(Model, IteratorSkipsAndClimbsAtAnyDepth) {
  for (int skip_at : {3, 11, 12, 13, 20}) {
    Node tree = deep_quote(25);
    std::size_t enters = 0, exits = 0, deepest = 0;
    NodeIterator it(tree);
    while (it.next()) {
      deepest = std::max(deepest, it.depth());
      if (it.event() == WalkEvent::Exit) {
        ++exits;
        continue;
      }
      ++enters;
      if (it.depth() == static_cast<std::size_t>(skip_at)) it.skip_children();
    }
    // The document and skip_at - 1 quotes are entered, the skipped one too; each exits once.
    EXPECT_EQ(enters, static_cast<std::size_t>(skip_at)) << skip_at;
    EXPECT_EQ(exits, enters) << skip_at;
    EXPECT_EQ(deepest, static_cast<std::size_t>(skip_at)) << skip_at;
  }
}

TEST(Model, WalkReportsContainersTwiceAndCanSkip) {
  Node doc(NodeType::Document);
  Node& p = doc.append(Node(NodeType::Paragraph));
  p.append(Node(NodeType::Text, "a"));
  Node& em = p.append(Node(NodeType::Emphasis));
  em.append(Node(NodeType::Text, "b"));
  std::string trace;
  walk(doc, [&](const Node& n, WalkEvent e) {
    trace += (e == WalkEvent::Enter ? "+" : "-") + std::string(node_type_name(n.type)) + " ";
    return n.type != NodeType::Emphasis;  // skip inside emphasis
  });
  EXPECT_EQ(trace, "+Document +Paragraph +Text +Emphasis -Emphasis -Paragraph -Document ");
}

TEST(Model, TypeNamesRoundTrip) {
  for (int i = 0; i <= static_cast<int>(NodeType::HtmlInline); ++i) {
    NodeType t = static_cast<NodeType>(i), back;
    ASSERT_TRUE(node_type_from_name(node_type_name(t), back));
    EXPECT_EQ(back, t);
  }
  NodeType dummy;
  EXPECT_FALSE(node_type_from_name("Nope", dummy));
}

// The fields most nodes leave empty hold nothing until set, and behave as values: a copy is its
// own, an empty assignment empties, a moved-from field is empty.
TEST(Model, RareFieldsAreValues) {
  Node a(NodeType::Link);
  EXPECT_TRUE(a.target.empty());
  EXPECT_EQ(a.target.str(), "");
  a.target = std::string("https://example.org/");
  a.attrs = {{"class", "x"}};
  Node b = a;
  b.target.edit() += "page";
  b.attrs.emplace_back("id", "y");
  EXPECT_EQ(a.target, "https://example.org/");
  EXPECT_EQ(b.target, "https://example.org/page");
  EXPECT_EQ(a.attrs.size(), 1u);
  EXPECT_EQ(b.attrs.size(), 2u);
  EXPECT_FALSE(a == b);
  b.target = a.target;
  b.attrs = a.attrs;
  EXPECT_TRUE(a == b);
  Node c = std::move(b);
  EXPECT_TRUE(b.target.empty());  // NOLINT(bugprone-use-after-move): what a move leaves
  EXPECT_TRUE(b.attrs.empty());
  EXPECT_EQ(c.target + "#top", "https://example.org/#top");
  c.target = "";
  EXPECT_TRUE(c.target.empty());
  std::size_t walked = 0;
  for (auto& attr : b.attrs) walked += attr.first.size();  // an empty list is walked without being made
  EXPECT_EQ(walked, 0u);
  EXPECT_TRUE(b.attrs.empty());
}
