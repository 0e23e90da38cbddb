// Raw HTML blocks into model nodes. pandoc keeps what MediaWiki markup cannot say in Markdown
// as HTML (infobox tables with colspans, figures, cells holding paragraphs); targets without raw
// HTML need it as structure. A fragment is parsed leniently into elements, then mapped; any
// element without a model equivalent keeps the whole fragment raw, so nothing is lost.
#include "readers/html_reader.hpp"

#include <array>
#include <memory>

#include "util/html_tag.hpp"
#include "wiki/link_target.hpp"

namespace wikiconv {

namespace {

// Deeper fragments stay raw: the mapping below recurses, and no real page nests this deep.
constexpr int kMaxDepth = 128;

struct Element {
  std::string name;  // empty for a text run
  std::vector<std::pair<std::string, std::string>> attrs;
  std::string text;  // text runs: decoded
  std::vector<std::unique_ptr<Element>> children;
  std::string_view attr(std::string_view key) const {
    for (const auto& [k, v] : attrs)
      if (k == key) return v;
    return {};
  }
};

bool contains(const auto& list, std::string_view name) {
  for (std::string_view n : list)
    if (n == name) return true;
  return false;
}

constexpr std::array<std::string_view, 26> kKnown = {
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "p", "h1", "h2", "h3", "h4",
    "h5", "h6", "ul", "ol", "li", "pre", "blockquote", "hr", "div", "figure", "figcaption", "img", "br"};
constexpr std::array<std::string_view, 14> kKnownInline = {
    "a", "em", "i", "strong", "b", "code", "tt", "sup", "sub", "span", "del", "s", "strike", "kbd"};

// Closing one of these implicitly closes an open <p>, <li>, <td>... (enough for pandoc's HTML).
bool closes_implicitly(std::string_view open, std::string_view starting) {
  if (open == "p") return contains(std::array<std::string_view, 12>{"p", "table", "ul", "ol", "div", "h1", "h2", "h3", "pre", "blockquote", "figure", "hr"}, starting);
  if (open == "li") return starting == "li";
  if (open == "td" || open == "th") return starting == "td" || starting == "th" || starting == "tr";
  if (open == "tr") return starting == "tr";
  return false;
}

// Parses `html` into a tree under `root`; false when it holds something unknown or too deep.
bool parse_fragment(std::string_view html, Element& root) {
  std::vector<Element*> open{&root};
  std::size_t i = 0;
  while (i < html.size()) {
    if (html[i] != '<') {
      std::size_t next = html.find('<', i);
      if (next == std::string_view::npos) next = html.size();
      auto text = std::make_unique<Element>();
      text->text = html::decode_entities(html.substr(i, next - i));
      open.back()->children.push_back(std::move(text));
      i = next;
      continue;
    }
    if (html.substr(i, 4) == "<!--") {
      std::size_t end = html.find("-->", i + 4);
      if (end == std::string_view::npos) return false;
      i = end + 3;
      continue;
    }
    std::size_t j = i + 1;
    char quote = 0;
    while (j < html.size() && (quote || html[j] != '>')) {
      if (quote && html[j] == quote) quote = 0;
      else if (!quote && (html[j] == '"' || html[j] == '\'')) quote = html[j];
      ++j;
    }
    if (j >= html.size()) return false;
    auto tag = html::parse_tag(html.substr(i, j + 1 - i));
    i = j + 1;
    if (!tag) return false;
    if (!contains(kKnown, tag->name) && !contains(kKnownInline, tag->name)) return false;
    if (tag->closing) {
      std::size_t k = open.size();
      while (k > 1 && open[k - 1]->name != tag->name) --k;
      if (k > 1) open.resize(k - 1);  // stray closing tags are ignored
      continue;
    }
    while (open.size() > 1 && closes_implicitly(open.back()->name, tag->name)) open.pop_back();
    auto el = std::make_unique<Element>();
    el->name = tag->name;
    el->attrs = tag->attrs;
    Element* raw = el.get();
    open.back()->children.push_back(std::move(el));
    if (!tag->self_closing && !html::is_void_element(tag->name)) {
      open.push_back(raw);
      if (open.size() > kMaxDepth) return false;
    }
  }
  return true;
}

bool is_block_name(std::string_view n) {
  return contains(std::array<std::string_view, 18>{"table", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "pre",
                                                   "blockquote", "hr", "div", "figure", "thead", "tbody", "tr"},
                  n);
}

std::string collapse_space(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  if (space) out += ' ';
  return out;
}

class Mapper {
 public:
  explicit Mapper(int line) : line_(line) {}

  // Maps block-level children of `el` into `parent`. Inline runs between blocks become
  // paragraphs inside list items (where browsers show them as such); elsewhere such loose text
  // is shown without a paragraph, which the model cannot say, so the fragment stays raw.
  bool blocks(const Element& el, Node& parent, bool loose_text_allowed = false) {
    Node* para = nullptr;
    for (const auto& child : el.children) {
      if (child->name.empty() || !is_block_name(child->name) ) {
        if (child->name == "figcaption" || child->name == "caption") continue;
        if (child->name.empty() && collapse_space(child->text) == " " && !para) continue;
        if (child->name.empty() && child->text.find_first_not_of(" \n\t\r") == std::string::npos && !para) continue;
        if (!para) {
          if (!loose_text_allowed) return false;
          para = &parent.append(node(NodeType::Paragraph));
        }
        if (!inline_el(*child, *para)) return false;
        continue;
      }
      if (para) trim_inlines(*para);
      para = nullptr;
      if (!block(*child, parent)) return false;
    }
    if (para) trim_inlines(*para);
    return true;
  }

 private:
  Node node(NodeType t) {
    Node n(t);
    n.line = line_;
    return n;
  }

  static void trim_inlines(Node& para) {
    auto& c = para.children;
    while (!c.empty() && c.front().type == NodeType::Text && c.front().text.find_first_not_of(' ') == std::string::npos)
      c.erase(c.begin());
    while (!c.empty() && c.back().type == NodeType::Text && c.back().text.find_first_not_of(' ') == std::string::npos)
      c.pop_back();
    if (!c.empty() && c.front().type == NodeType::Text) c.front().text.erase(0, c.front().text.find_first_not_of(' '));
    if (!c.empty() && c.back().type == NodeType::Text) {
      auto& t = c.back().text;
      t.erase(t.find_last_not_of(' ') + 1);
    }
  }

  bool block(const Element& el, Node& parent) {
    const std::string& n = el.name;
    if (n == "p") {
      Node& p = parent.append(node(NodeType::Paragraph));
      if (!inlines(el, p)) return false;
      trim_inlines(p);
      if (p.children.empty()) parent.children.pop_back();
      return true;
    }
    if (n.size() == 2 && n[0] == 'h' && n[1] >= '1' && n[1] <= '6') {
      Node& h = parent.append(node(NodeType::Heading));
      h.level = n[1] - '0';
      if (!inlines(el, h)) return false;
      trim_inlines(h);
      return true;
    }
    if (n == "hr") {
      parent.append(node(NodeType::ThematicBreak));
      return true;
    }
    if (n == "pre") {
      Node code = node(NodeType::CodeBlock);
      code.text = text_content(el);
      if (!code.text.empty() && code.text.front() == '\n') code.text.erase(0, 1);
      if (!code.text.empty() && code.text.back() != '\n') code.text += '\n';
      parent.append(std::move(code));
      return true;
    }
    if (n == "blockquote" || n == "div") {
      Node& q = parent.append(node(n == "div" ? NodeType::Div : NodeType::BlockQuote));
      if (n == "div") q.attrs = el.attrs;
      return blocks(el, q);
    }
    if (n == "ul" || n == "ol") {
      Node& list = parent.append(node(n == "ul" ? NodeType::BulletList : NodeType::OrderedList));
      if (n == "ol" && !el.attr("start").empty()) list.start = std::atoi(std::string(el.attr("start")).c_str());
      for (const auto& item : el.children) {
        if (item->name.empty()) {
          if (item->text.find_first_not_of(" \n\t\r") != std::string::npos) return false;
          continue;
        }
        if (item->name != "li") return false;
        Node& li = list.append(node(NodeType::ListItem));
        if (!blocks(*item, li, true)) return false;
        for (const auto& c : li.children) list.tight &= c.type != NodeType::Paragraph || li.children.size() == 1;
      }
      return true;
    }
    if (n == "figure") {
      Node& p = parent.append(node(NodeType::Paragraph));
      return figure(el, p);
    }
    if (n == "table") return table(el, parent);
    return false;
  }

  bool figure(const Element& el, Node& into) {
    const Element* img = nullptr;
    std::string caption;
    for (const auto& c : el.children) {
      if (c->name == "img") img = c.get();
      else if (c->name == "figcaption") caption = collapse_space(text_content(*c));
      else if (!c->name.empty() || c->text.find_first_not_of(" \n\t\r") != std::string::npos) return false;
    }
    if (!img) return false;
    Node image = image_node(*img);
    while (!caption.empty() && caption.back() == ' ') caption.pop_back();
    while (!caption.empty() && caption.front() == ' ') caption.erase(0, 1);
    if (!caption.empty()) {
      image.title = caption;
      image.children.clear();
      image.append(Node(NodeType::Text, caption));
    }
    into.append(std::move(image));
    return true;
  }

  Node image_node(const Element& img) {
    Node image = node(NodeType::Image);
    std::string src(img.attr("src"));
    // pandoc writes [[File:X.jpg]] as <img src="X.jpg">: a bare name is a wiki file.
    bool bare = src.find('/') == std::string::npos && src.find(':') == std::string::npos;
    image.target = bare && !src.empty() ? "File:" + src : src;
    if (!img.attr("width").empty()) image.size = std::string(img.attr("width")) + "px";
    std::string alt(img.attr("alt"));
    if (alt.empty()) alt = img.attr("title");
    image.title = img.attr("title");
    if (!alt.empty()) image.append(Node(NodeType::Text, alt));
    return image;
  }

  bool table(const Element& el, Node& parent) {
    Node t = node(NodeType::Table);
    std::vector<const Element*> rows;
    for (const auto& c : el.children) {
      if (c->name.empty()) {
        if (c->text.find_first_not_of(" \n\t\r") != std::string::npos) return false;
      } else if (c->name == "tr") {
        rows.push_back(c.get());
      } else if (c->name == "thead" || c->name == "tbody" || c->name == "tfoot") {
        for (const auto& r : c->children) {
          if (r->name == "tr") rows.push_back(r.get());
          else if (!r->name.empty() || r->text.find_first_not_of(" \n\t\r") != std::string::npos) return false;
        }
      } else if (c->name != "caption") {
        return false;
      }
    }
    std::size_t columns = 0;
    bool header_allowed = true;
    for (const Element* r : rows) {
      Node row = node(NodeType::TableRow);
      bool all_th = true;
      std::size_t cols = 0;
      for (const auto& c : r->children) {
        if (c->name.empty()) {
          if (c->text.find_first_not_of(" \n\t\r") != std::string::npos) return false;
          continue;
        }
        if (c->name != "td" && c->name != "th") return false;
        all_th &= c->name == "th";
        Node cell = node(NodeType::TableCell);
        std::string_view span = c->attr("colspan");
        if (!span.empty()) {
          cell.attrs.emplace_back("colspan", std::string(span));
          cols += static_cast<std::size_t>(std::max(1, std::atoi(std::string(span).c_str())));
        } else {
          ++cols;
        }
        if (!cell_content(*c, cell)) return false;
        row.append(std::move(cell));
      }
      // Header rows come first in the model; a later all-<th> row is a body row.
      row.header = header_allowed && all_th && !row.children.empty();
      header_allowed = row.header;
      columns = std::max(columns, cols);
      t.append(std::move(row));
    }
    if (t.children.empty()) return false;
    t.aligns.assign(columns, Alignment::None);
    parent.append(std::move(t));
    return true;
  }

  // A cell holds inlines only: paragraphs are joined with line breaks, figures become images.
  bool cell_content(const Element& el, Node& cell) {
    bool first_block = true;
    for (const auto& c : el.children) {
      if (c->name == "p" || c->name == "figure" || c->name == "div") {
        if (!first_block && !cell.children.empty()) cell.append(node(NodeType::LineBreak));
        first_block = false;
        bool ok = c->name == "figure" ? figure(*c, cell) : inlines(*c, cell);
        if (!ok) return false;
      } else if (c->name.empty() || !is_block_name(c->name)) {
        if (!inline_el(*c, cell)) return false;
      } else {
        return false;  // lists or tables inside cells: keep the table raw
      }
    }
    trim_inlines(cell);
    return true;
  }

  bool inlines(const Element& el, Node& into) {
    for (const auto& c : el.children)
      if (!inline_el(*c, into)) return false;
    return true;
  }

  bool inline_el(const Element& el, Node& into) {
    const std::string& n = el.name;
    if (n.empty()) {
      std::string t = collapse_space(el.text);
      if (t.empty()) return true;
      if (!into.children.empty() && into.children.back().type == NodeType::Text) {
        std::string& prev = into.children.back().text;
        if (!prev.empty() && prev.back() == ' ' && t.front() == ' ') t.erase(0, 1);
        prev += t;
      } else {
        into.append(Node(NodeType::Text, t));
      }
      return true;
    }
    if (n == "br") {
      into.append(node(NodeType::LineBreak));
      return true;
    }
    if (n == "img") {
      into.append(image_node(el));
      return true;
    }
    if (n == "code" || n == "tt" || n == "kbd") {
      into.append(Node(NodeType::Code, text_content(el)));
      return true;
    }
    NodeType type;
    if (n == "em" || n == "i") type = NodeType::Emphasis;
    else if (n == "strong" || n == "b") type = NodeType::Strong;
    else if (n == "sup") type = NodeType::Superscript;
    else if (n == "sub") type = NodeType::Subscript;
    else if (n == "del" || n == "s" || n == "strike") type = NodeType::Strikethrough;
    else if (n == "span") type = NodeType::Span;
    else if (n == "a") type = NodeType::Link;
    else return false;  // a block inside inline content
    Node inl = node(type);
    if (type == NodeType::Span) inl.attrs = el.attrs;
    if (type == NodeType::Link) {
      std::string href(el.attr("href"));
      bool wiki = false;
      for (const auto& [k, v] : el.attrs)
        if (k == "class" && (" " + v + " ").find(" wikilink ") != std::string::npos) wiki = true;
      if (wiki) {
        inl = make_wiki_link(href);
        inl.line = line_;
      } else {
        inl.target = href;
        inl.title = el.attr("title");
      }
    }
    if (!inlines(el, inl)) return false;
    if (inl.type == NodeType::WikiLink && is_file_target(inl.target)) wiki_link_to_image(inl);
    into.append(std::move(inl));
    return true;
  }

  static std::string text_content(const Element& el) {
    std::string out;
    std::vector<const Element*> stack{&el};
    while (!stack.empty()) {
      const Element* e = stack.back();
      stack.pop_back();
      if (e->name.empty()) out += e->text;
      else if (e->name == "br") out += '\n';
      for (auto it = e->children.rbegin(); it != e->children.rend(); ++it) stack.push_back(it->get());
    }
    return out;
  }

  int line_;
};

}  // namespace

bool html_block_to_model(std::string_view html, Node& parent, int line) {
  Element root;
  if (!parse_fragment(html, root)) return false;
  // Only fragments that are block structure: a lone inline tag run is better left to the writer.
  bool has_block = false;
  for (const auto& c : root.children) has_block |= !c->name.empty() && is_block_name(c->name);
  if (!has_block) return false;
  Node holder(NodeType::Document);
  if (!Mapper(line).blocks(root, holder)) return false;
  for (auto& n : holder.children) parent.append(std::move(n));
  return true;
}

}  // namespace wikiconv
