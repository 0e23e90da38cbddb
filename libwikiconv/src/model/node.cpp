#include "wikiconv/model.hpp"

#include <array>

#include "util/html_elements.hpp"

namespace wikiconv {

namespace {

constexpr std::array<std::string_view, 39> kTypeNames = {
    "Document",   "Heading",        "Paragraph", "BulletList",        "OrderedList", "ListItem",
    "CodeBlock",  "BlockQuote",     "Table",     "TableRow",          "TableCell",   "ThematicBreak",
    "FootnoteDefinition", "HtmlBlock", "Div",    "Plain",             "Figure",      "Caption",
    "DefinitionList", "DefinitionTerm", "DefinitionDetails", "CommentBlock",
    "Text",       "Emphasis",       "Strong",    "Strikethrough",     "Code",        "Link",
    "WikiLink",   "Image",          "FootnoteReference", "SoftBreak", "LineBreak",   "Superscript",
    "Subscript",  "Span",           "HtmlInline", "Underline",        "CommentInline",
};
static_assert(kTypeNames.size() == static_cast<std::size_t>(NodeType::CommentInline) + 1);
// A big page's model is most of a conversion's memory: fields most nodes leave empty are Rare*.
static_assert(sizeof(void*) != 8 || sizeof(Node) <= 144, "a Node per element of a page: keep it small");

// Copies field-by-field without children.
void copy_fields(Node& dst, const Node& src) {
  dst.type = src.type;
  dst.task = src.task;
  dst.tight = src.tight;
  dst.header = src.header;
  dst.delimiter = src.delimiter;
  dst.level = src.level;
  dst.start = src.start;
  dst.line = src.line;
  dst.text = src.text;
  dst.target = src.target;
  dst.anchor = src.anchor;
  dst.title = src.title;
  dst.info = src.info;
  dst.size = src.size;
  dst.label = src.label;
  dst.aligns = src.aligns;
  dst.attrs = src.attrs;
}

bool same_fields(const Node& a, const Node& b) {
  return a.type == b.type && a.task == b.task && a.tight == b.tight && a.header == b.header &&
         a.delimiter == b.delimiter && a.level == b.level && a.start == b.start &&
         a.text == b.text && a.target == b.target && a.anchor == b.anchor && a.title == b.title &&
         a.info == b.info && a.size == b.size && a.label == b.label && a.aligns == b.aligns &&
         a.attrs == b.attrs && a.children.size() == b.children.size();
}

// Deep copy with an explicit stack.
void deep_copy(Node& dst, const Node& src) {
  std::vector<std::pair<Node*, const Node*>> work;
  copy_fields(dst, src);
  work.emplace_back(&dst, &src);
  while (!work.empty()) {
    auto [d, s] = work.back();
    work.pop_back();
    d->children.clear();
    d->children.resize(s->children.size());
    for (std::size_t i = 0; i < s->children.size(); ++i) {
      copy_fields(d->children[i], s->children[i]);
      work.emplace_back(&d->children[i], &s->children[i]);
    }
  }
}

// Releases a subtree iteratively: child lists with grandchildren are taken out of their nodes
// (moving a vector moves three pointers, not the nodes) and destroyed from a heap stack, so no
// destructor ever sees a non-empty child list deeper than one level.
void release_children(std::vector<Node>& children) {
  bool deep = false;
  for (const Node& c : children) deep |= !c.children.empty();
  if (!deep) return;  // the vector's own destruction is not recursive
  std::vector<std::vector<Node>> pending;
  pending.push_back(std::move(children));
  children.clear();
  while (!pending.empty()) {
    std::vector<Node> list = std::move(pending.back());
    pending.pop_back();
    for (Node& c : list)
      if (!c.children.empty()) pending.push_back(std::move(c.children));
  }  // `list` dies with childless nodes only
}

}  // namespace

std::string_view node_type_name(NodeType type) { return kTypeNames[static_cast<std::size_t>(type)]; }

bool node_type_from_name(std::string_view name, NodeType& out) {
  for (std::size_t i = 0; i < kTypeNames.size(); ++i) {
    if (kTypeNames[i] == name) {
      out = static_cast<NodeType>(i);
      return true;
    }
  }
  return false;
}

bool is_block(NodeType type) { return type <= NodeType::CommentBlock; }

bool holds_blocks(const Node& node) { return !node.children.empty() && is_block(node.children.front().type); }

bool is_container(NodeType type) {
  switch (type) {
    case NodeType::Text:
    case NodeType::Code:
    case NodeType::CodeBlock:
    case NodeType::CommentBlock:
    case NodeType::CommentInline:
    case NodeType::ThematicBreak:
    case NodeType::SoftBreak:
    case NodeType::LineBreak:
    case NodeType::FootnoteReference:
      return false;
    default:
      return true;
  }
}

Node::Node(const Node& other) { deep_copy(*this, other); }

Node& Node::operator=(const Node& other) {
  if (this != &other) {
    Node copy(other);
    *this = std::move(copy);
  }
  return *this;
}

Node& Node::operator=(Node&& other) noexcept {
  if (this != &other) {
    release_children(children);
    type = other.type;
    task = other.task;
    tight = other.tight;
    header = other.header;
    delimiter = other.delimiter;
    level = other.level;
    start = other.start;
    line = other.line;
    text = std::move(other.text);
    target = std::move(other.target);
    anchor = std::move(other.anchor);
    title = std::move(other.title);
    info = std::move(other.info);
    size = std::move(other.size);
    label = std::move(other.label);
    aligns = std::move(other.aligns);
    attrs = std::move(other.attrs);
    children = std::move(other.children);
  }
  return *this;
}

Node::~Node() { release_children(children); }

std::string_view Node::attr(std::string_view name) const {
  for (const auto& [k, v] : attrs)
    if (k == name) return v;
  return {};
}

std::string Node::plain_text() const {
  std::string out;
  NodeIterator it(*this);
  while (it.next()) {
    if (it.event() != WalkEvent::Enter) continue;
    const Node& n = it.node();
    switch (n.type) {
      case NodeType::Text:
      case NodeType::Code:
        out += n.text;
        break;
      case NodeType::SoftBreak:
      case NodeType::LineBreak:
        out += ' ';
        break;
      case NodeType::HtmlBlock:
      case NodeType::HtmlInline:
        // What a browser never shows (script, style, template...) is no text.
        if (html::element_role(n.info) == html::Role::Hidden) it.skip_children();
        break;
      case NodeType::FootnoteReference:
      case NodeType::CommentInline:
        break;
      default:
        break;
    }
  }
  return out;
}

bool operator==(const Node& a, const Node& b) {
  std::vector<std::pair<const Node*, const Node*>> work{{&a, &b}};
  while (!work.empty()) {
    auto [x, y] = work.back();
    work.pop_back();
    if (!same_fields(*x, *y)) return false;
    for (std::size_t i = 0; i < x->children.size(); ++i)
      work.emplace_back(&x->children[i], &y->children[i]);
  }
  return true;
}

NodeIterator::NodeIterator(const Node& root) : root_(&root) {}

bool NodeIterator::next() {
  if (!started_) {
    started_ = true;
    current_ = root_;
    event_ = WalkEvent::Enter;
    if (is_container(root_->type)) push(root_);
    return true;
  }
  if (skip_) {
    skip_ = false;
    if (event_ == WalkEvent::Enter && depth_ > 0 && top().node == current_)
      top().next_child = current_->children.size();
  }
  if (depth_ == 0) return false;
  Frame& frame = top();
  if (frame.next_child < frame.node->children.size()) {
    const Node* child = &frame.node->children[frame.next_child++];
    current_ = child;
    event_ = WalkEvent::Enter;
    if (is_container(child->type)) push(child);
    return true;
  }
  current_ = frame.node;
  event_ = WalkEvent::Exit;
  pop();
  return true;
}

void walk(const Node& root, const std::function<bool(const Node&, WalkEvent)>& visit) {
  NodeIterator it(root);
  while (it.next()) {
    if (!visit(it.node(), it.event()) && it.event() == WalkEvent::Enter) it.skip_children();
  }
}

void walk_mutable(Node& root, const std::function<bool(Node&, WalkEvent)>& visit) {
  // The iterator hands out const references to nodes owned by `root`, which the caller owns
  // mutably; the tree's shape must not change under it, which visitors are told in the header.
  walk(root, [&](const Node& n, WalkEvent e) { return visit(const_cast<Node&>(n), e); });
}

}  // namespace wikiconv
