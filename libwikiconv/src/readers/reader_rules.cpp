#include "readers/reader_rules.hpp"

#include "util/html_elements.hpp"
#include "wiki/link_target.hpp"

namespace wikiconv::reader_rules {

namespace {

bool is_blank_inline(const Node& n) {
  if (n.type == NodeType::SoftBreak || n.type == NodeType::LineBreak || n.type == NodeType::CommentInline)
    return true;
  if (n.type != NodeType::Text) return false;
  return n.text.find_first_not_of(" \t") == std::string::npos;
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

// Inline containers whose edges trimming may enter: formatting that starts or ends a block.
bool is_formatting(NodeType t) {
  switch (t) {
    case NodeType::Emphasis:
    case NodeType::Strong:
    case NodeType::Strikethrough:
    case NodeType::Underline:
    case NodeType::Span:
    case NodeType::Link:
    case NodeType::WikiLink:
    case NodeType::HtmlInline:
      return true;
    default:
      return false;
  }
}

// Whether anything in `node`'s subtree is drawn: text, code, images, breaks, notes, embedded
// elements.
bool has_visible(const Node& node) {
  NodeIterator it(node);
  it.next();  // the node itself
  while (it.next()) {
    if (it.event() != WalkEvent::Enter) continue;
    const Node& n = it.node();
    switch (n.type) {
      case NodeType::Text:
        if (!n.text.empty()) return true;
        break;
      case NodeType::CommentInline:
      case NodeType::CommentBlock:
      case NodeType::SoftBreak:  // a line end is a space: nothing drawn
        break;
      case NodeType::HtmlInline:
      case NodeType::HtmlBlock: {
        html::Role role = html::element_role(n.info);
        if (role == html::Role::Embedded) return true;
        if (role == html::Role::Hidden) it.skip_children();
        break;
      }
      case NodeType::Span:
        if (!n.attr("id").empty()) return true;  // an anchor: a link target
        break;
      default:
        if (!is_container(n.type)) return true;  // code, images, breaks, notes
        break;
    }
  }
  return false;
}

// cmark-gfm's extensions/tagfilter.c: "<", an optional "/", the name in any case, then a space,
// ">" or "/>".
bool is_filtered_tag_at(std::string_view raw, std::size_t lt) {
  static constexpr std::string_view kNames[] = {"title",   "textarea", "style",    "xmp",      "iframe",
                                                "noembed", "noframes", "script",   "plaintext"};
  std::size_t i = lt + 1;
  if (i < raw.size() && raw[i] == '/') ++i;
  for (std::string_view name : kNames) {
    if (raw.size() - i <= name.size()) continue;
    bool same = true;
    for (std::size_t k = 0; same && k < name.size(); ++k) {
      char c = raw[i + k];
      same = (c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) == name[k];
    }
    if (!same) continue;
    char next = raw[i + name.size()];
    if (next == ' ' || next == '\t' || next == '\n' || next == '\r' || next == '\f' || next == '\v' || next == '>')
      return true;
    if (next == '/' && i + name.size() + 1 < raw.size() && raw[i + name.size() + 1] == '>') return true;
  }
  return false;
}

}  // namespace

std::string tagfilter(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  std::size_t from = 0;
  for (std::size_t lt = raw.find('<'); lt != std::string_view::npos; lt = raw.find('<', lt + 1)) {
    if (!is_filtered_tag_at(raw, lt)) continue;
    out.append(raw.substr(from, lt - from));
    out += "&lt;";
    from = lt + 1;
  }
  out.append(raw.substr(from));
  return out;
}

bool has_filtered_tag(std::string_view raw) {
  for (std::size_t lt = raw.find('<'); lt != std::string_view::npos; lt = raw.find('<', lt + 1))
    if (is_filtered_tag_at(raw, lt)) return true;
  return false;
}

bool take_categories(const Node& paragraph, std::vector<std::string>& categories, std::vector<Node>* links) {
  std::vector<std::string> found;
  for (const Node& c : paragraph.children) {
    if (is_blank_inline(c)) continue;
    if (c.type != NodeType::WikiLink || c.info == ":") return false;  // [[:Category:X]] is a link
    std::string name;
    if (!category_name(c.target, name)) return false;
    found.push_back(std::move(name));
  }
  if (found.empty()) return false;
  if (links)
    for (const Node& c : paragraph.children)
      if (c.type == NodeType::WikiLink) links->push_back(c);
  for (auto& name : found) {
    if (name.empty()) continue;  // Category:{{{region}}}: no category known
    bool seen = false;
    for (const auto& have : categories) seen |= have == name;
    if (!seen) categories.push_back(std::move(name));
  }
  return true;
}

void finish_inline(Node& node) {
  // [[:File:X]] links to the file's page; [[File:X]] shows the image.
  if (node.type == NodeType::WikiLink && node.info != ":" && is_file_target(node.target)) wiki_link_to_image(node);
}

bool vanishes(const Node& node) {
  // The common case, text right inside, needs no walk.
  for (const Node& c : node.children)
    if (c.type == NodeType::Text && !c.text.empty()) return false;
  switch (node.type) {
    case NodeType::Emphasis:
    case NodeType::Strong:
    case NodeType::Strikethrough:
    case NodeType::Underline:
    case NodeType::Superscript:
    case NodeType::Subscript:
    case NodeType::Link:
      return !has_visible(node);
    case NodeType::Span:
      return node.attr("id").empty() && node.attr("name").empty() && !has_visible(node);
    case NodeType::HtmlInline:
      return html::element_role(node.info) == html::Role::Unknown && !has_visible(node);
    default:
      return false;
  }
}

void append_inline(Node& parent, Node&& node) {
  if (!vanishes(node)) {
    parent.children.push_back(std::move(node));
    return;
  }
  for (Node& c : node.children) {
    if (c.type == NodeType::Text) append_text(parent, c.text, c.line);
    else parent.children.push_back(std::move(c));
  }
}

void append_text(Node& parent, std::string_view text, int line) {
  std::vector<Node>& kids = parent.children;
  bool first = true;
  while (true) {
    std::size_t nl = text.find('\n');
    std::string_view piece = text.substr(0, nl);
    if (!first) {
      // A line end: spaces before and after it are not shown.
      if (!kids.empty() && kids.back().type == NodeType::Text) {
        std::string& prev = kids.back().text;
        while (!prev.empty() && is_space(prev.back())) prev.pop_back();
        if (prev.empty()) kids.pop_back();
      }
      bool after_break = !kids.empty() && (kids.back().type == NodeType::SoftBreak || kids.back().type == NodeType::LineBreak);
      if (!after_break) {
        Node& br = kids.emplace_back(NodeType::SoftBreak);
        br.line = line;
      }
      while (!piece.empty() && is_space(piece.front())) piece.remove_prefix(1);
    }
    if (!piece.empty()) {
      if (!kids.empty() && kids.back().type == NodeType::Text) {
        kids.back().text.append(piece);
      } else {
        bool line_start = !kids.empty() && (kids.back().type == NodeType::SoftBreak || kids.back().type == NodeType::LineBreak);
        while (line_start && !piece.empty() && is_space(piece.front())) piece.remove_prefix(1);
        if (!piece.empty()) {
          Node& t = kids.emplace_back(NodeType::Text, std::string(piece));
          t.line = line;
        }
      }
    }
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
    first = false;
  }
}

void trim_inlines(Node& container) {
  // The start: down into formatting that opens the content.
  for (Node* n = &container; n;) {
    std::vector<Node>& kids = n->children;
    Node* next = nullptr;
    while (!kids.empty()) {
      Node& first = kids.front();
      if (first.type == NodeType::SoftBreak) {
        kids.erase(kids.begin());
      } else if (first.type == NodeType::Text) {
        std::size_t keep = first.text.find_first_not_of(" \t");
        if (keep == std::string::npos) {
          kids.erase(kids.begin());
          continue;
        }
        first.text.erase(0, keep);
        break;
      } else {
        if (is_formatting(first.type)) next = &first;
        break;
      }
    }
    n = next;
  }
  // The end, where a final hard break shows nothing either.
  for (Node* n = &container; n;) {
    std::vector<Node>& kids = n->children;
    Node* next = nullptr;
    while (!kids.empty()) {
      Node& last = kids.back();
      if (last.type == NodeType::SoftBreak || last.type == NodeType::LineBreak) {
        kids.pop_back();
      } else if (last.type == NodeType::Text) {
        std::size_t keep = last.text.find_last_not_of(" \t");
        if (keep == std::string::npos) {
          kids.pop_back();
          continue;
        }
        last.text.erase(keep + 1);
        break;
      } else {
        if (is_formatting(last.type)) next = &last;
        break;
      }
    }
    n = next;
  }
}

bool is_inline_container(const Node& node) {
  switch (node.type) {
    case NodeType::Paragraph:
    case NodeType::Heading:
    case NodeType::Plain:
    case NodeType::DefinitionTerm:
      return true;
    case NodeType::TableCell:
    case NodeType::Caption:
      return !holds_blocks(node);
    default:
      return false;
  }
}

void apply_formatting(Node& block, const std::vector<Node>& chain) {
  if (chain.empty()) return;
  std::vector<Node*> work{&block};
  while (!work.empty()) {
    Node* n = work.back();
    work.pop_back();
    if (n->type == NodeType::Table || n->type == NodeType::CodeBlock) continue;
    if (is_inline_container(*n)) {
      if (n->children.empty()) continue;
      std::vector<Node> content = std::move(n->children);
      n->children.clear();
      Node* into = n;
      for (const Node& f : chain) {
        Node wrapper = f;  // fields only: chain nodes have no children
        into = &into->append(std::move(wrapper));
      }
      into->children = std::move(content);
      continue;
    }
    for (Node& c : n->children) work.push_back(&c);
  }
}

}  // namespace wikiconv::reader_rules
