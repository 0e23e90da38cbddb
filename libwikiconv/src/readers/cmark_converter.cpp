#include "readers/cmark_converter.hpp"

#include <cmark-gfm-core-extensions.h>

#include <memory>

#include "readers/cmark_walk.hpp"
#include "readers/html_reader.hpp"
#include "readers/reader_rules.hpp"
#include "util/html_elements.hpp"
#include "util/html_tag.hpp"
#include "util/utf8.hpp"
#include "wiki/link_target.hpp"

namespace wikiconv {

namespace {

namespace rules = reader_rules;

std::string_view str(const char* s) { return s ? std::string_view(s) : std::string_view(); }

bool is_container_cmark(cmark_node* n) {
  // The walk gives a container an EXIT event, even an empty one, and a leaf none; but a footnote
  // reference, a leaf here, is a container to cmark's walk (CmarkWalk::is_leaf): its exit closes
  // no frame.
  switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
    case CMARK_NODE_CODE:
    case CMARK_NODE_HTML_INLINE:
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_THEMATIC_BREAK:
    case CMARK_NODE_FOOTNOTE_REFERENCE:
      return false;
    default:
      return true;
  }
}

// The comments of a raw HTML piece that is nothing but comments ("<!-- a --> <!-- b -->").
bool comments_only(std::string_view raw, std::vector<std::string>& comments) {
  if (!html::is_comment_only(raw)) return false;
  std::size_t pos = 0;
  while ((pos = raw.find("<!--", pos)) != std::string_view::npos) {
    std::size_t end = raw.find("-->", pos + 4);
    comments.emplace_back(raw.substr(pos + 4, end - pos - 4));
    pos = end + 3;
  }
  return true;
}

}  // namespace

Node cmark_node_fields(cmark_node* n, int footnote_label, int fallback_line) {
  Node node;
  node.line = CmarkConverter::line_of(n, fallback_line);
  switch (cmark_node_get_type(n)) {
    case CMARK_NODE_DOCUMENT: node.type = NodeType::Document; break;
    case CMARK_NODE_BLOCK_QUOTE: node.type = NodeType::BlockQuote; break;
    case CMARK_NODE_LIST:
      if (cmark_node_get_list_type(n) == CMARK_ORDERED_LIST) {
        node.type = NodeType::OrderedList;
        node.start = cmark_node_get_list_start(n);
        node.delimiter = cmark_node_get_list_delim(n) == CMARK_PAREN_DELIM ? ')' : '.';
      } else {
        node.type = NodeType::BulletList;
      }
      node.tight = cmark_node_get_list_tight(n) != 0;
      break;
    case CMARK_NODE_ITEM:
      node.type = NodeType::ListItem;
      if (str(cmark_node_get_type_string(n)) == "tasklist")
        node.task = cmark_gfm_extensions_get_tasklist_item_checked(n) ? TaskState::Checked : TaskState::Unchecked;
      break;
    case CMARK_NODE_PARAGRAPH: node.type = NodeType::Paragraph; break;
    case CMARK_NODE_HEADING:
      node.type = NodeType::Heading;
      node.level = cmark_node_get_heading_level(n);
      break;
    case CMARK_NODE_FOOTNOTE_DEFINITION:
      node.type = NodeType::FootnoteDefinition;
      node.label = std::to_string(footnote_label);
      break;
    case CMARK_NODE_EMPH: node.type = NodeType::Emphasis; break;
    case CMARK_NODE_STRONG: node.type = NodeType::Strong; break;
    case CMARK_NODE_LINK: {
      std::string_view title = str(cmark_node_get_title(n));
      if (title == "wikilink") {  // older pandoc: [label](Target "wikilink")
        int line = node.line;
        node = make_wiki_link(str(cmark_node_get_url(n)));
        node.line = line;
        node.title = "wikilink";  // the form it was written in, for the gfm writer
      } else {
        node.type = NodeType::Link;
        node.target = str(cmark_node_get_url(n));
        node.title = title;
      }
      break;
    }
    case CMARK_NODE_IMAGE: {
      node.type = NodeType::Image;
      node.target = str(cmark_node_get_url(n));
      std::string_view title = str(cmark_node_get_title(n));
      if (title.substr(0, 4) == "fig:") title.remove_prefix(4);  // pandoc's figure marker
      node.title = title;
      break;
    }
    case CMARK_NODE_CODE_BLOCK: {
      node.type = NodeType::CodeBlock;
      node.text = cmark_literal(n);
      std::string_view info = str(cmark_node_get_fence_info(n));
      node.info = std::string(info.substr(0, info.find_first_of(" \t")));
      break;
    }
    case CMARK_NODE_THEMATIC_BREAK: node.type = NodeType::ThematicBreak; break;
    case CMARK_NODE_SOFTBREAK: node.type = NodeType::SoftBreak; break;
    case CMARK_NODE_LINEBREAK: node.type = NodeType::LineBreak; break;
    case CMARK_NODE_CODE:
      node.type = NodeType::Code;
      node.text = cmark_literal(n);
      break;
    case CMARK_NODE_TEXT:
      node.type = NodeType::Text;
      node.text = cmark_literal(n);
      break;
    case CMARK_NODE_FOOTNOTE_REFERENCE:
      node.type = NodeType::FootnoteReference;
      node.label = cmark_literal(n);
      break;
    default: {
      std::string_view ts = str(cmark_node_get_type_string(n));
      if (ts == "table") {
        node.type = NodeType::Table;
        uint16_t cols = cmark_gfm_extensions_get_table_columns(n);
        const uint8_t* al = cmark_gfm_extensions_get_table_alignments(n);
        for (uint16_t i = 0; i < cols; ++i) {
          uint8_t a = al ? al[i] : 0;
          node.aligns.push_back(a == 'l' ? Alignment::Left
                                : a == 'c' ? Alignment::Center
                                : a == 'r' ? Alignment::Right
                                           : Alignment::None);
        }
      } else if (ts == "table_row" || ts == "table_header") {
        node.type = NodeType::TableRow;
        node.header = cmark_gfm_extensions_get_table_row_is_header(n) != 0;
      } else if (ts == "table_cell") {
        node.type = NodeType::TableCell;
      } else if (ts == "strikethrough") {
        node.type = NodeType::Strikethrough;
      } else {
        // An extension node this reader does not know: keep its text, never drop it.
        node.type = NodeType::Span;
      }
      break;
    }
  }
  return node;
}

bool cmark_is_leaf(cmark_node* n) { return is_container_cmark(n) == false; }

int CmarkConverter::line_of(cmark_node* n, int fallback) {
  int line = cmark_node_get_start_line(n);
  return line > 0 ? line : fallback;
}

// One conversion: cmark's events onto a stack of open model nodes, with the raw inline HTML
// elements paired in between.
class CmarkConverter::Run {
 public:
  explicit Run(CmarkConverter& owner) : owner_(owner), page_(owner.page_) {}

  // Starts a conversion into `holder` (the frame vector is kept from run to run).
  void reset(Node& holder) {
    gave_up_ = false;
    frames_.clear();
    frames_.push_back({&holder, nullptr, false, {}, {}});
  }

  void walk(cmark_node* subtree) {
    CmarkWalk iter(subtree);
    cmark_event_type ev;
    while (!gave_up_ && (ev = iter.next()) != CMARK_EVENT_DONE) {
      cmark_node* n = iter.node();
      if (ev == CMARK_EVENT_ENTER) enter(n);
      else if (ev == CMARK_EVENT_EXIT) exit(n);
    }
  }

 private:
  struct Frame {
    Node* node;
    cmark_node* owner;  // the cmark node of the frame, or the parent of a raw HTML element
    bool html;          // a raw HTML element paired in the owner's inlines
    std::string tag;       // its element name
    std::string_view raw;  // its start tag as written, in cmark's tree (text when lenient)
  };

  Node& top() { return *frames_.back().node; }

  int line_of(cmark_node* n) { return CmarkConverter::line_of(n, top().line); }

  // Raw HTML the fast path does not map: the block goes to the HTML parser. The walk stops at
  // the next event (a flag, not an exception: pages with many such blocks are common).
  void needs_parser() { gave_up_ = true; }

 public:
  bool gave_up() const { return gave_up_; }

 private:

  bool inside_link() const {
    for (const Frame& f : frames_)
      if (f.node->type == NodeType::Link || f.node->type == NodeType::WikiLink) return true;
    return false;
  }

  Node& add(Node&& node) {
    top().children.push_back(std::move(node));
    return top().children.back();
  }

  // Text straight from cmark, which splits it at every special character: appended to the
  // previous Text node when there is one.
  void add_text(std::string_view text, int line) {
    // cmark-gfm 0.29 can cut a character in two: the text of an undefined footnote reference
    // whose label holds whitespace it normalizes ("[^\n\xEF\xBF\xBD\f]" gives "[^\n\xEF]").
    std::string fixed;
    if (utf8::first_invalid(text) != std::string_view::npos) {
      fixed = utf8::repaired(text);
      text = fixed;
    }
    std::vector<Node>& siblings = top().children;
    if (!siblings.empty() && siblings.back().type == NodeType::Text) {
      siblings.back().text += text;
      return;
    }
    Node& added = siblings.emplace_back(NodeType::Text, std::string(text));
    added.line = line;
  }

  void push(Node&& node, cmark_node* owner, bool html = false, std::string tag = {}, std::string_view raw = {}) {
    std::vector<Node>& siblings = top().children;
    siblings.push_back(std::move(node));
    Node& added = siblings.back();
    if (!html) {
      // Room for the children cmark has, a run of texts counted once as add_text merges it, so
      // that building the list never moves nodes (and a huge page's nodes have no slack).
      std::size_t children = 0;
      bool after_text = false;
      for (cmark_node* c = cmark_node_first_child(owner); c; c = cmark_node_next(c)) {
        bool text = cmark_node_get_type(c) == CMARK_NODE_TEXT;
        children += !(text && after_text);
        after_text = text;
      }
      added.children.reserve(children);
    }
    frames_.push_back({&added, owner, html, std::move(tag), raw});
  }

  void enter(cmark_node* n) {
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_TEXT) {  // the most frequent node
      add_text(cmark_literal(n), line_of(n));
      return;
    }
    if (t == CMARK_NODE_HTML_INLINE) {
      Node node;
      node.line = line_of(n);
      html_inline(n, std::move(node));
      return;
    }
    if (t == CMARK_NODE_HTML_BLOCK) {
      html_block(n, line_of(n));
      return;
    }
    // Links in links: the parser's rules decide what a browser makes of them.
    if (t == CMARK_NODE_LINK && inside_link() && !owner_.lenient_) return needs_parser();
    Node node = cmark_node_fields(n, owner_.footnote_label_, top().line);
    if (!is_container_cmark(n)) {
      add(std::move(node));
      return;
    }
    push(std::move(node), n);
  }

  void exit(cmark_node* n) {
    // A raw element left open inside `n`: the HTML parser's rules decide what it covers.
    while (frames_.size() > 1 && frames_.back().html && frames_.back().owner == n) {
      if (!owner_.lenient_) return needs_parser();
      unwrap_top();
    }
    if (frames_.size() <= 1 || frames_.back().owner != n) return;  // the converted subtree's root
    frames_.pop_back();
    finish(n);
  }

  // The node just closed is the last child of top().
  void finish(cmark_node*) {
    Node& node = top().children.back();
    switch (node.type) {
      case NodeType::Paragraph:
        if (rules::take_categories(node, page_.categories, &page_.category_links)) top().children.pop_back();
        break;
      case NodeType::WikiLink:
        rules::finish_inline(node);
        break;
      default:
        break;
    }
  }

  // Lenient mode: an element never closed stays text, its content moves up.
  void unwrap_top() {
    Frame frame = frames_.back();
    frames_.pop_back();
    Node element = std::move(top().children.back());
    top().children.pop_back();
    add_text(frame.raw, element.line);
    for (Node& c : element.children) {
      if (c.type == NodeType::Text) add_text(c.text, c.line);
      else add(std::move(c));
    }
  }

  // Raw HTML kept as text (lenient mode only).
  void keep_as_text(std::string_view raw, int line) {
    if (!owner_.lenient_) return needs_parser();
    add_text(raw, line);
  }

  void html_inline(cmark_node* n, Node node) {
    std::string_view raw = cmark_literal(n);
    std::vector<std::string> comments;
    if (comments_only(raw, comments)) {
      for (auto& c : comments) {
        Node& added = add(Node(NodeType::CommentInline, std::move(c)));
        added.line = node.line;
      }
      return;
    }
    // GFM's tagfilter: <script>, <textarea>, ... are text, as GitHub shows them.
    if (rules::has_filtered_tag(raw)) return add_text(raw, node.line);
    auto tag = html::parse_tag(raw);
    // Character references in attributes are the parser's to decode.
    if (!tag || raw.find('&') != std::string_view::npos) return keep_as_text(raw, node.line);
    cmark_node* owner = cmark_node_parent(n);
    html::Role role = html::element_role(tag->name);
    if (tag->closing) {
      const Frame& f = frames_.back();
      if (!f.html || f.owner != owner || f.tag != tag->name) return keep_as_text(raw, node.line);
      frames_.pop_back();
      Node& element = top().children.back();
      if (element.type == NodeType::Code) {  // <code>..</code>: its text, as a browser shows it
        Node content(NodeType::Span);
        content.children = std::move(element.children);
        element.children.clear();
        element.text = content.plain_text();
        if (element.text.empty()) top().children.pop_back();
        return;
      }
      rules::finish_inline(element);
      if (rules::vanishes(element)) {
        Node gone = std::move(element);
        top().children.pop_back();
        rules::append_inline(top(), std::move(gone));
      }
      return;
    }
    if (role == html::Role::WordBreak) return;
    if (role == html::Role::Break || role == html::Role::Image) {
      inline_element_node(tag->name, tag->attrs, node.line, node);
      add(std::move(node));
      return;
    }
    bool pairs = !tag->self_closing && !html::is_void_element(tag->name) && frames_.size() < kMaxOpen;
    if (!pairs) return keep_as_text(raw, node.line);
    Node& element = node;
    if (role == html::Role::Unknown) {
      element.type = NodeType::HtmlInline;
      element.info = tag->name;
      element.attrs = std::move(tag->attrs);
    } else if (!inline_element_node(tag->name, tag->attrs, node.line, element) ||
               (element.type != NodeType::Code && !is_container(element.type))) {
      return keep_as_text(raw, node.line);  // blocks, hidden and embedded elements
    }
    if ((element.type == NodeType::Link || element.type == NodeType::WikiLink) && inside_link())
      return keep_as_text(raw, node.line);
    push(std::move(element), owner, true, tag->name, raw);
  }

  void html_block(cmark_node* n, int line) {
    Node node;
    node.line = line;
    std::string_view raw = cmark_literal(n);
    std::vector<std::string> comments;
    if (comments_only(raw, comments)) {
      for (auto& c : comments) {
        Node& added = add(Node(NodeType::CommentBlock, std::move(c)));
        added.line = node.line;
      }
      return;
    }
    if (!owner_.lenient_) return needs_parser();
    Node& p = add(Node(NodeType::Paragraph));
    p.line = node.line;
    rules::append_text(p, raw, node.line);
    rules::trim_inlines(p);
  }

  // Raw elements open at once beyond this stay text (lenient) or go to the parser: unwrapping
  // them is quadratic in how many are open.
  static constexpr std::size_t kMaxOpen = 64;

  CmarkConverter& owner_;
  Page& page_;
  std::vector<Frame> frames_;
  bool gave_up_ = false;
};

CmarkConverter::CmarkConverter(Page& page, bool lenient) : page_(page), lenient_(lenient) {}
CmarkConverter::~CmarkConverter() = default;

bool CmarkConverter::convert(cmark_node* n, std::vector<Node>& out) {
  // The nodes go straight into `out` (its vector lent to a holder node); a conversion that
  // gives up takes back what it added.
  Node holder(NodeType::Document);
  holder.children.swap(out);
  std::size_t before = holder.children.size();
  std::size_t categories = page_.categories.size();
  if (!run_) run_ = std::make_unique<Run>(*this);
  run_->reset(holder);
  run_->walk(n);
  bool done = !run_->gave_up();
  if (!done) {
    holder.children.resize(before);
    page_.categories.resize(categories);
  }
  holder.children.swap(out);
  return done;
}

}  // namespace wikiconv
