// Markdown reader: cmark-gfm parses, this file maps its tree onto the model. cmark reports raw
// HTML tags one by one; the wiki-relevant ones (pandoc's wikilink <a>, <sup>, <sub>, <span>,
// <br>, <div> wrappers, ...) are paired here into model nodes, everything else stays raw.
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <dlfcn.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

#include "readers/html_reader.hpp"
#include "readers/input_text.hpp"
#include "readers/pathological.hpp"
#include "util/html_tag.hpp"
#include "util/utf8.hpp"
#include "wiki/link_target.hpp"
#include "wikiconv/reader.hpp"

// cmark-gfm 0.29 keeps the inline parser's table of special characters in one global array:
// each parse adds its extensions' characters ('~' for strikethrough, ':' and 'w' for autolinks)
// when inline parsing starts and removes them when it ends, so two threads parsing at once
// undo each other's and "~~x~~" stays text on the other thread (github/cmark-gfm#176, not
// merged). Every parser here attaches the same extensions, so their characters are added once
// and never removed. The library calls this function through its PLT, so this definition
// takes the place of the library's, which it calls once through RTLD_NEXT.
extern "C" __attribute__((visibility("default"))) void cmark_manage_extensions_special_characters(
    cmark_parser* parser, int add) {
  static std::once_flag added;
  if (!add) return;
  std::call_once(added, [parser] {
    using Manage = void (*)(cmark_parser*, int);
    if (auto real = reinterpret_cast<Manage>(dlsym(RTLD_NEXT, "cmark_manage_extensions_special_characters")))
      real(parser, 1);
  });
}

namespace wikiconv {

namespace {

// cmark's memory for one page on one thread: an arena, as the cmark-gfm program uses. cmark
// allocates every node, string and buffer separately; here they are carved out of a few
// blocks, never freed one by one, and the blocks are reused for the next page on the thread,
// so that parsing does not call malloc once the blocks are there. (cmark's own arena is one
// global and cannot serve several threads.)
class Arena {
 public:
  void* allocate(std::size_t size, bool zero) {
    std::size_t need = round_up(size + kHeader);
    if (current_ == blocks_.size() || used_ + need > blocks_[current_].size) next_block(need);
    char* p = blocks_[current_].data.get() + used_;
    last_ = used_;
    used_ += need;
    std::memcpy(p, &size, sizeof size);
    if (zero) std::memset(p + kHeader, 0, size);
    return p + kHeader;
  }
  void* reallocate(void* old, std::size_t size) {
    if (!old) return allocate(size, false);
    char* p = static_cast<char*>(old) - kHeader;
    std::size_t old_size;
    std::memcpy(&old_size, p, sizeof old_size);
    Block& block = blocks_[current_];
    if (p == block.data.get() + last_ && last_ + round_up(size + kHeader) <= block.size) {
      // The newest allocation grows in place (cmark's buffers grow this way).
      used_ = last_ + round_up(size + kHeader);
      std::memcpy(p, &size, sizeof size);
      return old;
    }
    void* fresh = allocate(size, false);
    std::memcpy(fresh, old, std::min(old_size, size));
    return fresh;
  }
  // Everything allocated so far is dead: start again at the first block. Blocks beyond a few
  // MB (left by one huge page) go back to the system.
  void reset() {
    current_ = 0;
    used_ = last_ = 0;
    std::size_t kept = 0;
    std::size_t i = 0;
    for (; i < blocks_.size() && kept < kKeep; ++i) kept += blocks_[i].size;
    blocks_.resize(i);
  }

 private:
  static constexpr std::size_t kHeader = 16;  // the size, keeping 16-byte alignment
  static constexpr std::size_t kBlock = 256 * 1024;
  static constexpr std::size_t kKeep = 4 * 1024 * 1024;
  struct Block {
    std::unique_ptr<char[]> data;
    std::size_t size;
  };
  static std::size_t round_up(std::size_t n) { return (n + 15) & ~std::size_t(15); }
  void next_block(std::size_t need) {
    if (current_ < blocks_.size()) ++current_;
    if (current_ == blocks_.size() || blocks_[current_].size < need) {
      std::size_t size = std::max(need, kBlock);
      blocks_.insert(blocks_.begin() + static_cast<std::ptrdiff_t>(current_),
                     Block{std::unique_ptr<char[]>(new char[size]), size});
    }
    used_ = last_ = 0;
  }
  std::vector<Block> blocks_;
  std::size_t current_ = 0, used_ = 0, last_ = 0;
};

thread_local Arena page_arena;
// read_markdown may run inside itself (a filter reading Markdown): only the outermost call
// resets the arena.
thread_local int arena_users = 0;

void* arena_calloc(std::size_t count, std::size_t size) { return page_arena.allocate(count * size, true); }
void* arena_realloc(void* p, std::size_t size) { return page_arena.reallocate(p, size); }
void arena_free(void*) {}
cmark_mem arena_mem = {arena_calloc, arena_realloc, arena_free};

// Pages larger than this are parsed without the arena (see read_markdown).
constexpr std::size_t kArenaMaxText = 4 * 1024 * 1024;

// Holds the thread's arena for one read: cmark's nodes live until it goes.
class ArenaUse {
 public:
  ArenaUse() { ++arena_users; }
  ~ArenaUse() {
    if (--arena_users == 0) page_arena.reset();
  }
  ArenaUse(const ArenaUse&) = delete;
  ArenaUse& operator=(const ArenaUse&) = delete;
};

struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct IterDeleter {
  void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};

cmark_node* parse_gfm(const std::string& text, cmark_mem* mem) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
  std::unique_ptr<cmark_parser, ParserDeleter> parser(
      cmark_parser_new_with_mem(CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES, mem));
  for (const char* ext : {"table", "strikethrough", "autolink", "tasklist"}) {
    if (cmark_syntax_extension* e = cmark_find_syntax_extension(ext))
      cmark_parser_attach_syntax_extension(parser.get(), e);
  }
  cmark_parser_feed(parser.get(), text.data(), text.size());
  return cmark_parser_finish(parser.get());
}

std::string_view str(const char* s) { return s ? std::string_view(s) : std::string_view(); }

bool is_blank_inline(const Node& n) {
  if (n.type == NodeType::SoftBreak || n.type == NodeType::LineBreak) return true;
  if (n.type != NodeType::Text) return false;
  for (char c : n.text)
    if (c != ' ' && c != '\t' && c != '\n') return false;
  return true;
}

// A paragraph made only of links to categories is MediaWiki's [[Category:X]] list.
bool take_categories(const Node& paragraph, std::vector<std::string>& categories) {
  std::vector<std::string> found;
  for (const Node& c : paragraph.children) {
    if (is_blank_inline(c)) continue;
    if (c.type != NodeType::WikiLink) return false;
    std::string name;
    if (!category_name(c.target, name)) return false;
    found.push_back(std::move(name));
  }
  if (found.empty()) return false;
  for (auto& name : found) {
    bool seen = false;
    for (const auto& have : categories) seen |= have == name;
    if (!seen) categories.push_back(std::move(name));
  }
  return true;
}

// Inline HTML elements that become model nodes when their closing tag is found.
bool inline_element_type(const html::Tag& tag, NodeType& type) {
  const std::string& n = tag.name;
  if (n == "a") type = tag.attr("href").empty() ? NodeType::Span : NodeType::Link;
  else if (n == "sup") type = NodeType::Superscript;
  else if (n == "sub") type = NodeType::Subscript;
  else if (n == "span") type = NodeType::Span;
  else if (n == "b" || n == "strong") type = NodeType::Strong;
  else if (n == "i" || n == "em") type = NodeType::Emphasis;
  else if (n == "s" || n == "del" || n == "strike") type = NodeType::Strikethrough;
  else if (n == "code" || n == "tt") type = NodeType::Code;
  else return false;
  return true;
}

class Converter {
 public:
  Converter(Page& page, const ReadOptions& options) : page_(page), options_(options) {}

  void run(cmark_node* root) { walk(root); }

  // For a tree from the default allocator: each top-level block is freed as soon as it is
  // converted, so the cmark tree and the model of a huge page are never both whole in memory.
  void run_freeing_blocks(cmark_node* root) {
    enter(root);
    for (cmark_node* block = cmark_node_first_child(root); block;) {
      cmark_node* next = cmark_node_next(block);
      walk(block);
      cmark_node_free(block);  // unlinks it; HTML frames it opened were closed by its exit
      block = next;
    }
    exit(root);
  }

 private:
  void walk(cmark_node* subtree) {
    std::unique_ptr<cmark_iter, IterDeleter> iter(cmark_iter_new(subtree));
    cmark_event_type ev;
    while ((ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
      cmark_node* n = cmark_iter_get_node(iter.get());
      if (ev == CMARK_EVENT_ENTER) enter(n);
      else if (ev == CMARK_EVENT_EXIT) exit(n);
    }
  }

  enum class FrameKind { Cmark, HtmlInline, HtmlBlock };
  struct Frame {
    Node* node;
    cmark_node* owner;  // the cmark node this frame belongs to (its parent, for HTML frames)
    FrameKind kind;
    std::string tag;  // HTML frames: element name
    std::string raw;  // HTML frames: the opening tag as written
  };

  Node& top() { return *frames_.back().node; }

  int line_of(cmark_node* n) {
    int line = cmark_node_get_start_line(n);
    if (line <= 0 && !frames_.empty()) line = frames_.back().node->line;
    return line;
  }

  Node& add(Node&& node) {
    std::vector<Node>& siblings = top().children;
    if (node.type == NodeType::Text && !siblings.empty() && siblings.back().type == NodeType::Text) {
      siblings.back().text += node.text;
      return siblings.back();
    }
    siblings.push_back(std::move(node));
    return siblings.back();
  }

  // Text straight from cmark, which splits it at every special character: appended to the
  // previous Text node when there is one, without building a Node first.
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

  void push(Node&& node, cmark_node* owner, FrameKind kind = FrameKind::Cmark, std::string tag = {},
            std::string raw = {}) {
    std::vector<Node>& siblings = top().children;
    siblings.push_back(std::move(node));
    Node& added = siblings.back();
    if (kind == FrameKind::Cmark) {
      // Room for the children cmark has (an upper bound: text runs merge), so that building
      // the list never moves nodes.
      std::size_t children = 0;
      for (cmark_node* c = cmark_node_first_child(owner); c; c = cmark_node_next(c)) ++children;
      added.children.reserve(children);
    }
    if (kind != FrameKind::Cmark) ++open_html_frames_;
    frames_.push_back({&added, owner, kind, std::move(tag), std::move(raw)});
  }

  void enter(cmark_node* n) {
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_TEXT) {  // the most frequent node
      add_text(str(cmark_node_get_literal(n)), line_of(n));
      return;
    }
    Node node;
    node.line = line_of(n);
    switch (t) {
      case CMARK_NODE_DOCUMENT:
        page_.body.line = 1;
        frames_.push_back({&page_.body, n, FrameKind::Cmark, {}, {}});
        return;
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
          node.task = cmark_gfm_extensions_get_tasklist_item_checked(n) ? TaskState::Checked
                                                                        : TaskState::Unchecked;
        break;
      case CMARK_NODE_PARAGRAPH: node.type = NodeType::Paragraph; break;
      case CMARK_NODE_HEADING:
        node.type = NodeType::Heading;
        node.level = cmark_node_get_heading_level(n);
        break;
      case CMARK_NODE_FOOTNOTE_DEFINITION:
        // cmark-gfm numbers notes by first reference and emits definitions in that order;
        // references carry the number, so the n-th definition is note n.
        node.type = NodeType::FootnoteDefinition;
        node.label = std::to_string(++footnote_definitions_);
        break;
      case CMARK_NODE_EMPH: node.type = NodeType::Emphasis; break;
      case CMARK_NODE_STRONG: node.type = NodeType::Strong; break;
      case CMARK_NODE_LINK: {
        std::string_view title = str(cmark_node_get_title(n));
        if (title == "wikilink") {  // older pandoc: [label](Target "wikilink")
          node = make_wiki_link(str(cmark_node_get_url(n)));
          node.line = line_of(n);
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
        node.text = str(cmark_node_get_literal(n));
        std::string_view info = str(cmark_node_get_fence_info(n));
        std::size_t sp = info.find_first_of(" \t");
        node.info = std::string(info.substr(0, sp));
        add(std::move(node));
        return;
      }
      case CMARK_NODE_HTML_BLOCK: html_block(n, std::move(node)); return;
      case CMARK_NODE_THEMATIC_BREAK:
        node.type = NodeType::ThematicBreak;
        add(std::move(node));
        return;
      case CMARK_NODE_SOFTBREAK: node.type = NodeType::SoftBreak; add(std::move(node)); return;
      case CMARK_NODE_LINEBREAK: node.type = NodeType::LineBreak; add(std::move(node)); return;
      case CMARK_NODE_CODE:
        node.type = NodeType::Code;
        node.text = str(cmark_node_get_literal(n));
        add(std::move(node));
        return;
      case CMARK_NODE_HTML_INLINE: html_inline(n, std::move(node)); return;
      case CMARK_NODE_FOOTNOTE_REFERENCE:
        node.type = NodeType::FootnoteReference;
        node.label = str(cmark_node_get_literal(n));
        add(std::move(node));
        return;
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
    if (cmark_node_first_child(n) == nullptr && !is_container_cmark(n)) {
      add(std::move(node));
      return;
    }
    push(std::move(node), n);
  }

  static bool is_container_cmark(cmark_node* n) {
    // Leaves never get an EXIT event from the iterator; containers always do, even empty.
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

  void exit(cmark_node* n) {
    // HTML elements opened inside `n` and never closed stay raw: their tag becomes raw HTML and
    // their content moves up to where it was in the source.
    while (!frames_.empty() && frames_.back().kind != FrameKind::Cmark && frames_.back().owner == n)
      unwrap_top();
    if (frames_.empty() || frames_.back().owner != n) return;  // defensive: unbalanced events
    Frame frame = frames_.back();
    pop_frame();
    if (frames_.empty()) return;  // the document
    finish(*frame.node);
  }

  // Post-processing of a node whose children are complete (it is the last child of top()).
  void finish(Node& node) {
    switch (node.type) {
      case NodeType::WikiLink:
        if (is_file_target(node.target)) wiki_link_to_image(node);
        break;
      case NodeType::Paragraph:
        if (take_categories(node, page_.categories)) top().children.pop_back();
        break;
      case NodeType::Code: {  // <code>..</code> pair: content was parsed as Markdown
        Node content(NodeType::Span);
        content.children = std::move(node.children);
        std::string text = content.plain_text();
        node.children.clear();
        node.text = std::move(text);
        break;
      }
      default: break;
    }
  }

  void unwrap_top() {
    Frame frame = frames_.back();
    pop_frame();
    Node& parent = top();
    Node element = std::move(parent.children.back());
    parent.children.pop_back();
    Node raw(frame.kind == FrameKind::HtmlBlock ? NodeType::HtmlBlock : NodeType::HtmlInline, frame.raw);
    raw.line = element.line;
    add(std::move(raw));
    for (Node& c : element.children) add(std::move(c));
  }

  void html_inline(cmark_node* n, Node node) {
    std::string_view raw = str(cmark_node_get_literal(n));
    if (html::is_comment_only(raw)) return;  // comments are not text
    cmark_node* owner = cmark_node_parent(n);
    auto tag = html::parse_tag(raw);
    if (tag && !tag->closing) {
      if (tag->name == "br") {
        node.type = NodeType::LineBreak;
        add(std::move(node));
        return;
      }
      NodeType type;
      if (!tag->self_closing && open_html_frames_ < kMaxOpenHtml && inline_element_type(*tag, type)) {
        node.type = type;
        if (tag->name == "a" && type == NodeType::Link) {
          if (tag->has_class("wikilink")) {
            int line = node.line;
            node = make_wiki_link(tag->attr("href"));
            node.line = line;
          } else {
            node.target = tag->attr("href");
            node.title = tag->attr("title");
          }
        } else if (type == NodeType::Span) {
          node.attrs = tag->attrs;
        }
        push(std::move(node), owner, FrameKind::HtmlInline, tag->name, std::string(raw));
        return;
      }
    } else if (tag && tag->closing) {
      for (std::size_t k = frames_.size(); k-- > 0;) {
        const Frame& f = frames_[k];
        if (f.kind != FrameKind::HtmlInline || f.owner != owner) break;
        if (f.tag == tag->name) {
          while (frames_.size() > k + 1) unwrap_top();
          pop_frame();
          finish(top().children.back());
          return;
        }
      }
    }
    node.type = NodeType::HtmlInline;
    node.text = raw;
    add(std::move(node));
  }

  void html_block(cmark_node* n, Node node) {
    std::string_view raw = str(cmark_node_get_literal(n));
    if (html::is_comment_only(raw)) return;
    cmark_node* owner = cmark_node_parent(n);
    if (auto tag = html::parse_tag(raw); tag && tag->name == "div") {
      if (!tag->closing && !tag->self_closing && open_html_frames_ < kMaxOpenHtml) {
        node.type = NodeType::Div;
        node.attrs = tag->attrs;
        push(std::move(node), owner, FrameKind::HtmlBlock, "div", std::string(raw));
        return;
      }
      if (tag->closing && frames_.back().kind == FrameKind::HtmlBlock && frames_.back().owner == owner) {
        pop_frame();
        return;
      }
    }
    if (options_.html_to_model && html_block_to_model(raw, top(), node.line)) return;
    node.type = NodeType::HtmlBlock;
    node.text = raw;
    add(std::move(node));
  }

  Page& page_;
  const ReadOptions& options_;
  void pop_frame() {
    if (frames_.back().kind != FrameKind::Cmark) --open_html_frames_;
    frames_.pop_back();
  }

  // Raw HTML elements open at once beyond this stay raw tags: unwrapping unclosed ones at the
  // end of a block moves their content up one level each, quadratic in how many are open.
  static constexpr int kMaxOpenHtml = 64;
  int open_html_frames_ = 0;
  std::vector<Frame> frames_;
  int footnote_definitions_ = 0;
};

}  // namespace

Page read_markdown(std::string_view text, const ReadOptions& options, Diagnostics& diagnostics,
                   const std::string& source) {
  CleanText clean = clean_input(text, source, options.strict, diagnostics);
  defuse_pathological_markdown(clean.text, source, diagnostics);
  Page page;
  page.source = source;
  page.metadata = std::move(clean.front_matter);
  if (clean.text.size() > kArenaMaxText) {
    // A huge page: the arena never frees (and copies each buffer it grows), so cmark gets the
    // default allocator and the tree is freed block by block during the conversion.
    cmark_node* root = parse_gfm(clean.text, cmark_get_default_mem_allocator());
    Converter(page, options).run_freeing_blocks(root);
    cmark_node_free(root);
    return page;
  }
  ArenaUse arena;  // the cmark tree is freed with the arena, after the conversion
  cmark_node* root = parse_gfm(clean.text, &arena_mem);
  Converter(page, options).run(root);
  return page;
}

}  // namespace wikiconv
