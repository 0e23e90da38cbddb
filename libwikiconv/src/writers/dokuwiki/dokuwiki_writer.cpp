// DokuWiki: a page as DokuWiki text that DokuWiki's parser renders as the same document cmark-gfm
// renders the Markdown as; a wiki as the data/pages + data/media tree of a DokuWiki install,
// with generated category pages (DokuWiki has no categories).
//
// DokuWiki's syntax is line based: list items, quote lines and table rows are one line each,
// headings hold plain text, quotes hold only inline content. Block content where DokuWiki has
// none is written in the nearest form that renders the same text: paragraphs inside an item or
// a note are joined by "\\ \\ " breaks, a heading inside a list or quote becomes bold text, a
// list inside a quote becomes quote lines with "•"/"1." markers. A level-6 heading becomes a
// level-5 heading (DokuWiki's smallest).
#include <algorithm>
#include <cstdint>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_map>

#include "util/html_tag.hpp"
#include "util/utf8.hpp"
#include "wiki/link_target.hpp"
#include "writers/dokuwiki/dokuwiki_escape.hpp"
#include "writers/dokuwiki/page_id.hpp"
#include "writers/line_renderer.hpp"
#include "writers/output_files.hpp"
#include "writers/progress.hpp"
#include "writers/registry.hpp"

namespace wikiconv {

namespace {

using namespace dokuwiki;

enum class CategoryStyle { Pages, Tag, None };

// ---------------------------------------------------------------------------------------------
// Model clean-up before writing: adjacent text nodes become one run (so "a-" "->" is escaped as
// one piece), and raw HTML becomes what a browser shows of it (DokuWiki shows raw HTML as text):
// tags that pair up, or are left open until the end of their block as the HTML parser reads
// them, become the nodes they stand for (<kbd>x</kbd> is ''x'', <a href> a link, <img> an
// image, <u> underline); other tags go and their content stays; a raw HTML block the reader
// kept as it is becomes a paragraph of that inline content.

// Span attribute that marks <u>/<ins>: DokuWiki's __underline__ (the model has no node for it).
constexpr std::string_view kUnderlineAttr = "wikiconv-underline";

bool html_inline_kind(std::string_view name, NodeType& type) {
  if (name == "b" || name == "strong") type = NodeType::Strong;
  else if (name == "i" || name == "em" || name == "cite" || name == "var" || name == "dfn") type = NodeType::Emphasis;
  else if (name == "s" || name == "del" || name == "strike") type = NodeType::Strikethrough;
  else if (name == "sup") type = NodeType::Superscript;
  else if (name == "sub") type = NodeType::Subscript;
  else if (name == "code" || name == "kbd" || name == "tt" || name == "samp") type = NodeType::Code;
  else if (name == "a") type = NodeType::Link;
  else if (name == "u" || name == "ins" || name == "span" || name == "small" || name == "big" || name == "abbr" ||
           name == "mark" || name == "q" || name == "font" || name == "label" || name == "time" || name == "bdi" ||
           name == "bdo" || name == "data")
    type = NodeType::Span;
  else return false;
  return true;
}

bool is_space_char(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }

bool is_html_block_element(std::string_view name) {
  static const std::set<std::string, std::less<>> kBlocks = {
      "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "div", "dl", "dt",
      "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
      "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
      "th", "thead", "tr", "ul"};
  return kBlocks.count(name) > 0;
}

// Raw HTML as inline pieces: text (entities decoded) and one HtmlInline per tag; an empty
// HtmlBlock piece where a block element starts or ends (the text on either side is a block of
// its own). Comments, processing instructions and declarations show nothing (a browser ends
// them at the first '>', as cmark-gfm does for "<?"); script and style content is not text;
// other tags separate their text by a blank.
std::vector<Node> html_pieces(std::string_view raw) {
  std::vector<Node> pieces;
  std::string text;
  auto flush = [&] {
    if (text.empty()) return;
    pieces.emplace_back(NodeType::Text, html::decode_entities(text));
    text.clear();
  };
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  std::size_t i = 0;
  while (i < raw.size()) {
    char c = raw[i];
    if (c != '<' || i + 1 >= raw.size()) {
      text += is_space_char(c) ? ' ' : c;
      ++i;
      continue;
    }
    char next = raw[i + 1];
    if (raw.compare(i, 4, "<!--") == 0) {
      std::size_t end = raw.find("-->", i + 4);
      i = end == std::string_view::npos ? raw.size() : end + 3;
      continue;
    }
    if (next == '?' || next == '!') {
      std::size_t end = raw.find('>', i);
      i = end == std::string_view::npos ? raw.size() : end + 1;
      continue;
    }
    bool closing = next == '/';
    if (!letter(closing ? (i + 2 < raw.size() ? raw[i + 2] : ' ') : next)) {
      text += c;
      ++i;
      continue;
    }
    // the tag ends at the first '>' outside quoted attribute values
    std::size_t end = i + 1;
    char quote = 0;
    for (; end < raw.size(); ++end) {
      char e = raw[end];
      if (quote) {
        if (e == quote) quote = 0;
      } else if (e == '"' || e == '\'') {
        quote = e;
      } else if (e == '>') {
        break;
      }
    }
    if (end >= raw.size()) {  // not a tag: an unfinished one at the end stays text
      text += c;
      ++i;
      continue;
    }
    std::string_view tag_text = raw.substr(i, end + 1 - i);
    i = end + 1;
    auto tag = html::parse_tag(tag_text);
    if (!tag) continue;
    if (!tag->closing && (tag->name == "script" || tag->name == "style")) {
      std::string close = "</" + tag->name;
      std::size_t k = i;
      for (; k < raw.size(); ++k)
        if (raw[k] == '<' && utf8::to_lower(raw.substr(k, close.size())) == close) break;
      std::size_t gt = k < raw.size() ? raw.find('>', k) : std::string_view::npos;
      i = gt == std::string_view::npos ? raw.size() : gt + 1;
      continue;
    }
    NodeType kind;
    if (html_inline_kind(tag->name, kind) || tag->name == "img" || tag->name == "br") {
      flush();
      pieces.emplace_back(NodeType::HtmlInline, std::string(tag_text));
    } else if (is_html_block_element(tag->name)) {
      flush();
      pieces.emplace_back(NodeType::HtmlBlock);
    } else {
      text += ' ';
    }
  }
  flush();
  // white space: runs are one blank, none at the ends of a block
  bool space_before = true;
  for (Node& piece : pieces) {
    if (piece.type != NodeType::Text) {
      space_before = piece.type == NodeType::HtmlBlock;
      continue;
    }
    std::string collapsed;
    for (char ch : piece.text) {
      if (ch == ' ') {
        if (!space_before) collapsed += ' ';
        space_before = true;
      } else {
        collapsed += ch;
        space_before = false;
      }
    }
    piece.text = std::move(collapsed);
  }
  bool at_end = true;
  for (auto it = pieces.rbegin(); it != pieces.rend(); ++it) {
    if (it->type == NodeType::HtmlBlock) {
      at_end = true;
      continue;
    }
    if (it->type != NodeType::Text) {
      at_end = false;
      continue;
    }
    if (!at_end) continue;
    while (!it->text.empty() && it->text.back() == ' ') it->text.pop_back();
    if (!it->text.empty()) at_end = false;
  }
  std::erase_if(pieces, [](const Node& n) { return n.type == NodeType::Text && n.text.empty(); });
  return pieces;
}

// What an opened raw tag becomes around `content`; false when it shows nothing of its own.
bool html_element(const html::Tag& tag, NodeType type, std::vector<Node>&& content, Node& out) {
  if (type == NodeType::Link && tag.attr("href").empty()) type = NodeType::Span;  // an anchor, no link
  if (content.empty() && type != NodeType::Span) return false;  // shows nothing
  out = Node(type);
  if (type == NodeType::Code) {
    Node tmp(NodeType::Span);
    tmp.children = std::move(content);
    out.text = tmp.plain_text();
    return true;
  }
  if (type == NodeType::Link) {
    out.target = std::string(tag.attr("href"));
    out.title = std::string(tag.attr("title"));
  }
  if (type == NodeType::Span && (tag.name == "u" || tag.name == "ins")) out.attrs.emplace_back(kUnderlineAttr, "");
  out.children = std::move(content);
  return true;
}

// Raw tags opened deeper than this inside one block are dropped (their text stays): a page of
// 100,000 unclosed <b> tags cannot nest the model that deep.
constexpr std::size_t kMaxOpenHtml = 64;

void normalize_children(Node& parent) {
  if (parent.children.empty()) return;
  bool needed = false;
  for (std::size_t i = 0; i < parent.children.size(); ++i) {
    const Node& c = parent.children[i];
    if (c.type == NodeType::HtmlInline || c.type == NodeType::HtmlBlock ||
        (c.type == NodeType::Text && i > 0 && parent.children[i - 1].type == NodeType::Text)) {
      needed = true;
      break;
    }
  }
  if (!needed) return;
  std::vector<Node> old = std::move(parent.children);
  // One pass, as the HTML parser reads tags: an opened element collects what follows until its
  // close tag (closing the elements opened inside it) or the end of the block; a close tag of
  // no open element is ignored.
  struct Open {
    html::Tag tag;
    NodeType type;
    std::vector<Node> children;
  };
  std::vector<Node> out;
  out.reserve(old.size());
  std::vector<Open> open;
  auto sink = [&]() -> std::vector<Node>& { return open.empty() ? out : open.back().children; };
  auto append = [&](Node&& n) {
    std::vector<Node>& to = sink();
    if (n.type == NodeType::Text && !to.empty() && to.back().type == NodeType::Text) to.back().text += n.text;
    else to.push_back(std::move(n));
  };
  auto close_top = [&] {
    Open top = std::move(open.back());
    open.pop_back();
    Node element(NodeType::Span);
    if (html_element(top.tag, top.type, std::move(top.children), element)) sink().push_back(std::move(element));
  };
  for (Node& c : old) {
    if (c.type == NodeType::HtmlBlock) {
      // Shown as paragraphs of its inline content (normalized when the walk enters them).
      std::vector<Node> pieces = html_pieces(c.text);
      Node paragraph(NodeType::Paragraph);
      bool visible = false;
      auto finish = [&] {
        if (visible) append(std::move(paragraph));
        paragraph = Node(NodeType::Paragraph);
        visible = false;
      };
      for (Node& piece : pieces) {
        if (piece.type == NodeType::HtmlBlock) {
          finish();
          continue;
        }
        visible |= piece.type == NodeType::Text || piece.text.find("<img") != std::string::npos ||
                   piece.text.find("<IMG") != std::string::npos;
        paragraph.children.push_back(std::move(piece));
      }
      finish();
      continue;
    }
    if (c.type != NodeType::HtmlInline) {
      append(std::move(c));
      continue;
    }
    auto tag = html::parse_tag(c.text);
    if (!tag) continue;  // comments, declarations: nothing to show
    if (tag->name == "br") {
      append(Node(NodeType::LineBreak));
      continue;
    }
    if (tag->name == "img") {
      if (tag->closing || tag->attr("src").empty()) continue;
      Node image(NodeType::Image);
      image.target = std::string(tag->attr("src"));
      image.title = std::string(tag->attr("title"));
      std::string_view alt = tag->attr("alt");
      if (!alt.empty()) image.children.emplace_back(NodeType::Text, std::string(alt));
      append(std::move(image));
      continue;
    }
    NodeType type;
    if (tag->self_closing || !html_inline_kind(tag->name, type)) continue;
    if (tag->closing) {
      auto match = std::find_if(open.rbegin(), open.rend(), [&](const Open& o) { return o.tag.name == tag->name; });
      if (match == open.rend()) continue;
      std::size_t keep = static_cast<std::size_t>(open.rend() - match) - 1;
      while (open.size() > keep) close_top();
      continue;
    }
    if (open.size() >= kMaxOpenHtml) continue;
    open.push_back({std::move(*tag), type, {}});
  }
  while (!open.empty()) close_top();
  parent.children = std::move(out);
}

void normalize(Node& body) {
  walk_mutable(body, [](Node& n, WalkEvent event) {
    if (event == WalkEvent::Enter && is_container(n.type)) normalize_children(n);
    return true;
  });
}

// Text without line breaks, for link labels, captions and headings (raw text in DokuWiki).
std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return s;
}

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  std::size_t pos = 0;
  while ((pos = s.find(from, pos)) != std::string::npos) {
    s.replace(pos, from.size(), to);
    pos += to.size();
  }
  return s;
}

bool has_scheme(std::string_view url) {
  std::size_t colon = url.find("://");
  if (colon == std::string_view::npos || colon == 0) return false;
  for (std::size_t i = 0; i < colon; ++i) {
    char c = url[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))
      return false;
  }
  return true;
}

// A URL inside [[..|..]] or {{..|..}}: no '|', no closing brackets, no blanks.
std::string link_url(std::string_view url) {
  std::string out;
  for (char c : url) {
    switch (c) {
      case '|': out += "%7C"; break;
      case ']': out += "%5D"; break;
      case '}': out += "%7D"; break;
      case ' ': out += "%20"; break;
      case '\n': out += "%0A"; break;
      default: out += c;
    }
  }
  return out;
}

// A link label: DokuWiki ends [[..]] at the first "]]" not followed by ']', so a run of
// brackets inside the label is spaced apart; one at its end is fine.
std::string safe_label(std::string label) {
  std::string out;
  out.reserve(label.size());
  for (std::size_t i = 0; i < label.size();) {
    std::size_t j = i;
    while (j < label.size() && label[j] == ']') ++j;
    if (j - i >= 2 && j < label.size()) {
      for (std::size_t k = i; k < j; ++k) {
        if (k > i) out += ' ';
        out += ']';
      }
      i = j;
      continue;
    }
    if (j > i) {
      out.append(label, i, j - i);
      i = j;
      continue;
    }
    out += label[i++];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

// A media file a page shows: its File: title in the wiki and its DokuWiki media id.
struct MediaUse {
  std::string file;
  std::string id;
};

// DokuWiki decides by a media id's extension alone whether {{..}} is an <img> (inc/confutils.php
// mimetype() and conf/mime.conf: jpg jpeg gif png ico svg) or a link to the file, audio or
// video. An image whose name has no extension DokuWiki knows gets one in its id (the file is
// copied under that id): the type its first bytes show, else png (browsers sniff images).
bool dokuwiki_knows_extension(std::string_view name) {
  std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return false;
  std::string ext = utf8::to_lower(name.substr(dot + 1));
  static const std::set<std::string, std::less<>> kKnown = {
      "jpg", "jpeg", "gif", "png", "ico", "svg", "mp3", "ogg", "wav", "webm", "ogv", "mp4", "vtt", "tgz", "tar",
      "gz", "bz2", "zip", "rar", "7z", "pdf", "ps", "rpm", "deb", "doc", "xls", "ppt", "rtf", "docx", "xlsx",
      "pptx", "sxw", "sxc", "sxi", "sxd", "odc", "odf", "odg", "odi", "odp", "ods", "odt"};
  return kKnown.count(ext) > 0;
}

// True when DokuWiki's mimetype() of a media source says image (its text after the last '.').
bool dokuwiki_image_extension(std::string_view src) {
  std::size_t hash = src.find('#');
  if (hash != std::string_view::npos) src = src.substr(0, hash);
  std::size_t dot = src.rfind('.');
  if (dot == std::string_view::npos) return false;
  std::string ext = utf8::to_lower(src.substr(dot + 1));
  return ext == "jpg" || ext == "jpeg" || ext == "gif" || ext == "png" || ext == "ico" || ext == "svg";
}

std::string_view sniffed_image_extension(const std::filesystem::path* file) {
  if (!file) return ".png";
  char head[16] = {};
  std::ifstream in(*file, std::ios::binary);
  in.read(head, sizeof head);
  std::string_view h(head, static_cast<std::size_t>(in.gcount()));
  if (h.rfind("\xFF\xD8\xFF", 0) == 0) return ".jpg";
  if (h.rfind("GIF8", 0) == 0) return ".gif";
  if (h.rfind(std::string_view("\0\0\1\0", 4), 0) == 0) return ".ico";
  if (h.rfind("<svg", 0) == 0 || h.rfind("<?xml", 0) == 0) return ".svg";
  return ".png";
}

struct RenderResult {
  std::string text;
  std::vector<MediaUse> media;          // media files the page shows
  std::vector<std::string> categories;  // the page's categories (for the category pages)
};

class DokuRenderer {
 public:
  enum class Mode { Top, Quote, Line };

  DokuRenderer(const Page& page, const WriteContext& context,
               std::vector<MediaUse>& media)
      : page_(page), context_(context), media_(media), page_id_(clean_id(page.title)) {}

  // Renders `root`'s children. `footnote` renders a note's blocks on one line.
  std::string render(const Node& root, bool footnote = false) {
    footnote_ = footnote;
    collect_notes(root);
    base_mode_ = footnote ? Mode::Line : Mode::Top;
    NodeIterator it(root);
    while (it.next()) {
      const Node& n = it.node();
      if (it.event() == WalkEvent::Enter) {
        if (&n != &root && !enter(n)) it.skip_children();
        if (is_container(n.type) && &n != &root) push_frame(n);
      } else if (&n != &root) {
        int blocks = stack_.back().blocks;
        stack_.pop_back();
        exit(n, blocks);
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

  std::string category_links(CategoryStyle style) const {
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
      out += "[[" + link_id(clean_id(label)) + "|" + safe_label(one_line(label)) + "]]";
    }
    return out;
  }

 private:
  // Every line of a nested list or quote repeats its depth (indentation, '>'); deeper than this
  // the levels are written as this one, so absurdly deep input cannot make quadratic output.
  static constexpr int kMaxDepth = 64;

  struct Frame {
    const Node* node;
    int blocks;  // block children written so far
    Mode mode;   // how this node's content is written
    bool line_container;  // inside a list item or table cell (one line)
    bool in_cell;
    bool real_lists;
    int lists;  // list nesting depth
  };

  // --- where we are --------------------------------------------------------------------------

  // What the containers around a node decide, cached per frame so that every question is
  // O(1) however deep the nesting (a 100,000-deep quote stays linear).
  void push_frame(const Node& n) {
    Frame f{&n, 0, base_mode_, base_mode_ == Mode::Line, false, base_mode_ != Mode::Line, 0};
    if (!stack_.empty()) {
      const Frame& p = stack_.back();
      f.mode = p.mode;
      f.line_container = p.line_container;
      f.in_cell = p.in_cell;
      f.real_lists = p.real_lists;
      f.lists = p.lists;
    }
    switch (n.type) {
      case NodeType::ListItem:
        f.mode = Mode::Line;
        f.line_container = true;
        break;
      case NodeType::TableCell:
        f.mode = Mode::Line;
        f.line_container = true;
        f.in_cell = true;
        f.real_lists = false;
        break;
      case NodeType::Heading:
        f.mode = Mode::Line;
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
    stack_.push_back(f);
  }

  // How blocks are written here: the innermost container decides.
  Mode mode() const { return stack_.empty() ? base_mode_ : stack_.back().mode; }
  bool in_table_cell() const { return !stack_.empty() && stack_.back().in_cell; }
  // Lists are real DokuWiki lists only outside quotes, cells and notes.
  bool real_lists() const { return stack_.empty() ? base_mode_ != Mode::Line : stack_.back().real_lists; }
  int list_depth() const { return stack_.empty() ? 0 : stack_.back().lists; }
  Frame* parent_frame() { return stack_.empty() ? nullptr : &stack_.back(); }
  const Node* parent() const { return stack_.empty() ? nullptr : stack_.back().node; }

  // --- output --------------------------------------------------------------------------------

  // Writes a piece of markup or escaped text, with a separator when the piece would fuse with
  // the character before it, and the blank after '>' at the start of a quote line.
  void put(std::string_view s) {
    if (s.empty()) return;
    if (r_.at_line_start() && quote_depth_ > 0 && mode() == Mode::Quote) quote_line_start();
    if (!r_.at_line_start()) {
      std::string_view sep = separator(r_.last_char(), s.front());
      if (!sep.empty()) r_.lit(sep);
    }
    r_.lit(s);
  }

  // Quote lines start with one '>' per level (">> " for a quote in a quote).
  void quote_line_start() {
    r_.lit(std::string(static_cast<std::size_t>(std::min(quote_depth_, kMaxDepth)), '>'));
    r_.lit(' ');
  }

  void text(std::string_view s) {
    std::string joined;
    if (s.find('\n') != std::string_view::npos) {
      // a newline in text (&#10;) is white space in HTML, but a line end in DokuWiki
      joined.assign(s);
      std::replace(joined.begin(), joined.end(), '\n', ' ');
      s = joined;
    }
    unsigned context = kInline;
    if (mode() == Mode::Top && r_.at_line_start()) context |= kLineStart;
    if (in_table_cell()) context |= kInTable;
    if (footnote_) context |= kInFootnote;
    scratch_.clear();
    escape_text(scratch_, s, context);
    put(scratch_);
  }

  // Before a block: blank line at the top level, an empty quote line between blocks of a quote,
  // breaks between blocks of a one-line container.
  void begin_block(bool loose_break = true) {
    Frame* f = parent_frame();
    int before = f ? f->blocks++ : top_blocks_++;
    switch (mode()) {
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
        if (before > 0 && !r_.at_line_start()) put(loose_break ? "\\\\ \\\\ " : "\\\\ ");
        break;
    }
  }

  // --- the walk ------------------------------------------------------------------------------

  bool enter(const Node& n) {
    switch (n.type) {
      case NodeType::Document:
      case NodeType::Div:
        return true;
      case NodeType::Span:
        if (is_underline(n)) {
          format_stack_.push_back({n.type, !format_stack_.empty() && format_stack_.back().type == n.type});
          if (!format_stack_.back().silent) put("__");
        }
        return true;
      case NodeType::Paragraph:
        begin_block();
        return true;
      case NodeType::Heading: {
        std::string title = one_line(n.plain_text());
        if (mode() == Mode::Top) {
          begin_block();
          int level = std::clamp(n.level, 1, 5);  // DokuWiki has 5 levels: 6 is written as 5
          std::string marks(static_cast<std::size_t>(7 - level), '=');
          bool blank = title.find_first_not_of(" \t") == std::string::npos;
          put(marks + " " + (blank ? std::string("\u00A0") : title) + " " + marks);
          r_.cr();
        } else {
          begin_block();
          if (!title.empty()) {
            put("**");
            text(title);
            put("**");
          }
        }
        return false;
      }
      case NodeType::BulletList:
      case NodeType::OrderedList:
        if (real_lists()) {
          const Node* p = parent();
          if (p && p->type == NodeType::ListItem) {
            parent_frame()->blocks++;
            r_.cr();
          } else {
            begin_block();
          }
        } else {
          begin_block(false);
        }
        return true;
      case NodeType::ListItem: {
        const Node* list = parent();
        bool ordered = list && list->type == NodeType::OrderedList;
        std::size_t index = 0;
        if (list) index = static_cast<std::size_t>(&n - list->children.data());
        std::string marker;
        if (real_lists()) {
          r_.cr();
          r_.lit(std::string(static_cast<std::size_t>(2 * std::min(list_depth(), kMaxDepth)), ' ') + (ordered ? "- " : "* "));
        } else {
          std::string number = std::to_string(list ? list->start + static_cast<int>(index) : 1);
          if (mode() == Mode::Quote) {
            if (index > 0) r_.cr();
            put(std::string(static_cast<std::size_t>(2 * std::min(list_depth() - 1, kMaxDepth)), ' ') +
                (ordered ? number + "." : "•") + " ");
          } else {
            if (index > 0) put("\\\\ ");
            put(ordered ? number + ". " : "• ");
          }
        }
        if (n.task == TaskState::Checked) put("☑ ");
        else if (n.task == TaskState::Unchecked) put("☐ ");
        return true;
      }
      case NodeType::CodeBlock:
        code_block(n);
        return false;
      case NodeType::BlockQuote:
        if (mode() == Mode::Line) {
          begin_block();
        } else {
          begin_block();
          ++quote_depth_;
        }
        return true;
      case NodeType::Table:
        begin_block();
        return true;
      case NodeType::TableRow:
        if (mode() != Mode::Line) r_.cr();
        else if (&n != &parent()->children.front()) put("\\\\ ");
        cell_ = 0;
        return true;
      case NodeType::TableCell:
        table_cell_open(n);
        return true;
      case NodeType::ThematicBreak:
        if (mode() == Mode::Top) {
          begin_block();
          put("----");
          r_.cr();
        }
        return false;
      case NodeType::FootnoteDefinition:
        return false;  // written where it is referenced
      case NodeType::HtmlBlock:
        return false;  // normalize() made it a paragraph of what it shows
      case NodeType::Text:
        text(n.text);
        return false;
      case NodeType::Emphasis:
      case NodeType::Strong:
      case NodeType::Strikethrough:
      case NodeType::Superscript:
      case NodeType::Subscript:
        // DokuWiki cannot nest a format directly in itself ("//a //b// c//" toggles); with
        // another format between them it can. A direct inner one is already in effect, so it
        // writes no marks.
        format_stack_.push_back({n.type, !format_stack_.empty() && format_stack_.back().type == n.type});
        if (!format_stack_.back().silent) put(format_open(n.type));
        return true;
      case NodeType::Code:
        scratch_.clear();
        monospace(scratch_, n.text);
        put(scratch_);
        return false;
      case NodeType::Link:
      case NodeType::WikiLink: {
        // A label that is one format throughout ([*a*](x), [`b`](y)) keeps it around the link
        // (DokuWiki labels are plain text).
        const Node* format = single_format_child(n);
        if (format && format->type == NodeType::Code) {
          Node plain = n;
          plain.children.clear();
          plain.children.emplace_back(NodeType::Text, format->text);
          put("''");
          put(link(plain));
          put("''");
        } else if (format) {
          bool silent = !format_stack_.empty() && format_stack_.back().type == format->type;
          if (!silent) put(format_open(format->type));
          put(link(n));
          if (!silent) put(format_close(format->type));
        } else {
          put(link(n));
        }
        return false;
      }
      case NodeType::Image:
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
          put("\\\\ ");
        }
        return false;
      case NodeType::HtmlInline:
        return false;  // unpaired raw tags: DokuWiki would show them as text
    }
    return true;
  }

  void exit(const Node& n, int blocks) {
    switch (n.type) {
      case NodeType::Span:
        if (is_underline(n)) {
          if (!format_stack_.back().silent) put("__");
          format_stack_.pop_back();
        }
        break;
      case NodeType::Paragraph:
        if (mode() == Mode::Top) r_.cr();
        break;
      case NodeType::Emphasis:
      case NodeType::Strong:
      case NodeType::Strikethrough:
      case NodeType::Superscript:
      case NodeType::Subscript:
        if (!format_stack_.back().silent) put(format_close(n.type));
        format_stack_.pop_back();
        break;
      case NodeType::BlockQuote:
        if (mode() != Mode::Line && quote_depth_ > 0) {
          if (blocks == 0) {
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
        if (real_lists() && !(parent() && parent()->type == NodeType::ListItem)) r_.cr();
        break;
      case NodeType::TableCell:
        table_cell_close(n);
        break;
      case NodeType::TableRow:
        if (mode() != Mode::Line) {
          bool header = n.header;
          const Node* table = parent();
          // A row shorter than the widest one lost its colspan (HTML tables): its last cell
          // spans the rest, as an empty "||" does in DokuWiki.
          std::size_t columns = 0;
          if (table)
            for (const Node& row : table->children) columns = std::max(columns, row.children.size());
          r_.lit(header ? "^" : "|");
          for (std::size_t i = std::max<std::size_t>(n.children.size(), 1); i < columns; ++i) r_.lit(header ? "^" : "|");
          r_.cr();
        }
        break;
      case NodeType::Table:
        if (mode() != Mode::Line) r_.cr();
        break;
      default:
        break;
    }
  }
  static bool is_underline(const Node& span) {
    for (const auto& [name, value] : span.attrs)
      if (name == kUnderlineAttr) return true;
    return false;
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
      case NodeType::Code:
        return &c;
      default:
        return nullptr;
    }
  }

  static std::size_t format_index(NodeType t) {
    switch (t) {
      case NodeType::Emphasis: return 0;
      case NodeType::Strong: return 1;
      case NodeType::Strikethrough: return 2;
      case NodeType::Superscript: return 3;
      default: return 4;
    }
  }
  static std::string_view format_open(NodeType t) {
    static constexpr std::string_view kOpen[] = {"//", "**", "<del>", "<sup>", "<sub>"};
    return kOpen[format_index(t)];
  }
  static std::string_view format_close(NodeType t) {
    static constexpr std::string_view kClose[] = {"//", "**", "</del>", "</sup>", "</sub>"};
    return kClose[format_index(t)];
  }


  // --- blocks --------------------------------------------------------------------------------

  static std::string code_language(std::string_view info) {
    std::string lang;
    for (char c : info) {
      if (c == ' ' || c == '\t') break;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '+' || c == '#')
        lang += c;
    }
    // "-" is DokuWiki's "no language" placeholder (needed before a file name); keep it simple.
    return lang;
  }

  void code_block(const Node& n) {
    std::string lang = code_language(n.info);
    std::string_view code = n.text;
    bool cell = in_table_cell() || footnote_;
    if (!cell) {
      // <code> and <file> end at their closing tag; code holding both is written indented.
      std::string_view tag = code.find("</code>") == std::string_view::npos ? "code"
                             : code.find("</file>") == std::string_view::npos ? "file"
                                                                               : "";
      if (!tag.empty()) {
        begin_block(false);
        if (mode() == Mode::Line) put(" ");
        std::string open = "<" + std::string(tag) + (lang.empty() ? "" : " " + lang) + ">";
        put(open);
        // Inside a quote the lines of the code block carry no '>' (the code mode ends only at
        // its closing tag), so write them past the prefixes.
        std::string body = "\n" + std::string(code);
        if (body.back() != '\n') body += '\n';
        body += "</" + std::string(tag) + ">";
        r_.out() += body;
        if (mode() == Mode::Top) r_.cr();
        return;
      }
      if (mode() == Mode::Top) {
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
    // One line only: each code line as monospace, joined by breaks.
    begin_block(false);
    std::size_t pos = 0;
    bool first = true;
    while (pos < code.size()) {
      std::size_t nl = code.find('\n', pos);
      std::string_view line = code.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
      if (!first) put("\\\\ ");
      first = false;
      if (!line.empty()) {
        scratch_.clear();
        monospace(scratch_, line);
        put(scratch_);
      }
      if (nl == std::string_view::npos) break;
      pos = nl + 1;
    }
  }

  void table_cell_open(const Node& cell) {
    const Node* row = parent();
    if (mode() == Mode::Line) {
      if (cell_ > 0) put(" | ");
      ++cell_;
      return;
    }
    const Node* table = stack_.size() >= 2 ? stack_[stack_.size() - 2].node : nullptr;
    Alignment align = table && cell_ < table->aligns.size() ? table->aligns[cell_] : Alignment::None;
    ++cell_;
    r_.lit(row && row->header ? "^" : "|");
    // DokuWiki aligns by blanks: two or more on the left right-align, on both sides center.
    r_.lit(align == Alignment::Right || align == Alignment::Center ? "  " : " ");
    if (cell.children.empty()) r_.lit(" ");
  }
  void table_cell_close(const Node& cell) {
    if (mode() == Mode::Line) return;
    (void)cell;
    const Node* table = stack_.size() >= 2 ? stack_[stack_.size() - 2].node : nullptr;
    std::size_t col = cell_ - 1;
    Alignment align = table && col < table->aligns.size() ? table->aligns[col] : Alignment::None;
    r_.lit(align == Alignment::Left || align == Alignment::Center ? "  " : " ");
  }

  // --- inlines -------------------------------------------------------------------------------

  std::string label_text(const Node& n) const {
    return safe_label(one_line(n.plain_text()));
  }

  // The label of a link: an image alone becomes {{image}}, anything else plain text.
  std::string link_title(const Node& n) {
    const Node* image = nullptr;
    bool only_image = true;
    for (const Node& c : n.children) {
      if (c.type == NodeType::Image && !image) image = &c;
      else if (!(c.type == NodeType::Text && c.text.find_first_not_of(" \t\n") == std::string::npos) &&
               c.type != NodeType::SoftBreak)
        only_image = false;
    }
    if (image && only_image) return image_markup(*image, true);
    return label_text(n);
  }

  std::string link(const Node& n) {
    std::string title = link_title(n);
    std::string target;
    if (n.type == NodeType::WikiLink) {
      if (n.children.empty()) title = n.anchor.empty() ? n.target : n.target + "#" + n.anchor;
      target = wiki_link_target(n);
      if (target.empty()) {
        // A File: link shows the file.
        return title;
      }
    } else {
      std::string url = n.target;
      if (url.rfind("mailto:", 0) == 0 && url.find('@') != std::string::npos) url = url.substr(7);
      target = link_url(url);
      if (target.empty()) target = link_id(page_id_);
      if (title.empty() && n.children.empty()) title = n.target;
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
      std::string id = media_id(n.target);
      return id.empty() ? std::string() : ":" + id;
    }
    std::string_view t = n.target;
    std::size_t colon = t.find(':');
    if (is_interwiki(t)) {
      std::string prefix = utf8::to_lower(t.substr(0, colon));
      std::string page = std::string(t.substr(colon + 1));
      std::replace(page.begin(), page.end(), ' ', '_');
      if (prefix == "wikipedia" || prefix == "w") return "wp>" + link_url(page) + anchor;
      std::string url = interwiki_url(t);
      return link_url(url) + anchor;
    }
    std::string title = n.target;
    if (context_.wiki) {
      title = context_.wiki->resolve(n.target);
      if (const PageEntry* e = context_.wiki->find(title)) title = e->title;
    }
    std::string id = clean_id(title);
    if (id.empty()) return anchor.empty() ? link_id(page_id_) : anchor;
    return link_id(id) + anchor;
  }

  // A wiki file's media id (and note it for copying); empty when the name has no id. An
  // image's id ends in an image extension (see dokuwiki_knows_extension).
  std::string media_id(std::string_view file_title, bool image = false) {
    std::string_view name = file_title;
    if (!name.empty() && name.front() == ':') name.remove_prefix(1);
    std::size_t colon = name.find(':');
    if (colon != std::string_view::npos) name = name.substr(colon + 1);
    std::string file = "File:" + std::string(name);
    std::string id = clean_id(name);
    if (id.empty()) return id;
    if (image && !dokuwiki_knows_extension(id))
      id += sniffed_image_extension(context_.wiki ? context_.wiki->find_media(file) : nullptr);
    media_.push_back({std::move(file), id});
    return id;
  }

  std::string image_markup(const Node& n, bool in_link) {
    std::string src;
    bool external = false;
    // Without a scheme the image is a file of the wiki ("Logo.png", "File:Logo.png"): DokuWiki
    // reads such a source as a media id anyway.
    if (is_file_target(n.target) || (!has_scheme(n.target) && !n.target.empty() && n.target.find("//") == std::string::npos)) {
      std::string id = media_id(n.target, true);
      src = ":" + id;
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
    if (external && !in_link && dokuwiki_image_extension(n.target)) params += params.empty() ? "nolink" : "&nolink";
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
    escape_text(probe, code, kInline);
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
      DokuRenderer inner(page_, context_, media_);
      body = inner.render(*it->second, true);
      while (!body.empty() && (body.back() == '\n' || body.back() == ' ')) body.pop_back();
      if (body.empty()) body = "\u00A0";
      while (!note_bodies_.insert(body).second) body += ' ';
      note_body_.emplace(n.label, body);
    }
    // A note's text may not end in ')' right before the closing "))".
    std::string_view sep = body.empty() ? std::string_view() : separator(body.back(), ')');
    put("((" + body + std::string(sep) + "))");
  }

  const Page& page_;
  const WriteContext& context_;
  std::vector<MediaUse>& media_;
  std::string page_id_;
  LineRenderer r_;
  std::vector<Frame> stack_;
  std::map<std::string, const Node*> notes_;
  std::string scratch_;
  Mode base_mode_ = Mode::Top;
  bool footnote_ = false;
  int top_blocks_ = 0;
  int quote_depth_ = 0;
  std::size_t cell_ = 0;
  struct OpenFormat {
    NodeType type;
    bool silent;
  };
  std::vector<OpenFormat> format_stack_;
  std::map<std::string, std::string> note_body_;  // label -> the text written for it
  std::set<std::string> note_bodies_;              // texts written for notes so far
};

// By value: normalize() rewrites the tree, and a page loaded for the write is moved in, not copied.
RenderResult render_page(Page page, const WriteContext& context, CategoryStyle style) {
  RenderResult result;
  normalize(page.body);
  DokuRenderer renderer(page, context, result.media);
  result.text = renderer.render(page.body);
  std::string categories = renderer.category_links(style);
  if (!categories.empty()) {
    if (!result.text.empty()) result.text += "\n";
    result.text += categories + "\n";
  }
  return result;
}

// ---------------------------------------------------------------------------------------------

// Which page owns a DokuWiki id, as (hash of id, page) pairs sorted: 16 bytes a page where a
// map of id strings costs ten times that on a wiki of a million pages. A hash shared by two
// ids is resolved by computing the ids again.
class IdOwners {
 public:
  explicit IdOwners(const std::vector<PageEntry>& pages) : pages_(pages) {}

  // The pages that cannot be written under their id: those whose id is empty, and (page,
  // earlier page) for those whose id an earlier page has. Neither is indexed.
  struct Unwritable {
    std::vector<std::size_t> empty;
    std::vector<std::pair<std::size_t, std::size_t>> taken;
  };

  // Indexes every page's id (computed once here: this runs before any worker starts).
  Unwritable build() {
    Unwritable out;
    owners_.clear();
    for (std::size_t i = 0; i < pages_.size(); ++i) {
      std::string id = clean_id(pages_[i].title);
      if (id.empty()) out.empty.push_back(i);
      else owners_.push_back({hash(id), i});
    }
    std::sort(owners_.begin(), owners_.end());
    std::vector<char> drop(owners_.size(), 0);
    for (std::size_t a = 0; a < owners_.size();) {
      std::size_t b = a + 1;
      while (b < owners_.size() && owners_[b].hash == owners_[a].hash) ++b;
      for (std::size_t k = a + 1; k < b; ++k) {  // pages in order: the first one keeps the id
        std::string id = clean_id(pages_[owners_[k].page].title);
        for (std::size_t j = a; j < k; ++j) {
          if (!drop[j] && clean_id(pages_[owners_[j].page].title) == id) {
            out.taken.emplace_back(owners_[k].page, owners_[j].page);
            drop[k] = 1;
            break;
          }
        }
      }
      a = b;
    }
    std::size_t kept = 0;
    for (std::size_t k = 0; k < owners_.size(); ++k)
      if (!drop[k]) owners_[kept++] = owners_[k];
    owners_.resize(kept);
    owners_.shrink_to_fit();
    return out;
  }

  // The page that has `id`, if any.
  std::optional<std::size_t> find(const std::string& id) const {
    Owner key{hash(id), 0};
    for (auto it = std::lower_bound(owners_.begin(), owners_.end(), key); it != owners_.end() && it->hash == key.hash; ++it)
      if (clean_id(pages_[it->page].title) == id) return it->page;
    return std::nullopt;
  }

 private:
  struct Owner {
    std::uint64_t hash;
    std::size_t page;
    bool operator<(const Owner& o) const { return hash != o.hash ? hash < o.hash : page < o.page; }
  };
  static std::uint64_t hash(const std::string& id) { return std::hash<std::string>{}(id); }

  const std::vector<PageEntry>& pages_;
  std::vector<Owner> owners_;
};

class DokuWikiWriter final : public Writer {
 public:
  explicit DokuWikiWriter(const Options& options) {
    std::string c = options.get("categories", "pages");
    if (c == "pages") style_ = CategoryStyle::Pages;
    else if (c == "tag") style_ = CategoryStyle::Tag;
    else if (c == "none") style_ = CategoryStyle::None;
    else throw Error("dokuwiki: categories must be pages, tag or none (not \"" + c + "\")");
  }

  std::string write_page(const Page& page, const WriteContext& context) const override {
    return render_page(page, context, style_).text;
  }

  void write_wiki(const Wiki& wiki, const std::filesystem::path& output, const WriteContext& context) const override;

 private:
  CategoryStyle style_ = CategoryStyle::Pages;
};

bool is_category_title(const PageEntry& e) {
  std::string ns = utf8::to_lower(e.ns);
  return ns == "category";
}

void DokuWikiWriter::write_wiki(const Wiki& wiki, const std::filesystem::path& output,
                                const WriteContext& context) const {
  Diagnostics local;
  Diagnostics& diagnostics = context.diagnostics ? *context.diagnostics : local;
  const std::filesystem::path pages_dir = output / "pages";
  const std::filesystem::path media_dir = output / "media";
  std::error_code ec;
  std::filesystem::create_directories(pages_dir, ec);
  if (!ec) std::filesystem::create_directories(media_dir, ec);
  if (ec) throw Error(output.string(), 0, "cannot create output directory: " + ec.message());

  // Every title's id, up front: titles whose id is empty or taken by an earlier page are
  // reported and skipped. Links compute ids themselves (clean_id is cheap for ASCII titles), so
  // what stays for the run is a hash and a page number per page, not a map of strings.
  const std::vector<PageEntry>& pages = wiki.pages();
  IdOwners owners(pages);
  std::vector<char> skipped(pages.size(), 0);
  {
    std::vector<std::pair<std::size_t, std::string>> problems;
    IdOwners::Unwritable unwritable = owners.build();
    for (std::size_t page : unwritable.empty) {
      problems.emplace_back(page, "title \"" + pages[page].title + "\" gives an empty DokuWiki page id; page not written");
      skipped[page] = 1;
    }
    for (const auto& [page, first] : unwritable.taken) {
      problems.emplace_back(page, "titles \"" + pages[first].title + "\" and \"" + pages[page].title +
                                      "\" both become DokuWiki page id \"" + clean_id(pages[page].title) + "\"; \"" +
                                      pages[page].title + "\" is not written");
      skipped[page] = 1;
    }
    std::sort(problems.begin(), problems.end());
    for (const auto& [page, message] : problems) diagnostics.error(pages[page].relpath, 0, message);
  }
  auto index_of = [&](const PageEntry& entry) { return static_cast<std::size_t>(&entry - pages.data()); };

  WriteContext page_context = context;
  page_context.wiki = &wiki;
  page_context.diagnostics = &diagnostics;

  std::map<std::string, std::vector<std::uint32_t>> members;  // category -> member pages (index)
  std::map<std::string, const PageEntry*> category_sources;  // category -> its own page
  std::map<std::string, std::filesystem::path> copied_media;  // media id -> source
  std::set<std::string> missing_media;

  auto copy_media = [&](const std::vector<MediaUse>& uses, const std::string& relpath) {
    for (const MediaUse& use : uses) {
      const std::string& file = use.file;
      const std::string& id = use.id;
      const std::filesystem::path* source = wiki.find_media(file);
      if (!source) {
        if (missing_media.insert(file).second)
          diagnostics.warn(relpath, 0, "media " + file + " is not in the wiki; not copied");
        continue;
      }
      auto [it, inserted] = copied_media.emplace(id, *source);
      if (!inserted) {
        if (it->second != *source)
          diagnostics.error(relpath, 0, "media files " + it->second.string() + " and " + source->string() +
                                            " both become DokuWiki media id \"" + id + "\"; the second is not copied");
        continue;
      }
      std::ifstream in(*source, std::ios::binary);
      std::ostringstream data;
      data << in.rdbuf();
      if (!in && !in.eof()) {
        diagnostics.error(source->string(), 0, "cannot read media file");
        continue;
      }
      write_file_atomic(contained_path(media_dir, media_file(id)), data.str());
    }
  };

  auto write_page_file = [&](const std::string& id, const std::string& text) {
    write_file_atomic(contained_path(pages_dir, page_file(id)), text);
  };

  Progress progress("writing", wiki.pages().size(), context.progress);
  std::function<RenderResult(const PageEntry&)> produce = [&](const PageEntry& entry) {
    if (skipped[index_of(entry)]) return RenderResult{};
    Page page = wiki.load(entry, diagnostics);
    std::vector<std::string> categories = page.categories;
    RenderResult result = render_page(std::move(page), page_context, style_);
    result.categories = std::move(categories);
    // Page files are independent (ids are unique): workers write them; category pages wait
    // for their members.
    if (!(style_ == CategoryStyle::Pages && is_category_title(entry))) {
      write_page_file(clean_id(entry.title), result.text);
      result.text.clear();
    }
    return result;
  };
  std::function<void(const PageEntry&, RenderResult&&)> consume = [&](const PageEntry& entry, RenderResult&& result) {
    progress.tick();
    if (skipped[index_of(entry)]) return;
    for (const std::string& c : result.categories) members[c].push_back(static_cast<std::uint32_t>(index_of(entry)));
    copy_media(result.media, entry.relpath);
    if (style_ == CategoryStyle::Pages && is_category_title(entry))
      category_sources.emplace(std::string(entry.title.substr(entry.ns.size() + 1)), &entry);  // written at the end
  };
  for_each_page_ordered<RenderResult>(wiki, context.threads, produce, consume);

  if (style_ != CategoryStyle::Pages) return;
  // Category pages: the category's own page (when the wiki has one) and its members.
  std::set<std::string> categories;
  for (const auto& [name, list] : members) categories.insert(name);
  for (const auto& [name, entry] : category_sources) categories.insert(name);
  for (const std::string& name : categories) {
    std::string title = "Category:" + name;
    std::string id = clean_id(title);
    if (id.empty()) continue;
    std::string text;
    auto source = category_sources.find(name);
    if (source != category_sources.end()) {
      Page page = wiki.load(*source->second, diagnostics);
      text = render_page(std::move(page), page_context, style_).text;
    } else {
      if (auto owner = owners.find(id)) {
        diagnostics.error("", 0, "category page \"" + title + "\" would replace page \"" + pages[*owner].title +
                                     "\" (DokuWiki id \"" + id + "\"); not written");
        continue;
      }
      text = "====== " + one_line(title) + " ======\n";
    }
    auto m = members.find(name);
    if (m != members.end() && !m->second.empty()) {
      if (!text.empty()) text += "\n";
      text += "===== Pages in category " + one_line(name) + " =====\n\n";
      for (std::uint32_t member : m->second) {
        const std::string& member_title = pages[member].title;
        text += "  * [[:" + clean_id(member_title) + "|" + safe_label(one_line(member_title)) + "]]\n";
      }
    }
    write_page_file(id, text);
  }
}

}  // namespace

std::unique_ptr<Writer> make_dokuwiki_writer(const Options& options) {
  return std::make_unique<DokuWikiWriter>(options);
}

}  // namespace wikiconv
