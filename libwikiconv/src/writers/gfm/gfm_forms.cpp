#include "writers/gfm/gfm_forms.hpp"

#include <cctype>

#include "util/html_elements.hpp"
#include "util/utf8.hpp"

#include "writers/gfm/gfm_escape.hpp"

namespace wikiconv::gfm {

bool is_html_container(const Node& n) {
  switch (n.type) {
    case NodeType::Div: case NodeType::HtmlBlock: case NodeType::Figure: case NodeType::DefinitionList:
    case NodeType::DefinitionDetails: return true;
    default: return false;
  }
}

std::string element_of(const Node& n) {
  switch (n.type) {
    case NodeType::Div: return n.info.empty() ? "div" : n.info;
    case NodeType::Span: return n.info.empty() ? "span" : n.info;
    case NodeType::HtmlBlock: case NodeType::HtmlInline: return n.info;
    case NodeType::Figure: return "figure";
    case NodeType::DefinitionList: return "dl";
    case NodeType::DefinitionTerm: return "dt";
    case NodeType::DefinitionDetails: return "dd";
    case NodeType::Superscript: return "sup";
    case NodeType::Subscript: return "sub";
    case NodeType::Underline: return n.info.empty() ? "u" : n.info;
    case NodeType::Emphasis: return n.info.empty() ? "em" : n.info;
    case NodeType::Strong: return n.info.empty() ? "strong" : n.info;
    case NodeType::Strikethrough: return n.info.empty() ? "del" : n.info;
    case NodeType::Code: return n.info.empty() ? "code" : n.info;
    case NodeType::Table: return "table";
    case NodeType::TableRow: return "tr";
    case NodeType::TableCell: return n.header ? "th" : "td";
    default: return "span";
  }
}

std::string open_tag(std::string_view name, const Node& n, std::string_view skip) {
  std::string out = "<" + std::string(name);
  for (const auto& [k, v] : n.attrs) {
    if (k == skip) continue;
    out += " " + k + "=\"" + escape_attribute(v) + "\"";
  }
  return out + ">";
}

std::string cell_tag(const Node& cell) {
  std::string style = utf8::to_lower(cell.attr("style"));
  std::string_view align = cell.attr("align");
  std::size_t p = style.find("text-align");
  if (p != std::string::npos) p = style.find(':', p);
  if (p != std::string::npos) p = style.find_first_not_of(' ', p + 1);
  bool from_style = !align.empty() && p != std::string::npos && style.compare(p, align.size(), align) == 0;
  return open_tag(element_of(cell), cell, from_style ? "align" : "");
}

std::string autolink(const Node& link) {
  if (link.children.size() != 1 || link.children[0].type != NodeType::Text) return {};
  const std::string& label = link.children[0].text;
  std::string_view url = link.target;
  bool email = url.compare(0, 7, "mailto:") == 0 && url.substr(7) == label && label.find(':') == std::string::npos;
  if (url != label && !email) return {};
  for (char c : url)
    if (static_cast<unsigned char>(c) <= ' ' || c == '<' || c == '>') return {};
  if (email) return label.find('@') == std::string::npos ? std::string() : "<" + label + ">";
  std::size_t colon = url.find(':');
  if (colon < 2 || colon > 32 || colon == std::string_view::npos) return {};
  for (std::size_t i = 0; i < colon; ++i) {
    char c = url[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
    if (!ok) return {};
  }
  return "<" + label + ">";
}

bool holds_email_text(const Node& paragraph) {
  auto local = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '+' || c == '-' || c == '_'; };
  auto domain = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; };
  for (NodeIterator it(paragraph); it.next();) {
    const Node& n = it.node();
    if (it.event() != WalkEvent::Enter) continue;
    if (n.type == NodeType::Link || n.type == NodeType::WikiLink || n.type == NodeType::Image) {
      it.skip_children();
      continue;
    }
    if (n.type != NodeType::Text) continue;
    const std::string& t = n.text;
    for (std::size_t at = t.find('@'); at != std::string::npos; at = t.find('@', at + 1)) {
      if (at == 0 || !local(t[at - 1])) continue;
      std::size_t end = at + 1;
      while (end < t.size() && domain(t[end])) ++end;
      if (end > at + 1 && end + 1 < t.size() && t[end] == '.' && domain(t[end + 1])) return true;
    }
  }
  return false;
}

bool pipe_table(const Node& table) {
  std::size_t columns = table.aligns.size();
  if (!table.attrs.empty()) return false;
  bool first = true;
  for (const Node& row : table.children) {
    if (row.type != NodeType::TableRow || row.header != first || row.children.size() != columns || !row.attrs.empty())
      return false;
    first = false;
    for (const Node& cell : row.children) {
      if (holds_blocks(cell)) return false;
      for (const auto& a : cell.attrs)
        if (a.first != "align") return false;
      for (NodeIterator it(cell); it.next();) {
        NodeType t = it.node().type;
        if (t == NodeType::SoftBreak || t == NodeType::LineBreak || t == NodeType::CommentInline) return false;
      }
    }
  }
  return !first && columns > 0;
}

FilteredTags filtered_tags(const Node& plain) {
  FilteredTags tags;
  if (plain.children.empty() || plain.children.front().type != NodeType::Text) return tags;
  std::string_view first = plain.children.front().text;
  // The names tagfilter filters that start an HTML block (CommonMark 0.29): kind 1 (ends at a
  // line holding </script>, </style> or </pre>) and kind 6 (ends at an empty line).
  static const struct { std::string_view name; bool closed; } kNames[] = {
      {"script", true}, {"style", true}, {"title", false}, {"iframe", false}, {"noframes", false}};
  for (const auto& [name, closed] : kNames) {
    std::size_t end = name.size() + 1;
    if (first.size() <= end || first[0] != '<' || utf8::ascii_lower(first.substr(1, name.size())) != name ||
        (first[end] != ' ' && first[end] != '\t' && first[end] != '>'))
      continue;
    if (closed) {
      // The block's last line holds its closing tag: the Plain's last text.
      if (plain.children.back().type != NodeType::Text) return tags;
      std::string last = utf8::ascii_lower(plain.children.back().text);
      std::size_t first_at = std::string::npos;
      for (std::string_view closer : {"</script>", "</style>", "</pre>"}) {
        std::size_t at = last.find(closer);
        if (at < first_at) {
          first_at = at;
          tags.close_from_end = last.size() - at;
          tags.close = closer.size();
        }
      }
      if (tags.close == 0) return tags;
    }
    tags.open = end + 1;
    return tags;
  }
  return tags;
}

bool opens_with_tag(const Node& plain) {
  if (plain.children.empty()) return false;
  const Node& first = plain.children.front();
  switch (first.type) {
    case NodeType::Span: case NodeType::HtmlInline: case NodeType::Superscript: case NodeType::Subscript:
    case NodeType::Underline: break;
    default: return false;
  }
  std::string name = element_of(first);
  // Raw text elements and <pre> open other kinds of block; a void element has no line of its own.
  return first.text.empty() && !html::is_void_element(name) && name != "script" && name != "style" &&
         name != "pre" && name != "textarea";
}

}  // namespace wikiconv::gfm
