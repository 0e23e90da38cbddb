#include "readers/markdown_html.hpp"

#include <algorithm>
#include <string>
#include <unordered_set>

#include "readers/cmark_walk.hpp"
#include "readers/reader_rules.hpp"
#include "util/html_elements.hpp"
#include "util/html_tag.hpp"
#include "util/utf8.hpp"

namespace wikiconv {

namespace {

std::string_view str(const char* s) { return s ? std::string_view(s) : std::string_view(); }

// A converted comment is written out as one, not kept (nor moved) in a template.
bool written_as_comment(const Node& node) {
  return node.type == NodeType::CommentBlock || node.type == NodeType::CommentInline;
}

// cmark nodes that the model has as inline containers (their text needs the parser when it
// holds raw HTML, but they may still convert directly when that HTML is simple).
bool holds_inlines(cmark_node* n) {
  switch (cmark_node_get_type(n)) {
    case CMARK_NODE_PARAGRAPH:
    case CMARK_NODE_HEADING:
      return true;
    default:
      return str(cmark_node_get_type_string(n)) == "table_cell";
  }
}

bool is_block_node(cmark_node* n) {
  return (cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK;
}

// Table rows are always written out: a placeholder row would need a cell around its character.
bool is_table_row(cmark_node* n) {
  std::string_view ts = str(cmark_node_get_type_string(n));
  return ts == "table_row" || ts == "table_header";
}

// <https://x.org> and the autolink extension's bare URLs: a link whose text is its URL.
bool is_autolink(cmark_node* n) {
  cmark_node* text = cmark_node_first_child(n);
  if (!text || cmark_node_next(text) || cmark_node_get_type(text) != CMARK_NODE_TEXT) return false;
  std::string_view url = str(cmark_node_get_url(n)), label = cmark_literal(text);
  return url == label || (url.substr(0, 7) == "mailto:" && url.substr(7) == label);
}

// Whether `html` holds a start tag of an element whose content the parser reads as text.
bool opens_raw_text_element(std::string_view html) {
  for (std::size_t i = html.find('<'); i != std::string_view::npos; i = html.find('<', i + 1)) {
    std::size_t end = i + 1;
    while (end < html.size() && ((html[end] >= 'a' && html[end] <= 'z') || (html[end] >= 'A' && html[end] <= 'Z')))
      ++end;
    if (end == i + 1 || end >= html.size()) continue;
    std::string name(html.substr(i + 1, end - i - 1));
    for (char& c : name)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (html::is_raw_text_element(name)) return true;
  }
  return false;
}

// Start tags of <a> minus its end tags in `html` (a comment's text counts too: rare, and it only
// sends more blocks through the parser).
int link_tag_balance(std::string_view html) {
  auto ends_name = [&](std::size_t at) {
    return at >= html.size() || html[at] == '>' || html[at] == '/' || html[at] == ' ' || html[at] == '\t' ||
           html[at] == '\n' || html[at] == '\r' || html[at] == '\f';
  };
  int balance = 0;
  for (std::size_t i = html.find('<'); i != std::string_view::npos; i = html.find('<', i + 1)) {
    bool end = i + 1 < html.size() && html[i + 1] == '/';
    std::size_t name = i + (end ? 2 : 1);
    if (name < html.size() && (html[name] == 'a' || html[name] == 'A') && ends_name(name + 1)) balance += end ? -1 : 1;
  }
  return balance;
}

// Raw HTML after which the parser may read later blocks otherwise than their own markup says,
// so that they are written out whole rather than as placeholders: a raw-text element
// (<textarea>, <title>: what follows may be its text), or an <a> left open (a browser carries it
// into later paragraphs, and a link there ends it, which a converted block cannot show).
class RawHtmlAftermath {
 public:
  void see(std::string_view html) {
    if (!raw_text_) raw_text_ = opens_raw_text_element(html);
    open_links_ = std::max(0, open_links_ + link_tag_balance(html));
  }
  bool write_all() const { return raw_text_ || open_links_ > 0; }

 private:
  bool raw_text_ = false;
  int open_links_ = 0;
};

// Where the HTML tokenizer stands after the document written so far, read as it grows: only
// whether it is inside a quoted attribute value matters here (raw HTML cut off by a blank line:
// `<table style="a;` ends its block). A block written there as a placeholder would end the value
// with its marker's quote, where cmark-gfm's HTML of it (text escaped, `&quot;`) stays in it.
// The states of the HTML standard's tokenizer, those of the raw-text elements folded into one.
class TokenizerState {
 public:
  bool in_quoted_value(std::string_view html) {
    for (; read_ < html.size(); ++read_) step(html, read_);
    return state_ == State::ValueDouble || state_ == State::ValueSingle;
  }

 private:
  enum class State {
    Data, TagOpen, EndTagOpen, TagName, BeforeName, Name, AfterName, BeforeValue, ValueDouble, ValueSingle,
    ValueUnquoted, AfterQuoted, SelfClosing, Comment, BogusComment, RawText
  };
  static bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
  static bool alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
  static char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

  // A start tag ends: after a raw-text element's, text runs to its end tag.
  void tag_ends() {
    state_ = start_tag_ && html::is_raw_text_element(name_) ? State::RawText : State::Data;
    if (state_ == State::RawText) raw_end_ = "</" + name_;
  }

  void step(std::string_view html, std::size_t i) {
    char c = html[i];
    switch (state_) {
      case State::Data:
        if (c == '<') state_ = State::TagOpen;
        return;
      case State::TagOpen:
        if (c == '!') {
          state_ = html.substr(i + 1, 2) == "--" ? State::Comment : State::BogusComment;
          if (state_ == State::Comment) read_ = i + 2;  // "<!--": a comment's text starts after it
        } else if (c == '/') {
          state_ = State::EndTagOpen;
        } else if (alpha(c)) {
          start_tag_ = true;
          name_.assign(1, lower(c));
          state_ = State::TagName;
        } else {
          state_ = c == '?' ? State::BogusComment : State::Data;
          if (c == '<') state_ = State::TagOpen;
        }
        return;
      case State::EndTagOpen:
        if (alpha(c)) {
          start_tag_ = false;
          name_.assign(1, lower(c));
          state_ = State::TagName;
        } else {
          state_ = c == '>' ? State::Data : State::BogusComment;
        }
        return;
      case State::TagName:
        if (space(c)) state_ = State::BeforeName;
        else if (c == '/') state_ = State::SelfClosing;
        else if (c == '>') tag_ends();
        else name_ += lower(c);
        return;
      case State::BeforeName:
      case State::AfterName:
        if (space(c)) return;
        if (c == '/') state_ = State::SelfClosing;
        else if (c == '>') tag_ends();
        else if (c == '=' && state_ == State::AfterName) state_ = State::BeforeValue;
        else state_ = State::Name;
        return;
      case State::Name:
        if (space(c)) state_ = State::AfterName;
        else if (c == '/') state_ = State::SelfClosing;
        else if (c == '=') state_ = State::BeforeValue;
        else if (c == '>') tag_ends();
        return;
      case State::BeforeValue:
        if (space(c)) return;
        if (c == '"') state_ = State::ValueDouble;
        else if (c == '\'') state_ = State::ValueSingle;
        else if (c == '>') tag_ends();
        else state_ = State::ValueUnquoted;
        return;
      case State::ValueDouble:
        if (c == '"') state_ = State::AfterQuoted;
        return;
      case State::ValueSingle:
        if (c == '\'') state_ = State::AfterQuoted;
        return;
      case State::ValueUnquoted:
        if (space(c)) state_ = State::BeforeName;
        else if (c == '>') tag_ends();
        return;
      case State::AfterQuoted:
      case State::SelfClosing:
        if (c == '>') tag_ends();
        else if (c == '/') state_ = State::SelfClosing;
        else if (space(c)) state_ = State::BeforeName;
        else state_ = State::Name;
        return;
      case State::Comment:
        // "-->" ends it, and so do "<!-->" and "<!--->" (read_ stands on the "--" of "<!--").
        if (c == '>' && i >= 2 && html[i - 1] == '-' && html[i - 2] == '-') state_ = State::Data;
        return;
      case State::BogusComment:
        if (c == '>') state_ = State::Data;
        return;
      case State::RawText:
        // Its end tag: "</name" and a character that ends a tag name.
        if (c == '<' && i + raw_end_.size() < html.size() &&
            utf8::contains_ascii_lower(html.substr(i, raw_end_.size()), raw_end_)) {
          char after = html[i + raw_end_.size()];
          if (space(after) || after == '/' || after == '>') {
            start_tag_ = false;
            read_ = i + raw_end_.size() - 1;
            state_ = State::TagName;
          }
        }
        return;
    }
  }

  State state_ = State::Data;
  std::size_t read_ = 0;
  bool start_tag_ = false;
  std::string name_;
  std::string raw_end_;
};

// An attribute name for the marker that the page's text does not hold (an attribute name in raw
// HTML is written as it is read, in any case; a block's raw HTML is part of the page's text).
std::string marker_name(std::string_view page_text) {
  for (int k = 0;; ++k) {
    std::string name = k == 0 ? "data-wc" : "data-wc" + std::to_string(k);
    if (!utf8::contains_ascii_lower(page_text, name)) return name;
  }
}

}  // namespace

class HtmlMarker::Writer {
 public:
  // `templates`: room for that many, about as many as it will make (one a block, as most blocks
  // stand as one placeholder): a huge page's list is then not regrown, each time moved and held
  // twice.
  Writer(CmarkConverter& converter, std::string marker, std::size_t templates) : converter_(converter) {
    doc_.marker = std::move(marker);
    doc_.templates.reserve(templates);
    doc_.html = kHtmlDocumentStart;
  }

  // A converted top-level block's nodes.
  void top_placeholder(std::vector<Node>& nodes) {
    for (Node& node : nodes) {
      // A comment or an inline node is not a block element for the parser.
      bool block = is_block(node.type) && !written_as_comment(node);
      std::size_t begin = doc_.html.size(), index = doc_.templates.size();
      placeholder(node);  // the node stays in its block (see MarkedHtml::Template)
      if (block) doc_.placed.push_back({begin, doc_.html.size(), index});
    }
  }

  // A block written out whole; `footnote_label` is a footnote definition's (its blocks that
  // convert directly convert as part of it).
  void block(cmark_node* root, int footnote_label) {
    converter_.set_footnote_label(footnote_label);
    find_raw_html(root);
    CmarkWalk iter(root);
    cmark_event_type ev;
    while ((ev = iter.next()) != CMARK_EVENT_DONE) {
      cmark_node* n = iter.node();
      if (ev == CMARK_EVENT_EXIT) {
        close(n);
        continue;
      }
      if (n != root && is_block_node(n) && direct(n)) {
        iter.reset(n, CMARK_EVENT_EXIT);  // its subtree is done
        continue;
      }
      cmark_node_type t = cmark_node_get_type(n);
      if (t == CMARK_NODE_IMAGE || (t == CMARK_NODE_LINK && is_autolink(n))) {
        // Leaves for the parser: an image's alt text is plain, an autolink is text in a link.
        std::vector<Node> out;
        converter_.set_footnote_label(0);
        lenient_convert(n, out);
        for (Node& node : out) {
          int i = add_template(own(std::move(node)), true);
          open_tag(t == CMARK_NODE_IMAGE ? "img" : "span", i);
          if (t != CMARK_NODE_IMAGE) doc_.html += "</span>";
        }
        iter.reset(n, CMARK_EVENT_EXIT);
        continue;
      }
      enter(n, footnote_label);
    }
  }

  MarkedHtml take() { return std::move(doc_); }

  // After a raw <textarea>, <title>... or an unclosed <a>, blocks are written out whole, not as
  // placeholders (see RawHtmlAftermath).
  bool writing_all() const { return aftermath_.write_all(); }

  // Whether the document so far ends inside a raw tag's quoted attribute value.
  bool in_quoted_value() { return tokenizer_.in_quoted_value(doc_.html); }

  // A block as cmark-gfm's own HTML of it, unmarked: where it stands inside an attribute
  // value, its text stays there as a browser keeps it, and none of it is shown.
  void plain(cmark_node* root) {
    char* html = cmark_render_html_with_mem(root, CMARK_OPT_UNSAFE, nullptr, cmark_get_default_mem_allocator());
    raw(html ? std::string_view(html) : std::string_view(), CmarkConverter::line_of(root, line_));
    cmark_get_default_mem_allocator()->free(html);
  }

 private:
  // Marks the ancestors of every raw HTML piece below `root`.
  void find_raw_html(cmark_node* root) {
    CmarkWalk iter(root);
    cmark_event_type ev;
    while ((ev = iter.next()) != CMARK_EVENT_DONE) {
      cmark_node* n = iter.node();
      if (ev != CMARK_EVENT_ENTER) continue;
      cmark_node_type t = cmark_node_get_type(n);
      if (t != CMARK_NODE_HTML_BLOCK && t != CMARK_NODE_HTML_INLINE) continue;
      for (cmark_node* up = n; up && up != root && with_html_.insert(up).second;) up = cmark_node_parent(up);
    }
  }

  // Converts a block without raw HTML (or with HTML simple enough) and places it; false when it
  // must be written out.
  bool direct(cmark_node* n) {
    if (aftermath_.write_all()) return false;
    bool has_html = with_html_.count(n) != 0;
    if (is_table_row(n) || (has_html && !holds_inlines(n))) return false;
    std::vector<Node> out;
    if (!converter_.convert(n, out)) return false;
    for (Node& node : out) placeholder(own(std::move(node)));
    return true;
  }

  void lenient_convert(cmark_node* n, std::vector<Node>& out) {
    Page scratch;
    CmarkConverter lenient(scratch, true);
    lenient.convert(n, out);
  }

  // A node for a template, kept by the document.
  Node& own(Node&& node) { return doc_.nodes.emplace_back(std::move(node)); }

  // `node` lives until the document is lowered.
  int add_template(Node& node, bool complete) {
    MarkedHtml::Template& t = doc_.templates.emplace_back();
    t.node = &node;
    t.complete = complete;
    return static_cast<int>(doc_.templates.size() - 1);
  }

  void at_line(int line) {
    if (line <= 0) return;
    if (!doc_.lines.empty() && doc_.lines.back().second == line) return;
    doc_.lines.emplace_back(doc_.html.size(), line);
    line_ = line;
  }

  // `name`: a string that lives as long as the program (the templates keep it).
  void open_tag(std::string_view name, int template_index) {
    doc_.templates[static_cast<std::size_t>(template_index)].element = name;
    std::string& out = doc_.html;
    out += '<';
    out += name;
    out += ' ';
    out += doc_.marker;
    out += "=\"";
    out += std::to_string(template_index);
    out += "\">";
  }

  void end_tag(std::string_view name) {
    doc_.html += "</";
    doc_.html += name;
    doc_.html += '>';
  }

  // Raw HTML as written (GFM's tagfilter applied), with the source line of each of its lines.
  void raw(std::string_view written, int line) {
    std::string filtered;
    std::string_view html = written;
    if (reader_rules::has_filtered_tag(written)) {
      filtered = reader_rules::tagfilter(written);
      html = filtered;
    }
    aftermath_.see(html);
    std::size_t start = 0;
    while (true) {
      at_line(line);
      std::size_t nl = html.find('\n', start);
      doc_.html.append(html.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl + 1 - start));
      if (nl == std::string_view::npos) break;
      start = nl + 1;
      ++line;
      if (start >= html.size()) break;
    }
    line_ = line;
  }

  // A converted block as an element of its kind around one character: the parser places it
  // as it would place the block, and re-opens formatting left open around that character.
  void placeholder(Node& node) {
    at_line(node.line);
    std::string_view tag;
    bool dummy = true;
    if (written_as_comment(node)) {
      doc_.html += "<!--";
      doc_.html += node.text;
      doc_.html += "-->";
      return;
    }
    switch (node.type) {
      case NodeType::Paragraph: tag = "p"; break;
      case NodeType::Heading: tag = heading_tag(node.level); break;
      case NodeType::CodeBlock: tag = "pre"; break;
      case NodeType::BlockQuote: tag = "blockquote"; break;
      case NodeType::BulletList: tag = "ul"; break;
      case NodeType::OrderedList: tag = "ol"; break;
      case NodeType::ListItem: tag = "li"; break;
      case NodeType::TableCell: tag = "td"; break;
      case NodeType::ThematicBreak: tag = "hr"; dummy = false; break;
      case NodeType::Table: tag = "table"; dummy = false; break;  // text in a table moves out of it
      default: tag = "div"; break;
    }
    int i = add_template(node, true);
    open_tag(tag, i);
    if (tag == "hr") return;
    if (dummy) {
      doc_.templates[static_cast<std::size_t>(i)].dummy = doc_.html.size();
      doc_.html += 'x';
    }
    end_tag(tag);
  }

  static std::string_view heading_tag(int level) {
    static constexpr std::string_view kTags[] = {"h1", "h2", "h3", "h4", "h5", "h6"};
    return kTags[std::clamp(level, 1, 6) - 1];
  }

  std::string_view element_for(cmark_node* n, const Node& fields) {
    switch (fields.type) {
      case NodeType::BlockQuote: return "blockquote";
      case NodeType::BulletList: return "ul";
      case NodeType::OrderedList: return "ol";
      case NodeType::ListItem: return "li";
      case NodeType::Paragraph: return "p";
      case NodeType::Heading: return heading_tag(fields.level);
      case NodeType::FootnoteDefinition: return "div";
      case NodeType::Emphasis: return "em";
      case NodeType::Strong: return "strong";
      case NodeType::Strikethrough: return "del";
      case NodeType::Link:
      case NodeType::WikiLink: return "a";
      case NodeType::Table: return "table";
      case NodeType::TableRow: return "tr";
      case NodeType::TableCell: {
        cmark_node* row = cmark_node_parent(n);
        bool header = row && str(cmark_node_get_type_string(row)) == "table_header";
        return header ? "th" : "td";
      }
      default: return "span";
    }
  }

  void enter(cmark_node* n, int footnote_label) {
    int line = CmarkConverter::line_of(n, line_);
    switch (cmark_node_get_type(n)) {
      case CMARK_NODE_TEXT:
        html::escape(doc_.html, cmark_literal(n));
        return;
      case CMARK_NODE_SOFTBREAK:
        doc_.html += '\n';
        at_line(line_ + 1);
        return;
      case CMARK_NODE_HTML_INLINE:
        raw(cmark_literal(n), line);
        return;
      case CMARK_NODE_HTML_BLOCK:
        raw(cmark_literal(n), line);
        if (doc_.html.back() != '\n') doc_.html += '\n';
        return;
      case CMARK_NODE_LINEBREAK:
        open_tag("br", add_template(own(cmark_node_fields(n, 0, line)), true));
        doc_.html += '\n';
        at_line(line_ + 1);
        return;
      case CMARK_NODE_CODE:
        open_tag("code", add_template(own(cmark_node_fields(n, 0, line)), true));
        end_tag("code");
        return;
      case CMARK_NODE_FOOTNOTE_REFERENCE:
        open_tag("sup", add_template(own(cmark_node_fields(n, 0, line)), true));
        end_tag("sup");
        return;
      case CMARK_NODE_CODE_BLOCK:
      case CMARK_NODE_THEMATIC_BREAK:
        placeholder(own(cmark_node_fields(n, 0, line)));
        return;
      default:
        break;
    }
    if (cmark_is_leaf(n)) return;
    at_line(line);
    Node fields = cmark_node_fields(n, footnote_label, line);
    std::string_view tag = element_for(n, fields);
    open_tag(tag, add_template(own(std::move(fields)), false));
    open_.push_back(tag);
  }

  void close(cmark_node* n) {
    if (cmark_is_leaf(n) || open_.empty()) return;
    end_tag(open_.back());
    open_.pop_back();
    if (is_block_node(n)) doc_.html += '\n';
  }

  CmarkConverter& converter_;
  MarkedHtml doc_;
  std::unordered_set<cmark_node*> with_html_;
  std::vector<std::string_view> open_;  // end tags owed, innermost last
  int line_ = 1;
  RawHtmlAftermath aftermath_;
  TokenizerState tokenizer_;
};

HtmlMarker::HtmlMarker(CmarkConverter& converter, std::string_view page_text, std::size_t blocks)
    : writer_(std::make_unique<Writer>(converter, marker_name(page_text), blocks)) {}

HtmlMarker::~HtmlMarker() = default;

void HtmlMarker::add(TopBlock& b) {
  if (b.source && writer_->in_quoted_value()) {
    writer_->plain(b.source);
    return;
  }
  if (b.hard || (writer_->writing_all() && b.source)) {
    writer_->block(b.source, b.footnote_label);
  } else {
    writer_->top_placeholder(b.converted);
  }
}

MarkedHtml HtmlMarker::take() { return writer_->take(); }

}  // namespace wikiconv
