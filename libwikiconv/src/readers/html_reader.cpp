// Raw HTML into model nodes. gumbo builds the tree a browser would build; this file maps that
// tree onto the model, element by element, with the roles of util/html_elements.hpp:
// - in block context, loose inline content becomes Plain, blocks become their nodes, an inline
//   element that holds blocks (pandoc's <a> around a figure, <b> around paragraphs) lends its
//   formatting to the blocks' text;
// - in inline context, a block shows as a line of its own (its inline content between breaks);
// - what the model has no node for stays an element (HtmlBlock/HtmlInline), never a string.
// Elements the Markdown made carry a marker attribute naming their node (see markdown_html.hpp).
#include "readers/html_reader.hpp"

#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <iterator>
#include <unordered_map>
#include <unordered_set>

#include "readers/arena.hpp"
#include "readers/html_open_elements.hpp"
#include "readers/html_text_runs.hpp"
#include "readers/reader_rules.hpp"
#include "util/html_elements.hpp"
#include "util/utf8.hpp"
#include "wiki/link_target.hpp"

namespace wikiconv {

namespace {

using html::Role;
namespace rules = reader_rules;

// As browsers' parsers, elements deeper than this are read as their text.
constexpr int kMaxDepth = 512;

std::string_view attr(const Attributes& attrs, std::string_view name) {
  for (const auto& [k, v] : attrs)
    if (k == name) return v;
  return {};
}

bool has_attr(const Attributes& attrs, std::string_view name) {
  for (const auto& a : attrs)
    if (a.first == name) return true;
  return false;
}

bool has_class(std::string_view classes, std::string_view cls) {
  std::size_t pos = 0;
  while (pos < classes.size()) {
    std::size_t end = classes.find_first_of(" \t\n\r\f", pos);
    if (end == std::string_view::npos) end = classes.size();
    if (classes.substr(pos, end - pos) == cls) return true;
    pos = end + 1;
  }
  return false;
}

Attributes without(const Attributes& attrs, std::initializer_list<std::string_view> names) {
  Attributes out;
  for (const auto& a : attrs)
    if (std::find(names.begin(), names.end(), a.first) == names.end()) out.push_back(a);
  return out;
}

// "300", "300px" -> 300; anything else (percentages, "auto") -> 0.
long pixels(std::string_view v) {
  std::size_t i = 0;
  long n = 0;
  while (i < v.size() && v[i] >= '0' && v[i] <= '9' && n < 100000) n = n * 10 + (v[i++] - '0');
  if (i == 0) return 0;
  std::string_view rest = v.substr(i);
  return rest.empty() || rest == "px" ? n : 0;
}

Node image_node(const Attributes& attrs, int line) {
  Node image(NodeType::Image);
  image.line = line;
  std::string src(attr(attrs, "src"));
  // pandoc writes [[File:X.jpg]] as <img src="X.jpg">: a bare name is a wiki file.
  bool bare = !src.empty() && src.find('/') == std::string::npos && src.find(':') == std::string::npos;
  image.target = bare ? "File:" + src : src;
  long w = pixels(attr(attrs, "width")), h = pixels(attr(attrs, "height"));
  if (w > 0 && h > 0) image.size = std::to_string(w) + "x" + std::to_string(h) + "px";
  else if (w > 0) image.size = std::to_string(w) + "px";
  else if (h > 0) image.size = "x" + std::to_string(h) + "px";
  std::string alt(attr(attrs, "alt"));
  if (alt.empty()) alt = attr(attrs, "title");
  image.title = attr(attrs, "title");
  if (!alt.empty()) rules::append_text(image, alt, line);
  image.attrs = without(attrs, {"src", "alt", "title", "width", "height"});
  return image;
}

// "left", "center", "right" from align= or style="text-align: ..."; empty otherwise.
std::string cell_alignment(const Attributes& attrs) {
  auto known = [](std::string v) -> std::string {
    for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    while (!v.empty() && (v.back() == ' ' || v.back() == ';')) v.pop_back();
    while (!v.empty() && v.front() == ' ') v.erase(0, 1);
    if (v == "left" || v == "center" || v == "right") return v;
    if (v == "start") return "left";
    if (v == "end") return "right";
    return {};
  };
  std::string style(attr(attrs, "style"));
  for (char& c : style) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::size_t p = style.find("text-align");
  if (p != std::string::npos && (p = style.find(':', p)) != std::string::npos) {
    std::size_t end = style.find(';', p);
    std::string v = known(style.substr(p + 1, end == std::string::npos ? std::string::npos : end - p - 1));
    if (!v.empty()) return v;
  }
  return known(std::string(attr(attrs, "align")));
}

// colspan/rowspan as browsers read them: a number >= 1, at most `limit`.
long span_value(std::string_view v, long limit) {
  long n = 0;
  std::size_t i = 0;
  while (i < v.size() && (v[i] == ' ' || v[i] == '\t')) ++i;
  std::size_t start = i;
  while (i < v.size() && v[i] >= '0' && v[i] <= '9' && n <= limit) n = n * 10 + (v[i++] - '0');
  if (i == start || n < 1) return 1;
  return std::min(n, limit);
}

const GumboVector& children_of(const GumboNode* n) {
  return n->type == GUMBO_NODE_DOCUMENT ? n->v.document.children : n->v.element.children;
}

bool is_element(const GumboNode* n) { return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE; }

// A table cell: a <td> or <th> element.
bool is_cell(const GumboNode* n) {
  return is_element(n) && (n->v.element.tag == GUMBO_TAG_TD || n->v.element.tag == GUMBO_TAG_TH);
}

// The cells among a row's children.
std::size_t count_cells(const GumboVector& children) {
  std::size_t cells = 0;
  for (unsigned i = 0; i < children.length; ++i) cells += is_cell(static_cast<const GumboNode*>(children.data[i]));
  return cells;
}

bool is_text(const GumboNode* n) {
  return n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA;
}

std::string element_name(const GumboNode* n) {
  const GumboElement& e = n->v.element;
  if (e.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(e.tag);
  GumboStringPiece piece = e.original_tag;
  if (!piece.data || piece.length == 0) return {};
  gumbo_tag_from_original_text(&piece);
  std::string s(piece.data, piece.length);
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

Role role_of(const GumboNode* n, std::string_view name) {
  if (n->v.element.tag_namespace != GUMBO_NAMESPACE_HTML) return Role::Embedded;  // SVG, MathML
  return html::element_role(name);
}

// Reconstructed formatting elements that can wrap the text of a block (HTML's "formatting"
// list, code and tt aside: the model's Code holds no other nodes).
bool is_reopened_formatting(Role role) {
  switch (role) {
    case Role::Emphasis:
    case Role::Strong:
    case Role::Strikethrough:
    case Role::Underline:
    case Role::Phrase:
    case Role::Anchor:
      return true;
    default:
      return false;
  }
}

class Lowering {
 public:
  Lowering(MarkedHtml* doc, int default_line, std::vector<std::string>* categories)
      : doc_(doc), default_line_(default_line), categories_(categories) {}

  // The runs of text the parsed text stands for (see html_text_runs.hpp), until the next piece.
  void use_text_runs(const TextRuns& runs) {
    text_runs_ = runs.empty() ? nullptr : &runs;
    expanded_.clear();
  }

  // Marks the elements that hold blocks (once, before mapping: the mapping asks often).
  void prepare(const GumboNode* root) {
    std::vector<const GumboNode*> work{root};
    while (!work.empty()) {
      const GumboNode* n = work.back();
      work.pop_back();
      if (!is_element(n) && n->type != GUMBO_NODE_DOCUMENT) continue;
      if (n != root && is_element(n) && makes_block(n)) {
        for (const GumboNode* up = n->parent; up && up != root && blocky_.insert(up).second;) up = up->parent;
      }
      if (int i = n != root && is_element(n) ? marker_index(n) : -1; i >= 0 && !written_for(n, i)) {
        const MarkedHtml::Template& t = doc_->templates[static_cast<std::size_t>(i)];
        if (t.complete && t.dummy != std::string::npos) stolen_.emplace(t.dummy, i);
      }
      const GumboVector& kids = children_of(n);
      for (unsigned i = 0; i < kids.length; ++i) work.push_back(static_cast<const GumboNode*>(kids.data[i]));
    }
  }

  void blocks(const GumboNode* parent, Node& out, int depth) {
    const GumboVector& kids = children_of(parent);
    block_range(kids, 0, kids.length, out, depth);
  }

  void inlines(const GumboNode* parent, Node& out, int depth) {
    const GumboVector& kids = children_of(parent);
    for (unsigned i = 0; i < kids.length; ++i) inline_child(static_cast<const GumboNode*>(kids.data[i]), out, depth);
  }

  // --- the document read piece by piece (see lower_html_page) ------------------------------

  // Whether `c` may stay open from one piece of the document to the next (may_stay_open of its
  // name) as an HTML element that the Markdown did not make.
  bool stays_open(const GumboNode* c) const {
    return c->type == GUMBO_NODE_ELEMENT && c->v.element.tag_namespace == GUMBO_NAMESPACE_HTML && marker_of(c) < 0 &&
           may_stay_open(element_name(c));
  }

  bool sentinel_reached(const GumboNode* body, std::vector<const GumboNode*>& spine) const;

  // Names of the elements left open by the pieces so far, outermost first.
  std::vector<std::string> open_names() const {
    std::vector<std::string> out;
    for (const OpenElement& e : open_) out.push_back(e.name);
    return out;
  }

  // About the length of reopening_tags() for a piece that has an end tag of the name of one
  // of them (`all`), or not.
  std::size_t reopening_size(bool all) const {
    std::size_t size = 0;
    for (std::size_t i = all ? 0 : innermost(); i < open_.size(); ++i) size += open_[i].name.size() + 2;
    return size;
  }

  // Start tags that open again, before `piece`, the elements left open by the pieces so far:
  // all of them when the piece is the rest of the document or has an end tag of one of their
  // names, else only the innermost, which holds all that the piece puts in place. (Below the
  // current element, the parser looks only for the name of an end tag, for a <p>, <li>, <dd>
  // or <dt>, or for scope boundaries, none of which a <div> or an unknown element is.)
  std::string reopening_tags(std::string_view piece, bool rest) {
    reopen_from_ = rest || closes_open_element(piece) ? 0 : innermost();
    std::string out;
    for (std::size_t i = reopen_from_; i < open_.size(); ++i) out += "<" + open_[i].name + ">";
    return out;
  }

  // One piece's tree: `body` of kHtmlDocumentStart + reopening_tags() + the piece, and then
  // the sentinel when `spine` is not empty (the elements from the body's last child down to
  // the sentinel), parsed with `runs` of its text replaced (use_text_runs). Nodes of the piece
  // are `shift` bytes before their place in doc_->html. What the piece puts in the elements
  // left open goes into their nodes; the elements it closes are finished; those open around
  // the sentinel stay open.
  void piece(const GumboNode* body, const TextRuns& runs, std::ptrdiff_t shift, const std::vector<const GumboNode*>& spine,
             Node& top) {
    use_text_runs(runs);
    shift_ = shift;
    blocky_.clear();  // the last piece's tree is freed: its nodes' addresses may come again
    stolen_.clear();
    prepare(body);
    reopened_ = open_.size();
    body_ = body;
    resume(body, reopen_from_, true, spine, top);
  }

  // A placed block's node, where its placeholder would have put it.
  void place(const MarkedHtml::Placed& placed, Node& top) {
    MarkedHtml::Template& t = doc_->templates[placed.template_index];
    t.used = true;
    if (t.node->type == NodeType::FootnoteDefinition) footnotes.push_back(std::move(*t.node));
    else (open_.empty() ? top : open_.back().node).children.push_back(std::move(*t.node));
  }

  // The end of the document closes what is still open.
  void close_all(Node& top) {
    while (!open_.empty()) close_innermost(open_.size() == 1 ? top : open_[open_.size() - 2].node);
  }

  std::vector<Node> footnotes;
  // Raw-text elements (name, line) that took Markdown of the page as their text.
  std::vector<std::pair<std::string, int>> swallowed;

 private:
  // Where the parser's `offset` is in doc_->html.
  std::size_t doc_offset(unsigned offset) const {
    std::size_t in_text = text_runs_ ? text_runs_->original_offset(offset) : offset;
    return static_cast<std::size_t>(static_cast<std::ptrdiff_t>(in_text) + shift_);
  }

  // A text, comment or CDATA node's text, its runs put back.
  std::string_view text_of(const GumboNode* n) {
    std::string_view text = n->v.text.text;
    if (!text_runs_) return text;
    std::string buffer;
    std::string_view expanded = text_runs_->expand(text, buffer);
    if (expanded.data() == text.data()) return text;
    return expanded_.emplace_back(std::move(buffer));
  }

  int line_of(const GumboNode* n) const {
    unsigned offset = is_element(n) ? n->v.element.start_pos.offset
                      : n->type == GUMBO_NODE_DOCUMENT ? 0
                                                       : n->v.text.start_pos.offset;
    if (!doc_ || doc_->lines.empty()) return default_line_;
    auto it = std::upper_bound(doc_->lines.begin(), doc_->lines.end(), std::make_pair(doc_offset(offset), INT32_MAX));
    if (it == doc_->lines.begin()) return default_line_;
    return std::prev(it)->second;
  }

  struct OpenElement {
    std::string name;
    Node node;
  };

  // The index of the innermost element left open (0 when none is).
  std::size_t innermost() const { return open_.empty() ? 0 : open_.size() - 1; }

  // Whether `piece` has an end tag with the name of an element left open (read as the
  // parser reads a tag name: to a space, '/' or '>').
  bool closes_open_element(std::string_view piece) const {
    for (std::size_t i = piece.find("</"); i != std::string_view::npos; i = piece.find("</", i + 2)) {
      std::size_t end = piece.find_first_of(" \t\n\f/>", i + 2);
      std::string name = utf8::ascii_lower(piece.substr(i + 2, end == std::string_view::npos ? end : end - i - 2));
      for (const OpenElement& e : open_)
        if (e.name == name) return true;
    }
    return false;
  }

  // `g`: the body (with the elements not opened again, level reopen_from_) or the element of
  // open_[level - 1]; `reopened`: opened again by the piece's text, its first child then being
  // the next one opened again.
  void resume(const GumboNode* g, std::size_t level, bool reopened, const std::vector<const GumboNode*>& spine,
              Node& top) {
    const GumboVector& kids = children_of(g);
    Node& out = level == 0 ? top : open_[level - 1].node;
    unsigned from = 0;
    if (reopened && level < reopened_ && kids.length > 0) {
      const GumboNode* next = static_cast<const GumboNode*>(kids.data[0]);
      resume(next, level + 1, true, spine, top);
      if (std::find(spine.begin(), spine.end(), next) != spine.end()) return;  // still open
      close_innermost(out);
      from = 1;
    }
    bool holds_sentinel = g == body_ ? !spine.empty() : std::find(spine.begin(), spine.end(), g) != spine.end();
    unsigned to = holds_sentinel ? kids.length - 1 : kids.length;  // the last: the sentinel or around it
    if (from < to) block_range(kids, from, to, out, static_cast<int>(level));
    if (!holds_sentinel) return;
    const GumboNode* inner = static_cast<const GumboNode*>(kids.data[kids.length - 1]);
    if (inner == spine.back()) return;  // the sentinel
    std::string name = element_name(inner);
    Node node = element_node(inner, name);
    open_.push_back({std::move(name), std::move(node)});
    resume(inner, level + 1, false, spine, top);
  }

  // The node an element that may stay open (named `name`) makes, without its children.
  Node element_node(const GumboNode* c, const std::string& name) const {
    Node node(c->v.element.tag == GUMBO_TAG_DIV ? NodeType::Div : NodeType::HtmlBlock);
    node.line = line_of(c);
    if (node.type == NodeType::HtmlBlock) node.info = name;
    node.attrs = attributes(c);
    return node;
  }

  void close_innermost(Node& out) {
    Node node = std::move(open_.back().node);
    open_.pop_back();
    if (node.type == NodeType::Div) finish_div(std::move(node), out);
    else finish_element_block(std::move(node), Role::Unknown, out);
  }

  // The template an element's marker names, or -1: when it has none, and when the element is
  // not the one written for the template (raw HTML before a placeholder that ended inside a
  // tag took the placeholder's start tag for attributes: see place_stolen).
  int marker_of(const GumboNode* n) const {
    int i = marker_index(n);
    return i >= 0 && written_for(n, i) ? i : -1;
  }

  // Whether `n` is the element written for template `i`.
  bool written_for(const GumboNode* n, int i) const {
    std::string_view written = doc_->templates[static_cast<std::size_t>(i)].element;
    return written.empty() ||
           (n->v.element.tag != GUMBO_TAG_UNKNOWN && written == gumbo_normalized_tagname(n->v.element.tag));
  }

  int marker_index(const GumboNode* n) const {
    if (!doc_ || doc_->marker.empty()) return -1;
    const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, doc_->marker.c_str());
    if (!a) return -1;
    char* end = nullptr;
    long i = std::strtol(a->value, &end, 10);
    if (end == a->value || *end || i < 0 || static_cast<std::size_t>(i) >= doc_->templates.size()) return -1;
    return static_cast<int>(i);
  }

  // A placeholder's start tag taken by the tag before it leaves the placeholder's character
  // where a browser shows the block's text: the template of the character that starts text
  // node `c`, or -1.
  int stolen_at(const GumboNode* c, std::string_view text) const {
    if (stolen_.empty() || c->type != GUMBO_NODE_TEXT || text.empty() || text[0] != 'x') return -1;
    auto it = stolen_.find(doc_offset(c->v.text.start_pos.offset));
    return it == stolen_.end() ? -1 : it->second;
  }

  // The stolen placeholder's block in block context (an item in a list of its own, a cell's
  // content as a line), or as inline content.
  void place_stolen(int index, Node& out, bool block_context) {
    MarkedHtml::Template& t = doc_->templates[static_cast<std::size_t>(index)];
    if (t.used) return;
    t.used = true;
    Node node = std::move(*t.node);
    if (node.type == NodeType::FootnoteDefinition) {
      footnotes.push_back(std::move(node));
      return;
    }
    if (block_context && node.type != NodeType::ListItem && node.type != NodeType::TableCell) {
      out.children.push_back(std::move(node));
      return;
    }
    if (block_context && node.type == NodeType::ListItem) {
      Node list(NodeType::BulletList);
      list.line = node.line;
      list.append(std::move(node));
      out.append(std::move(list));
      return;
    }
    Node holder(NodeType::Document);
    holder.append(std::move(node));
    if (!block_context) {
      flatten(holder, out);
      return;
    }
    Node plain(NodeType::Plain);
    plain.line = holder.children[0].line;
    flatten(holder, plain);
    finish_inline_block(std::move(plain), out);
  }

  Attributes attributes(const GumboNode* n) const {
    Attributes out;
    const GumboVector& v = n->v.element.attributes;
    for (unsigned i = 0; i < v.length; ++i) {
      const auto* a = static_cast<const GumboAttribute*>(v.data[i]);
      if (doc_ && doc_->marker == a->name) continue;
      out.emplace_back(a->name, a->value);
    }
    return out;
  }

  bool makes_block(const GumboNode* n) const {
    int m = marker_of(n);
    if (m >= 0) return is_block(doc_->templates[static_cast<std::size_t>(m)].node->type);
    return html::is_block_role(role_of(n, element_name(n)));
  }

  bool holds_blocks(const GumboNode* n) const { return blocky_.count(n) != 0; }

  // Text a browser shows of a subtree, line breaks as '\n' (code blocks, raw-text elements).
  std::string text_content(const GumboNode* root) {
    std::string out;
    std::vector<const GumboNode*> work{root};
    while (!work.empty()) {
      const GumboNode* n = work.back();
      work.pop_back();
      if (is_text(n)) {
        out += text_of(n);
      } else if (is_element(n)) {
        if (n != root && n->v.element.tag == GUMBO_TAG_BR) {
          out += '\n';
          continue;
        }
        // Script, style, template: not text a reader sees.
        if (n != root && n->v.element.tag_namespace == GUMBO_NAMESPACE_HTML &&
            html::element_role(element_name(n)) == Role::Hidden)
          continue;
        const GumboVector& kids = n->v.element.children;
        for (unsigned i = kids.length; i-- > 0;) work.push_back(static_cast<const GumboNode*>(kids.data[i]));
      }
    }
    return out;
  }

  // --- block context ---------------------------------------------------------------------

  void block_range(const GumboVector& kids, unsigned from, unsigned to, Node& out, int depth) {
    constexpr std::size_t kNone = static_cast<std::size_t>(-1);
    std::size_t run = kNone;  // index of the Plain being filled in out.children
    auto run_node = [&]() -> Node& {
      if (run == kNone) {
        out.children.emplace_back(NodeType::Plain);
        run = out.children.size() - 1;
      }
      return out.children[run];
    };
    auto flush = [&] {
      if (run == kNone) return;
      Node plain = std::move(out.children[run]);
      out.children.erase(out.children.begin() + static_cast<std::ptrdiff_t>(run));
      run = kNone;
      finish_inline_block(std::move(plain), out);
    };
    for (unsigned i = from; i < to; ++i) {
      const GumboNode* c = static_cast<const GumboNode*>(kids.data[i]);
      switch (c->type) {
        case GUMBO_NODE_WHITESPACE:
          if (run != kNone) rules::append_text(run_node(), text_of(c), line_of(c));
          break;
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_CDATA: {
          std::string_view text = text_of(c);
          if (int stolen = stolen_at(c, text); stolen >= 0) {
            flush();
            place_stolen(stolen, out, true);
            text.remove_prefix(1);
            if (text.empty()) break;
          }
          Node& plain = run_node();
          if (plain.line == 0) plain.line = line_of(c);
          rules::append_text(plain, text, line_of(c));
          break;
        }
        case GUMBO_NODE_COMMENT:
          if (run != kNone) run_node().append(comment(c, NodeType::CommentInline));
          else out.append(comment(c, NodeType::CommentBlock));
          break;
        case GUMBO_NODE_ELEMENT:
        case GUMBO_NODE_TEMPLATE: {
          if (depth >= kMaxDepth) {
            rules::append_text(run_node(), text_content(c), line_of(c));
            break;
          }
          if (makes_block(c)) {
            flush();
            block(c, out, depth + 1);
          } else if (holds_blocks(c)) {
            flush();
            lift(c, out, depth + 1);
          } else {
            Node& plain = run_node();
            if (plain.line == 0) plain.line = line_of(c);
            inline_child(c, plain, depth);
          }
          break;
        }
        default:
          break;
      }
    }
    flush();
  }

  // A Paragraph or Plain whose inlines are complete: trimmed, dropped when empty, taken as the
  // page's categories when it is only category links; only comments become block comments.
  void finish_inline_block(Node&& block, Node& out) {
    rules::trim_inlines(block);
    if (block.children.empty()) return;
    if (categories_ && rules::take_categories(block, *categories_, category_links_)) return;
    bool only_comments = true;
    for (const Node& c : block.children) only_comments &= c.type == NodeType::CommentInline;
    if (only_comments) {
      for (Node& c : block.children) {
        c.type = NodeType::CommentBlock;
        out.children.push_back(std::move(c));
      }
      return;
    }
    out.children.push_back(std::move(block));
  }

  Node comment(const GumboNode* c, NodeType type) {
    Node n(type, std::string(text_of(c)));
    n.line = line_of(c);
    return n;
  }

  void block(const GumboNode* c, Node& out, int depth) {
    int m = marker_of(c);
    if (m >= 0) {
      template_block(c, doc_->templates[static_cast<std::size_t>(m)], out, depth);
      return;
    }
    std::string name = element_name(c);
    Role role = role_of(c, name);
    int line = line_of(c);
    Attributes attrs = attributes(c);
    switch (role) {
      case Role::Paragraph: {
        Node p(NodeType::Paragraph);
        p.line = line;
        p.attrs = std::move(attrs);
        inlines(c, p, depth);
        finish_inline_block(std::move(p), out);
        return;
      }
      case Role::Heading: {
        Node h(NodeType::Heading);
        h.line = line;
        h.level = name[1] - '0';
        h.attrs = std::move(attrs);
        inlines(c, h, depth);
        rules::trim_inlines(h);
        out.append(std::move(h));
        return;
      }
      case Role::Preformatted:
        out.append(code_block(c, attrs, line));
        return;
      case Role::BlockQuote: {
        Node q(NodeType::BlockQuote);
        q.line = line;
        q.attrs = std::move(attrs);
        blocks(c, q, depth);
        out.append(std::move(q));
        return;
      }
      case Role::List: {
        Node list(name == "ol" ? NodeType::OrderedList : NodeType::BulletList);
        list.line = line;
        if (list.type == NodeType::OrderedList && has_attr(attrs, "start"))
          list.start = static_cast<int>(std::strtol(std::string(attr(attrs, "start")).c_str(), nullptr, 10));
        list.attrs = without(attrs, {"start"});
        list_items(c, list, false, depth);
        out.append(std::move(list));
        return;
      }
      case Role::ListItem: {  // an <li> outside a list still shows a bullet
        Node list(NodeType::BulletList);
        list.line = line;
        list_item_from_element(c, list, depth);
        out.append(std::move(list));
        return;
      }
      case Role::DefinitionList: {
        Node dl(NodeType::DefinitionList);
        dl.line = line;
        dl.attrs = std::move(attrs);
        definition_entries(c, dl, depth);
        if (!dl.children.empty()) out.append(std::move(dl));
        return;
      }
      case Role::Term:
      case Role::Definition: {
        Node dl(NodeType::DefinitionList);
        dl.line = line;
        definition_entry(c, role, dl, depth);
        out.append(std::move(dl));
        return;
      }
      case Role::Table:
        table(c, nullptr, out, depth);
        return;
      case Role::TableColumns:
        return;
      case Role::Figure: {
        Node f(NodeType::Figure);
        f.line = line;
        f.attrs = std::move(attrs);
        blocks(c, f, depth);
        if (!f.children.empty()) out.append(std::move(f));
        return;
      }
      case Role::FigureCaption:
        if (out.type == NodeType::Figure && !has_caption(out)) {
          out.append(caption(c, line, depth));
          return;
        }
        break;
      case Role::Rule: {
        Node hr(NodeType::ThematicBreak);
        hr.line = line;
        out.append(std::move(hr));
        return;
      }
      default:
        break;
    }
    // Division, and table parts or captions out of place: a Div that keeps the element's name.
    Node div(NodeType::Div);
    div.line = line;
    div.info = name == "div" ? "" : name;
    div.attrs = std::move(attrs);
    blocks(c, div, depth);
    finish_div(std::move(div), out);
  }

  // A Div with its children.
  static void finish_div(Node&& div, Node& out) {
    // pandoc wraps highlighted code in <div class="sourceCode">: the code block is the block.
    if (div.info.empty() && has_class(div.attr("class"), "sourceCode") && div.children.size() == 1 &&
        div.children[0].type == NodeType::CodeBlock) {
      out.append(std::move(div.children[0]));
      return;
    }
    if (div.children.empty() && div.attr("id").empty()) return;
    out.append(std::move(div));
  }

  // An element the model has no node for (HtmlBlock), with its children.
  static void finish_element_block(Node&& el, Role role, Node& out) {
    if (!el.children.empty() || role != Role::Unknown) out.append(std::move(el));
  }

  static bool has_caption(const Node& n) {
    for (const Node& c : n.children)
      if (c.type == NodeType::Caption) return true;
    return false;
  }

  Node caption(const GumboNode* c, int line, int depth) {
    Node cap(NodeType::Caption);
    cap.line = line;
    flow(c, cap, depth);
    return cap;
  }

  // Content that may be inlines or blocks (cells, captions): inlines when it holds no block.
  void flow(const GumboNode* c, Node& into, int depth) {
    if (holds_blocks(c)) {
      blocks(c, into, depth);
    } else {
      inlines(c, into, depth);
      rules::trim_inlines(into);
    }
  }

  // An inline element that holds blocks: unknown elements stay elements around their blocks;
  // formatting and links wrap the text of each block.
  void lift(const GumboNode* c, Node& out, int depth) {
    std::string name = element_name(c);
    Role role = role_of(c, name);
    int line = line_of(c);
    Node wrapper;
    if (role != Role::Unknown && role != Role::Hidden && role != Role::Embedded &&
        inline_element_node(name, attributes(c), line, wrapper) && is_container(wrapper.type)) {
      Node holder(NodeType::Document);
      blocks(c, holder, depth);
      std::vector<Node> chain{std::move(wrapper)};
      for (Node& b : holder.children) rules::apply_formatting(b, chain);
      // The blocks move up as one list: an element left open around a huge page's rest would
      // have every block moved, and the list held twice, at each level.
      if (out.children.empty()) out.children = std::move(holder.children);
      else out.children.insert(out.children.end(), std::make_move_iterator(holder.children.begin()),
                               std::make_move_iterator(holder.children.end()));
      return;
    }
    if (role == Role::Hidden) {
      out.append(raw_element(c, name, NodeType::HtmlBlock, depth));
      return;
    }
    Node el(NodeType::HtmlBlock);
    el.line = line;
    el.info = name;
    el.attrs = attributes(c);
    blocks(c, el, depth);
    finish_element_block(std::move(el), role, out);
  }

  // --- templates (elements the Markdown made) ---------------------------------------------

  void template_block(const GumboNode* c, MarkedHtml::Template& t, Node& out, int depth) {
    if (t.complete) {
      if (t.used) return;  // an element the parser cloned: the node is placed once
      t.used = true;
      Node node = std::move(*t.node);
      rules::apply_formatting(node, reopened_chain(c));
      if (node.type == NodeType::FootnoteDefinition) footnotes.push_back(std::move(node));
      else out.children.push_back(std::move(node));
      return;
    }
    Node node = *t.node;  // fields only
    switch (node.type) {
      case NodeType::Paragraph:
        inlines(c, node, depth);
        finish_inline_block(std::move(node), out);
        return;
      case NodeType::Heading:
        inlines(c, node, depth);
        rules::trim_inlines(node);
        out.append(std::move(node));
        return;
      case NodeType::Table:
        table(c, &node, out, depth);
        return;
      case NodeType::BulletList:
      case NodeType::OrderedList:
        list_items(c, node, true, depth);
        out.append(std::move(node));
        return;
      case NodeType::ListItem: {
        Node list(NodeType::BulletList);
        list.line = node.line;
        blocks(c, node, depth);
        list.append(std::move(node));
        out.append(std::move(list));
        return;
      }
      case NodeType::FootnoteDefinition:
        blocks(c, node, depth);
        footnotes.push_back(std::move(node));
        return;
      default:
        blocks(c, node, depth);
        out.append(std::move(node));
        return;
    }
  }

  // The formatting elements the parser re-opened around a placeholder's text (an unclosed <b>
  // before a Markdown paragraph makes the paragraph bold in a browser).
  std::vector<Node> reopened_chain(const GumboNode* c) {
    std::vector<Node> chain;
    const GumboNode* cur = c;
    while (true) {
      const GumboNode* only = nullptr;
      const GumboVector& kids = children_of(cur);
      for (unsigned i = 0; i < kids.length; ++i) {
        const GumboNode* k = static_cast<const GumboNode*>(kids.data[i]);
        if (k->type == GUMBO_NODE_WHITESPACE || k->type == GUMBO_NODE_COMMENT) continue;
        if (only) return chain;
        only = k;
      }
      if (!only || !is_element(only) || marker_of(only) >= 0) return chain;
      std::string name = element_name(only);
      Node wrapper;
      if (!is_reopened_formatting(role_of(only, name)) ||
          !inline_element_node(name, attributes(only), line_of(only), wrapper))
        return chain;
      chain.push_back(std::move(wrapper));
      cur = only;
    }
  }

  // --- lists ---------------------------------------------------------------------------

  void list_items(const GumboNode* c, Node& list, bool from_markdown, int depth) {
    const GumboVector& kids = children_of(c);
    bool loose = false;
    unsigned i = 0;
    while (i < kids.length) {
      const GumboNode* k = static_cast<const GumboNode*>(kids.data[i]);
      if (is_element(k) && is_list_item(k)) {
        loose |= list_item(k, list, depth);
        ++i;
        continue;
      }
      if (k->type == GUMBO_NODE_WHITESPACE) {
        ++i;
        continue;
      }
      // Content between items (text, other elements): a browser shows it where it is; it joins
      // the item before it.
      unsigned end = i;
      while (end < kids.length) {
        const GumboNode* e = static_cast<const GumboNode*>(kids.data[end]);
        if (is_element(e) && is_list_item(e)) break;
        ++end;
      }
      if (list.children.empty()) {
        Node& item = list.append(Node(NodeType::ListItem));
        item.line = line_of(k);
      }
      Node& item = list.children.back();
      block_range(kids, i, end, item, depth);
      paragraphs_in_item(item);
      i = end;
    }
    if (!from_markdown) list.tight = !loose;
  }

  bool is_list_item(const GumboNode* n) const {
    int m = marker_of(n);
    if (m >= 0) return doc_->templates[static_cast<std::size_t>(m)].node->type == NodeType::ListItem;
    return n->v.element.tag == GUMBO_TAG_LI;
  }

  // Appends the item `k` to `list`; true when the item's text is in explicit paragraphs (a
  // loose list).
  bool list_item(const GumboNode* k, Node& list, int depth) {
    int m = marker_of(k);
    if (m >= 0) {
      MarkedHtml::Template& t = doc_->templates[static_cast<std::size_t>(m)];
      if (t.complete) {
        if (!t.used) {
          t.used = true;
          Node item = std::move(*t.node);
          rules::apply_formatting(item, reopened_chain(k));
          list.append(std::move(item));
        }
        return false;
      }
      Node item = *t.node;
      blocks(k, item, depth);
      paragraphs_in_item(item);
      list.append(std::move(item));
      return false;
    }
    return list_item_from_element(k, list, depth);
  }

  bool list_item_from_element(const GumboNode* k, Node& list, int depth) {
    Node item(NodeType::ListItem);
    item.line = line_of(k);
    item.attrs = without(attributes(k), {"value"});
    blocks(k, item, depth);
    bool loose = false;
    for (const Node& b : item.children) loose |= b.type == NodeType::Paragraph;
    paragraphs_in_item(item);
    list.append(std::move(item));
    return loose;
  }

  // A list item's loose text is a paragraph, as Markdown's tight items hold it.
  static void paragraphs_in_item(Node& item) {
    for (Node& b : item.children)
      if (b.type == NodeType::Plain) b.type = NodeType::Paragraph;
  }

  // --- definition lists -----------------------------------------------------------------

  void definition_entries(const GumboNode* c, Node& dl, int depth) {
    const GumboVector& kids = children_of(c);
    unsigned i = 0;
    while (i < kids.length) {
      const GumboNode* k = static_cast<const GumboNode*>(kids.data[i]);
      if (is_element(k)) {
        std::string name = element_name(k);
        Role role = role_of(k, name);
        if (role == Role::Term || role == Role::Definition) {
          definition_entry(k, role, dl, depth);
          ++i;
          continue;
        }
        if (name == "div" && marker_of(k) < 0) {  // HTML allows <div> groups in <dl>
          definition_entries(k, dl, depth);
          ++i;
          continue;
        }
      } else if (k->type == GUMBO_NODE_WHITESPACE || k->type == GUMBO_NODE_COMMENT) {
        ++i;
        continue;
      }
      unsigned end = i + 1;
      while (end < kids.length && !is_element(static_cast<const GumboNode*>(kids.data[end]))) ++end;
      Node details(NodeType::DefinitionDetails);
      details.line = line_of(k);
      block_range(kids, i, end, details, depth);
      if (!details.children.empty()) dl.append(std::move(details));
      i = end;
    }
  }

  void definition_entry(const GumboNode* k, Role role, Node& dl, int depth) {
    if (role == Role::Term) {
      Node term(NodeType::DefinitionTerm);
      term.line = line_of(k);
      term.attrs = attributes(k);
      if (holds_blocks(k)) {
        Node holder(NodeType::Document);
        blocks(k, holder, depth);
        flatten(holder, term);
      } else {
        inlines(k, term, depth);
      }
      rules::trim_inlines(term);
      dl.append(std::move(term));
      return;
    }
    Node details(NodeType::DefinitionDetails);
    details.line = line_of(k);
    details.attrs = attributes(k);
    blocks(k, details, depth);
    dl.append(std::move(details));
  }

  // --- tables --------------------------------------------------------------------------

  void table(const GumboNode* c, const Node* from_markdown, Node& out, int depth) {
    Node t = from_markdown ? *from_markdown : Node(NodeType::Table);
    if (!from_markdown) {
      t.line = line_of(c);
      t.attrs = attributes(c);
    }
    struct Row {
      const GumboNode* tr;
      bool head;
    };
    std::vector<Row> rows;
    Node cap;
    const GumboVector& kids = children_of(c);
    for (unsigned i = 0; i < kids.length; ++i) {
      const GumboNode* k = static_cast<const GumboNode*>(kids.data[i]);
      if (!is_element(k)) continue;
      GumboTag tag = k->v.element.tag;
      if (tag == GUMBO_TAG_CAPTION) {
        if (cap.type != NodeType::Caption) cap = caption(k, line_of(k), depth);
      } else if (tag == GUMBO_TAG_THEAD || tag == GUMBO_TAG_TBODY || tag == GUMBO_TAG_TFOOT) {
        const GumboVector& section = k->v.element.children;
        for (unsigned j = 0; j < section.length; ++j) {
          const GumboNode* r = static_cast<const GumboNode*>(section.data[j]);
          if (is_element(r) && r->v.element.tag == GUMBO_TAG_TR) rows.push_back({r, tag == GUMBO_TAG_THEAD});
        }
      } else if (tag == GUMBO_TAG_TR) {
        rows.push_back({k, false});
      }
    }
    // Header rows come first in the model, as a browser draws <thead> first.
    std::stable_partition(rows.begin(), rows.end(), [](const Row& r) { return r.head; });
    bool any_head = !rows.empty() && rows.front().head;
    if (cap.type == NodeType::Caption && !cap.children.empty()) t.append(std::move(cap));
    bool leading_th = !from_markdown && !any_head;  // <th> rows that open a table are its head
    t.children.reserve(t.children.size() + rows.size());
    for (const Row& r : rows) {
      Node row(NodeType::TableRow);
      int m = marker_of(r.tr);
      if (m >= 0) row = *doc_->templates[static_cast<std::size_t>(m)].node;
      else row.line = line_of(r.tr);
      if (!from_markdown) {
        row.header = r.head;
        if (r.head) row.info = "thead";  // a head of its own, not <th> cells leading the body
        row.attrs = attributes(r.tr);  // pandoc's class="odd"/"even"/"header", kept for the gfm writer
      }
      bool all_th = true;
      const GumboVector& cells = r.tr->v.element.children;
      row.children.reserve(row.children.size() + count_cells(cells));
      for (unsigned j = 0; j < cells.length; ++j) {
        const GumboNode* cell = static_cast<const GumboNode*>(cells.data[j]);
        if (!is_cell(cell)) continue;
        all_th &= cell->v.element.tag == GUMBO_TAG_TH;
        row.append(table_cell(cell, depth));
      }
      if (leading_th) {
        leading_th = all_th && !row.children.empty();
        row.header = leading_th;
      }
      t.append(std::move(row));
    }
    if (!from_markdown) t.aligns.assign(grid_columns(t), Alignment::None);
    out.append(std::move(t));
  }

  Node table_cell(const GumboNode* cell, int depth) {
    int m = marker_of(cell);
    if (m >= 0) {
      MarkedHtml::Template& t = doc_->templates[static_cast<std::size_t>(m)];
      if (t.complete) {
        if (t.used) return Node(NodeType::TableCell);
        t.used = true;
        return std::move(*t.node);
      }
      Node n = *t.node;
      flow(cell, n, depth);
      return n;
    }
    Node n(NodeType::TableCell);
    n.line = line_of(cell);
    n.header = cell->v.element.tag == GUMBO_TAG_TH;
    Attributes attrs = attributes(cell);
    n.attrs = without(attrs, {"colspan", "rowspan", "align"});
    long colspan = span_value(attr(attrs, "colspan"), 1000);
    long rowspan = span_value(attr(attrs, "rowspan"), 65534);
    if (colspan > 1) n.attrs.emplace_back("colspan", std::to_string(colspan));
    if (rowspan > 1) n.attrs.emplace_back("rowspan", std::to_string(rowspan));
    std::string align = cell_alignment(attrs);
    if (!align.empty()) n.attrs.emplace_back("align", align);
    flow(cell, n, depth);
    return n;
  }

  // Columns of the table's grid, spans counted as a browser places cells.
  static std::size_t grid_columns(const Node& table) {
    std::vector<long> busy;  // rows still covered, per column, by a cell above
    std::size_t columns = 0;
    for (const Node& row : table.children) {
      if (row.type != NodeType::TableRow) continue;
      std::size_t col = 0;
      for (const Node& cell : row.children) {
        while (col < busy.size() && busy[col] > 0) ++col;
        long colspan = span_value(cell.attr("colspan"), 1000);
        long rowspan = span_value(cell.attr("rowspan"), 65534);
        if (busy.size() < col + static_cast<std::size_t>(colspan)) busy.resize(col + static_cast<std::size_t>(colspan), 0);
        for (long k = 0; k < colspan; ++k) busy[col + static_cast<std::size_t>(k)] = rowspan;
        col += static_cast<std::size_t>(colspan);
      }
      columns = std::max(columns, std::max(col, busy.size()));
      for (long& b : busy)
        if (b > 0) --b;
    }
    return columns;
  }

  // --- code ----------------------------------------------------------------------------

  Node code_block(const GumboNode* c, const Attributes& attrs, int line) {
    Node code(NodeType::CodeBlock);
    code.line = line;
    code.text = text_content(c);
    if (!code.text.empty() && code.text.back() != '\n') code.text += '\n';
    code.info = code_language(attrs);
    // pandoc: <pre class="sourceCode nix"><code class="sourceCode nix">; cmark: <code class="language-x">
    const GumboVector& kids = c->v.element.children;
    for (unsigned i = 0; code.info.empty() && i < kids.length; ++i) {
      const GumboNode* k = static_cast<const GumboNode*>(kids.data[i]);
      if (is_element(k) && k->v.element.tag == GUMBO_TAG_CODE) code.info = code_language(attributes(k));
    }
    return code;
  }

  static std::string code_language(const Attributes& attrs) {
    std::string_view lang = attr(attrs, "lang");
    if (!lang.empty() && lang.find(' ') == std::string_view::npos) return std::string(lang);
    std::string_view classes = attr(attrs, "class");
    std::size_t pos = 0;
    while (pos < classes.size()) {
      std::size_t end = classes.find_first_of(" \t\n", pos);
      if (end == std::string_view::npos) end = classes.size();
      std::string_view cls = classes.substr(pos, end - pos);
      pos = end + 1;
      if (cls.empty() || cls == "sourceCode" || cls == "numberSource" || cls == "numberLines" || cls == "hljs")
        continue;
      if (cls.substr(0, 9) == "language-") cls.remove_prefix(9);
      else if (cls.substr(0, 5) == "lang-") cls.remove_prefix(5);
      return std::string(cls);
    }
    return {};
  }

  // --- inline context ------------------------------------------------------------------

  void inline_child(const GumboNode* c, Node& out, int depth) {
    switch (c->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA: {
        std::string_view text = text_of(c);
        if (int stolen = stolen_at(c, text); stolen >= 0) {
          place_stolen(stolen, out, false);
          text.remove_prefix(1);
        }
        rules::append_text(out, text, line_of(c));
        return;
      }
      case GUMBO_NODE_COMMENT:
        out.append(comment(c, NodeType::CommentInline));
        return;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE:
        if (depth >= kMaxDepth) rules::append_text(out, text_content(c), line_of(c));
        else inline_element(c, out, depth + 1);
        return;
      default:
        return;
    }
  }

  void inline_element(const GumboNode* c, Node& out, int depth) {
    int m = marker_of(c);
    if (m >= 0) {
      MarkedHtml::Template& t = doc_->templates[static_cast<std::size_t>(m)];
      if (is_block(t.node->type)) {
        flatten_element(c, out, depth);
        return;
      }
      if (t.complete) {  // code, images, notes, breaks, autolinks: leaves of the Markdown
        if (t.used) return;
        t.used = true;
        // An autolink inside a link (a wikilink labelled with its URL, pandoc's
        // [<https://x>](https://y)) stays a link in the link, as cmark-gfm's tree has it: writers
        // show its label, the gfm writer writes it back as an autolink.
        out.children.push_back(std::move(*t.node));
        return;
      }
      Node n = *t.node;
      inlines(c, n, depth);
      rules::finish_inline(n);
      rules::append_inline(out, std::move(n));
      return;
    }
    std::string name = element_name(c);
    Role role = role_of(c, name);
    if (html::is_block_role(role)) {
      flatten_element(c, out, depth);
      return;
    }
    switch (role) {
      case Role::WordBreak:
        return;
      case Role::Hidden:
        out.append(raw_element(c, name, NodeType::HtmlInline, depth));
        return;
      case Role::Embedded:
        out.append(raw_element(c, name, NodeType::HtmlInline, depth));
        return;
      case Role::Unknown: {
        Node el(NodeType::HtmlInline);
        el.line = line_of(c);
        el.info = name;
        el.attrs = attributes(c);
        inlines(c, el, depth);
        rules::append_inline(out, std::move(el));
        return;
      }
      case Role::Code: {
        Node code;
        inline_element_node(name, attributes(c), line_of(c), code);
        code.text = text_content(c);
        for (char& ch : code.text)
          if (ch == '\n') ch = ' ';
        if (!code.text.empty()) out.append(std::move(code));
        return;
      }
      default:
        break;
    }
    Node n;
    if (!inline_element_node(name, attributes(c), line_of(c), n)) {
      inlines(c, out, depth);
      return;
    }
    if (is_container(n.type)) inlines(c, n, depth);
    rules::finish_inline(n);
    rules::append_inline(out, std::move(n));
  }


  // Script, style, iframe, video...: the element with its attributes; raw-text elements keep
  // their text, others their (fallback) children.
  Node raw_element(const GumboNode* c, const std::string& name, NodeType type, int depth) {
    Node el(type);
    el.line = line_of(c);
    el.info = name;
    el.attrs = attributes(c);
    bool foreign = c->v.element.tag_namespace != GUMBO_NAMESPACE_HTML || name == "svg" || name == "math";
    if (html::is_raw_text_element(name) || html::element_role(name) == Role::Hidden) {
      el.text = text_content(c);
      // Markdown after the start tag became the element's text (it holds Markdown, or is never
      // closed and took the rest of the page).
      if (doc_ && !doc_->marker.empty() && el.text.find(doc_->marker) != std::string::npos) {
        strip_markers(el.text);
        swallowed.emplace_back(name, el.line);
      }
    } else if (!foreign) {
      if (type == NodeType::HtmlBlock) blocks(c, el, depth);
      else inlines(c, el, depth);
    }
    return el;
  }

  // Markdown the parser read as an element's text shows as cmark-gfm writes it: without the
  // markers.
  void strip_markers(std::string& text) const {
    std::string attribute = " " + doc_->marker + "=\"";
    std::size_t pos = 0;
    while ((pos = text.find(attribute, pos)) != std::string::npos) {
      std::size_t end = text.find('"', pos + attribute.size());
      if (end == std::string::npos) break;
      text.erase(pos, end + 1 - pos);
    }
  }

  // A block inside inline content shows as a line of its own.
  void flatten_element(const GumboNode* c, Node& out, int depth) {
    Node holder(NodeType::Document);
    block(c, holder, depth);
    if (holder.children.empty()) return;
    if (!out.children.empty() && out.children.back().type != NodeType::LineBreak) out.append(Node(NodeType::LineBreak));
    flatten(holder, out);
  }

  // The inline content of every block in `holder`, each block's ending in a line break.
  static void flatten(Node& holder, Node& out) {
    std::vector<Node*> work;
    for (auto it = holder.children.rbegin(); it != holder.children.rend(); ++it) work.push_back(&*it);
    while (!work.empty()) {
      Node* b = work.back();
      work.pop_back();
      if (rules::is_inline_container(*b)) {
        for (Node& c : b->children) out.children.push_back(std::move(c));
        out.append(Node(NodeType::LineBreak));
      } else if (b->type == NodeType::CodeBlock) {
        std::string_view code = b->text;
        while (!code.empty()) {
          std::size_t nl = code.find('\n');
          Node line(NodeType::Code, std::string(code.substr(0, nl)));
          if (!line.text.empty()) out.append(std::move(line));
          out.append(Node(NodeType::LineBreak));
          if (nl == std::string_view::npos) break;
          code.remove_prefix(nl + 1);
        }
      } else if (b->type == NodeType::ThematicBreak) {
        out.append(Node(NodeType::LineBreak));
      } else if (b->type == NodeType::CommentBlock) {
        out.append(Node(NodeType::CommentInline, b->text));
      } else {
        for (auto it = b->children.rbegin(); it != b->children.rend(); ++it) work.push_back(&*it);
      }
    }
  }

  MarkedHtml* doc_;
  int default_line_;
  std::vector<std::string>* categories_;

 public:
  std::vector<Node>* category_links_ = nullptr;  // where category links go as written

 private:
  std::unordered_set<const GumboNode*> blocky_;
  std::unordered_map<std::size_t, int> stolen_;  // placeholder characters (see stolen_at) and their templates
  std::ptrdiff_t shift_ = 0;  // see piece()
  const TextRuns* text_runs_ = nullptr;  // see use_text_runs()
  std::deque<std::string> expanded_;     // texts with their runs put back (text_of)
  // Elements open from one piece to the next, outermost first (a deque: resume() holds a node
  // of one while others are added).
  std::deque<OpenElement> open_;
  std::size_t reopened_ = 0;       // how many were open when the piece being read started
  std::size_t reopen_from_ = 0;    // the first of those that the piece's text opened again
  const GumboNode* body_ = nullptr;
};

void* arena_gumbo_alloc(void*, std::size_t size) { return thread_arena().allocate(size, false); }
void arena_gumbo_free(void*, void*) {}

// gumbo 0.10 reads a numeric character reference into an int that overflows: "&#x99999999"
// gives the lone byte 0x99 (not UTF-8), "&#x80000041" an "A". A browser shows U+FFFD for any
// value past U+10FFFF, as gumbo does for "&#x110000": each such reference's digits become
// those, zero-padded to their length (gumbo's offsets give the nodes' lines). Returns whether
// there was one (then `out` holds the text to parse).
bool defuse_overflowing_references(std::string_view html, std::string& out) {
  std::size_t from = 0;
  for (std::size_t i = html.find("&#"); i != std::string_view::npos; i = html.find("&#", i + 2)) {
    auto [digits, d, value] = numeric_reference(html, i);
    if (value <= 0x10FFFF) continue;
    bool hex = digits > i + 2;
    out.append(html.substr(from, digits - from));
    std::string_view past = hex ? "110000" : "1114112";  // no value this big has fewer digits
    out.append(d - digits - std::min(d - digits, past.size()), '0');
    out += past;
    from = d;
  }
  if (from == 0) return false;
  out.append(html.substr(from));
  return true;
}

thread_local HtmlPieces pieces_mode = HtmlPieces::Split;

// gumbo's tree for `html`: in the thread's arena when a read holds it, dropped with the holder
// (the arena rewound: the trees of a page's pieces take the same memory in turn), else owned
// by the holder.
class ParsedHtml {
 public:
  explicit ParsedHtml(std::string_view html) {
    if (defuse_overflowing_references(html, defused_)) html = defused_;  // gumbo points into it
    const std::size_t given = html.size();
    if (html_text_runs() && text_runs_.compact(html, compacted_)) html = compacted_;
    options_ = kGumboDefaultOptions;
    options_.max_errors = 0;  // errors are not read: do not collect them
    in_arena_ = ArenaUse::active();
    if (in_arena_) {
      arena_mark_ = thread_arena().mark();
      options_.allocator = arena_gumbo_alloc;
      options_.deallocator = arena_gumbo_free;
    }
    output_ = gumbo_parse_with_options(&options_, html.data(), html.size());
    HtmlParserUse& use = html_parser_use();
    ++use.texts;
    use.bytes += given;
  }
  ~ParsedHtml() {
    if (in_arena_) thread_arena().rewind(arena_mark_);
    else gumbo_destroy_output(&options_, output_);  // depth is bounded by the caller
  }
  ParsedHtml(const ParsedHtml&) = delete;
  ParsedHtml& operator=(const ParsedHtml&) = delete;

  const GumboNode* body() const {
    const GumboNode* root = output_->root;
    const GumboVector& kids = root->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i) {
      const GumboNode* k = static_cast<const GumboNode*>(kids.data[i]);
      if (k->type == GUMBO_NODE_ELEMENT && k->v.element.tag == GUMBO_TAG_BODY) return k;
    }
    return root;
  }
  const TextRuns& text_runs() const { return text_runs_; }

 private:
  std::string defused_, compacted_;
  TextRuns text_runs_;
  GumboOptions options_;
  GumboOutput* output_ = nullptr;
  bool in_arena_ = false;
  Arena::Mark arena_mark_{};
};

}  // namespace

bool inline_element_node(std::string_view name, const Attributes& attrs, int line, Node& out) {
  // Fills `out` in place: this runs for every raw tag of a page, and a Node is large.
  Role role = html::element_role(name);
  switch (role) {
    // The element's own name when it is not the model's usual one (<b> for Strong): a writer
    // of HTML or Markdown writes it back as it was.
    case Role::Emphasis:
      out.type = NodeType::Emphasis;
      if (name != "em") out.info = name;
      break;
    case Role::Strong:
      out.type = NodeType::Strong;
      if (name != "strong") out.info = name;
      break;
    case Role::Strikethrough:
      out.type = NodeType::Strikethrough;
      if (name != "del") out.info = name;
      break;
    case Role::Underline:
      out.type = NodeType::Underline;
      if (name != "u") out.info = name;
      break;
    case Role::Superscript: out.type = NodeType::Superscript; break;
    case Role::Subscript: out.type = NodeType::Subscript; break;
    case Role::Code:
      out.type = NodeType::Code;
      if (name == "kbd" || name == "samp") out.info = name;
      break;
    case Role::Phrase:
      out.type = NodeType::Span;
      if (name != "span") out.info = name;
      break;
    case Role::Break:
      out.type = NodeType::LineBreak;
      out.line = line;
      return true;
    case Role::Image:
      out = image_node(attrs, line);
      return true;
    case Role::Anchor: {
      out.line = line;
      if (!has_attr(attrs, "href")) {  // a named anchor
        out.type = NodeType::Span;
        for (const auto& [k, v] : attrs) {
          if (k == "name" && attr(attrs, "id").empty()) out.attrs.emplace_back("id", v);
          else if (k != "name") out.attrs.emplace_back(k, v);
        }
        return true;
      }
      std::string_view href = attr(attrs, "href");
      if (has_class(attr(attrs, "class"), "wikilink") || attr(attrs, "title") == "wikilink") {
        out = make_wiki_link(href);  // pandoc's two forms of [[Target|label]]
        out.line = line;
        out.title = attr(attrs, "title");  // the form it was written in ("wikilink": older pandoc's)
        for (const auto& a : attrs)
          if (a.first != "href" && a.first != "title" && a.first != "class") out.attrs.push_back(a);
      } else {
        out.type = NodeType::Link;
        out.target = href;
        out.title = attr(attrs, "title");
        for (const auto& a : attrs)
          if (a.first != "href" && a.first != "title") out.attrs.push_back(a);
      }
      return true;
    }
    default:
      return false;
  }
  out.line = line;
  out.attrs = attrs;
  return true;
}

namespace {

constexpr std::string_view kSentinelValue = "end";

// Whether `piece` may leave the parser otherwise than the sentinel can show: it remembers an
// open <form> past its element and makes no later form while it does; after </body> or
// </html> it puts comments outside the body.
bool sentinel_blind(std::string_view piece) {
  for (std::size_t i = piece.find('<'); i != std::string_view::npos; i = piece.find('<', i + 1)) {
    char name[5] = {};
    for (std::size_t k = 0; k < 5 && i + 1 + k < piece.size(); ++k) {
      char c = piece[i + 1 + k];
      name[k] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
    std::string_view seen(name, 5);
    if (seen.substr(0, 4) == "form" || seen == "/body" || seen == "/html") return true;
  }
  return false;
}

// Whether the parser, after a piece of the document, stands where it would stand after opening
// the elements left open (the chain from the body's last child down, each one that may stay
// open), so that what follows may be parsed apart: the sentinel put after the piece (a <p>,
// which closes an open <p> as every placeholder's block element does) ends that chain and
// holds only its text. So no other element is open around it, no formatting element is
// re-opened in it, and no table, select, raw-text element, comment or tag took it.
// `spine`: the chain, the sentinel last.
bool Lowering::sentinel_reached(const GumboNode* body, std::vector<const GumboNode*>& spine) const {
  constexpr std::size_t kMaxOpen = kMaxParsedDepth;
  spine.clear();
  for (const GumboNode* n = body; spine.size() <= kMaxOpen;) {
    const GumboVector& kids = n->v.element.children;
    if (kids.length == 0) return false;
    n = static_cast<const GumboNode*>(kids.data[kids.length - 1]);
    spine.push_back(n);
    if (n->type != GUMBO_NODE_ELEMENT) return false;
    const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, doc_->marker.c_str());
    if (n->v.element.tag == GUMBO_TAG_P && a && std::string_view(a->value) == kSentinelValue) {
      const GumboVector& text = n->v.element.children;
      return text.length == 1 && static_cast<const GumboNode*>(text.data[0])->type == GUMBO_NODE_TEXT;
    }
    if (!stays_open(n)) return false;
  }
  return false;
}

}  // namespace

// The parser reads the document piece by piece: the raw HTML and what it may change, up to a
// converted block's placeholder before which it looks closed (and the sentinel shows it is),
// is parsed on its own; placeholders between such pieces are not parsed at all, their nodes
// put where the parser would have put them. Elements that are merely open around the rest
// (an unclosed <div>, an unknown <references/>) are opened again at the next piece's start.
// The tree is the one of the whole document, and the parser's work is that of the raw HTML,
// not of the page around it. When a piece does not end as it should, the rest of the document
// is parsed as one.
void lower_html_page(MarkedHtml& doc, Page& page, Diagnostics& diagnostics, const std::string& source) {
  Lowering lowering(&doc, 1, &page.categories);
  lowering.category_links_ = &page.category_links;
  const std::string& html = doc.html;
  const std::size_t start = kHtmlDocumentStart.size();
  const std::string sentinel = "<p " + doc.marker + "=\"" + std::string(kSentinelValue) + "\">x</p>";
  auto placed = doc.placed.begin();
  std::size_t at = start;
  OpenElements open;
  std::vector<const GumboNode*> spine;
  if (pieces_mode == HtmlPieces::Whole) {
    ParsedHtml parsed(html);
    lowering.piece(parsed.body(), parsed.text_runs(), 0, spine, page.body);
    at = html.size();
  }
  while (at < html.size()) {
    if (placed != doc.placed.end() && placed->begin == at) {
      lowering.place(*placed, page.body);
      at = placed->end;
      ++placed;
      continue;
    }
    // A piece: to the next run of placeholders before which its elements look closed, and
    // which is worth a parse of its own (the parser's start, the elements opened again, the
    // sentinel: about as much work as a few hundred bytes).
    std::size_t from = at;
    while (true) {
      std::size_t to = placed == doc.placed.end() ? html.size() : placed->begin;
      open.read(std::string_view(html).substr(at, to - at));
      at = to;
      if (at == html.size()) break;
      auto run = placed;
      while (run != doc.placed.end() && run->begin == to) to = (run++)->end;
      if (open.closed() && to - at > 2 * (256 + lowering.reopening_size(open.ends_left_open()))) break;
      open.read_blocks();
      at = to;
      placed = run;
    }
    std::string_view piece = std::string_view(html).substr(from, at - from);
    if (at < html.size() && !sentinel_blind(piece)) {
      std::string text(kHtmlDocumentStart);
      text += lowering.reopening_tags(piece, false);
      std::ptrdiff_t shift = static_cast<std::ptrdiff_t>(from) - static_cast<std::ptrdiff_t>(text.size());
      text.append(piece);
      text += sentinel;
      ParsedHtml parsed(text);
      const GumboNode* body = parsed.body();
      if (lowering.sentinel_reached(body, spine)) {
        lowering.piece(body, parsed.text_runs(), shift, spine, page.body);
        open.reset(lowering.open_names());
        continue;
      }
    }
    // The rest of the document, at once.
    spine.clear();
    std::string_view rest = std::string_view(html).substr(from);
    if (from == start) {
      lowering.reopening_tags(rest, true);
      ParsedHtml parsed(html);
      lowering.piece(parsed.body(), parsed.text_runs(), 0, spine, page.body);
    } else {
      std::string text(kHtmlDocumentStart);
      text += lowering.reopening_tags(rest, true);
      std::ptrdiff_t shift = static_cast<std::ptrdiff_t>(from) - static_cast<std::ptrdiff_t>(text.size());
      text.append(rest);
      ParsedHtml parsed(text);
      lowering.piece(parsed.body(), parsed.text_runs(), shift, spine, page.body);
    }
    break;
  }
  lowering.close_all(page.body);
  for (Node& note : lowering.footnotes) page.body.children.push_back(std::move(note));
  for (const auto& [name, line] : lowering.swallowed)
    diagnostics.warn(source, line,
                     "the Markdown after raw <" + name + "> is that element's text, as in a browser (is <" +
                         name + "> closed where it should be?)");
}

void set_html_pieces(HtmlPieces mode) { pieces_mode = mode; }

HtmlParserUse& html_parser_use() {
  thread_local HtmlParserUse use;
  return use;
}

std::size_t too_deep_html_at(std::string_view html) {
  std::size_t depth = 0;
  for (std::size_t i = html.find('<'); i != std::string_view::npos && i + 1 < html.size(); i = html.find('<', i + 1)) {
    char c = html[i + 1];
    if (c == '/') {
      if (depth > 0) --depth;
      continue;
    }
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) continue;
    std::size_t end = i + 1;
    while (end < html.size() && ((html[end] >= 'a' && html[end] <= 'z') || (html[end] >= 'A' && html[end] <= 'Z') ||
                                 (html[end] >= '0' && html[end] <= '9')))
      ++end;
    std::string name(html.substr(i + 1, end - i - 1));
    for (char& ch : name)
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    html::Role role = html::element_role(name);
    if (html::is_void_element(name) || role == html::Role::Paragraph || role == html::Role::ListItem ||
        role == html::Role::TableCell || role == html::Role::TableRow || role == html::Role::Term ||
        role == html::Role::Definition)
      continue;
    if (++depth > kMaxParsedDepth) return i;
  }
  return std::string_view::npos;
}

Node read_html_fragment(std::string_view html, bool block, int line) {
  if (too_deep_html_at(html) != std::string_view::npos) {
    // Beyond what the tree builder handles in linear time: the source as text.
    Node out(block ? NodeType::Document : NodeType::Span);
    Node& holder = block ? out.append(Node(NodeType::Plain)) : out;
    rules::append_text(holder, html, line);
    return out;
  }
  std::string doc(kHtmlDocumentStart);
  doc.append(html);
  ParsedHtml parsed(doc);
  Lowering lowering(nullptr, line, nullptr);
  lowering.use_text_runs(parsed.text_runs());
  const GumboNode* body = parsed.body();
  lowering.prepare(body);
  Node out(block ? NodeType::Document : NodeType::Span);
  out.line = line;
  if (block) {
    lowering.blocks(body, out, 0);
  } else {
    lowering.inlines(body, out, 0);
  }
  return out;
}

}  // namespace wikiconv
