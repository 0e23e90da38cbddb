// The model as MediaWiki wikitext. Blocks go through the shared LineRenderer; inline text goes
// through wikitext::escape_text, which knows what MediaWiki would read as markup in each
// context. Where wikitext has no form that holds (nested same-kind emphasis, list items with
// tables, ordered lists not starting at 1, definitions holding blocks), the HTML tags MediaWiki
// accepts are used instead (wikitext_tags.hpp); what it accepts no tag for is written in the
// nearest form it shows (README, "MediaWiki").
//
// MediaWiki wraps every line of text that is not inside a block element in <p>, line by line
// (BlockLevelPass): a line holding <div> or </div> is never wrapped, and a line after <li>,
// <dd> or <dt> is not wrapped until the next such <div> line. So content that a browser shows
// without a paragraph (Plain) goes in a <div> of its own, and blocks inside <dd> go inside a
// <div> that makes MediaWiki wrap their paragraphs again.
#include "writers/mediawiki/wikitext_writer.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <unordered_map>

#include "util/html_elements.hpp"
#include "util/utf8.hpp"
#include "wiki/link_target.hpp"
#include "wiki/title.hpp"
#include "writers/line_renderer.hpp"
#include "writers/mediawiki/wikitext_escape.hpp"
#include "writers/mediawiki/wikitext_tags.hpp"
#include "writers/mediawiki/wikitext_targets.hpp"
#include "writers/registry.hpp"
#include "writers/title_heading.hpp"

namespace wikiconv {

namespace {

using wikitext::TextContext;

bool is_list(NodeType t) { return t == NodeType::BulletList || t == NodeType::OrderedList; }

// Deeper native lists would make every line carry its whole "***...#" prefix (quadratic
// output); HTML lists stay linear.
constexpr std::size_t kMaxNativeListDepth = 24;

// Whether `list` and every list inside it can be written with MediaWiki's line prefixes: each
// item is one line (paragraphs and code blocks fit on it), then its sub-lists; nothing after
// a sub-list, no two sub-lists of one kind in a row, ordered lists start at 1.
bool can_be_native_list(const Node& list) {
  NodeIterator it(list);
  std::size_t depth = 0;
  while (it.next()) {
    const Node& n = it.node();
    if (is_list(n.type)) {
      if (it.event() == WalkEvent::Exit) {
        --depth;
        continue;
      }
      if (++depth > kMaxNativeListDepth) return false;
      if (n.type == NodeType::OrderedList && n.start != 1) return false;
      continue;
    }
    if (n.type != NodeType::ListItem) {
      if (it.event() == WalkEvent::Enter) it.skip_children();
      continue;
    }
    if (it.event() == WalkEvent::Exit) continue;
    const Node* last_list = nullptr;
    for (const Node& c : n.children) {
      if (is_list(c.type)) {
        if (last_list && last_list->type == c.type) return false;
        last_list = &c;
      } else if (last_list || (c.type != NodeType::Paragraph && c.type != NodeType::Plain &&
                               c.type != NodeType::CodeBlock)) {
        return false;
      }
    }
  }
  return true;
}

// What an HtmlBlock / HtmlInline (an element the model has no node for) shows.
enum class HtmlKind : std::uint8_t {
  Hidden,       // nothing (script, style, meta, ...)
  Embedded,     // itself (iframe, video, input, ...): a link or a stand-in
  Transparent,  // its content, as if the tag were not there (<translate>, <nixpkgs>, ...)
};

HtmlKind html_kind(const Node& n) {
  switch (html::element_role(n.info)) {
    case html::Role::Hidden: return HtmlKind::Hidden;
    case html::Role::Embedded: return HtmlKind::Embedded;
    default: return HtmlKind::Transparent;
  }
}

// The tag a Span is written as: its element when MediaWiki accepts it, <span> when it carries
// attributes MediaWiki keeps, else none (only its content is written).
std::string span_tag(const Node& n) {
  if (!n.info.empty() && wikitext::is_allowed_inline_tag(n.info)) return n.info;
  return wikitext::tag_attributes("span", n.attrs).empty() ? std::string() : std::string("span");
}

// What a subtree shows, for the choices that depend on all of it (emphasis, empty paragraphs
// and links). Computed once per node, bottom-up, so that nested emphasis stays linear.
class SubtreeFacts {
 public:
  // Nothing in `n` shows in a browser (empty text, comments, hidden elements, empty links).
  bool shows_nothing(const Node& n) {
    // Most blocks show a word in one of their texts: no walk (and no facts kept) for those.
    if (n.type != NodeType::HtmlInline && n.type != NodeType::HtmlBlock)
      for (const Node& c : n.children)
        if (c.type == NodeType::Text && leaf(c).visible) return false;
    return !get(n).visible;
  }
  // `n` holds a line break or a block (which '' cannot span).
  bool breaks_lines(const Node& n) { return get(n).breaks; }
  // The first and last leaves of `n` (itself when it has no children).
  const Node& first_leaf(const Node& n) { return *get(n).first; }
  const Node& last_leaf(const Node& n) { return *get(n).last; }

 private:
  struct Facts {
    bool visible = false;
    bool breaks = false;
    const Node* first = nullptr;
    const Node* last = nullptr;
  };

  static Facts leaf(const Node& n) {
    Facts f;
    f.first = f.last = &n;
    f.breaks = n.type == NodeType::LineBreak || is_block(n.type);
    switch (n.type) {
      case NodeType::Text: f.visible = n.text.find_first_not_of(" \t") != std::string::npos; break;
      case NodeType::CommentInline:
      case NodeType::CommentBlock:
      case NodeType::SoftBreak: break;
      default: f.visible = true;
    }
    return f;
  }

  const Facts& get(const Node& root) {
    if (auto found = known_.find(&root); found != known_.end()) return found->second;
    NodeIterator it(root);
    while (it.next()) {
      const Node& n = it.node();
      if (!is_container(n.type)) continue;
      if (it.event() == WalkEvent::Enter) {
        if (known_.count(&n)) it.skip_children();
        continue;
      }
      if (known_.count(&n)) continue;
      Facts f;
      f.first = n.children.empty() ? &n : nullptr;
      f.last = &n;
      f.breaks = n.type == NodeType::LineBreak || is_block(n.type);
      bool hidden = false;
      if (n.type == NodeType::HtmlInline || n.type == NodeType::HtmlBlock) {
        HtmlKind k = html_kind(n);
        hidden = k == HtmlKind::Hidden;
        f.visible = k == HtmlKind::Embedded;
      } else if (n.type == NodeType::Image || (n.type == NodeType::WikiLink && n.children.empty()) ||
                 (n.type == NodeType::Span && n.children.empty() && !span_tag(n).empty())) {
        f.visible = true;  // an image, a link showing its target, an anchor
      }
      for (const Node& c : n.children) {
        Facts cf = is_container(c.type) ? known_.at(&c) : leaf(c);
        if (!hidden) f.visible |= cf.visible;
        f.breaks |= cf.breaks;
        if (!f.first) f.first = cf.first;
        f.last = cf.last;
      }
      known_.emplace(&n, f);
    }
    return known_.at(&root);
  }

  std::unordered_map<const Node*, Facts> known_;
};

// True when `s` is only comments and whitespace: MediaWiki shows nothing for it.
bool only_comments(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
      ++i;
    } else if (s.compare(i, 4, "<!--") == 0) {
      std::size_t end = s.find("-->", i + 4);
      if (end == std::string_view::npos) return false;
      i = end + 3;
    } else {
      return false;
    }
  }
  return !s.empty();
}

// Words MediaWiki reads as image options when they are a whole part of [[File:...|...]].
bool looks_like_image_option(std::string_view caption) {
  std::string lower;
  for (char c : caption) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  for (std::string_view word : {"thumb", "thumbnail", "frame", "framed", "frameless", "border", "left", "right",
                                "center", "centre", "none", "upright", "baseline", "sub", "super", "top",
                                "text-top", "middle", "bottom", "text-bottom"})
    if (lower == word) return true;
  std::size_t eq = lower.find('=');
  if (eq != std::string::npos && lower.find(' ') > eq) return true;  // alt=, link=, page=, ...
  return lower.size() > 2 && lower.compare(lower.size() - 2, 2, "px") == 0 &&
         lower.find_first_not_of("0123456789x") == lower.size() - 2;
}

// How the blocks of a container are laid out.
enum class Layout : std::uint8_t {
  Flow,        // document, blockquote, div, cell: blocks at line starts, blank lines between
  NativeItem,  // "* ..." item, ": ..." details: everything on the item's one line
  HtmlItem,    // <li>...</li>: blocks on their own lines, no blank lines
  Inline,      // inline containers
};

struct Frame {
  const Node* node = nullptr;
  Layout layout = Layout::Inline;
  std::string close;          // written on exit
  bool transparent = false;   // writes nothing of its own: its blocks belong to the container
  bool quote = false;         // emphasis written as '' / '''
  bool native_list = false;   // a list written with line prefixes
  bool tight = true;          // list items: their list's tightness
  bool close_on_line = false; // block containers: the close goes on a line of its own
  bool opening_line = false;  // block containers: their opening tag's line can hold loose text
  bool details = false;       // <details>: a collapsible div; its content opens on the first non-summary block
  bool details_open = false;
  bool figure_image = false;  // a figure written as [[File:..|thumb|caption]]: only its caption is rendered
  bool simple_deflist = false;  // ;term / :details lines
  std::size_t blocks = 0;     // blocks begun in this container
  std::size_t column = 0;     // tables: the grid column of the next cell
  int single_line = 0, link_label = 0, ext_label = 0, cell = 0, term = 0;
};

Frame make_frame(const Node* node, Layout layout) {
  Frame f;
  f.node = node;
  f.layout = layout;
  return f;
}

struct NoteState {
  std::map<std::string, const Node*> definitions;
  std::map<std::string, int> uses;     // references per label in the page
  std::map<std::string, bool> written;  // definition already written in a <ref>
  bool any = false;
};

class WikitextRenderer {
 public:
  WikitextRenderer(const WikitextOptions& options, const Wiki* wiki, NoteState& notes, bool in_ref,
                   std::string_view self_title, const Node* dropped = nullptr)
      : o_(options), wiki_(wiki), notes_(notes), in_ref_(in_ref), self_title_(self_title), dropped_(dropped) {}

  // Renders `root` (a Document or a FootnoteDefinition) as blocks.
  // Room for the output of a page's body.
  void reserve(std::size_t bytes) { r_.reserve(bytes); }

  std::string render(const Node& root) {
    NodeIterator it(root);
    while (it.next()) {
      const Node& n = it.node();
      if (it.event() == WalkEvent::Enter) {
        if (&n == &root) {
          frames_.push_back(make_frame(&n, Layout::Flow));
          continue;
        }
        enter(n, it);
      } else {
        if (&n == &root) break;
        exit(n);
      }
    }
    return r_.finish();
  }

 private:
  // ----- context -----------------------------------------------------------------------------

  Frame& top() { return frames_.back(); }

  // The innermost frame that lays out blocks itself (transparent ones lend it theirs).
  std::size_t container_index() const {
    std::size_t i = frames_.size() - 1;
    while (i > 0 && frames_[i].transparent) --i;
    return i;
  }
  Frame& container() { return frames_[container_index()]; }

  TextContext text_context() const {
    TextContext c;
    c.single_line = single_line_ > 0;
    c.line_start = !c.single_line && (r_.at_line_start() || after_line_start_comment());
    c.table_cell = cell_ > 0;
    c.link_label = link_label_ > 0;
    c.ext_link_label = ext_label_ > 0;
    c.definition_term = term_ > 0;
    c.prev = r_.last_char();
    return c;
  }

  // The first character `n` will be written as (conservatively: emphasis counts as ').
  static char first_char(const Node* n) {
    for (;;) {
      switch (n->type) {
        case NodeType::Text: return n->text.empty() ? '\0' : n->text.front();
        case NodeType::Emphasis: case NodeType::Strong: return '\'';
        case NodeType::Link: case NodeType::WikiLink: case NodeType::Image: return '[';
        case NodeType::SoftBreak: return ' ';
        case NodeType::HtmlInline:
          if (html_kind(*n) == HtmlKind::Hidden) return '\0';
          if (html_kind(*n) == HtmlKind::Embedded || n->children.empty()) return '<';
          n = &n->children.front();
          continue;
        case NodeType::Span:
          if (!span_tag(*n).empty() || n->children.empty()) return '<';
          n = &n->children.front();
          continue;
        default: return '<';
      }
    }
  }

  // The first character written after the node `n` (a child of the innermost frame).
  char next_char(const Node& n) const {
    const Node* child = &n;
    for (std::size_t f = frames_.size(); f-- > 0;) {
      const Frame& frame = frames_[f];
      const Node* parent = frame.node;
      std::size_t index = static_cast<std::size_t>(child - parent->children.data());
      if (index < parent->children.size() && index + 1 < parent->children.size())
        return first_char(&parent->children[index + 1]);
      if (!frame.close.empty()) return frame.close.front();
      if (frame.layout != Layout::Inline || is_block(parent->type)) return '\n';
      child = parent;
    }
    return '\n';
  }

  TextContext with_next(TextContext c, const Node& n) const {
    c.next = next_char(n);
    return c;
  }

  void push(Frame frame) {
    single_line_ += frame.single_line;
    link_label_ += frame.link_label;
    ext_label_ += frame.ext_label;
    cell_ += frame.cell;
    term_ += frame.term;
    frames_.push_back(std::move(frame));
  }

  bool in_label() const { return link_label_ > 0 || ext_label_ > 0; }

  // "[[Foo]]bar" would show "Foobar" as the link's text: letters right after a link get a
  // <nowiki/> between.
  void guard_link_trail(char first) {
    if (trail_guard_ == r_.out().size() && !r_.at_line_start() && first >= 'a' && first <= 'z') r_.lit("<nowiki/>");
  }

  void text(std::string_view s, const TextContext& c) {
    if (s.empty()) return;
    guard_link_trail(s.front());
    scratch_.clear();
    wikitext::escape_text(scratch_, s, c);
    r_.lit(scratch_);
  }

  // MediaWiki removes comments before it parses: text after a comment that starts a line
  // starts the line.
  bool after_line_start_comment() const {
    return comment_line_end_ != std::string::npos && comment_line_end_ == r_.out().size();
  }

  void comment(const Node& n) {
    bool line_start = r_.at_line_start() || after_line_start_comment();
    // '' <!-- --> '' would be '''' once the comment is gone.
    if (r_.last_char() == '\'') r_.lit("<nowiki/>");
    scratch_.clear();
    wikitext::write_comment(scratch_, n.text);
    r_.lit(scratch_);
    if (line_start) comment_line_end_ = r_.out().size();
  }

  // Starts a block in the current container's layout.
  void begin_block(const Node& n, bool comment_block = false) {
    std::size_t index = container_index();
    Frame& c = frames_[index];
    bool first = c.blocks++ == 0;
    if (c.details && !c.details_open && !(n.type == NodeType::Div && n.info == "summary")) {
      // The content of a collapsible: what follows its summary.
      r_.cr();
      r_.lit("<div class=\"mw-collapsible-content\">");
      c.details_open = true;
      first = true;
    }
    if (c.layout == Layout::Flow) {
      // A line of comments is removed with its newline: a blank line next to it would become
      // an empty paragraph.
      // Comments that open the container are glued to the first real block: alone on their
      // lines they would leave an empty paragraph. Other comment blocks end the line before.
      if (leading_comments_ == index + 1) {
        if (!comment_block) leading_comments_ = 0;
      } else if (first || comment_block) {
        r_.cr();
        if (first && comment_block) leading_comments_ = index + 1;
      } else {
        r_.blank_line();
      }
    } else if (c.layout == Layout::HtmlItem) {
      r_.cr();
    }
  }

  // ----- blocks and inlines ------------------------------------------------------------------

  void enter(const Node& n, NodeIterator& it) {
    Frame f = make_frame(&n, Layout::Inline);
    if (&n == dropped_ || (top().figure_image && n.type != NodeType::Caption)) {
      // The title heading (MediaWiki shows the title), or a figure's image already written.
      if (is_container(n.type)) {
        it.skip_children();
        f.transparent = true;
        push(std::move(f));
      }
      return;
    }
    switch (n.type) {
      case NodeType::Document:
      case NodeType::FootnoteDefinition:
        // (a document inside a document, from JSON: its blocks join the page; notes are
        // written where they are referenced, as <ref>)
        f.transparent = true;
        f.layout = top().layout;
        if (n.type == NodeType::FootnoteDefinition) it.skip_children();
        break;
      case NodeType::Heading: {
        begin_block(n);
        std::string marks(static_cast<std::size_t>(std::min(6, std::max(1, n.level))), '=');
        r_.lit(marks + " ");
        // An id from the source that is not the anchor MediaWiki makes of the text: kept for
        // the links to it.
        std::string id(n.attr("id"));
        std::string anchor = n.plain_text();
        std::replace(anchor.begin(), anchor.end(), ' ', '_');
        if (!id.empty() && id != anchor) {
          std::string span = "<span id=\"";
          wikitext::escape_attribute(span, id);
          r_.lit(span + "\"></span>");
        }
        f.close = " " + marks;
        f.single_line = 1;
        break;
      }
      case NodeType::Paragraph: paragraph(n, f, it, false); break;
      case NodeType::Plain: paragraph(n, f, it, true); break;
      case NodeType::BulletList:
      case NodeType::OrderedList: list(n, f); break;
      case NodeType::ListItem: list_item(n, f); break;
      case NodeType::CodeBlock: code_block(n); return;
      case NodeType::BlockQuote: block_tag(n, f, "<blockquote>", "</blockquote>"); break;
      case NodeType::Div: div(n, f); break;
      case NodeType::Figure: figure(n, f); break;
      case NodeType::Caption: caption(n, f); break;
      case NodeType::Table: table(n, f, it); break;
      case NodeType::TableRow: table_row(n); break;
      case NodeType::TableCell: table_cell(n, f); break;
      case NodeType::DefinitionList: definition_list(n, f); break;
      case NodeType::DefinitionTerm: definition_term(n, f); break;
      case NodeType::DefinitionDetails: definition_details(n, f); break;
      case NodeType::ThematicBreak:
        begin_block(n);
        r_.lit(container().layout == Layout::NativeItem ? "<hr />" : "----");
        return;
      case NodeType::CommentBlock:
        if (container().layout == Layout::Flow) begin_block(n, true);
        comment(n);
        return;
      case NodeType::CommentInline: comment(n); return;
      case NodeType::HtmlBlock:
      case NodeType::HtmlInline: html_element(n, f, it); break;
      case NodeType::Text: text(n.text, with_next(text_context(), n)); return;
      case NodeType::Emphasis:
      case NodeType::Strong: emphasis(n, f); break;
      case NodeType::Strikethrough: inline_tag(f, "del"); break;
      case NodeType::Superscript: inline_tag(f, "sup"); break;
      case NodeType::Subscript: inline_tag(f, "sub"); break;
      case NodeType::Underline: inline_tag(f, "u"); break;
      case NodeType::Span: {
        std::string tag = span_tag(n);
        if (tag.empty()) f.transparent = true;
        else inline_tag(f, tag, wikitext::tag_attributes(tag, n.attrs));
        break;
      }
      case NodeType::Code: {
        scratch_.clear();
        std::string_view tag = n.info == "kbd" || n.info == "samp" ? std::string_view(n.info) : "code";
        wikitext::write_inline_code(scratch_, n.text, text_context(), tag);
        r_.lit(scratch_);
        return;
      }
      case NodeType::Link: link(n, f, it); break;
      case NodeType::WikiLink: wiki_link(n, f, it); break;
      case NodeType::Image:
        if (in_label()) text(n.plain_text(), with_next(text_context(), n));  // a label holds no image
        else image(n);
        it.skip_children();
        break;
      case NodeType::FootnoteReference: footnote_reference(n); return;
      case NodeType::SoftBreak:
        if (single_line_ > 0) r_.lit(' ');
        else r_.cr();
        return;
      case NodeType::LineBreak:
        r_.lit("<br />");
        if (single_line_ == 0) r_.cr();
        return;
    }
    if (f.transparent && f.layout == Layout::Inline) f.layout = top().layout;
    if (is_container(n.type)) push(std::move(f));
  }

  void exit(const Node& n) {
    if (leading_comments_ == frames_.size()) leading_comments_ = 0;
    Frame f = std::move(frames_.back());
    frames_.pop_back();
    single_line_ -= f.single_line;
    link_label_ -= f.link_label;
    ext_label_ -= f.ext_label;
    cell_ -= f.cell;
    term_ -= f.term;
    if (f.quote) --(n.type == NodeType::Strong ? strong_quotes_ : em_quotes_);
    if (f.details_open) {
      r_.cr();
      r_.lit("</div>");
    }
    if (f.native_list) {
      list_prefix_.pop_back();
      r_.cr();
      return;
    }
    if (n.type == NodeType::ListItem && !f.close.empty()) {
      // </li> right after a tight paragraph, on its own line after other blocks.
      bool after_text = !n.children.empty() && f.tight &&
                        (n.children.back().type == NodeType::Paragraph || n.children.back().type == NodeType::Plain);
      if (!after_text) r_.cr();
      r_.lit(f.close);
      return;
    }
    if (f.close_on_line) r_.cr();
    r_.lit(f.close);
    if (is_list(n.type) || n.type == NodeType::DefinitionList) r_.cr();
    bool internal_link = f.close.size() >= 2 && f.close.compare(f.close.size() - 2, 2, "]]") == 0;
    if ((n.type == NodeType::Link || n.type == NodeType::WikiLink) && internal_link) trail_guard_ = r_.out().size();
  }

  // A block element written as HTML tags, its blocks in flow inside.
  void block_tag(const Node& n, Frame& f, std::string open, std::string close) {
    begin_block(n);
    r_.lit(open);
    f.layout = Layout::Flow;
    f.close = std::move(close);
    // Loose text alone in it stays on the tags' line: <center>text</center>.
    f.close_on_line = !(n.children.size() == 1 && n.children.front().type == NodeType::Plain);
    f.opening_line = true;
  }

  void inline_tag(Frame& f, const std::string& tag, const std::string& attributes = {}) {
    r_.lit("<" + tag + attributes + ">");
    f.close = "</" + tag + ">";
  }

  // Paragraphs, and Plain (inline content a browser shows without a paragraph).
  void paragraph(const Node& n, Frame& f, NodeIterator& it, bool plain) {
    Frame& c = container();
    if (facts_.shows_nothing(n)) {
      // An empty paragraph (or one of hidden elements, comments, links without text): MediaWiki
      // would show an empty one.
      f.transparent = true;
      it.skip_children();
      return;
    }
    f.single_line = c.layout == Layout::Flow && !plain ? 0 : 1;
    switch (c.layout) {
      case Layout::Flow:
        if (plain && c.opening_line && c.blocks == 0 && leading_comments_ == 0) {
          // On the line of the container's opening tag, which MediaWiki does not wrap.
          ++c.blocks;
          return;
        }
        begin_block(n);
        if (plain) {
          // MediaWiki would wrap a line of text in <p>; a line with a <div> it leaves alone.
          r_.lit("<div>");
          f.close = "</div>";
        }
        return;
      case Layout::NativeItem:
        ++c.blocks;
        if (!plain && !c.tight) {
          r_.lit("<p>");
          f.close = "</p>";
        }
        return;
      case Layout::HtmlItem: {
        bool first = c.blocks++ == 0;
        if (!first) r_.cr();
        if (plain && !first) {
          r_.lit("<div>");
          f.close = "</div>";
        } else if (!plain && !c.tight) {
          r_.cr();
          r_.lit("<p>");
          f.close = "</p>";
        }
        return;
      }
      case Layout::Inline: return;
    }
  }

  void list(const Node& n, Frame& f) {
    Layout layout = container().layout;
    bool native = layout == Layout::NativeItem || (layout == Layout::Flow && can_be_native_list(n));
    f.native_list = native;
    if (native) {
      if (layout == Layout::Flow) begin_block(n);
      else r_.cr();
      list_prefix_ += n.type == NodeType::BulletList ? '*' : '#';
      return;
    }
    begin_block(n);
    r_.cr();
    if (n.type == NodeType::BulletList) {
      r_.lit("<ul>");
      f.close = "</ul>";
    } else {
      r_.lit(n.start != 1 ? "<ol start=\"" + std::to_string(n.start) + "\">" : "<ol>");
      f.close = "</ol>";
    }
    f.layout = Layout::HtmlItem;  // (loose content in a list: on lines of its own)
    f.close_on_line = true;
    r_.cr();
  }

  void list_item(const Node& n, Frame& f) {
    const Frame& list = container();
    f.tight = is_list(list.node->type) ? list.node->tight : true;
    const char* task = n.task == TaskState::Checked ? "\xE2\x98\x91 " : n.task == TaskState::Unchecked ? "\xE2\x98\x90 " : "";
    if (list.native_list) {
      f.layout = Layout::NativeItem;
      r_.cr();
      r_.lit(list_prefix_);
      if ((!n.children.empty() && !is_list(n.children.front().type)) || *task) {
        r_.lit(' ');
        r_.lit(task);
      }
      return;
    }
    f.layout = Layout::HtmlItem;
    r_.cr();
    r_.lit("<li>");
    r_.lit(task);
    f.close = "</li>";
  }

  void code_block(const Node& n) {
    begin_block(n);
    std::string lang;
    for (char c : n.info) {
      if (c == ' ' || c == '\t' || c == '{') break;
      lang += c;
    }
    const std::string& code = n.text;
    const bool leading_newline = !code.empty() && code.front() == '\n';
    std::string out;
    bool highlight = !o_.pre_code && !lang.empty() && wikitext::is_syntaxhighlight_language(lang) &&
                     !utf8::contains_ascii_lower(code, "</syntaxhighlight");
    if (highlight) {
      // SyntaxHighlight drops the code's leading newlines (and pygments would too): a space
      // on the first empty line keeps it.
      out.reserve(code.size() + lang.size() + 48);
      out += "<syntaxhighlight lang=\"";
      out += lang;
      out += "\">\n";
      if (leading_newline) out += ' ';
      out += code;
      out += "</syntaxhighlight>";
    } else {
      // A list item is one line: newlines inside <pre> as references.
      const bool one_line = container().layout == Layout::NativeItem || single_line_ > 0;
      out.reserve(code.size() + code.size() / 8 + 16);
      out = "<pre>";
      // A browser drops the newline right after <pre> (a &#10; too): one more keeps the code's.
      if (leading_newline) out += one_line ? "&#10;" : "\n";
      if (one_line) {
        std::string body;
        wikitext::escape_pre(body, code);
        for (char c : body) {
          if (c == '\n') out += "&#10;";
          else out += c;
        }
      } else {
        wikitext::escape_pre(out, code);
      }
      out += "</pre>";
    }
    r_.lit(out);
  }

  // ----- divisions, figures, definition lists --------------------------------------------------

  void div(const Node& n, Frame& f) {
    if (n.info == "details") {
      // A collapsible, as browsers show <details>: closed unless it says open.
      bool open = false;
      for (const auto& a : n.attrs) open |= a.first == "open";
      block_tag(n, f, "<div" + wikitext::tag_attributes("div", n.attrs, {}, open ? "mw-collapsible" : "mw-collapsible mw-collapsed") + ">",
                "</div>");
      f.details = true;
      return;
    }
    std::string tag = n.info == "center" ? "center" : "div";
    block_tag(n, f, "<" + tag + wikitext::tag_attributes(tag, n.attrs) + ">", "</" + tag + ">");
  }

  // The image a figure shows when it is one image of the wiki (inside a Plain or Paragraph, a
  // link around it allowed) with an inline caption: written as a thumbnail.
  const Node* figure_thumbnail(const Node& figure, const Node*& link) const {
    const Node* content = nullptr;
    const Node* caption = nullptr;
    for (const Node& c : figure.children) {
      if (c.type == NodeType::CommentBlock) continue;
      if (c.type == NodeType::Caption) {
        if (caption) return nullptr;
        caption = &c;
      } else if (content) {
        return nullptr;
      } else {
        content = &c;
      }
    }
    if (!content || !caption || holds_blocks(*caption) || facts_.shows_nothing(*caption)) return nullptr;
    if ((content->type != NodeType::Plain && content->type != NodeType::Paragraph) || content->children.size() != 1) return nullptr;
    const Node* img = &content->children.front();
    link = nullptr;
    if (img->type == NodeType::Link && img->children.size() == 1) {
      link = img;
      img = &img->children.front();
    }
    if (img->type != NodeType::Image || file_name(*img).empty()) return nullptr;
    if (link && link_option(*link).empty()) return nullptr;
    return img;
  }

  void figure(const Node& n, Frame& f) {
    const Node* link = nullptr;
    if (const Node* img = figure_thumbnail(n, link)) {
      begin_block(n);
      std::string out = "[[File:" + file_name(*img) + "|thumb";
      if (link) out += "|link=" + link_option(*link);
      if (!img->size.empty()) out += "|" + img->size;
      std::string alt = img->plain_text();
      const Node* cap = nullptr;
      for (const Node& c : n.children)
        if (c.type == NodeType::Caption) cap = &c;
      std::string caption_text = cap->plain_text();
      if (!alt.empty() && alt != caption_text) out += "|alt=" + escaped_label(alt, true);
      out += "|";
      if (looks_like_image_option(caption_text)) out += "<nowiki/>";
      r_.lit(out);
      f.figure_image = true;
      f.close = "]]";
      return;
    }
    // Anything else: the content, then the caption on a line of its own.
    block_tag(n, f, "<div" + wikitext::tag_attributes("div", n.attrs) + ">", "</div>");
  }

  void caption(const Node& n, Frame& f) {
    const Frame& parent = container();
    if (parent.figure_image) {
      f.link_label = 1;
      f.single_line = 1;
      return;
    }
    if (parent.node->type == NodeType::Table) {
      // |+ caption; a caption holding blocks has them on the lines after it.
      r_.cr();
      r_.lit("|+" + attributes_marker("caption", n.attrs, {}));
      f.cell = 1;
      if (holds_blocks(n)) {
        // MediaWiki does not wrap paragraphs in a <caption>; in a <div> it does.
        r_.lit(" <div>");
        f.close = "</div>";
        f.close_on_line = true;
        f.layout = Layout::Flow;
      } else {
        if (!n.children.empty()) r_.lit(' ');
        f.single_line = 1;
      }
      return;
    }
    // A figure's caption (or a caption anywhere else): a division after the content.
    if (holds_blocks(n)) {
      block_tag(n, f, "<div>", "</div>");
    } else {
      begin_block(n);
      r_.lit("<div>");
      f.close = "</div>";
      f.single_line = 1;
    }
  }

  // " attrs |" for a table line, or empty.
  static std::string attributes_marker(std::string_view tag, const wikitext::Attributes& attrs, std::string_view style) {
    std::string a = wikitext::tag_attributes(tag, attrs, style);
    return a.empty() ? a : a + " |";
  }

  void table(const Node& n, Frame& f, NodeIterator& it) {
    bool cells = false;
    for (const Node& c : n.children) cells |= c.type == NodeType::Caption ? !facts_.shows_nothing(c) : !c.children.empty();
    if (!cells) {
      // MediaWiki would show an empty table as one empty cell; a browser shows nothing.
      f.transparent = true;
      it.skip_children();
      return;
    }
    begin_block(n);
    r_.cr();  // (after an item's text: a table starts a line)
    r_.lit("{|" + wikitext::tag_attributes("table", n.attrs, {}, "wikitable"));
    f.close = "|}";
    f.close_on_line = true;
  }

  Frame* table_frame() {
    for (std::size_t i = frames_.size(); i-- > 0;)
      if (frames_[i].node->type == NodeType::Table) return &frames_[i];
    return nullptr;
  }

  void table_row(const Node& n) {
    Frame* table = table_frame();
    if (!table) return;
    if (table->blocks++ > 0) {  // |- between rows
      r_.cr();
      r_.lit("|-" + wikitext::tag_attributes("tr", n.attrs));
    }
    table->column = 0;
  }

  void table_cell(const Node& n, Frame& f) {
    Frame* table = table_frame();
    const Node* row = frames_.back().node;
    bool header = n.header || (row->type == NodeType::TableRow && row->header);
    std::string style;
    std::string_view align = n.attr("align");
    std::size_t column = table ? table->column : 0;
    if (align.empty() && table && column < table->node->aligns.size()) {
      Alignment a = table->node->aligns[column];
      align = a == Alignment::Left ? "left" : a == Alignment::Center ? "center" : a == Alignment::Right ? "right" : "";
    }
    if (align == "left" || align == "center" || align == "right") style = "text-align:" + std::string(align);
    if (table) {
      long span = std::strtol(std::string(n.attr("colspan")).c_str(), nullptr, 10);
      table->column += span > 1 ? static_cast<std::size_t>(span) : 1;
    }
    r_.cr();
    r_.lit((header ? "!" : "|") + attributes_marker(header ? "th" : "td", n.attrs, style));
    f.cell = 1;
    if (holds_blocks(n)) {
      // Blocks on the lines after the cell's own: MediaWiki parses them as blocks there.
      f.layout = Layout::Flow;
      return;
    }
    if (!n.children.empty()) r_.lit(' ');
    f.single_line = 1;
  }

  // Whether the list can be ";term" and ": details" lines: each details is one line of text.
  bool simple_definition_list(const Node& n) {
    if (container().layout != Layout::Flow) return false;
    for (const Node& c : n.children) {
      if (c.type == NodeType::DefinitionTerm) continue;
      if (c.type != NodeType::DefinitionDetails) return false;
      if (c.children.size() > 1 || (c.children.size() == 1 && c.children.front().type != NodeType::Plain)) return false;
    }
    return true;
  }

  void definition_list(const Node& n, Frame& f) {
    f.simple_deflist = simple_definition_list(n);
    begin_block(n);
    if (f.simple_deflist) return;
    r_.lit("<dl" + wikitext::tag_attributes("dl", n.attrs) + ">");
    f.close = "</dl>";
    f.close_on_line = true;
    f.layout = Layout::HtmlItem;
  }

  void definition_term(const Node&, Frame& f) {
    bool simple = top().simple_deflist;
    r_.cr();
    r_.lit(simple ? "; " : "<dt>");
    if (!simple) f.close = "</dt>";
    f.single_line = 1;
    f.term = simple ? 1 : 0;
  }

  void definition_details(const Node& n, Frame& f) {
    bool simple = top().simple_deflist;
    r_.cr();
    if (simple || (n.children.size() == 1 && n.children.front().type == NodeType::Plain)) {
      r_.lit(simple ? ": " : "<dd>");
      if (!simple) f.close = "</dd>";
      f.layout = Layout::NativeItem;
      f.tight = true;
      return;
    }
    // Blocks: inside a <div>, after which MediaWiki wraps paragraphs again.
    r_.lit("<dd><div>");
    f.layout = Layout::Flow;
    f.close = "</div></dd>";
    f.close_on_line = true;
  }

  // ----- elements the model has no node for --------------------------------------------------

  void html_element(const Node& n, Frame& f, NodeIterator& it) {
    f.transparent = true;
    f.layout = top().layout;
    switch (html_kind(n)) {
      case HtmlKind::Hidden: it.skip_children(); return;
      case HtmlKind::Transparent: return;
      case HtmlKind::Embedded: break;
    }
    bool block = n.type == NodeType::HtmlBlock;
    std::string url(n.attr("src"));
    if (url.empty()) url = n.attr("data");
    for (const Node& c : n.children)
      if (url.empty() && (c.type == NodeType::HtmlInline || c.type == NodeType::HtmlBlock) && c.info == "source") url = c.attr("src");
    std::string shown;  // a stand-in text, when not a link
    const std::string& name = n.info;
    if (name == "input") {
      std::string_view type = n.attr("type");
      bool checked = false;
      for (const auto& a : n.attrs) checked |= a.first == "checked";
      // What shows of a control as page text: a box's state, a button's label (a field's value
      // is the reader's input, not the page's text).
      if (type == "checkbox") shown = checked ? "\xE2\x98\x91" : "\xE2\x98\x90";
      else if (type == "radio") shown = checked ? "\xE2\x97\x89" : "\xE2\x97\x8B";
      else if (type == "submit" || type == "button" || type == "reset") shown = n.attr("value");
      else if (type == "image") shown = n.attr("alt");
    } else if (name == "textarea") {
      shown = n.text.empty() ? n.plain_text() : n.text;  // the text it shows in its box
    } else if (name == "select") {
      const Node* chosen = nullptr;
      for (const Node& c : n.children) {
        if (c.info != "option") continue;
        bool selected = false;
        for (const auto& a : c.attrs) selected |= a.first == "selected";
        if (!chosen || selected) chosen = &c;
        if (selected) break;
      }
      if (chosen) shown = chosen->plain_text();
    } else if (url.empty() || !(name == "iframe" || name == "video" || name == "audio" || name == "embed" ||
                                name == "object" || name == "applet")) {
      return;  // its fallback content (or what it holds: svg and math text, button labels)
    }
    it.skip_children();
    f.transparent = false;
    f.layout = Layout::Inline;
    if (block) {
      if (container().layout == Layout::Flow) begin_block(n);
      r_.lit("<div>");
      f.close = "</div>";
    }
    if (!url.empty() && shown.empty()) {
      // What MediaWiki can show of a frame or a player: a link to what it shows.
      std::string label(n.attr("title"));
      external_link_text(url, label.empty() ? url : label, n);
    } else {
      text(shown, with_next(text_context(), n));
    }
  }

  // [url label], or the label alone when the URL cannot be a link here.
  void external_link_text(const std::string& url, const std::string& label, const Node& n) {
    if (wikitext::is_linkable_url(url) && !in_label()) {
      if (label == url && wikitext::is_free_link_safe(url, r_.last_char(), next_char(n))) {
        guard_link_trail(url.front());
        r_.lit(url);
      } else {
        r_.lit("[" + wikitext::bracket_url(url) + " " + escaped_label(label, false) + "]");
      }
      return;
    }
    text(label, with_next(text_context(), n));
  }

  // ----- emphasis ----------------------------------------------------------------------------

  void emphasis(const Node& n, Frame& f) {
    if (facts_.shows_nothing(n)) return;  // '''' would toggle bold
    bool strong = n.type == NodeType::Strong;
    int& same_kind_quotes = strong ? strong_quotes_ : em_quotes_;
    char prev = r_.last_char();
    bool quote = same_kind_quotes == 0 && prev != '\'' && next_char(n) != '\'' &&
                 !starts_or_ends_with_apostrophe(n) && !facts_.breaks_lines(n);
    f.quote = quote;
    if (quote) {
      r_.lit(strong ? "'''" : "''");
      f.close = strong ? "'''" : "''";
      ++same_kind_quotes;
      // '' ends at the end of a line: soft breaks inside become spaces.
      f.single_line = 1;
    } else {
      inline_tag(f, strong ? "b" : "i");
    }
  }

  bool starts_or_ends_with_apostrophe(const Node& n) {
    auto apostrophe = [](const Node& leaf, bool front) {
      if (leaf.type != NodeType::Text || leaf.text.empty()) return false;
      return (front ? leaf.text.front() : leaf.text.back()) == '\'';
    };
    return apostrophe(facts_.first_leaf(n), true) || apostrophe(facts_.last_leaf(n), false);
  }

  // ----- links -------------------------------------------------------------------------------

  // Plain text of a label when it has no formatting, for the short forms (a link inside a
  // link counts as its text).
  static bool plain_label(const Node& n, std::string& out) {
    out.clear();
    const std::vector<Node>* children = &n.children;
    if (children->size() == 1 && (children->front().type == NodeType::Link || children->front().type == NodeType::WikiLink))
      children = &children->front().children;
    for (const Node& c : *children) {
      if (c.type != NodeType::Text) return false;
      out += c.text;
    }
    return true;
  }

  std::string escaped_label(std::string_view s, bool internal) const {
    TextContext c;
    c.single_line = true;
    c.link_label = internal;
    c.ext_link_label = !internal;
    c.table_cell = cell_ > 0;
    c.prev = internal ? '|' : ' ';
    c.next = ']';
    std::string out;
    wikitext::escape_text(out, s, c);
    return out;
  }

  // The link= value for an image inside the link `n`, or empty when it cannot carry it.
  std::string link_option(const Node& n) const {
    std::string to = n.target.empty() ? self_title_ : n.target.str();
    if (!wikitext::url_protocol(to, false).empty()) {
      if (!wikitext::is_linkable_url(to) || to.find_first_of("|[]{}<>\n") != std::string::npos) return {};
      return to;
    }
    if (wikitext::is_root_relative(to)) return root_relative(to);
    return page_title(to);
  }

  // The wiki's own namespace prefixes besides MediaWiki's.
  const std::vector<std::string>& namespaces() const {
    static const std::vector<std::string> kNone;
    return wiki_ ? wiki_->custom_namespaces() : kNone;
  }

  // The page a relative URL names ("Foo_bar#Part", percent-encoded as in an href), as
  // MediaWiki takes it; empty when it cannot be a link.
  std::string page_title(std::string_view url) const {
    Node target = make_wiki_link(url);
    return wikitext::link_title(target.anchor.empty() ? target.target.str() : target.target + "#" + target.anchor, namespaces());
  }

  // What a root-relative URL ("/path") is in the wiki ("[[/path]]" would be a subpage of this
  // page): the page when it is an article path ("/wiki/Title"), else the URL on the host of the
  // wiki's base URL when it is known, else on this wiki's own server, as a browser resolves it.
  std::string root_relative(const std::string& url) const {
    std::string page = wikitext::link_title(wikitext::article_path_title(url, o_.base), namespaces());
    if (!page.empty()) return page;
    std::string absolute = wikitext::absolute_on_base(url, o_.base);
    return absolute.empty() ? "{{SERVER}}" + url : absolute;
  }

  // A link's title ([x](url "title")) has no place in a wikitext link: a span around the link
  // carries it, so that it still shows on hover.
  std::string open_title_span(std::string_view title) {
    if (title.empty()) return {};
    std::string open = "<span title=\"";
    wikitext::escape_attribute(open, title);
    r_.lit(open + "\">");
    return "</span>";
  }

  void link(const Node& n, Frame& f, NodeIterator& it) {
    std::string url = n.target;
    if (in_label() || facts_.shows_nothing(n)) {
      // A link inside a link's label (an autolink in a link): its text only. A link that shows
      // nothing (an empty one, a browser's re-opened <a> around whitespace): nothing either.
      f.transparent = true;
      return;
    }
    if (n.children.size() == 1 && n.children.front().type == NodeType::Image) {
      // A linked image: [[File:x|link=...]] (an image cannot be the label of a link).
      std::string to = link_option(n);
      if (!to.empty() && image(n.children.front(), to)) {
        it.skip_children();
        f.transparent = true;
        return;
      }
    }
    if (wikitext::is_root_relative(url)) {
      std::string to = root_relative(url);
      if (wikitext::url_protocol(to, false).empty() && to.substr(0, 2) != "{{") {
        f.close = open_title_span(n.title);
        internal_link(f, to);
        return;
      }
      url = to;
    }
    std::string label;
    bool plain = plain_label(n, label);
    std::string after = open_title_span(n.title);
    bool on_server = url.compare(0, 10, "{{SERVER}}") == 0;
    if (on_server) {
      r_.lit("[{{SERVER}}" + wikitext::bracket_url(url.substr(10)) + " ");
      f.close = "]" + after;
      f.ext_label = 1;
      f.single_line = 1;
      return;
    }
    if (!wikitext::url_protocol(url, false).empty()) {
      if (!wikitext::is_linkable_url(url)) {
        // "http://" alone links nowhere: its text.
        f.close = after;
        if (n.children.empty()) text(url, with_next(text_context(), n));
        return;
      }
      char next = next_char(n);
      if (plain && label == url && after.empty() && wikitext::is_free_link_safe(url, r_.last_char(), next)) {
        guard_link_trail(url.front());
        r_.lit(url);
        it.skip_children();
        f.transparent = true;
        return;
      }
      r_.lit("[" + wikitext::bracket_url(url) + " ");
      f.close = "]" + after;
      f.ext_label = 1;
      f.single_line = 1;
      return;
    }
    // A relative URL names a page of this wiki; a fragment an anchor on this page; an empty
    // URL this page itself (MediaWiki shows a link to the page it is on as a self-link).
    std::string target = page_title(url.empty() ? self_title_ : url);
    f.close = after;
    if (target.empty()) return;  // not a title: the text only
    internal_link(f, target);
  }

  // [[target|label]] for a Link to a page of the wiki; f.close already holds what follows.
  void internal_link(Frame& f, const std::string& target) {
    r_.lit("[[" + std::string(target.front() == '#' ? "" : (needs_colon(target) ? ":" : "")) + target + "|");
    f.close = "]]" + f.close;
    f.link_label = 1;
    f.single_line = 1;
  }

  static bool needs_colon(std::string_view target) {
    std::string name;
    return is_file_target(target) || category_name(target, name);
  }

  std::string link_title(const Node& n) const {
    std::string target = n.target;
    if (wiki_ && !target.empty() && !is_interwiki(target)) {
      std::string resolved = wiki_->resolve(target);
      if (wiki_->find(resolved)) target = resolved;
    }
    return target;
  }

  static bool same_title_text(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      char x = a[i] == '_' ? ' ' : a[i];
      char y = b[i] == '_' ? ' ' : b[i];
      if (i == 0 && x >= 'a' && x <= 'z') x = static_cast<char>(x - 'a' + 'A');
      if (i == 0 && y >= 'a' && y <= 'z') y = static_cast<char>(y - 'a' + 'A');
      if (x != y) return false;
    }
    return true;
  }

  void wiki_link(const Node& n, Frame& f, NodeIterator& it) {
    if (in_label()) {
      f.transparent = true;
      if (n.children.empty()) text(n.target, with_next(text_context(), n));
      return;
    }
    std::string written = link_title(n);
    if (!n.anchor.empty()) written += "#" + n.anchor;
    if (!wikitext::url_protocol(written, false).empty()) {
      // pandoc's wikilink to "Mailto:x" (a URL MediaWiki would not link as a page): a link to it.
      f.transparent = true;
      if (!wikitext::is_linkable_url(written)) return;
      r_.lit("[" + wikitext::bracket_url(written) + " ");
      if (n.children.empty()) r_.lit(escaped_label(written, false));
      f.transparent = false;
      f.close = "]";
      f.ext_label = 1;
      f.single_line = 1;
      return;
    }
    std::string full = wikitext::link_title(written, namespaces());
    if (full.empty()) {
      f.transparent = true;  // no title MediaWiki can link to: the label
      if (n.children.empty()) text(written, with_next(text_context(), n));
      return;
    }
    std::string target = full.substr(0, full.find('#'));
    if (n.children.size() == 1 && n.children.front().type == NodeType::Image && image(n.children.front(), full)) {
      it.skip_children();
      f.transparent = true;
      return;
    }
    std::string colon = needs_colon(target) ? ":" : "";
    std::string label;
    f.close = "]]";
    bool shortest = n.children.empty();
    if (!shortest && plain_label(n, label) && escaped_label(label, true) == label)
      shortest = same_title_text(label, full);
    if (shortest) {
      // Shortest form: [[Title]] shows the title as written.
      r_.lit("[[" + colon + (n.children.empty() ? full : label));
      it.skip_children();
      return;
    }
    r_.lit("[[" + colon + full + "|");
    f.link_label = 1;
    f.single_line = 1;
  }

  // The file name of an image of the wiki ("X.png" for File:X.png or a relative path), or
  // empty.
  static std::string file_name(const Node& n) {
    if (!wikitext::url_protocol(n.target, false).empty()) return {};
    std::string name = n.target;
    if (is_file_target(name)) {
      name = name.substr(name.find(':') + 1);
    } else if (!url_scheme(name).empty()) {
      return {};  // javascript:..., data:...: no file of the wiki (a browser shows no image)
    } else {
      std::size_t slash = name.find_last_of('/');
      if (slash != std::string::npos) name = name.substr(slash + 1);
    }
    if (name.empty() || name.find('#') != std::string::npos) return {};
    std::string title = wikitext::link_title("File:" + name, {});
    return title.empty() ? std::string() : title.substr(5);
  }

  // Writes the image `n`; with `link`, as a link to that page or URL. False (nothing written)
  // when the image cannot carry the link.
  bool image(const Node& n, std::string_view link = {}) {
    std::string caption = n.title;
    std::string alt = n.plain_text();
    if (caption.empty()) caption = alt;
    std::string_view proto = wikitext::url_protocol(n.target, false);
    if (!proto.empty()) {
      // An external image: MediaWiki shows it inline when $wgAllowExternalImages is on, as a
      // link otherwise.
      if (!link.empty()) return false;
      std::string lower;
      for (char c : n.target) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      bool picture = false;
      for (std::string_view ext : {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"})
        picture |= lower.size() > ext.size() && lower.compare(lower.size() - ext.size(), ext.size(), ext) == 0;
      if (picture && wikitext::is_free_link_safe(n.target, r_.last_char(), next_char(n))) {
        guard_link_trail(n.target.front());
        r_.lit(n.target);
      } else {
        external_link_text(n.target, caption.empty() ? n.target.str() : caption, n);
      }
      return true;
    }
    std::string name = file_name(n);
    if (name.empty()) {
      if (!link.empty()) return false;
      text(alt, with_next(text_context(), n));
      return true;
    }
    std::string out = "[[File:" + name;
    if (!link.empty()) {
      out += "|link=";
      out += link;
    }
    if (!n.size.empty()) out += "|" + n.size;
    if (!alt.empty() && alt != caption) out += "|alt=" + escaped_label(alt, true);
    if (!caption.empty() && caption != n.size) {
      out += "|";
      if (looks_like_image_option(caption)) out += "<nowiki/>";
      out += escaped_label(caption, true);
    }
    out += "]]";
    r_.lit(out);
    return true;
  }

  void footnote_reference(const Node& n) {
    auto def = notes_.definitions.find(n.label);
    if (def == notes_.definitions.end() || in_ref_) {
      text("[" + n.label + "]", text_context());
      return;
    }
    std::string name;
    if (notes_.uses[n.label] > 1) {
      name = " name=\"fn-";
      wikitext::escape_attribute(name, n.label);
      name += '"';
    }
    notes_.any = true;
    if (notes_.written[n.label]) {
      r_.lit("<ref" + name + " />");
      return;
    }
    notes_.written[n.label] = true;
    WikitextRenderer inner(o_, wiki_, notes_, true, self_title_);
    std::string body = inner.render(*def->second);
    while (!body.empty() && body.back() == '\n') body.pop_back();
    if (body.empty()) body = "<nowiki/>";  // Cite refuses an empty <ref>
    // A list or table in the note must start a line.
    if (!body.empty() && (body.front() == '*' || body.front() == '#' || body.front() == '{' ||
                          body.front() == '=' || body.front() == '-' || body.front() == ';' || body.front() == ':'))
      body.insert(0, "\n");
    r_.lit("<ref" + name + ">" + body + "</ref>");
  }

  const WikitextOptions& o_;
  const Wiki* wiki_;
  NoteState& notes_;
  bool in_ref_;
  std::string self_title_;  // the page's own title: links to "" (this page) go there
  const Node* dropped_;     // the heading that repeats the title, or null
  mutable LineRenderer r_;
  std::vector<Frame> frames_;
  std::string list_prefix_;
  std::string scratch_;
  int single_line_ = 0, link_label_ = 0, ext_label_ = 0, cell_ = 0, term_ = 0;
  int em_quotes_ = 0, strong_quotes_ = 0;
  mutable SubtreeFacts facts_;
  std::size_t comment_line_end_ = std::string::npos;
  std::size_t trail_guard_ = std::string::npos;  // output size right after a link's "]]"
  std::size_t leading_comments_ = 0;  // 1 + index of the container whose first blocks are comments
};

class WikitextWriter final : public Writer {
 public:
  explicit WikitextWriter(const Options& options) : options_(wikitext_options(options)) {}

  std::string write_page(const Page& page, const WriteContext& context) const override {
    return render_wikitext(page, context.wiki, options_);
  }

 protected:
  std::string page_extension() const override { return ".wiki"; }

 private:
  WikitextOptions options_;
};

}  // namespace

WikitextOptions wikitext_options(const Options& options) {
  WikitextOptions o;
  std::string code = options.get("code", "syntaxhighlight");
  if (code == "pre") o.pre_code = true;
  else if (code != "syntaxhighlight") throw Error("option code: expected pre or syntaxhighlight, got \"" + code + "\"");
  // title_heading_to_drop checks the value (an empty page has no heading to drop).
  o.keep_title_heading = options.get("title-heading", "drop") == "keep";
  title_heading_to_drop(Page{}, options);
  if (options.has("base")) o.base = options.get("base");
  return o;
}

std::string redirect_title(const Page& page, const Wiki* wiki) {
  std::string target = page.redirect;
  if (wiki && !is_interwiki(target)) {
    std::string resolved = wiki->resolve(target);
    if (wiki->find(resolved)) return resolved;
  }
  std::vector<std::string> namespaces;
  if (wiki) namespaces = wiki->custom_namespaces();
  return normalize_title(target, namespaces).title;
}

std::string render_wikitext(const Page& page, const Wiki* wiki, const WikitextOptions& options) {
  NoteState notes;
  {
    NodeIterator it(page.body);
    while (it.next()) {
      const Node& n = it.node();
      if (it.event() != WalkEvent::Enter) continue;
      if (n.type == NodeType::FootnoteDefinition) notes.definitions.emplace(n.label, &n);
      else if (n.type == NodeType::FootnoteReference) ++notes.uses[n.label];
    }
  }
  const Node* dropped = options.keep_title_heading ? nullptr : leading_title_heading(page);
  WikitextRenderer renderer(options, wiki, notes, false, page.title, dropped);
  renderer.reserve(output_size_hint(page.body));
  std::string out = renderer.render(page.body);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  if (!page.redirect.empty()) {
    // MediaWiki reads the first line; what the page held besides follows it.
    std::string target = redirect_title(page, wiki);
    if (!page.redirect_anchor.empty()) target += "#" + page.redirect_anchor;
    std::string colon = is_file_target(target) || target.compare(0, 9, "Category:") == 0 ? ":" : "";
    out = "#REDIRECT [[" + colon + target + "]]" + (out.empty() ? "" : "\n\n") + out;
  }
  if (notes.any) {
    if (!out.empty()) out += "\n\n";
    out += "<references />";
  }
  bool first_category = true;
  for (const std::string& category : page.categories) {
    std::string name = wikitext::category_title(category);
    if (name.empty()) continue;
    out += first_category ? (out.empty() ? "" : "\n\n") : "\n";
    out += "[[Category:" + name + "]]";
    first_category = false;
  }
  // (A page of comments alone ends without a newline: after a comment, MediaWiki would show
  // it as an empty paragraph.)
  if (!out.empty() && !only_comments(out)) out += '\n';
  return out;
}

std::unique_ptr<Writer> make_wikitext_writer(const Options& options) {
  return std::make_unique<WikitextWriter>(options);
}

}  // namespace wikiconv
