// The model as JSON (docs/json-format.md): the scripting and debugging view, like pandoc's JSON
// AST. Written with an explicit stack, so any depth of nesting is fine.
#include <string>

#include "writers/json_format.hpp"
#include "writers/registry.hpp"

namespace wikiconv {

namespace {

void json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  // Runs of characters that need no escape are appended whole.
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto u = static_cast<unsigned char>(s[i]);
    if (u >= 0x20 && u != '"' && u != '\\') continue;
    out.append(s.data() + start, i - start);
    start = i + 1;
    switch (u) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default: {
        const char escape[] = {'\\', 'u', '0', '0', kHex[u >> 4], kHex[u & 15]};
        out.append(escape, sizeof escape);
      }
    }
  }
  out.append(s.data() + start, s.size() - start);
  out += '"';
}

void field(std::string& out, std::string_view key, std::string_view value) {
  out += ',';
  json_string(out, key);
  out += ':';
  json_string(out, value);
}

void field(std::string& out, std::string_view key, long value) {
  out += ',';
  json_string(out, key);
  out += ':';
  out += std::to_string(value);
}

void field(std::string& out, std::string_view key, bool value) {
  out += ',';
  json_string(out, key);
  out += value ? ":true" : ":false";
}

void node_fields(std::string& out, const Node& n, bool positions) {
  out += "{\"t\":";
  json_string(out, node_type_name(n.type));
  if (positions && n.line > 0) field(out, "line", static_cast<long>(n.line));
  switch (n.type) {
    case NodeType::Heading: field(out, "level", static_cast<long>(n.level)); break;
    case NodeType::BulletList: field(out, "tight", n.tight); break;
    case NodeType::OrderedList:
      field(out, "start", static_cast<long>(n.start));
      field(out, "delimiter", std::string_view(&n.delimiter, 1));
      field(out, "tight", n.tight);
      break;
    case NodeType::ListItem:
      if (n.task != TaskState::None) field(out, "task", task_state_name(n.task));
      break;
    case NodeType::CodeBlock:
      field(out, "info", n.info);
      field(out, "text", n.text);
      break;
    case NodeType::Table: {
      out += ",\"aligns\":[";
      for (std::size_t i = 0; i < n.aligns.size(); ++i) {
        if (i) out += ',';
        json_string(out, alignment_name(n.aligns[i]));
      }
      out += ']';
      break;
    }
    case NodeType::TableRow:
      field(out, "header", n.header);
      if (!n.info.empty()) field(out, "info", n.info);
      break;
    case NodeType::TableCell:
      if (n.header) field(out, "header", true);
      break;
    case NodeType::FootnoteDefinition:
    case NodeType::FootnoteReference: field(out, "label", n.label); break;
    case NodeType::HtmlBlock:
    case NodeType::HtmlInline:
      field(out, "info", n.info);
      if (!n.text.empty()) field(out, "text", n.text);
      break;
    case NodeType::Span:
    case NodeType::Div:
    case NodeType::Emphasis:
    case NodeType::Strong:
    case NodeType::Strikethrough:
    case NodeType::Underline:
      if (!n.info.empty()) field(out, "info", n.info);
      break;
    case NodeType::Code:
      field(out, "text", n.text);
      if (!n.info.empty()) field(out, "info", n.info);
      break;
    case NodeType::Text:
    case NodeType::CommentBlock:
    case NodeType::CommentInline: field(out, "text", n.text); break;
    case NodeType::Link:
      field(out, "target", n.target);
      if (!n.title.empty()) field(out, "title", n.title);
      break;
    case NodeType::WikiLink:
      field(out, "target", n.target);
      if (!n.anchor.empty()) field(out, "anchor", n.anchor);
      if (!n.title.empty()) field(out, "title", n.title);
      if (!n.info.empty()) field(out, "info", n.info);
      if (!n.label.empty()) field(out, "href", n.label);
      break;
    case NodeType::Image:
      field(out, "target", n.target);
      if (!n.title.empty()) field(out, "title", n.title);
      if (!n.size.empty()) field(out, "size", n.size);
      if (!n.info.empty()) field(out, "info", n.info);
      if (!n.label.empty()) field(out, "href", n.label);
      break;
    default: break;
  }
  // Attributes kept from HTML: Span/Div always say theirs; others (a cell's colspan) when any.
  if (n.type == NodeType::Span || n.type == NodeType::Div || !n.attrs.empty()) {
    out += ",\"attrs\":[";
    for (std::size_t i = 0; i < n.attrs.size(); ++i) {
      if (i) out += ',';
      out += '[';
      json_string(out, n.attrs[i].first);
      out += ',';
      json_string(out, n.attrs[i].second);
      out += ']';
    }
    out += ']';
  }
}

class JsonWriter final : public Writer {
 public:
  explicit JsonWriter(const Options& options) : positions_(options.flag("positions", false)) {}

  std::string write_page(const Page& page, const WriteContext&) const override {
    std::string out;
    out.reserve(4096);
    out += "{\"wikiconv-json\":";
    out += std::to_string(kJsonFormatVersion);
    field(out, "title", page.title);
    field(out, "namespace", page.ns);
    out += ",\"categories\":[";
    for (std::size_t i = 0; i < page.categories.size(); ++i) {
      if (i) out += ',';
      json_string(out, page.categories[i]);
    }
    out += "],\"metadata\":{";
    for (std::size_t i = 0; i < page.metadata.size(); ++i) {
      if (i) out += ',';
      json_string(out, page.metadata[i].first);
      out += ':';
      json_string(out, page.metadata[i].second);
    }
    out += '}';
    if (!page.redirect.empty()) {  // only on redirect pages: other pages' JSON is as it was
      field(out, "redirect", page.redirect);
      field(out, "redirect_anchor", page.redirect_anchor);
    }
    // The category and redirect lines as the page wrote them (the gfm writer keeps them), when
    // there are any.
    inline_list(out, "category_links", page.category_links);
    inline_list(out, "redirect_line", page.redirect_line);
    out += ",\"body\":";
    tree(out, page.body);
    out += "}\n";
    return out;
  }

 protected:
  std::string page_extension() const override { return ".json"; }

 private:
  // `root` and its subtree as JSON, without recursion (a 100,000-deep quote is fine).
  void tree(std::string& out, const Node& root) const {
    NodeIterator it(root);
    std::vector<bool> first_child;  // per open container: no child written yet
    while (it.next()) {
      const Node& n = it.node();
      if (it.event() == WalkEvent::Exit) {
        out += "]}";
        first_child.pop_back();
        continue;
      }
      if (!first_child.empty()) {
        if (!first_child.back()) out += ',';
        first_child.back() = false;
      }
      node_fields(out, n, positions_);
      if (is_container(n.type)) {
        out += ",\"c\":[";
        first_child.push_back(true);
      } else {
        out += '}';
      }
    }
  }

  void inline_list(std::string& out, std::string_view name, const std::vector<Node>& nodes) const {
    if (nodes.empty()) return;
    out += ",\"";
    out += name;
    out += "\":[";
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (i) out += ',';
      tree(out, nodes[i]);
    }
    out += ']';
  }

  bool positions_;
};

}  // namespace

std::unique_ptr<Writer> make_json_writer(const Options& options) { return std::make_unique<JsonWriter>(options); }

}  // namespace wikiconv
