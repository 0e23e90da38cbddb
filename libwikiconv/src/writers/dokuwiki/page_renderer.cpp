// DokuWiki's syntax is line based: list items, quote lines and table rows are one line each,
// headings hold plain text, quotes hold only inline content. Block content where DokuWiki has
// none is written in the nearest form that renders the same text: paragraphs inside an item or
// a cell are joined by "\\ " breaks, a heading inside a list or quote becomes bold text, a list
// inside a quote or cell becomes lines with "•"/"1." markers, a code block inside a cell one
// monospace run per line. A level-6 heading becomes a level-5 heading (DokuWiki's smallest).
// DokuWiki's <html> is off: raw HTML elements the model keeps show their content, or a link to
// what they embed, never markup of their own.
#include "writers/dokuwiki/page_renderer.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

#include "util/html_elements.hpp"
#include "wiki/link_target.hpp"
#include "writers/dokuwiki/dokuwiki_escape.hpp"
#include "writers/dokuwiki/link_syntax.hpp"
#include "writers/dokuwiki/page_id.hpp"
#include "writers/dokuwiki/table_layout.hpp"
#include "writers/line_renderer.hpp"
#include "writers/title_heading.hpp"

namespace wikiconv::dokuwiki {

namespace {

constexpr std::string_view kBreak = "\\\\ ";
constexpr std::string_view kNoBreakSpace = "\u00A0";

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  std::size_t pos = 0;
  while ((pos = s.find(from, pos)) != std::string::npos) {
    s.replace(pos, from.size(), to);
    pos += to.size();
  }
  return s;
}

bool is_hidden_element(const Node& n) {
  return (n.type == NodeType::HtmlInline || n.type == NodeType::HtmlBlock) &&
         html::element_role(n.info) == html::Role::Hidden;
}

// A heading's text as DokuWiki shows it (plain text), and the footnote references in it (a
// DokuWiki heading cannot hold them: they follow the heading).
std::string heading_text(const Node& heading, std::vector<const Node*>& notes) {
  NodeIterator it(heading);
  while (it.next()) {
    if (it.event() != WalkEvent::Enter) continue;
    const Node& n = it.node();
    if (n.type == NodeType::FootnoteReference) notes.push_back(&n);
    bool element = n.type == NodeType::HtmlInline || n.type == NodeType::HtmlBlock;
    if (element && html::element_role(n.info) == html::Role::Hidden) it.skip_children();  // as plain_text()
  }
  return one_line(heading.plain_text());
}

// A code line shown in HTML's collapsing white space: indentation and runs of blanks as
// no-break spaces, tabs as four.
std::string keep_blanks(std::string_view line) {
  std::string out;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '\t') {
      for (int k = 0; k < 4; ++k) out += kNoBreakSpace;
    } else if (c == ' ' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t' ||
                            (i + 1 < line.size() && (line[i + 1] == ' ' || line[i + 1] == '\t')))) {
      out += kNoBreakSpace;
    } else {
      out += c;
    }
  }
  return out;
}

// A figure whose content is inline only (an image, text) is written as one paragraph: the
// content, then the caption on a line below it.
bool compact_figure(const Node& figure) {
  for (const Node& c : figure.children)
    if (c.type != NodeType::Caption && c.type != NodeType::Plain && c.type != NodeType::Paragraph &&
        c.type != NodeType::CommentBlock)
      return false;
  return true;
}

// Where an embedded element's content comes from: src, an <object>'s data, or the src of its
// first <source> (video, audio).
std::string_view embedded_source(const Node& element) {
  std::string_view src = element.attr("src");
  if (src.empty() && element.info == "object") src = element.attr("data");
  if (!src.empty()) return src;
  NodeIterator it(element);
  while (it.next()) {
    const Node& n = it.node();
    if (it.event() == WalkEvent::Enter && &n != &element && n.info == "source" &&
        (n.type == NodeType::HtmlInline || n.type == NodeType::HtmlBlock) && !n.attr("src").empty())
      return n.attr("src");
  }
  return {};
}

class PageRenderer {
 public:
  enum class Mode { Top, Quote, Line };

  PageRenderer(const Page& page, const WriteContext& context, const RenderOptions& options,
               std::vector<MediaUse>& media, const Node* skip = nullptr)
      : page_(page), context_(context), options_(options), media_(media), skip_(skip),
        page_id_(title_id(page.title)) {}

  // Renders `root`'s children. `footnote` renders a note's blocks on one line.
  std::string render(const Node& root, bool footnote = false) {
    footnote_ = footnote;
    if (!footnote) r_.reserve(output_size_hint(root));
    collect_notes(root);
    Frame base;
    base.node = &root;
    base.mode = footnote ? Mode::Line : Mode::Top;
    base.line_container = footnote;
    base.real_lists = !footnote;
    base.loose = true;
    stack_.push_back(base);
    NodeIterator it(root);
    it.next();  // the root itself
    while (it.next()) {
      const Node& n = it.node();
      if (&n == &root) break;
      if (it.event() == WalkEvent::Enter) {
        setup_ = Setup{};
        bool descend = enter(n);
        if (!descend) it.skip_children();
        if (is_container(n.type)) push_frame(n, !descend);
      } else {
        Frame frame = stack_.back();
        stack_.pop_back();
        exit(n, frame);
      }
    }
    return r_.finish();
  }

  // An id as written in a link from this page: ids without ':' are relative to the current
  // namespace, so a root page needs a leading ':' from a namespaced page.
  std::string link_id(const std::string& id) const {
    if (id.find(':') == std::string::npos && !id_namespace(page_id_).empty()) return ":" + id;
    return id;
  }

  // The id a page title is written under.
  std::string title_id(std::string_view title) const {
    return options_.ids ? options_.ids->id(title) : clean_id(title);
  }

  // A redirect page, above its text: a link to its target (DokuWiki has no redirects), or the
  // pageredirect plugin's ~~REDIRECT>id#anchor~~, which sends a reader on to the target.
  std::string redirect_line() {
    if (page_.redirect.empty()) return {};
    Node target(NodeType::WikiLink);
    target.target = page_.redirect;
    target.anchor = page_.redirect_anchor;
    if (options_.redirects == RedirectStyle::PageRedirect) {
      // The plugin passes the #fragment on as it is: it must be the heading's section id.
      Node page = target;
      page.anchor.clear();
      std::string id = wiki_link_target(page);
      if (!target.anchor.empty()) id += "#" + section_id(target.anchor);
      if (id.find("~~") == std::string::npos) return "~~REDIRECT>" + id + "~~\n";
    }
    return "\u2192 " + link(target) + "\n";
  }

  std::string category_links() const {
    CategoryStyle style = options_.categories;
    if (page_.categories.empty() || style == CategoryStyle::None) return {};
    std::string out;
    if (style == CategoryStyle::Tag) {
      out = "{{tag>";
      for (std::size_t i = 0; i < page_.categories.size(); ++i) {
        if (i) out += ' ';
        out += replace_all(replace_all(one_line(page_.categories[i]), " ", "_"), "}", "");
      }
      return out + "}}";
    }
    for (std::size_t i = 0; i < page_.categories.size(); ++i) {
      if (i) out += ' ';
      std::string label = "Category:" + page_.categories[i];
      out += "[[" + link_id(title_id(label)) + "|" + safe_label(one_line(label)) + "]]";
    }
    return out;
  }

 private:
  // Every line of a nested list or quote repeats its depth (indentation, '>'); deeper than this
  // the levels are written as this one, so absurdly deep input cannot make quadratic output.
  static constexpr int kMaxDepth = 64;

  // What the containers around a node decide, kept per frame so that every question is O(1)
  // however deep the nesting (a 100,000-deep quote stays linear).
  struct Frame {
    const Node* node = nullptr;
    int blocks = 0;                  // block children (or cells, rows) written so far
    Mode mode = Mode::Top;           // how this node's content is written
    bool line_container = false;     // inside a list item, cell, figure... (one line)
    bool in_cell = false;            // inside a table cell: '|' and '^' are markup
    bool real_lists = true;          // lists are DokuWiki lists (not inside quotes, cells, notes)
    bool inline_ctx = false;         // inside inline content: blocks here are flattened into it
    bool loose = false;              // paragraphs in a line are apart by two breaks (list items)
    bool one_line_code = false;      // code blocks as monospace lines (cells, notes, inline)
    int lists = 0;                   // list nesting depth
    NodeType wrap = NodeType::Document;  // a format every paragraph inside is wrapped in
    // set by enter() for the node itself
    int formats = 0;                 // formats it opened (closed on exit)
    std::string_view close;          // written on exit
    bool skipped = false;            // enter() wrote all of it: exit does nothing
    bool figure_line = false;        // a compact figure: one paragraph
    bool table_row = false;          // a row of the real table being written (tables_.back())
    bool owns_table = false;         // a real table: its state is tables_.back()
    bool implicit = false;           // loose inline children opened a paragraph
  };
  // What enter() decides for the frame of the node it entered.
  struct Setup {
    int formats = 0;
    std::string_view close;
    NodeType wrap = NodeType::Document;
    bool figure_line = false;
    bool table_row = false;
    bool owns_table = false;
  };

  void push_frame(const Node& n, bool skipped) {
    Frame f = stack_.back();
    f.node = &n;
    f.blocks = 0;
    f.formats = setup_.formats;
    f.close = setup_.close;
    f.skipped = skipped;
    f.implicit = false;
    f.figure_line = setup_.figure_line;
    f.table_row = setup_.table_row;
    f.owns_table = setup_.owns_table;
    if (setup_.wrap != NodeType::Document) f.wrap = setup_.wrap;
    if (!is_block(n.type) && is_container(n.type)) f.inline_ctx = true;
    switch (n.type) {
      case NodeType::ListItem:
        f.mode = Mode::Line;
        f.line_container = true;
        f.loose = true;
        break;
      case NodeType::TableCell:
        f.mode = Mode::Line;
        f.line_container = true;
        f.in_cell = true;
        f.real_lists = false;
        f.loose = false;
        f.one_line_code = true;
        if (!holds_blocks(n)) f.inline_ctx = true;
        break;
      case NodeType::Heading:
        f.mode = Mode::Line;
        f.inline_ctx = true;
        break;
      case NodeType::Paragraph:
      case NodeType::Plain:
      case NodeType::DefinitionTerm:
        f.inline_ctx = true;
        f.one_line_code = true;
        break;
      case NodeType::Caption:
        if (!holds_blocks(n)) f.inline_ctx = true;
        break;
      case NodeType::Figure:
        if (f.figure_line) {
          f.mode = Mode::Line;
          f.line_container = true;
          f.loose = false;
        }
        break;
      case NodeType::BlockQuote:
        // a quote inside a list item or cell is flattened into that line
        f.mode = f.line_container ? Mode::Line : Mode::Quote;
        f.real_lists = false;
        break;
      case NodeType::BulletList:
      case NodeType::OrderedList:
        ++f.lists;
        break;
      default:
        break;
    }
    // A block inside inline content (a tree from JSON or Python) is flattened into its line.
    if (is_block(n.type) && stack_.back().inline_ctx) {
      f.mode = Mode::Line;
      f.line_container = true;
    }
    if (f.inline_ctx) {
      f.one_line_code = true;
      f.real_lists = false;
      f.loose = false;
    }
    if (n.type == NodeType::BlockQuote && f.mode == Mode::Quote && !skipped) ++quote_depth_;
    stack_.push_back(f);
  }

  Frame& frame() { return stack_.back(); }
  const Frame& frame() const { return stack_.back(); }
  Mode mode() const { return frame().mode; }
  // How a block starting here is placed: inside inline content, in the line.
  Mode block_mode() const { return frame().inline_ctx ? Mode::Line : frame().mode; }
  const Node* parent() const { return frame().node; }

  // --- output --------------------------------------------------------------------------------

  // Writes markup or escaped text. Where the piece would form a token with the character
  // before it ("a/" + "//"), one of the two is protected with %%..%%.
  void put(std::string_view s, bool is_text = false) {
    if (s.empty()) return;
    if (r_.at_line_start() && quote_depth_ > 0 && mode() == Mode::Quote) quote_line_start();
    if (!r_.at_line_start() && forms_token(r_.last_char(), s.front())) {
      bool last_is_text = r_.out().size() == text_end_;
      if (!(last_is_text && protect_last_char(r_.out()))) {
        std::string first(s);
        if (is_text && protect_first_char(first)) {
          r_.lit(first);
          text_end_ = r_.out().size();
          return;
        }
        r_.lit("<nowiki></nowiki>");
      }
    }
    r_.lit(s);
    text_end_ = is_text ? r_.out().size() : std::string::npos;
  }

  // Quote lines start with one '>' per level (">> " for a quote in a quote).
  void quote_line_start() {
    r_.lit(std::string(static_cast<std::size_t>(std::min(quote_depth_, kMaxDepth)), '>'));
    r_.lit(' ');
  }

  void text(std::string_view s) {
    unsigned context = kInline;
    if (mode() == Mode::Top && r_.at_line_start()) context |= kLineStart;
    if (frame().in_cell) context |= kInTable;
    if (footnote_) context |= kInFootnote;
    if (options_.escape_quotes) context |= kEscapeQuotes;
    scratch_.clear();
    escape_text(scratch_, s, context);
    put(scratch_, true);
  }

  // Before a block: blank line at the top level, an empty quote line between blocks of a quote,
  // breaks between blocks of a one-line container.
  void begin_block(bool loose_break = true) {
    Frame& f = frame();
    int before = f.blocks++;
    switch (block_mode()) {
      case Mode::Top:
        r_.blank_line();
        break;
      case Mode::Quote:
        r_.cr();
        if (before > 0) {
          // an empty quote line between blocks (DokuWiki shows it as a break)
          r_.lit(std::string(static_cast<std::size_t>(std::min(quote_depth_, kMaxDepth)), '>'));
          r_.cr();
        }
        break;
      case Mode::Line:
        if (before > 0 && !r_.at_line_start()) {
          put(kBreak);
          if (loose_break && f.loose) put(kBreak);
        }
        break;
    }
  }

  // --- formats -------------------------------------------------------------------------------

  static std::size_t format_index(NodeType t) {
    switch (t) {
      case NodeType::Emphasis: return 0;
      case NodeType::Strong: return 1;
      case NodeType::Strikethrough: return 2;
      case NodeType::Superscript: return 3;
      case NodeType::Subscript: return 4;
      default: return 5;  // Underline
    }
  }
  static std::string_view format_open(NodeType t) {
    static constexpr std::string_view kOpen[] = {"//", "**", "<del>", "<sup>", "<sub>", "__"};
    return kOpen[format_index(t)];
  }
  static std::string_view format_close(NodeType t) {
    static constexpr std::string_view kClose[] = {"//", "**", "</del>", "</sup>", "</sub>", "__"};
    return kClose[format_index(t)];
  }

  // DokuWiki cannot nest a format directly in itself ("//a //b// c//" toggles); with another
  // format between them it can. A direct inner one is already in effect: it writes no marks.
  void open_format(NodeType type) {
    bool silent = !formats_.empty() && formats_.back().type == type;
    formats_.push_back({type, silent});
    if (!silent) put(format_open(type));
  }
  void close_format() {
    if (!formats_.back().silent) put(format_close(formats_.back().type));
    formats_.pop_back();
  }
  // A format for the node being entered, closed when it exits.
  void open_own_format(NodeType type) {
    open_format(type);
    ++setup_.formats;
  }

  // --- the walk ------------------------------------------------------------------------------

  bool enter(const Node& n) {
    if (&n == skip_) return false;
    Frame& p = frame();
    // Rows and cells only: anything else in a table would break its lines.
    if ((parent()->type == NodeType::Table && n.type != NodeType::TableRow && n.type != NodeType::Caption) ||
        (parent()->type == NodeType::TableRow && n.type != NodeType::TableCell))
      return false;
    // Loose inline content between blocks (trees from JSON or Python) is a paragraph.
    if (!p.inline_ctx) {
      bool block = is_block(n.type);
      if (!block && !p.implicit && n.type != NodeType::CommentInline && !is_hidden_element(n)) {
        begin_block();
        p.implicit = true;
      } else if (block && p.implicit) {
        if (p.mode == Mode::Top) r_.cr();
        p.implicit = false;
      }
    }
    switch (n.type) {
      case NodeType::Document:
      case NodeType::DefinitionList:
      case NodeType::DefinitionDetails:
        return true;
      case NodeType::Div:
        // the heading of a box: bold, as browsers show <summary> and <legend> apart
        if (n.info == "summary" || n.info == "legend") setup_.wrap = NodeType::Strong;
        return true;
      case NodeType::HtmlBlock:
      case NodeType::HtmlInline:
        return html_element(n);
      case NodeType::Paragraph:
      case NodeType::Plain:
        begin_block();
        if (p.wrap != NodeType::Document) open_own_format(p.wrap);
        return true;
      case NodeType::DefinitionTerm:
        begin_block();
        open_own_format(NodeType::Strong);
        return true;
      case NodeType::Heading:
        return heading(n);
      case NodeType::Figure:
        if (compact_figure(n)) {
          begin_block();
          setup_.figure_line = true;
        }
        return true;
      case NodeType::Caption:
        caption(n);
        return true;
      case NodeType::BulletList:
      case NodeType::OrderedList:
        if (p.real_lists) {
          if (parent()->type == NodeType::ListItem) {
            p.blocks++;
            r_.cr();
          } else {
            begin_block();
          }
        } else {
          begin_block(false);
        }
        return true;
      case NodeType::ListItem:
        list_item(n);
        return true;
      case NodeType::CodeBlock:
        code_block(n);
        return false;
      case NodeType::BlockQuote:
        begin_block();  // push_frame counts the quote level
        return true;
      case NodeType::Table:
        begin_block();
        if (real_table()) {
          tables_.push_back({layout_table(n)});
          setup_.owns_table = true;
        }
        return true;
      case NodeType::TableRow:
        if (parent()->type == NodeType::Table) return table_row_open(n);
        begin_block();  // a row outside its table (JSON, Python) is a line of cells
        return true;
      case NodeType::TableCell:
        if (parent()->type == NodeType::TableRow) table_cell_open(n);
        else begin_block();  // a cell outside its row: a plain block
        return true;
      case NodeType::ThematicBreak:
        if (block_mode() == Mode::Top) {
          begin_block();
          put("----");
          r_.cr();
        }
        return false;
      case NodeType::FootnoteDefinition:  // written where it is referenced
      case NodeType::CommentBlock:        // DokuWiki has no comments
      case NodeType::CommentInline:
        return false;
      case NodeType::Text:
        text(n.text);
        return false;
      case NodeType::Emphasis:
      case NodeType::Strong:
      case NodeType::Strikethrough:
      case NodeType::Superscript:
      case NodeType::Subscript:
      case NodeType::Underline:
        if (n.children.empty()) return false;  // shows nothing
        open_own_format(n.type);
        return true;
      case NodeType::Span:
        if (n.info == "q") {
          put("\u201C");
          setup_.close = "\u201D";
        } else if (n.info == "cite" || n.info == "dfn" || n.info == "var") {
          open_own_format(NodeType::Emphasis);  // browsers show them in italics
        }
        return true;
      case NodeType::Code:
        if (!n.text.empty()) {
          scratch_.clear();
          monospace(scratch_, n.text);
          put(scratch_);
        }
        return false;
      case NodeType::Link:
        if (n.children.empty()) return false;  // a browser shows nothing to click
        if (root_relative(n.target).kind == RootRelative::Kind::Other && options_.root_url.empty())
          return true;  // no page of the wiki, no known site: its label as text
        formatted_link(n);
        return false;
      case NodeType::WikiLink:
        formatted_link(n);
        return false;
      case NodeType::Image:
        if (n.target.empty()) {
          text(one_line(n.plain_text()));  // no source: a browser shows its alt text
          return false;
        }
        put(image_markup(n, false));
        return false;
      case NodeType::FootnoteReference:
        footnote(n);
        return false;
      case NodeType::SoftBreak:
        if (mode() == Mode::Top) r_.cr();
        else put(" ");
        return false;
      case NodeType::LineBreak:
        if (mode() == Mode::Top) {
          put("\\\\");
          r_.cr();
        } else {
          put(kBreak);
        }
        return false;
    }
    return true;
  }

  void exit(const Node& n, const Frame& f) {
    if (f.skipped) return;
    if (f.implicit && f.mode == Mode::Top) r_.cr();  // the paragraph of loose inlines ends
    for (int i = 0; i < f.formats; ++i) close_format();
    if (!f.close.empty()) put(f.close);
    switch (n.type) {
      case NodeType::Paragraph:
      case NodeType::Plain:
      case NodeType::DefinitionTerm:
        if (block_mode() == Mode::Top) r_.cr();
        break;
      case NodeType::Caption:
        if (block_mode() == Mode::Top) {
          // a table's caption is the paragraph before it
          if (parent()->type == NodeType::Table) r_.blank_line();
          else r_.cr();
        }
        break;
      case NodeType::Figure:
        if (f.figure_line && block_mode() == Mode::Top) r_.cr();
        break;
      case NodeType::BlockQuote:
        if (f.mode == Mode::Quote && quote_depth_ > 0) {
          if (f.blocks == 0) {
            // an empty quote is one empty quote line
            r_.cr();
            r_.lit(std::string(static_cast<std::size_t>(std::min(quote_depth_, kMaxDepth)), '>'));
          }
          --quote_depth_;
          r_.cr();
        }
        break;
      case NodeType::BulletList:
      case NodeType::OrderedList:
        // After a nested list the item's further blocks continue its last line (DokuWiki items
        // are single lines); the next item starts its own line anyway.
        if (f.real_lists && parent()->type != NodeType::ListItem) r_.cr();
        break;
      case NodeType::TableCell:
        if (frame().table_row) table_cell_close(n);
        break;
      case NodeType::TableRow:
        if (f.table_row) table_row_close();
        break;
      case NodeType::Table:
        if (f.owns_table) {
          tables_.pop_back();
          r_.cr();
        }
        break;
      default:
        break;
    }
  }

  // --- blocks --------------------------------------------------------------------------------

  bool heading(const Node& n) {
    if (block_mode() != Mode::Top) {
      // inside a list, quote or cell: bold text
      begin_block();
      open_own_format(NodeType::Strong);
      return true;
    }
    std::vector<const Node*> notes;
    std::string title = heading_text(n, notes);
    begin_block();
    int level = std::clamp(n.level, 1, 5);  // DokuWiki has 5 levels: 6 is written as 5
    std::string marks(static_cast<std::size_t>(7 - level), '=');
    bool blank = title.find_first_not_of(" \t") == std::string::npos;
    put(marks + " " + (blank ? std::string(kNoBreakSpace) : title) + " " + marks);
    r_.cr();
    if (!notes.empty()) {
      // DokuWiki headings are plain text: the heading's notes follow it
      begin_block();
      for (const Node* note : notes) footnote(*note);
      r_.cr();
    }
    return false;
  }

  void caption(const Node& n) {
    // A table's caption in bold before it; a figure's in italics below its content.
    NodeType format = parent()->type == NodeType::Figure ? NodeType::Emphasis : NodeType::Strong;
    begin_block(false);
    if (holds_blocks(n)) setup_.wrap = format;
    else open_own_format(format);
  }

  void list_item(const Node& n) {
    const Node* list = parent();
    bool ordered = list->type == NodeType::OrderedList;
    std::size_t index = static_cast<std::size_t>(&n - list->children.data());
    int depth = frame().lists;
    if (frame().real_lists) {
      r_.cr();
      r_.lit(std::string(static_cast<std::size_t>(2 * std::clamp(depth, 1, kMaxDepth)), ' ') + (ordered ? "- " : "* "));
    } else {
      std::string number = std::to_string(static_cast<long>(list->start) + static_cast<long>(index));
      if (mode() == Mode::Quote) {
        if (index > 0) r_.cr();
        put(std::string(static_cast<std::size_t>(2 * std::clamp(depth - 1, 0, kMaxDepth)), ' ') +
            (ordered ? number + "." : "•") + " ");
      } else {
        if (index > 0) put(kBreak);
        put(ordered ? number + ". " : "• ");
      }
    }
    if (n.task == TaskState::Checked) put("☑ ");
    else if (n.task == TaskState::Unchecked) put("☐ ");
  }

  static std::string code_language(std::string_view info) {
    std::string lang;
    for (char c : info) {
      if (c == ' ' || c == '\t') break;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '+' || c == '#')
        lang += c;
    }
    return lang;
  }

  void code_block(const Node& n) {
    std::string lang = code_language(n.info);
    std::string_view code = n.text;
    if (!frame().one_line_code && !footnote_) {
      // <code> and <file> end at their closing tag; code holding both is written indented.
      std::string_view tag = code.find("</code>") == std::string_view::npos ? "code"
                             : code.find("</file>") == std::string_view::npos ? "file"
                                                                               : "";
      if (!tag.empty()) {
        begin_block(false);
        if (block_mode() == Mode::Line) put(" ");
        put("<" + std::string(tag) + (lang.empty() ? "" : " " + lang) + ">");
        // DokuWiki drops the newline after the tag and the one before the closing tag, and
        // the browser drops a newline right after <pre>: a leading empty line needs one more.
        // Inside a quote the lines carry no '>' (the code mode ends only at its closing tag),
        // so they are written past the prefixes.
        std::string body = code.empty() || code.front() != '\n' ? "\n" : "\n\n";
        body += code;
        if (body.back() != '\n') body += '\n';
        body += "</" + std::string(tag) + ">";
        r_.out() += body;
        text_end_ = std::string::npos;
        if (block_mode() == Mode::Top) r_.cr();
        return;
      }
      if (block_mode() == Mode::Top) {
        begin_block(false);
        // Preformatted: every line indented by two spaces, also the empty ones.
        std::size_t pos = 0;
        while (pos < code.size()) {
          std::size_t nl = code.find('\n', pos);
          std::string_view line = code.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
          r_.lit("  ");
          r_.lit(line);
          r_.lit("\n");
          if (nl == std::string_view::npos) break;
          pos = nl + 1;
        }
        return;
      }
    }
    // One line only: each code line its own monospace run, joined by breaks; indentation kept.
    begin_block(false);
    if (!code.empty() && code.back() == '\n') code.remove_suffix(1);
    std::size_t pos = 0;
    bool first = true;
    while (pos <= code.size()) {
      std::size_t nl = code.find('\n', pos);
      std::string_view line = code.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
      if (!first) put(kBreak);
      first = false;
      if (!line.empty()) {
        scratch_.clear();
        monospace(scratch_, keep_blanks(line));
        put(scratch_);
      }
      if (nl == std::string_view::npos) break;
      pos = nl + 1;
    }
  }

  // --- tables --------------------------------------------------------------------------------

  // A real DokuWiki table (one line per row) unless inside a one-line container.
  bool real_table() const { return block_mode() != Mode::Line; }

  static std::string_view cell_separator(bool header) { return header ? "^" : "|"; }

  void write_slot(const TableSlot& slot) {
    r_.lit(cell_separator(slot.header));
    r_.lit(slot.kind == TableSlot::Kind::RowSpan ? " ::: " : "  ");
    for (std::size_t k = 1; k < slot.colspan; ++k) r_.lit(cell_separator(slot.header));
  }

  bool table_row_open(const Node& row) {
    Frame& table = frame();
    if (!table.owns_table) {
      if (table.blocks++ > 0) put(kBreak);
      return true;
    }
    r_.cr();
    TableState& t = tables_.back();
    t.row = t.next_row < t.layout.rows.size() ? &t.layout.rows[t.next_row] : nullptr;
    ++t.next_row;
    t.slot = 0;
    setup_.table_row = true;
    return t.row && !t.row->empty();  // a row without cells has no line
  }

  void table_row_close() {
    TableState& t = tables_.back();
    const std::vector<TableSlot>& slots = *t.row;
    for (; t.slot < slots.size(); ++t.slot) write_slot(slots[t.slot]);
    r_.lit(cell_separator(slots.back().header));
    r_.cr();
  }

  void table_cell_open(const Node& cell) {
    Frame& row = frame();
    if (!row.table_row) {
      // cells apart by a box-drawing bar: '|' is DokuWiki's cell markup, and shown at the start
      // of a line (after an empty cell) it reads as table syntax left over
      if (row.blocks++ > 0) put(" \u2502 ");
      if (cell.header || row.node->header) {
        if (holds_blocks(cell)) setup_.wrap = NodeType::Strong;
        else open_own_format(NodeType::Strong);
      }
      return;
    }
    TableState& t = tables_.back();
    const std::vector<TableSlot>& slots = *t.row;
    std::size_t index = static_cast<std::size_t>(&cell - row.node->children.data());
    while (t.slot < slots.size() && slots[t.slot].kind != TableSlot::Kind::Cell) write_slot(slots[t.slot++]);
    const TableSlot* slot = t.slot < slots.size() && slots[t.slot].cell == index ? &slots[t.slot] : nullptr;
    t.align = slot ? alignment(cell, slot->column) : Alignment::None;
    r_.lit(cell_separator(slot ? slot->header : cell.header));
    // DokuWiki aligns by blanks: two or more on the left right-align, on both sides center.
    r_.lit(t.align == Alignment::Right || t.align == Alignment::Center ? "  " : " ");
    text_end_ = std::string::npos;
    if (cell.children.empty()) r_.lit(" ");
  }

  void table_cell_close(const Node& cell) {
    TableState& t = tables_.back();
    r_.lit(t.align == Alignment::Left || t.align == Alignment::Center ? "  " : " ");
    const std::vector<TableSlot>& slots = *t.row;
    std::size_t index = static_cast<std::size_t>(&cell - parent()->children.data());
    if (t.slot < slots.size() && slots[t.slot].cell == index && slots[t.slot].kind == TableSlot::Kind::Cell) {
      // the columns it spans: empty cells right after it
      for (std::size_t k = 1; k < slots[t.slot].colspan; ++k) r_.lit(cell_separator(slots[t.slot].header));
      ++t.slot;
    }
  }

  // A cell's own alignment, else its column's (GFM tables).
  Alignment alignment(const Node& cell, std::size_t column) const {
    std::string_view align = cell.attr("align");
    if (align == "left") return Alignment::Left;
    if (align == "center") return Alignment::Center;
    if (align == "right") return Alignment::Right;
    const Node* table = stack_.size() >= 2 ? stack_[stack_.size() - 2].node : nullptr;
    return table && column < table->aligns.size() ? table->aligns[column] : Alignment::None;
  }

  // --- raw HTML elements ---------------------------------------------------------------------

  bool html_element(const Node& n) {
    bool block = n.type == NodeType::HtmlBlock && !frame().inline_ctx;
    switch (html::element_role(n.info)) {
      case html::Role::Hidden:
        return false;
      case html::Role::Embedded: {
        // Its raw text (an iframe's, a textarea's) is source, not what it shows.
        std::string_view src = embedded_source(n);
        std::string shown = src.empty() ? std::string() : embedded_link(n, src);
        if (shown.empty()) return true;  // its fallback content
        if (block) begin_block();
        put(shown);
        if (block && block_mode() == Mode::Top) r_.cr();
        return false;
      }
      default:
        return true;  // what a browser shows of it: its content
    }
  }

  // An embedded element (iframe, video, audio, object, embed) as a link to what it shows; a
  // video or audio file of the wiki as DokuWiki's own player ({{:clip.webm}}).
  std::string embedded_link(const Node& element, std::string_view src) {
    bool media = element.info == "video" || element.info == "audio";
    if (media && !has_scheme(src) && src.find('/') == std::string_view::npos && src.find('?') == std::string_view::npos) {
      std::string id = media_id(src, false, context_.wiki, media_);
      if (!id.empty()) return "{{:" + id + "}}";
    }
    Node link(NodeType::Link);
    link.target = src.rfind("//", 0) == 0 ? "https:" + std::string(src) : std::string(src);
    if (root_relative(link.target).kind == RootRelative::Kind::Other && options_.root_url.empty()) return {};
    std::string_view title = element.attr("title");
    if (!title.empty()) link.children.emplace_back(NodeType::Text, std::string(title));
    return this->link(link);
  }

  // --- inlines -------------------------------------------------------------------------------

  // A label that is one format throughout ([*a*](x), [`b`](y)) keeps it around the link
  // (DokuWiki labels are plain text).
  void formatted_link(const Node& n) {
    const Node* format = single_format_child(n);
    if (format && format->type == NodeType::Code) {
      Node plain = n;
      plain.children.clear();
      plain.children.emplace_back(NodeType::Text, format->text);
      put("''");
      put(link(plain));
      put("''");
    } else if (format) {
      bool silent = !formats_.empty() && formats_.back().type == format->type;
      if (!silent) put(format_open(format->type));
      put(link(n));
      if (!silent) put(format_close(format->type));
    } else {
      put(link(n));
    }
  }

  static const Node* single_format_child(const Node& link) {
    if (link.children.size() != 1) return nullptr;
    const Node& c = link.children.front();
    switch (c.type) {
      case NodeType::Emphasis:
      case NodeType::Strong:
      case NodeType::Strikethrough:
      case NodeType::Superscript:
      case NodeType::Subscript:
      case NodeType::Underline:
        return &c;
      case NodeType::Code:
        return c.text.empty() ? nullptr : &c;
      default:
        return nullptr;
    }
  }

  std::string label_text(const Node& n) const { return safe_label(one_line(n.plain_text())); }

  // The label of a link: an image alone becomes {{image}}, anything else plain text.
  std::string link_title(const Node& n) {
    const Node* image = nullptr;
    bool only_image = true;
    for (const Node& c : n.children) {
      if (c.type == NodeType::Image && !image) image = &c;
      else if (!(c.type == NodeType::Text && c.text.find_first_not_of(" \t\n") == std::string::npos) &&
               c.type != NodeType::SoftBreak && c.type != NodeType::CommentInline)
        only_image = false;
    }
    if (image && only_image) return image_markup(*image, true);
    return label_text(n);
  }

  std::string link(const Node& n) {
    std::string title = link_title(n);
    std::string target;
    if (n.type == NodeType::WikiLink) {
      if (n.children.empty()) title = n.anchor.empty() ? n.target.str() : n.target + "#" + n.anchor;
      if (is_file_target(n.target)) {
        // a link to a file of the wiki ([[:File:x.pdf]]): DokuWiki's link to the media file
        std::string id = media_id(n.target, false, context_.wiki, media_);
        if (id.empty()) return title;
        return "{{:" + id + "?linkonly" + (title.empty() ? "" : "|" + replace_all(title, "}}", "} }")) + "}}";
      }
      target = wiki_link_target(n);
      if (target.empty()) return title;  // a File: link without an id shows the name
    } else {
      std::string url = n.target;
      if (url.rfind("mailto:", 0) == 0 && url.find('@') != std::string::npos) url = url.substr(7);
      RootRelative root = root_relative(url);
      switch (root.kind) {
        case RootRelative::Kind::WikiTitle: {
          Node page = make_wiki_link(root.target + (root.anchor.empty() ? "" : "#" + root.anchor));
          target = wiki_link_target(page);
          break;
        }
        case RootRelative::Kind::DokuWikiId: {
          std::string id = clean_id(root.target);
          target = id.empty() ? link_id(page_id_) : link_id(id);
          if (!root.anchor.empty()) target += "#" + link_url(root.anchor);
          break;
        }
        case RootRelative::Kind::Other: {
          std::string base = options_.root_url;
          while (!base.empty() && base.back() == '/') base.pop_back();
          url = base + url;
          target = link_url(url);
          break;
        }
        case RootRelative::Kind::NotRootRelative:
          target = link_url(url);
          break;
      }
      if (target.empty()) target = link_id(page_id_);
      if (title.empty() && n.children.empty()) title = url;
    }
    if (title.empty()) return "[[" + target + "| ]]";
    // DokuWiki shows a URL or address as its own label, but an id by its last part.
    if (title == target && n.type == NodeType::Link && (has_scheme(target) || target.find('@') != std::string::npos))
      return "[[" + target + "]]";
    return "[[" + target + "|" + title + "]]";
  }

  std::string wiki_link_target(const Node& n) {
    std::string anchor = n.anchor.empty() ? "" : "#" + link_url(n.anchor);
    if (n.target.empty()) return anchor.empty() ? link_id(page_id_) : anchor;
    if (is_file_target(n.target)) {
      std::string id = media_id(n.target, false, context_.wiki, media_);
      return id.empty() ? std::string() : ":" + id;
    }
    std::string_view t = n.target;
    std::size_t colon = t.find(':');
    if (is_interwiki(t)) {
      std::string prefix = std::string(t.substr(0, colon));
      std::transform(prefix.begin(), prefix.end(), prefix.begin(),
                     [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
      std::string page = std::string(t.substr(colon + 1));
      std::replace(page.begin(), page.end(), ' ', '_');
      if (prefix == "wikipedia" || prefix == "w") return "wp>" + link_url(page) + anchor;
      return link_url(interwiki_url(t)) + anchor;
    }
    std::string title = n.target;
    if (context_.wiki) {
      title = context_.wiki->resolve(n.target);
      if (const PageEntry* e = context_.wiki->find(title)) title = e->title();
    }
    std::string id = title_id(title);
    if (id.empty()) return anchor.empty() ? link_id(page_id_) : anchor;
    return link_id(id) + anchor;
  }

  std::string image_markup(const Node& n, bool in_link) {
    std::string src;
    bool external = false;
    // Without a scheme the image is a file of the wiki ("Logo.png", "File:Logo.png"): DokuWiki
    // reads such a source as a media id anyway.
    if (is_file_target(n.target) || (!has_scheme(n.target) && !n.target.empty() && n.target.find("//") == std::string::npos)) {
      src = ":" + media_id(n.target, true, context_.wiki, media_);
    } else {
      src = link_url(n.target);
      external = true;
    }
    std::string params;
    if (!n.size.empty()) {
      std::string size = n.size;
      if (size.size() > 2 && size.compare(size.size() - 2, 2, "px") == 0) size.resize(size.size() - 2);
      if (!size.empty() && size.front() == 'x') size = "0" + size;
      bool ok = !size.empty();
      for (char c : size) ok &= (c >= '0' && c <= '9') || c == 'x';
      if (ok) params = size;
    }
    // An external image DokuWiki does not take for one (no image extension) stays a link to it.
    if (external && !in_link && has_image_extension(n.target)) params += params.empty() ? "nolink" : "&nolink";
    std::string caption = n.title.empty() ? one_line(n.plain_text()) : one_line(n.title);
    caption = replace_all(caption, "}}", "} }");
    std::string out = "{{" + src;
    // DokuWiki splits the parameters off at the source's last '?' (handler.php): a URL with a
    // query keeps it when a '?' follows, even with no parameters.
    if (!params.empty() || src.find('?') != std::string::npos) out += "?" + params;
    if (!caption.empty()) out += "|" + caption;
    return out + "}}";
  }

  // ''code'', protected only when something in it would be markup.
  static void monospace(std::string& out, std::string_view code) {
    std::string probe;
    escape_text(probe, code, kInline | kEscapeQuotes);
    bool plain = probe == code && code.find('%') == std::string_view::npos && !code.empty() &&
                 code.front() != '\'' && code.back() != '\'' && code.front() != ' ' && code.back() != ' ';
    if (plain) {
      out += "''";
      out += code;
      out += "''";
    } else {
      append_monospace(out, code);
    }
  }

  void collect_notes(const Node& root) {
    if (!notes_.empty() || footnote_) return;
    for (const Node& c : root.children)
      if (c.type == NodeType::FootnoteDefinition) notes_.emplace(c.label, &c);
  }

  void footnote(const Node& n) {
    auto it = notes_.find(n.label);
    if (footnote_ || it == notes_.end()) {
      // DokuWiki has no notes inside notes.
      put("<sup>");
      text(n.label);
      put("</sup>");
      return;
    }
    // DokuWiki drops an empty note, and shows notes whose HTML is the same as one note
    // (xhtml.php footnote_close): right for a note referenced twice, which is written twice,
    // but two notes of the same text must differ. An empty note is a no-break space; a note
    // whose text another note already has gets trailing blanks (invisible, different HTML).
    auto known = note_body_.find(n.label);
    std::string body;
    if (known != note_body_.end()) {
      body = known->second;
    } else {
      PageRenderer inner(page_, context_, options_, media_);
      body = inner.render(*it->second, true);
      while (!body.empty() && (body.back() == '\n' || body.back() == ' ')) body.pop_back();
      if (body.empty()) body = kNoBreakSpace;
      // A note's text may not end in ')' right before the closing "))".
      if (body.back() == ')' && !protect_last_char(body)) body += "<nowiki></nowiki>";
      while (!note_bodies_.insert(body).second) body += ' ';
      note_body_.emplace(n.label, body);
    }
    put("((" + body + "))");
  }

  const Page& page_;
  const WriteContext& context_;
  const RenderOptions& options_;
  std::vector<MediaUse>& media_;
  const Node* skip_;
  std::string page_id_;
  LineRenderer r_;
  std::vector<Frame> stack_;
  Setup setup_;
  std::map<std::string, const Node*> notes_;
  std::string scratch_;
  std::size_t text_end_ = std::string::npos;  // the output's size right after text, if text ended it
  bool footnote_ = false;
  int quote_depth_ = 0;
  // Real tables being written, innermost last (a table in a caption is one; tables in cells
  // are one line).
  struct TableState {
    TableLayout layout;
    std::size_t next_row = 0;
    const std::vector<TableSlot>* row = nullptr;  // the row being written
    std::size_t slot = 0;                         // its next slot
    Alignment align = Alignment::None;            // the cell being written
  };
  std::vector<TableState> tables_;
  struct OpenFormat {
    NodeType type;
    bool silent;
  };
  std::vector<OpenFormat> formats_;
  std::map<std::string, std::string> note_body_;  // label -> the text written for it
  std::set<std::string> note_bodies_;              // texts written for notes so far
};

}  // namespace

RenderedPage render_page(const Page& page, const WriteContext& context, const RenderOptions& options) {
  RenderedPage result;
  const Node* skip = options.keep_title_heading ? nullptr : leading_title_heading(page);
  PageRenderer renderer(page, context, options, result.media, skip);
  std::string redirect = renderer.redirect_line();
  result.text = renderer.render(page.body);
  if (!redirect.empty()) result.text = redirect + (result.text.empty() ? "" : "\n") + result.text;
  std::string categories = renderer.category_links();
  if (!categories.empty()) {
    if (!result.text.empty()) result.text += "\n";
    result.text += categories + "\n";
  }
  return result;
}

}  // namespace wikiconv::dokuwiki
