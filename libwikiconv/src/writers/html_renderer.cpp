#include "writers/html_renderer.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "util/html_tag.hpp"
#include "writers/html_sanitizer.hpp"

namespace wikiconv {

namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// What an element requires of its children: HTML content models the model does not enforce.
enum class Expect : std::uint8_t { Any, ListItems, TableRows, TableCells, Definitions };

// One open container of the walk.
struct Frame {
  const Node* node = nullptr;
  std::string close;            // written when the node ends (its end tag, a wrapper's)
  std::string_view element;     // the element written for the node; "" when none (transparent)
  bool block_close = false;     // its end tag starts a line
  bool phrasing = false;        // its children are in phrasing context (blocks are flattened)
  std::size_t holder = kNone;   // the frame whose element its children land in, when that
  Expect expect = Expect::Any;  // element expects particular children
  bool link = false;            // an <a> is open for it
  bool tight = false;           // a paragraph of a tight list item (written without <p>)
  bool in_dfn = false, in_header_footer = false;
  // As a holder: a table's open row group; a row's next column and table; a definition list's
  // terms; a figure's figcaption.
  bool thead = false, tbody = false;
  std::size_t column = 0;
  const Node* table = nullptr;
  bool term_seen = false, last_term = false;
  bool figcaption = false;
};

// What the renderers of one document share (a note's body is rendered apart, into its aside).
struct Shared {
  std::set<std::string> ids;
  std::set<std::string> defined_notes;
  std::map<std::string, int> note_refs;
  std::set<std::string> rendered_notes;  // a label defined twice is rendered once
};

bool is_raw(const Node& n) { return n.type == NodeType::HtmlBlock || n.type == NodeType::HtmlInline; }

// Whether an embedded element has fallback content worth showing instead of itself.
bool has_visible_content(const Node& element) {
  NodeIterator it(element);
  it.next();
  while (it.next()) {
    if (it.event() != WalkEvent::Enter) continue;
    const Node& c = it.node();
    if (is_raw(c) && raw_element_shows(c) == RawElementShows::Nothing) {
      it.skip_children();
    } else if (c.type == NodeType::Text) {
      if (c.text.find_first_not_of(" \t\r\n") != std::string::npos) return true;
    } else if (c.type == NodeType::Code || c.type == NodeType::CodeBlock || c.type == NodeType::Image) {
      return true;
    }
  }
  return false;
}

class HtmlRenderer {
 public:
  HtmlRenderer(std::string& out, const HtmlRenderOptions& o, Shared& shared)
      : out_(out), o_(o), shared_(shared), dialect_(o.xhtml ? HtmlDialect::Xhtml5 : HtmlDialect::Html5) {}

  void render(const Node& root) {
    if (o_.epub_notes) {
      // Only references to notes that exist become links (a dangling #fn-x is an epubcheck error).
      for (const Node& c : root.children)
        if (c.type == NodeType::FootnoteDefinition) shared_.defined_notes.insert(c.label);
    }
    NodeIterator it(root);
    while (it.next()) {
      if (it.event() == WalkEvent::Enter) enter(it.node(), it);
      else exit();
    }
    std::erase_if(notes_, [&](const Node* def) { return !shared_.rendered_notes.insert(def->label).second; });
    if (!notes_.empty()) {
      if (o_.epub_notes) {
        out_ += "<section class=\"footnotes\" epub:type=\"endnotes\" role=\"doc-endnotes\">\n";
      } else {
        out_ += "<section class=\"footnotes\" data-footnotes>\n<ol>\n";
      }
      for (const Node* def : notes_) render_note(*def);
      out_ += o_.epub_notes ? "</section>\n" : "</ol>\n</section>\n";
    }
  }

 private:
  // ---- output helpers ----

  void cr() {
    if (!out_.empty() && out_.back() != '\n') out_ += '\n';
  }
  void esc(std::string_view s) {
    if (o_.xhtml) escape_xml(out_, s);
    else html::escape(out_, s);
  }
  void attr(std::string_view s) {
    if (o_.xhtml) escape_xml(out_, s, true);
    else html::escape(out_, s, true);
  }
  void attribute(std::string_view name, std::string_view value) {
    out_ += ' ';
    out_ += name;
    out_ += "=\"";
    attr(value);
    out_ += '"';
  }

  // The id and the allowed attributes of `n` written as `element` (after its own attributes).
  void attributes(const Node& n, std::string_view element, std::string_view align = {}, bool with_id = true) {
    if (with_id) {
      std::string_view raw = n.attr("id");
      if (raw.empty() && n.type == NodeType::Span) raw = n.attr("name");  // <a name="x">
      if (!raw.empty()) {
        std::string id = o_.element_id ? o_.element_id(n, raw) : default_id(raw);
        if (!id.empty()) attribute("id", id);
      }
    }
    std::string_view extra = std::exchange(extra_class_, {});
    if (n.attrs.empty() && align.empty() && n.info.empty()) {
      if (!extra.empty()) attribute("class", extra);
      return;
    }
    allowed_.clear();
    allowed_attributes(n, element, dialect_, align, allowed_);
    if (!extra.empty()) {
      auto cls = std::find_if(allowed_.begin(), allowed_.end(), [](const auto& a) { return a.first == "class"; });
      if (cls == allowed_.end()) allowed_.emplace_back("class", std::string(extra));
      else cls->second = std::string(extra) + " " + cls->second;
    }
    for (const auto& [k, v] : allowed_) attribute(k, v);
  }

  // Whether an image's block holds text besides images (then the image sits in a line of text).
  bool image_in_text() const {
    for (auto f = stack_.rbegin(); f != stack_.rend(); ++f) {
      if (!is_block(f->node->type)) continue;
      NodeIterator it(*f->node);
      it.next();
      while (it.next()) {
        if (it.event() != WalkEvent::Enter) continue;
        const Node& c = it.node();
        if (c.type == NodeType::Image || (is_block(c.type) && c.type != NodeType::Plain)) {
          it.skip_children();
        } else if ((c.type == NodeType::Text && c.text.find_first_not_of(" \t\r\n") != std::string::npos) ||
                   c.type == NodeType::Code) {
          return true;
        }
      }
      return false;
    }
    return false;
  }

  std::string default_id(std::string_view raw) {
    if (!is_valid_id(raw, dialect_)) return {};
    std::string_view rest = raw.substr(raw.rfind(o_.id_prefix, 0) == 0 ? o_.id_prefix.size() : 0);
    if (rest.rfind("fn-", 0) == 0 || rest.rfind("fnref-", 0) == 0) return {};  // the notes' ids
    std::string id(raw);
    return shared_.ids.insert(id).second ? id : std::string();
  }

  // Writes `<element attrs>` for `n` and makes `f` that element's frame.
  void open(Frame& f, std::string_view element, const Node& n, bool block, std::string_view align = {}) {
    if (block) cr();
    out_ += '<';
    out_ += element;
    attributes(n, element, align);
    out_ += '>';
    set_element(f, element, block);
  }
  void set_element(Frame& f, std::string_view element, bool block) {
    f.element = element;
    f.close = "</" + std::string(element) + ">";
    if (block) f.close += '\n';
    f.holder = kNone;
    f.expect = Expect::Any;
  }
  // Children of `f` are held by `f`'s element, which expects `e` of them.
  void hold(Frame& f, Expect e) {
    f.holder = stack_.size();  // the index `f` gets when pushed
    f.expect = e;
  }

  std::string note_id(std::string_view label) const { return o_.id_prefix + "fn-" + id_safe(label); }
  std::string ref_id(std::string_view label) const { return o_.id_prefix + "fnref-" + id_safe(label); }
  // Labels in ids: for EPUB, only characters an XML id may hold (others as _XX).
  std::string id_safe(std::string_view label) const {
    if (!o_.epub_notes) return html::escape(label, true);  // labels from JSON may hold quotes
    std::string out;
    for (char c : label) {
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') {
        out += c;
      } else {
        static constexpr char kHex[] = "0123456789ABCDEF";
        out += '_';
        out += kHex[static_cast<unsigned char>(c) >> 4];
        out += kHex[static_cast<unsigned char>(c) & 15];
      }
    }
    return out;
  }

  std::string link_href(const Node& link) const {
    if (o_.link_href) return o_.link_href(link);
    return is_safe_link_url(link.target) ? link.target : "#";
  }
  std::string image_src(const Node& image) const {
    if (o_.image_src) return o_.image_src(image);
    return is_safe_image_url(image.target) ? image.target.str() : std::string();
  }

  // ---- structure ----

  const Frame* parent() const { return stack_.empty() ? nullptr : &stack_.back(); }
  Frame* holder_of(const Frame& f) { return f.holder == kNone ? nullptr : &stack_[f.holder]; }

  // A paragraph entered now is one of a tight list's items (cmark writes it without <p>).
  bool in_tight_item() const {
    if (stack_.size() < 2) return false;
    const Frame& item = stack_.back();
    const Frame& list = stack_[stack_.size() - 2];
    return item.node->type == NodeType::ListItem && item.element == "li" && list.node->tight;
  }

  // A table row group for a row (or a wrapped child) that is not a header row.
  void body_group(Frame& table) {
    if (table.thead) {
      out_ += "</thead>\n";
      table.thead = false;
    }
    if (!table.tbody) {
      out_ += "<tbody>\n";
      table.tbody = true;
    }
  }

  // A definition needs a term before it (dl's content model): an empty one if none came.
  void definition_prelude(Frame& list) {
    if (!list.term_seen) out_ += "<dt></dt>\n";
    list.term_seen = true;
    list.last_term = false;
  }

  // What `n` needs around it where its holder expects particular children: the item, cell or
  // definition HTML would otherwise infer (or reject). Returns the wrapper's end.
  std::string wrap(const Node& n, Frame& f) {
    Frame* h = holder_of(f);
    if (!h) return {};
    std::string close;
    switch (f.expect) {
      case Expect::Any: return {};
      case Expect::ListItems:
        if (n.type == NodeType::ListItem) return {};
        cr();
        out_ += "<li>";
        close = "</li>\n";
        break;
      case Expect::TableRows:
        if (n.type == NodeType::TableRow) return {};
        if (n.type == NodeType::Caption && !h->node->children.empty() && &h->node->children.front() == &n &&
            &stack_.back() == h)
          return {};
        body_group(*h);
        out_ += "<tr>\n<td>";
        close = "</td>\n</tr>\n";
        break;
      case Expect::TableCells:
        if (n.type == NodeType::TableCell) return {};
        out_ += "<td>";
        close = "</td>\n";
        break;
      case Expect::Definitions:
        if (n.type == NodeType::DefinitionTerm || n.type == NodeType::DefinitionDetails) return {};
        definition_prelude(*h);
        out_ += "<dd>";
        close = "</dd>\n";
        break;
    }
    f.holder = kNone;  // inside the wrapper: flow content
    f.expect = Expect::Any;
    return close;
  }

  // Nodes that write nothing of their own where a holder expects children: their content is
  // placed (and wrapped) on its own.
  enum class Mode : std::uint8_t { Normal, Transparent, Skip, EmbeddedLink };

  Mode mode_of(const Node& n, std::string& embedded_href) const {
    switch (n.type) {
      case NodeType::Document: return Mode::Transparent;
      case NodeType::FootnoteDefinition: return Mode::Skip;
      case NodeType::CommentBlock:
      case NodeType::CommentInline: return Mode::Transparent;
      case NodeType::HtmlBlock:
      case NodeType::HtmlInline:
        switch (raw_element_shows(n)) {
          case RawElementShows::Nothing: return Mode::Skip;
          case RawElementShows::Content: return Mode::Transparent;
          case RawElementShows::Fallback: {
            // Its fallback content when it has some, else a link to its source, else nothing.
            if (has_visible_content(n)) return Mode::Transparent;
            std::string_view source = embedded_source(n);
            if (source.empty() || links_open_ > 0) return Mode::Skip;
            Node link(NodeType::Link);
            link.target = std::string(source);
            embedded_href = link_href(link);
            return embedded_href.empty() || embedded_href == "#" ? Mode::Skip : Mode::EmbeddedLink;
          }
        }
        return Mode::Skip;
      default: return Mode::Normal;
    }
  }

  void enter(const Node& n, NodeIterator& it) {
    Frame f;
    f.node = &n;
    if (const Frame* p = parent()) {
      f.phrasing = p->phrasing;
      f.holder = p->holder;
      f.expect = p->expect;
      f.in_dfn = p->in_dfn;
      f.in_header_footer = p->in_header_footer;
    }
    std::string embedded_href;
    Mode mode = mode_of(n, embedded_href);
    std::string outer;
    if (mode == Mode::Normal || mode == Mode::EmbeddedLink) outer = wrap(n, f);
    if (mode == Mode::Skip) {
      if (n.type == NodeType::FootnoteDefinition) notes_.push_back(&n);  // rendered at the end, in order
      it.skip_children();
    } else if (mode == Mode::EmbeddedLink) {
      embedded_link(n, embedded_href);
      it.skip_children();
    } else if (f.phrasing && is_block(n.type) && n.type != NodeType::CommentBlock && n.type != NodeType::Document &&
               !is_raw(n)) {
      flatten(n, f);
    } else {
      write_start(n, f, it);
    }
    f.close += outer;
    if (is_container(n.type)) stack_.push_back(std::move(f));
    else out_ += f.close;
  }

  void exit() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    const Node& n = *f.node;
    if (f.link) --links_open_;
    if (f.element == "table") {
      if (f.thead) out_ += "</thead>\n";
      if (f.tbody) out_ += "</tbody>\n";
    } else if (f.element == "dl" && f.last_term) {
      out_ += "<dd></dd>\n";
    } else if (n.type == NodeType::Plain && !f.phrasing) {
      cr();
    } else if (f.tight) {
      // In a tight item, a paragraph followed by another block ends its line (as cmark does).
      const Frame* item = parent();
      if (item && item->node->type == NodeType::ListItem && &item->node->children.back() != &n) out_ += '\n';
    }
    if (f.block_close) cr();
    out_ += f.close;
  }

  // A block where only phrasing content may go (inside a paragraph, a heading, a link): its
  // content, without the block's element.
  void flatten(const Node& n, Frame& f) {
    f.element = {};
    if (n.type == NodeType::ThematicBreak) return;
    const Frame* p = parent();
    if (p && !p->node->children.empty() && &p->node->children.front() != &n) out_ += ' ';
    if (n.type == NodeType::CodeBlock) {
      out_ += "<code>";
      esc(n.text);
      out_ += "</code>";
    }
  }

  void embedded_link(const Node& n, const std::string& href) {
    std::string_view label = n.attr("title");
    if (label.empty()) label = n.attr("alt");
    if (label.empty()) label = embedded_source(n);
    if (n.type == NodeType::HtmlBlock && !parent_phrasing()) cr();
    out_ += "<a href=\"";
    attr(href);
    out_ += "\">";
    esc(label);
    out_ += "</a>";
    if (n.type == NodeType::HtmlBlock && !parent_phrasing()) out_ += '\n';
  }
  bool parent_phrasing() const { return parent() && parent()->phrasing; }

  ElementContext context_of(const Node& n, const Frame& f) const {
    ElementContext where;
    if (const Frame* p = parent()) {
      where.parent = p->element;
      where.first_child = !p->node->children.empty() && &p->node->children.front() == &n;
    }
    where.in_dfn = f.in_dfn;
    where.in_header_footer = f.in_header_footer;
    return where;
  }

  void write_start(const Node& n, Frame& f, NodeIterator& it) {
    switch (n.type) {
      case NodeType::Document:
      case NodeType::HtmlBlock:
      case NodeType::HtmlInline:
        break;  // transparent (Mode::Transparent)
      case NodeType::Heading: {
        int level = std::min(6, std::max(1, n.level + o_.heading_offset));
        std::string element = "h" + std::to_string(level);
        cr();
        out_ += '<' + element;
        if (o_.heading_id) {
          std::string id = o_.heading_id(n);
          if (!id.empty()) attribute("id", id);
        }
        attributes(n, "h1", text_align(n), !o_.heading_id);
        out_ += '>';
        set_element(f, "h", true);
        f.close = "</" + element + ">\n";
        f.phrasing = true;
        break;
      }
      case NodeType::Paragraph:
        if (in_tight_item()) {
          f.phrasing = true;
          f.holder = kNone;
          f.expect = Expect::Any;
          f.tight = true;
          break;
        }
        open(f, "p", n, true, text_align(n));
        f.close = "</p>\n";
        f.phrasing = true;
        break;
      case NodeType::Plain:
        f.holder = kNone;
        f.expect = Expect::Any;
        break;
      case NodeType::BulletList:
        open(f, "ul", n, true);
        out_ += '\n';
        f.block_close = true;
        hold(f, Expect::ListItems);
        break;
      case NodeType::OrderedList:
        cr();
        out_ += "<ol";
        if (n.start != 1) attribute("start", std::to_string(n.start));
        attributes(n, "ol");
        out_ += ">\n";
        set_element(f, "ol", true);
        f.block_close = true;
        hold(f, Expect::ListItems);
        break;
      case NodeType::ListItem:
        if (f.expect != Expect::ListItems) {  // an item outside a list
          open(f, "div", n, true);
          f.block_close = true;
          break;
        }
        cr();
        out_ += "<li";
        attributes(n, "li");
        out_ += '>';
        set_element(f, "li", true);
        task_box(n);
        break;
      case NodeType::CodeBlock:
        cr();
        out_ += "<pre";
        attributes(n, "pre");
        out_ += "><code";
        if (!n.info.empty()) {
          out_ += " class=\"language-";
          attr(n.info);
          out_ += '"';
        }
        out_ += '>';
        esc(n.text);
        out_ += "</code></pre>\n";
        break;
      case NodeType::BlockQuote:
        open(f, "blockquote", n, true);
        out_ += '\n';
        f.block_close = true;
        break;
      case NodeType::Table:
        if (o_.wrap_tables) {
          cr();
          out_ += "<div class=\"table-wrap\">\n";
        }
        open(f, "table", n, true);
        if (o_.wrap_tables) f.close += "</div>\n";
        out_ += '\n';
        hold(f, Expect::TableRows);
        break;
      case NodeType::TableRow: {
        Frame* table = f.expect == Expect::TableRows ? holder_of(f) : nullptr;
        if (!table) {  // a row outside a table
          open(f, "div", n, true);
          f.block_close = true;
          break;
        }
        if (n.header && !table->tbody) {
          if (!table->thead) out_ += "<thead>\n";
          table->thead = true;
        } else {
          body_group(*table);
        }
        out_ += "<tr";
        attributes(n, "tr");
        out_ += ">\n";
        set_element(f, "tr", true);
        f.table = table->node;
        hold(f, Expect::TableCells);
        break;
      }
      case NodeType::TableCell: {
        Frame* row = f.expect == Expect::TableCells ? holder_of(f) : nullptr;
        if (!row) {  // a cell outside a row
          open(f, "div", n, true);
          f.block_close = true;
          break;
        }
        std::string_view align = text_align(n);
        if (align.empty() && row->table && row->column < row->table->aligns.size()) {
          Alignment a = row->table->aligns[row->column];
          align = a == Alignment::Left ? "left" : a == Alignment::Center ? "center" : a == Alignment::Right ? "right" : "";
        }
        std::string_view colspan = n.attr("colspan");
        std::size_t span = 1;
        if (!colspan.empty() && colspan.size() < 5 && colspan.find_first_not_of("0123456789") == std::string_view::npos)
          span = std::max<std::size_t>(1, std::stoul(std::string(colspan)));
        row->column += span;
        std::string_view element = n.header || row->node->header ? "th" : "td";
        out_ += '<';
        out_ += element;
        attributes(n, element, align);
        out_ += '>';
        set_element(f, element, true);
        break;
      }
      case NodeType::ThematicBreak:
        cr();
        out_ += "<hr";
        attributes(n, "hr");
        out_ += " />\n";
        break;
      case NodeType::Div: {
        std::string_view element = division_element(n, dialect_, context_of(n, f));
        open(f, element, n, true, text_align(n));
        out_ += '\n';
        f.block_close = true;
        if (element == "header" || element == "footer") f.in_header_footer = true;
        if (element == "summary") f.phrasing = true;  // a summary holds phrasing content
        break;
      }
      case NodeType::Figure:
        open(f, "figure", n, true, text_align(n));
        out_ += '\n';
        f.block_close = true;
        break;
      case NodeType::Caption: {
        Frame* p = stack_.empty() ? nullptr : &stack_.back();
        bool first = p && &p->node->children.front() == &n;
        bool last = p && &p->node->children.back() == &n;
        if (p && p->element == "table" && first) {
          open(f, "caption", n, true, text_align(n));
        } else if (p && p->element == "figure" && (first || last) && !p->figcaption) {
          p->figcaption = true;
          open(f, "figcaption", n, true, text_align(n));
        } else {
          open(f, "div", n, true, text_align(n));
          f.block_close = true;
        }
        break;
      }
      case NodeType::DefinitionList:
        open(f, "dl", n, true);
        out_ += '\n';
        hold(f, Expect::Definitions);
        break;
      case NodeType::DefinitionTerm: {
        Frame* list = f.expect == Expect::Definitions ? holder_of(f) : nullptr;
        if (!list) {
          open(f, "div", n, true);
          f.block_close = true;
          break;
        }
        list->term_seen = list->last_term = true;
        open(f, "dt", n, true);
        f.phrasing = true;  // dt holds no headings or sectioning elements
        break;
      }
      case NodeType::DefinitionDetails: {
        Frame* list = f.expect == Expect::Definitions ? holder_of(f) : nullptr;
        if (!list) {
          open(f, "div", n, true);
          f.block_close = true;
          break;
        }
        definition_prelude(*list);
        open(f, "dd", n, true);
        break;
      }
      case NodeType::FootnoteDefinition: break;  // Mode::Skip
      case NodeType::CommentBlock:
      case NodeType::CommentInline:
        if (!o_.comments) break;
        if (n.type == NodeType::CommentBlock && !f.phrasing) cr();
        out_ += "<!--";
        out_ += comment_text(n.text);
        out_ += "-->";
        if (n.type == NodeType::CommentBlock && !f.phrasing) out_ += '\n';
        break;
      case NodeType::Text: esc(n.text); break;
      case NodeType::Emphasis: inline_element(f, "em", n); break;
      case NodeType::Strong: inline_element(f, "strong", n); break;
      case NodeType::Strikethrough: inline_element(f, "del", n); break;
      case NodeType::Underline: inline_element(f, "u", n); break;
      case NodeType::Superscript: inline_element(f, "sup", n); break;
      case NodeType::Subscript: inline_element(f, "sub", n); break;
      case NodeType::Code: {
        std::string_view element = n.info == "kbd" ? "kbd" : n.info == "samp" ? "samp" : "code";
        out_ += '<';
        out_ += element;
        attributes(n, element);
        out_ += '>';
        esc(n.text);
        out_ += "</";
        out_ += element;
        out_ += '>';
        break;
      }
      case NodeType::Span: {
        std::string_view element = phrase_element(n, dialect_, context_of(n, f));
        inline_element(f, element, n);
        if (element == "dfn") f.in_dfn = true;
        break;
      }
      case NodeType::Link: {
        f.phrasing = true;
        f.holder = kNone;
        f.expect = Expect::Any;
        std::string href = link_href(n);
        // No link inside a link (an error for validators, a puzzle for readers); in a book, no
        // link with nothing to follow (an <a> the HTML parser re-opened after its text).
        if ((o_.link_href && href.empty()) || links_open_ > 0 || (o_.xhtml && !has_visible_content(n))) break;
        out_ += "<a href=\"";
        attr(href);
        out_ += '"';
        if (!n.title.empty()) attribute("title", n.title);
        attributes(n, "a");
        out_ += '>';
        set_element(f, "a", false);
        f.link = true;
        ++links_open_;
        break;
      }
      case NodeType::WikiLink: {
        f.phrasing = true;
        f.holder = kNone;
        f.expect = Expect::Any;
        std::string href = o_.wiki_href ? o_.wiki_href(n) : std::string();
        if (is_script_url(href) || links_open_ > 0) href.clear();  // a "page" named javascript:... stays text
        if (!href.empty()) {
          out_ += "<a href=\"";
          attr(href);
          out_ += "\" class=\"wikilink\"";
          attributes(n, "a", {}, true);
          out_ += '>';
          set_element(f, "a", false);
          f.link = true;
          ++links_open_;
        }
        if (n.children.empty()) esc(n.anchor.empty() ? n.target.str() : n.target + "#" + n.anchor);
        break;
      }
      case NodeType::Image: {
        it.skip_children();
        std::string src = image_src(n);
        std::string alt = n.plain_text();
        if (alt.empty()) alt = n.title;
        if (src.empty()) {
          esc(alt);
          break;
        }
        out_ += "<img src=\"";
        attr(src);
        out_ += "\" alt=\"";
        attr(alt);
        out_ += '"';
        if (!n.title.empty()) attribute("title", n.title);
        std::string width = n.size.substr(0, n.size.find_first_of("xp"));
        if (width.empty()) width = n.attr("width");
        if (!width.empty() && width.size() < 7 && width.find_first_not_of("0123456789") == std::string::npos)
          attribute("width", width);
        if (o_.image_classes) extra_class_ = image_in_text() ? "inline-image" : "block-image";
        attributes(n, "img");
        out_ += " />";
        break;
      }
      case NodeType::FootnoteReference: footnote_reference(n); break;
      case NodeType::SoftBreak: out_ += '\n'; break;
      case NodeType::LineBreak: out_ += "<br />\n"; break;
    }
  }

  void inline_element(Frame& f, std::string_view element, const Node& n) {
    out_ += '<';
    out_ += element;
    attributes(n, element);
    out_ += '>';
    set_element(f, element, false);
    f.phrasing = true;
  }

  void task_box(const Node& item) {
    if (item.task == TaskState::None) return;
    if (o_.xhtml) {
      // A glyph reads better than a form control in an e-reader.
      out_ += item.task == TaskState::Checked ? "<span class=\"task done\">\xE2\x98\x91</span> "
                                              : "<span class=\"task\">\xE2\x98\x90</span> ";
    } else {
      out_ += item.task == TaskState::Checked ? "<input type=\"checkbox\" checked=\"checked\" disabled=\"disabled\" /> "
                                              : "<input type=\"checkbox\" disabled=\"disabled\" /> ";
    }
  }

  void footnote_reference(const Node& n) {
    bool linkable = links_open_ == 0 && (!o_.epub_notes || shared_.defined_notes.count(n.label));
    if (!linkable) {
      out_ += "<sup>";
      esc(n.label);
      out_ += "</sup>";
      return;
    }
    if (o_.epub_notes) {
      // The second reference to a note gets its own id (fnref-x-2), as cmark-gfm does.
      int count = ++shared_.note_refs[n.label];
      std::string id = ref_id(n.label) + (count > 1 ? "-" + std::to_string(count) : "");
      out_ += "<sup><a href=\"#" + note_id(n.label) + "\" id=\"" + id +
              "\" epub:type=\"noteref\" role=\"doc-noteref\">";
      esc(n.label);
      out_ += "</a></sup>";
    } else {
      int count = ++shared_.note_refs[n.label];
      std::string id = ref_id(n.label) + (count > 1 ? "-" + std::to_string(count) : "");
      out_ += "<sup class=\"footnote-ref\"><a href=\"#" + note_id(n.label) + "\" id=\"" + id +
              "\" data-footnote-ref>" + html::escape(n.label) + "</a></sup>";
    }
  }

  void render_note(const Node& def) {
    std::string body;
    HtmlRenderer r(body, o_, shared_);
    for (const Node& c : def.children) r.render(c);
    std::string back = "<a href=\"#" + ref_id(def.label) + "\" class=\"footnote-backref\"" +
                       (o_.epub_notes ? " role=\"doc-backlink\"" : " data-footnote-backref") + ">\xE2\x86\xA9</a>";
    if (o_.epub_notes) {
      // One back link per reference; a note nobody refers to has none.
      auto refs = shared_.note_refs.find(def.label);
      int count = refs == shared_.note_refs.end() ? 0 : refs->second;
      back.clear();
      for (int k = 1; k <= count; ++k) {
        std::string id = ref_id(def.label) + (k > 1 ? "-" + std::to_string(k) : "");
        back += (k > 1 ? " " : "") + ("<a href=\"#" + id + "\" class=\"footnote-backref\" role=\"doc-backlink\">\xE2\x86\xA9" +
                                     (k > 1 ? "<sup>" + std::to_string(k) + "</sup>" : std::string()) + "</a>");
      }
    }
    // The back link goes inside the note's last paragraph, as cmark-gfm puts it (a paragraph
    // ending the note: one inside a nested element may not take a link).
    std::size_t p = body.rfind("</p>");
    bool last_paragraph = p != std::string::npos && body.find('<', p + 4) == std::string::npos;
    if (back.empty()) {
    } else if (last_paragraph) {
      body.insert(p, " " + back);
    } else {
      body += o_.epub_notes ? "<p>" + back + "</p>\n" : back;
    }
    if (o_.epub_notes) {
      // Read in order (no pop-up), a note needs its number.
      std::string number = "<span class=\"note-number\">";
      escape_xml(number, def.label);
      number += ".</span> ";
      if (body.rfind("<p>", 0) == 0) body.insert(3, number);
      else body.insert(0, "<p>" + number + "</p>\n");
      out_ += "<aside id=\"" + note_id(def.label) + "\" epub:type=\"footnote\" role=\"doc-footnote\">\n" + body + "</aside>\n";
    } else {
      out_ += "<li id=\"" + note_id(def.label) + "\">\n" + body + "</li>\n";
    }
  }

  std::string& out_;
  const HtmlRenderOptions& o_;
  Shared& shared_;
  HtmlDialect dialect_;
  std::vector<Frame> stack_;
  HtmlAttributes allowed_;
  int links_open_ = 0;  // <a> elements open around the current node
  std::string_view extra_class_;  // a class the next attributes() call adds
  std::vector<const Node*> notes_;
};

}  // namespace

void render_html(const Node& root, std::string& out, const HtmlRenderOptions& options) {
  Shared shared;
  HtmlRenderer(out, options, shared).render(root);
}

std::string mediawiki_anchor(std::string_view heading_text) {
  std::string out;
  bool space = false;
  for (char c : heading_text) {
    if (c == ' ' || c == '\t' || c == '\n') {
      space = !out.empty();
      continue;
    }
    if (space) out += '_';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace wikiconv
