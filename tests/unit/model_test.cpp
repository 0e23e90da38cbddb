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
