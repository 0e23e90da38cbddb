// The model as MediaWiki wikitext. Blocks go through the shared LineRenderer; inline text goes
// through wikitext::escape_text, which knows what MediaWiki would read as markup in each
// context. Where wikitext has no form that holds (nested same-kind emphasis, list items with
// tables, ordered lists not starting at 1), the HTML tags MediaWiki accepts are used instead.
#include "writers/mediawiki/wikitext_writer.hpp"

#include <map>
#include <memory>

#include "util/html_tag.hpp"
#include "wiki/link_target.hpp"
#include "writers/line_renderer.hpp"
#include "writers/mediawiki/wikitext_escape.hpp"
#include "writers/registry.hpp"

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
      } else if (last_list || (c.type != NodeType::Paragraph && c.type != NodeType::CodeBlock)) {
        return false;
      }
    }
  }
  return true;
}

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

// How the blocks of a container are laid out.
enum class Layout : std::uint8_t {
  Flow,        // document, blockquote, div: blocks at line starts, blank lines between
  NativeItem,  // "* ..." item: everything on the item's one line
  HtmlItem,    // <li>...</li>: blocks on their own lines, no blank lines
  Inline,      // inline containers
};

struct Frame {
  const Node* node = nullptr;
  Layout layout = Layout::Inline;
  std::string close;         // written on exit
  bool quote = false;        // emphasis written as '' / '''
  bool native_list = false;  // a list written with line prefixes
  bool trail_guard = false;  // a [[link]] that letters right after would extend
  int single_line = 0, link_label = 0, ext_label = 0, cell = 0, header_cell = 0;
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
                   std::string_view self_title)
      : o_(options), wiki_(wiki), notes_(notes), in_ref_(in_ref), self_title_(self_title) {}

  // Renders `root` (a Document or a FootnoteDefinition) as blocks.
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

  LineRenderer& renderer() { return r_; }

 private:
  // ----- context -----------------------------------------------------------------------------

  Frame& top() { return frames_.back(); }
  const Frame* parent_frame() const { return frames_.empty() ? nullptr : &frames_.back(); }

  TextContext text_context() const {
    TextContext c;
    c.single_line = single_line_ > 0;
    c.line_start = !c.single_line && (r_.at_line_start() || after_line_start_comment());
    c.table_cell = cell_ > 0;
    c.link_label = link_label_ > 0;
    c.ext_link_label = ext_label_ > 0;
    c.prev = r_.last_char();
    return c;
  }

  // The first character `n` will be written as (conservatively: emphasis counts as ').
  static char first_char(const Node& n) {
    switch (n.type) {
      case NodeType::Text: return n.text.empty() ? '\0' : n.text.front();
      case NodeType::HtmlInline: return n.text.empty() ? '\0' : n.text.front();
      case NodeType::Emphasis: case NodeType::Strong: return '\'';
      case NodeType::Link: case NodeType::WikiLink: case NodeType::Image: return '[';
      case NodeType::SoftBreak: return ' ';
      default: return '<';
    }
  }

  // The first character written after the node `n` (a child of the innermost frame).
  char next_char(const Node& n) const {
    const Node* child = &n;
    for (std::size_t f = frames_.size(); f-- > 0;) {
      const Frame& frame = frames_[f];
      const Node* parent = frame.node;
      std::size_t index = static_cast<std::size_t>(child - parent->children.data());
      if (index + 1 < parent->children.size()) return first_char(parent->children[index + 1]);
      if (!frame.close.empty()) return frame.close.front();
      if (frame.layout != Layout::Inline || is_block(parent->type)) return '\n';
      child = parent;
    }
    return '\n';
  }

  bool is_first_child(const Node& n) const {
    const Node* parent = frames_.back().node;
    return !parent->children.empty() && &parent->children.front() == &n;
  }

  const Node* enclosing_list() const {
    // The innermost frame is the item; the one below it the list.
    return frames_.size() >= 2 ? frames_[frames_.size() - 2].node : nullptr;
  }

  void push(Frame frame) {
    single_line_ += frame.single_line;
    link_label_ += frame.link_label;
    ext_label_ += frame.ext_label;
    cell_ += frame.cell;
    header_cell_ += frame.header_cell;
    frames_.push_back(std::move(frame));
  }

  void text(std::string_view s, const TextContext& c) {
    scratch_.clear();
    wikitext::escape_text(scratch_, s, c);
    r_.lit(scratch_);
  }

  // MediaWiki removes comments before it parses: text after a comment that starts a line
  // starts the line.
  bool after_line_start_comment() const {
    return comment_line_end_ != std::string::npos && comment_line_end_ == r_.out().size();
  }

  // Writes wikitext that may be only comments; remembers where a line of comments ends.
  void write_maybe_comment(const std::string& s) {
    bool line_start = r_.at_line_start() || after_line_start_comment();
    r_.lit(s);
    if (line_start && only_comments(s)) comment_line_end_ = r_.out().size();
  }

  // Starts a block in the current container's layout.
  void begin_block(const Node& n, bool comment_block = false) {
    Layout layout = top().layout;
    if (layout == Layout::Flow) {
      // A line of comments is removed with its newline: a blank line next to it would become
      // an empty paragraph.
      // Comments that open the container are glued to the first real block: alone on their
      // lines they would leave an empty paragraph. Other comment blocks end the line before.
      bool first = is_first_child(n);
      if (leading_comments_ == frames_.size()) {
        if (!comment_block) leading_comments_ = 0;
      } else if (first || comment_block) {
        r_.cr();
        if (first && comment_block) leading_comments_ = frames_.size();
      } else {
        r_.blank_line();
      }
    } else if (layout == Layout::HtmlItem) {
      r_.cr();
    }
  }

  // ----- blocks and inlines ------------------------------------------------------------------

  void enter(const Node& n, NodeIterator& it) {
    Frame f = make_frame(&n, Layout::Inline);
    switch (n.type) {
      case NodeType::Document: f.layout = Layout::Flow; break;
      case NodeType::Heading: {
        begin_block(n);
        std::string marks(static_cast<std::size_t>(std::min(6, std::max(1, n.level))), '=');
        r_.lit(marks + " ");
        f.close = " " + marks;
        f.single_line = 1;
        break;
      }
      case NodeType::Paragraph: paragraph(n, f); break;
      case NodeType::BulletList:
      case NodeType::OrderedList: list(n, f); break;
      case NodeType::ListItem: list_item(n, f); break;
      case NodeType::CodeBlock: code_block(n); return;
      case NodeType::BlockQuote:
        begin_block(n);
        r_.lit("<blockquote>");
        r_.cr();
        f.layout = Layout::Flow;
        f.close = "</blockquote>";
        break;
      case NodeType::Div:
        begin_block(n);
        r_.lit("<div" + attributes(n) + ">");
        r_.cr();
        f.layout = Layout::Flow;
        f.close = "</div>";
        break;
      case NodeType::Table:
        begin_block(n);
        r_.lit("{| class=\"wikitable\"");
        r_.cr();
        table_ = &n;
        f.close = "|}";
        break;
      case NodeType::TableRow: {
        const Node* table = top().node;
        if (&table->children.front() != &n) {
          r_.cr();
          r_.lit("|-");
        }
        column_ = 0;
        break;
      }
      case NodeType::TableCell: {
        bool header = top().node->header;
        r_.cr();
        std::string start = header ? "!" : "|";
        if (table_ && column_ < table_->aligns.size() && table_->aligns[column_] != Alignment::None) {
          Alignment a = table_->aligns[column_];
          start += a == Alignment::Left ? " style=\"text-align:left\" |"
                   : a == Alignment::Center ? " style=\"text-align:center\" |"
                                            : " style=\"text-align:right\" |";
        }
        if (!n.children.empty()) start += ' ';
        r_.lit(start);
        ++column_;
        f.single_line = 1;
        f.cell = 1;
        f.header_cell = header ? 1 : 0;
        break;
      }
      case NodeType::ThematicBreak:
        begin_block(n);
        r_.lit(top().layout == Layout::NativeItem ? "<hr />" : "----");
        return;
      case NodeType::FootnoteDefinition:
        it.skip_children();  // written where it is referenced, as <ref>
        break;
      case NodeType::HtmlBlock: {
        TextContext c = text_context();
        bool native = top().layout == Layout::NativeItem;
        c.line_start = !native;
        c.prev = native ? ' ' : '\n';
        std::string html = n.text;
        while (!html.empty() && html.back() == '\n') html.pop_back();
        std::string out;
        if (!native && inline_wrapper(html, out)) {
          begin_block(n);
          r_.lit(out);
          return;
        }
        wikitext::RawHtml how;
        how.block = !native;
        how.wrap_loose_text = top().layout == Layout::Flow;
        how.link_open = [this](std::string_view tag) { return anchor_open(tag); };
        wikitext::write_raw_html(out, html, how, c);
        begin_block(n, only_comments(out));
        write_maybe_comment(out);
        return;
      }
      case NodeType::Text: text(n.text, with_next(text_context(), n)); return;
      case NodeType::Emphasis:
      case NodeType::Strong: emphasis(n, f); break;
      case NodeType::Strikethrough:
        r_.lit("<del>");
        f.close = "</del>";
        break;
      case NodeType::Superscript:
        r_.lit("<sup>");
        f.close = "</sup>";
        break;
      case NodeType::Subscript:
        r_.lit("<sub>");
        f.close = "</sub>";
        break;
      case NodeType::Span:
        r_.lit("<span" + attributes(n) + ">");
        f.close = "</span>";
        break;
      case NodeType::Code: {
        scratch_.clear();
        wikitext::write_inline_code(scratch_, n.text, text_context());
        r_.lit(scratch_);
        return;
      }
      case NodeType::Link: link(n, f, it); break;
      case NodeType::WikiLink: wiki_link(n, f, it); break;
      case NodeType::Image:
        image(n);
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
      case NodeType::HtmlInline: html_inline(n); return;
    }
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
    header_cell_ -= f.header_cell;
    if (f.quote) --(n.type == NodeType::Strong ? strong_quotes_ : em_quotes_);
    if (n.type == NodeType::Paragraph || n.type == NodeType::Heading || n.type == NodeType::TableCell) {
      while (!anchors_.empty()) close_anchor();
    }
    switch (n.type) {
      case NodeType::BlockQuote:
      case NodeType::Div:
      case NodeType::Table:
        r_.cr();
        r_.lit(f.close);
        if (n.type == NodeType::Table) table_ = nullptr;
        return;
      case NodeType::BulletList:
      case NodeType::OrderedList:
        if (f.native_list) {
          list_prefix_.pop_back();
          r_.cr();
        } else {
          r_.cr();
          r_.lit(f.close);
          r_.cr();
        }
        return;
      case NodeType::ListItem:
        if (!f.close.empty()) {
          // </li> right after a tight paragraph, on its own line after other blocks.
          bool after_text = !n.children.empty() && n.children.back().type == NodeType::Paragraph &&
                            enclosing_tight();
          if (!after_text) r_.cr();
          r_.lit(f.close);
        }
        return;
      default: break;
    }
    if (!f.close.empty()) r_.lit(f.close);
    if (f.trail_guard) {
      // "[[Foo]]bar" would show "Foobar" as the link text.
      char next = next_char_after_exit(n);
      if (next >= 'a' && next <= 'z') r_.lit("<nowiki/>");
    }
  }

  bool enclosing_tight() const {
    return !frames_.empty() && is_list(frames_.back().node->type) && frames_.back().node->tight;
  }

  char next_char_after_exit(const Node& n) const {
    if (frames_.empty()) return '\0';
    return next_char(n);
  }

  TextContext with_next(TextContext c, const Node& n) const {
    c.next = next_char(n);
    return c;
  }

  void paragraph(const Node& n, Frame& f) {
    Layout layout = top().layout;
    const Node* list = enclosing_list();
    bool tight = list && is_list(list->type) ? list->tight : true;
    if (layout == Layout::Flow) {
      begin_block(n);
      return;
    }
    f.single_line = 1;
    if (layout == Layout::NativeItem) {
      if (!tight) {
        r_.lit("<p>");
        f.close = "</p>";
      }
      return;
    }
    // HtmlItem
    if (tight) {
      if (!is_first_child(n)) r_.cr();
    } else {
      r_.cr();
      r_.lit("<p>");
      f.close = "</p>";
    }
  }

  void list(const Node& n, Frame& f) {
    Layout layout = top().layout;
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
    r_.cr();
  }

  void list_item(const Node& n, Frame& f) {
    const char* task = n.task == TaskState::Checked ? "\xE2\x98\x91 " : n.task == TaskState::Unchecked ? "\xE2\x98\x90 " : "";
    if (top().native_list) {
      f.layout = Layout::NativeItem;
      r_.cr();
      r_.lit(list_prefix_);
      if (!n.children.empty() && !is_list(n.children.front().type)) {
        r_.lit(' ');
        r_.lit(task);
      } else if (*task) {
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
    std::string code = n.text;
    std::string out;
    bool highlight = !o_.pre_code && !lang.empty() && wikitext::is_syntaxhighlight_language(lang);
    if (highlight) {
      std::string lower;
      for (char c : code) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      if (lower.find("</syntaxhighlight") != std::string::npos) highlight = false;
    }
    if (highlight) {
      out = "<syntaxhighlight lang=\"" + lang + "\">\n" + code + "</syntaxhighlight>";
    } else {
      out = "<pre>";
      // An HTML parser drops the first newline after <pre>.
      if (!code.empty() && code.front() == '\n') out += '\n';
      std::size_t start = out.size();
      wikitext::escape_pre(out, code);
      if (top().layout == Layout::NativeItem) {
        // A list item is one line: newlines inside <pre> as references.
        std::string one_line = out.substr(0, start);
        for (std::size_t i = start; i < out.size(); ++i) {
          if (out[i] == '\n') one_line += "&#10;";
          else one_line += out[i];
        }
        out = std::move(one_line);
      }
      out += "</pre>";
    }
    r_.lit(out);
  }

  void emphasis(const Node& n, Frame& f) {
    bool strong = n.type == NodeType::Strong;
    int& same_kind_quotes = strong ? strong_quotes_ : em_quotes_;
    char prev = r_.last_char();
    bool quote = same_kind_quotes == 0 && prev != '\'' && next_char(n) != '\'' &&
                 !starts_or_ends_with_apostrophe(n) && !contains_line_break(n);
    f.quote = quote;
    if (quote) {
      r_.lit(strong ? "'''" : "''");
      f.close = strong ? "'''" : "''";
      ++same_kind_quotes;
      // '' ends at the end of a line: soft breaks inside become spaces.
      f.single_line = 1;
    } else {
      r_.lit(strong ? "<b>" : "<i>");
      f.close = strong ? "</b>" : "</i>";
    }
  }

  static bool contains_line_break(const Node& n) {
    NodeIterator it(n);
    while (it.next())
      if (it.node().type == NodeType::LineBreak) return true;
    return false;
  }

  static bool starts_or_ends_with_apostrophe(const Node& n) {
    const Node* first = &n;
    while (!first->children.empty()) first = &first->children.front();
    const Node* last = &n;
    while (!last->children.empty()) last = &last->children.back();
    auto apostrophe = [](const Node* leaf, bool front) {
      if (leaf->type != NodeType::Text && leaf->type != NodeType::Code) return false;
      if (leaf->type == NodeType::Code || leaf->text.empty()) return false;
      return (front ? leaf->text.front() : leaf->text.back()) == '\'';
    };
    return apostrophe(first, true) || apostrophe(last, false);
  }

  std::string attributes(const Node& n) const {
    std::string out;
    for (const auto& [k, v] : n.attrs) {
      if (k.empty() || k.rfind("on", 0) == 0) continue;
      bool ok = true;
      for (char c : k) ok &= (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) continue;
      out += ' ';
      out += k;
      out += "=\"";
      wikitext::escape_attribute(out, v);
      out += '"';
    }
    return out;
  }

  // ----- links -------------------------------------------------------------------------------

  // Plain text of a label when it has no formatting, for the short forms.
  static bool plain_label(const Node& n, std::string& out) {
    out.clear();
    for (const Node& c : n.children) {
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

  void link(const Node& n, Frame& f, NodeIterator& it) {
    const std::string& url = n.target;
    if (n.children.size() == 1 && n.children.front().type == NodeType::Image) {
      // A linked image: [[File:x|link=...]] (an image cannot be the label of a link).
      std::string to = wikitext::url_protocol(url, false).empty() && url.empty() ? self_title_ : url;
      if (!to.empty() && to.find_first_of("|[]{}<>\n") == std::string::npos && image(n.children.front(), to)) {
        it.skip_children();
        return;
      }
    }
    std::string label;
    bool plain = plain_label(n, label);
    // A link's title ([x](url "title")) has no place in a wikitext link: a span around the link
    // carries it, so that it still shows on hover.
    std::string after;
    if (!n.title.empty()) {
      std::string open = "<span title=\"";
      wikitext::escape_attribute(open, n.title);
      r_.lit(open + "\">");
      after = "</span>";
    }
    if (!wikitext::url_protocol(url, false).empty()) {
      char next = next_char(n);
      if (plain && label == url && after.empty() && ext_label_ == 0 && link_label_ == 0 &&
          wikitext::is_free_link_safe(url, r_.last_char(), next)) {
        r_.lit(url);
        it.skip_children();
        return;
      }
      r_.lit("[" + wikitext::bracket_url(url) + " ");
      if (n.children.empty()) r_.lit(escaped_label(url, false));
      f.close = "]" + after;
      f.ext_label = 1;
      f.single_line = 1;
      return;
    }
    // A relative URL names a page of this wiki; a fragment an anchor on this page; an empty
    // URL this page itself (MediaWiki shows a link to the page it is on as a self-link).
    std::string target = url.empty() ? self_title_ : url;
    if (target.find_first_of("<>[]{}|") != std::string::npos || target.empty()) {  // not a title: text only
      f.close = after;
      return;
    }
    r_.lit("[[" + std::string(target.front() == '#' ? "" : (needs_colon(target) ? ":" : "")) + target + "|");
    if (n.children.empty()) r_.lit(escaped_label(url, true));
    f.close = "]]" + after;
    f.link_label = 1;
    f.single_line = 1;
    f.trail_guard = true;
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
    std::string target = link_title(n);
    std::string full = target;
    if (!n.anchor.empty()) full += "#" + n.anchor;
    std::string colon = needs_colon(target) ? ":" : "";
    std::string label;
    f.trail_guard = true;
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
      std::string lower;
      for (char c : n.target) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      bool picture = false;
      for (std::string_view ext : {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"})
        picture |= lower.size() > ext.size() && lower.compare(lower.size() - ext.size(), ext.size(), ext) == 0;
      if (!link.empty()) return false;
      if (picture && ext_label_ == 0 && link_label_ == 0 && wikitext::is_free_link_safe(n.target, r_.last_char(), next_char(n))) {
        r_.lit(n.target);
      } else {
        r_.lit("[" + wikitext::bracket_url(n.target) + " " + escaped_label(caption.empty() ? n.target : caption, false) + "]");
      }
      return true;
    }
    std::string name = n.target;
    if (is_file_target(name)) {
      name = name.substr(name.find(':') + 1);
    } else {
      std::size_t slash = name.find_last_of('/');
      if (slash != std::string::npos) name = name.substr(slash + 1);
    }
    if (name.empty() || name.find_first_of("<>[]{}|#") != std::string::npos) {
      if (!link.empty()) return false;
      text(alt, text_context());
      return true;
    }
    std::string out = "[[File:" + name;
    if (!link.empty()) {
      out += "|link=";
      out += link;
    }
    // A figure (its caption is also its alt text) shows the caption: a thumbnail.
    if (!n.title.empty() && n.title == alt) out += "|thumb";
    if (!n.size.empty()) out += "|" + n.size;
    if (!alt.empty() && alt != caption) out += "|alt=" + escaped_label(alt, true);
    if (!caption.empty() && caption != n.size) out += "|" + escaped_label(caption, true);
    out += "]]";
    r_.lit(out);
    return true;
  }

  void html_inline(const Node& n) {
    // <a href="https://..">..</a> in the source becomes an external link.
    std::string_view raw = n.text;
    if (raw.size() > 2 && (raw.substr(0, 2) == "<a" || raw.substr(0, 2) == "<A") && (raw[2] == ' ' || raw[2] == '\n' || raw[2] == '>')) {
      std::string href = html_href(raw);
      if (href.empty() || ext_label_ > 0 || link_label_ > 0) {
        anchors_.push_back(Anchor::None);
        anchor_starts_.push_back(0);
      } else if (!wikitext::url_protocol(href, false).empty()) {
        r_.lit("[" + wikitext::bracket_url(href) + " ");
        ++ext_label_;
        anchors_.push_back(Anchor::External);
        anchor_starts_.push_back(r_.out().size());
      } else if (href.find_first_of("<>[]{}|\n") == std::string::npos) {
        std::string open = "[[" + std::string(needs_colon(href) ? ":" : "") + href + "|";
        r_.lit(open);
        ++link_label_;
        anchors_.push_back(Anchor::Internal);
        anchor_starts_.push_back(r_.out().size());
      } else {
        anchors_.push_back(Anchor::None);
        anchor_starts_.push_back(0);
      }
      return;
    }
    if ((raw == "</a>" || raw == "</A>") && !anchors_.empty()) {
      close_anchor();
      return;
    }
    if (raw.size() > 4 && (raw.substr(0, 4) == "<img" || raw.substr(0, 4) == "<IMG")) {
      // <img src> in the source becomes an image, as a Markdown image would.
      if (auto tag = html::parse_tag(raw); tag && !tag->attr("src").empty()) {
        Node img(NodeType::Image);
        std::string src(tag->attr("src"));
        bool bare = src.find('/') == std::string::npos && src.find(':') == std::string::npos;
        img.target = bare ? "File:" + src : src;
        img.title = tag->attr("title");
        if (!tag->attr("alt").empty()) img.append(Node(NodeType::Text, std::string(tag->attr("alt"))));
        image(img);
        return;
      }
    }
    TextContext c = with_next(text_context(), n);
    c.single_line = true;
    scratch_.clear();
    wikitext::write_raw_html(scratch_, raw, wikitext::RawHtml{}, c);
    write_maybe_comment(scratch_);
  }

  // "[[Page|" or "[url " for the <a> tag `raw`; empty when it is no link or cannot be one here.
  std::string anchor_open(std::string_view raw) const {
    auto tag = html::parse_tag(raw);
    if (!tag || tag->closing || ext_label_ > 0 || link_label_ > 0) return {};
    bool has_href = false;
    for (const auto& attr : tag->attrs) has_href |= attr.first == "href";
    if (!has_href) return {};
    std::string href(tag->attr("href"));
    if (!wikitext::url_protocol(href, false).empty()) return "[" + wikitext::bracket_url(href) + " ";
    std::string target = href.empty() ? self_title_ : href;
    if (target.empty() || target.find_first_of("<>[]{}|\n") != std::string::npos) return {};
    return "[[" + std::string(target.front() == '#' ? "" : (needs_colon(target) ? ":" : "")) + target + "|";
  }

  // An HTML block that is only the opening or the closing tag of an inline element (<del>,
  // <span>, ...) around Markdown blocks: browsers put those blocks inside the element.
  // MediaWiki keeps them inside only with a block element between: <del><div> ... </div></del>.
  bool inline_wrapper(std::string_view html, std::string& out) {
    auto tag = html::parse_tag(html);
    if (!tag || tag->self_closing || html::is_void_element(tag->name) || !wikitext::is_allowed_html_tag(tag->name) ||
        wikitext::is_block_html_tag(tag->name))
      return false;
    if (!tag->closing) {
      for (char c : html) out += c == '\n' ? ' ' : c;
      out += "<div>";
      wrappers_.push_back({tag->name, frames_.size()});
      return true;
    }
    if (wrappers_.empty() || wrappers_.back().first != tag->name || wrappers_.back().second != frames_.size())
      return false;
    wrappers_.pop_back();
    out = "</div>";
    out += html;
    return true;
  }

  void close_anchor() {
    Anchor a = anchors_.back();
    std::size_t start = anchor_starts_.back();
    anchors_.pop_back();
    anchor_starts_.pop_back();
    if (a == Anchor::None) return;
    if (a == Anchor::External) --ext_label_;
    else --link_label_;
    std::string& out = r_.out();
    if (out.size() == start && !r_.at_line_start()) {
      // Nothing between <a> and </a>: an empty link shows nothing; "[[x|]]" would show text.
      std::size_t open = out.rfind(a == Anchor::External ? "[" : "[[");
      if (open != std::string::npos) {
        out.resize(open);
        return;
      }
    }
    r_.lit(a == Anchor::External ? "]" : "]]");
  }

  static std::string html_href(std::string_view tag) {
    std::size_t p = tag.find("href=");
    if (p == std::string_view::npos) return {};
    p += 5;
    if (p >= tag.size()) return {};
    char q = tag[p];
    std::size_t end;
    if (q == '"' || q == '\'') {
      ++p;
      end = tag.find(q, p);
    } else {
      end = tag.find_first_of(" \t\n>", p);
    }
    if (end == std::string_view::npos) return {};
    std::string href(tag.substr(p, end - p));
    std::string out;
    for (std::size_t i = 0; i < href.size(); ++i) {
      if (href.compare(i, 5, "&amp;") == 0) {
        out += '&';
        i += 4;
      } else {
        out += href[i];
      }
    }
    return out;
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
                          body.front() == '=' || body.front() == '-'))
      body.insert(0, "\n");
    r_.lit("<ref" + name + ">" + body + "</ref>");
  }

  const WikitextOptions& o_;
  const Wiki* wiki_;
  NoteState& notes_;
  bool in_ref_;
  std::string self_title_;  // the page's own title: links to "" (this page) go there
  mutable LineRenderer r_;
  std::vector<Frame> frames_;
  std::string list_prefix_;
  std::string scratch_;
  enum class Anchor : std::uint8_t { None, External, Internal };
  std::vector<Anchor> anchors_;
  std::vector<std::pair<std::string, std::size_t>> wrappers_;  // inline_wrapper(): element, container depth
  std::vector<std::size_t> anchor_starts_;  // output size right after each anchor's opening  // <a> tags from raw HTML: [url ...], [[page|...]] or dropped
  const Node* table_ = nullptr;
  std::size_t column_ = 0;
  int single_line_ = 0, link_label_ = 0, ext_label_ = 0, cell_ = 0, header_cell_ = 0;
  int em_quotes_ = 0, strong_quotes_ = 0;
  std::size_t comment_line_end_ = std::string::npos;
  std::size_t leading_comments_ = 0;  // depth of the container whose first blocks are comments

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
  return o;
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
  WikitextRenderer renderer(options, wiki, notes, false, page.title);
  std::string out = renderer.render(page.body);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  if (notes.any) {
    if (!out.empty()) out += "\n\n";
    out += "<references />";
  }
  if (!page.categories.empty()) {
    if (!out.empty()) out += "\n\n";
    for (std::size_t i = 0; i < page.categories.size(); ++i) {
      if (i > 0) out += '\n';
      out += "[[Category:" + page.categories[i] + "]]";
    }
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
