// Markdown reader: cmark-gfm parses (a big page's blocks first, each finished as the reader comes
// to it: cmark_blockwise.cpp); each block of the page is mapped onto the model directly
// (cmark_converter.cpp) unless raw HTML in it needs an HTML parser. Then the page goes through
// gumbo as a browser would read cmark-gfm's HTML of it (markdown_html.cpp, html_reader.cpp), the
// blocks already mapped standing in it as placeholders.
#include <cmark-gfm.h>

#include <dlfcn.h>

#include <algorithm>
#include <climits>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "readers/arena.hpp"
#include "readers/cmark_blockwise.hpp"
#include "readers/cmark_converter.hpp"
#include "readers/html_reader.hpp"
#include "readers/input_text.hpp"
#include "readers/markdown_html.hpp"
#include "readers/markdown_reader.hpp"
#include "readers/original_markdown.hpp"
#include "readers/pathological.hpp"
#include "readers/redirect.hpp"
#include "util/html_tag.hpp"
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

cmark_node* parse_gfm(const std::string& text, cmark_mem* mem) {
  CmarkParser parser = new_gfm_parser(mem);
  cmark_parser_feed(parser.get(), text.data(), text.size());
  return cmark_parser_finish(parser.get());
}

namespace {

void* arena_calloc(std::size_t count, std::size_t size) { return thread_arena().allocate(count * size, true); }
void* arena_realloc(void* p, std::size_t size) { return thread_arena().reallocate(p, size); }
void arena_free(void*) {}
cmark_mem arena_mem = {arena_calloc, arena_realloc, arena_free};

// Pages larger than this are parsed without the arena (see read_markdown). The arena pays off
// across a wiki's pages, which reuse its blocks; a page beyond some tens of KB is smaller
// without it (a 100 KB page: 1.7 MB above an empty page, not 2.9 MB; a 4 MB page: also 27% less
// CPU time), as its cmark tree is then freed block by block and its memory reused for the model,
// where the arena keeps every buffer cmark outgrew. 45 of the OWASP wiki's 7,265 pages are larger.
constexpr std::size_t kArenaMaxText = kBigPageBytes;
// Tests read smaller pages as big ones (set_big_page_reading).
std::size_t big_page_min = kArenaMaxText;
bool blockwise_big_pages = true;

// Pages larger than this (and so larger than kArenaMaxText) still give gumbo's trees the arena,
// one piece of the page at a time (Arena::rewind): gumbo then calls neither malloc nor free
// (the 4 MB page: 5% fewer instructions). Up to it, gumbo's trees take the holes that the
// freed cmark tree leaves, where the arena's blocks would be fresh memory (a 100 KB page: 3
// bytes more per byte of Markdown).
constexpr std::size_t kGumboArenaMinText = 1024 * 1024;

// The block that comes last in a page's text (cmark moves footnote definitions to the end of
// its tree): its first line and type.
struct LastBlock {
  int line = 0;
  cmark_node_type type = CMARK_NODE_NONE;
};


// A raw HTML block that is one <div> start or end tag and nothing else: pandoc's wrappers.
// Returns 1 for a start tag (its node in `div`), -1 for an end tag, 0 for anything else.
int div_tag(cmark_node* block, Node& div) {
  if (cmark_node_get_type(block) != CMARK_NODE_HTML_BLOCK) return 0;
  std::string_view raw = cmark_literal(block);
  if (raw.find('&') != std::string_view::npos) return 0;  // references are the parser's to decode
  auto tag = html::parse_tag(raw);
  if (!tag || tag->name != "div" || tag->self_closing) return 0;
  if (tag->closing) return -1;
  div = Node(NodeType::Div);
  div.line = CmarkConverter::line_of(block, 0);
  div.attrs = tag->attrs;
  return 1;
}

// The parser is not needed when the only blocks that asked for it are balanced <div> wrappers
// around Markdown (pandoc's <div lang="en" dir="ltr" class="mw-content-ltr">): the browser's
// tree is then the blocks nested in the divs. `div_starts`: the start tags' nodes, in order.
// False, changing nothing, otherwise.
bool assemble_div_wrappers(std::vector<TopBlock>& blocks, std::vector<Node>& div_starts, Page& page) {
  int depth = 0;
  for (const TopBlock& b : blocks) {
    if (b.hard && b.div_tag == 0) return false;
    depth += b.div_tag;
    if (depth < 0) return false;
  }
  if (depth != 0) return false;
  std::vector<Node*> open{&page.body};
  auto div = div_starts.begin();
  for (TopBlock& b : blocks) {
    if (b.div_tag == 1) {
      open.push_back(&open.back()->append(std::move(*div++)));
    } else if (b.div_tag == -1) {
      open.pop_back();
    } else {
      for (Node& n : b.converted) open.back()->children.push_back(std::move(n));
    }
  }
  return true;
}

// The page's text, and whether it may be freed once the conversion no longer needs it.
struct PageText {
  std::string& text;
  bool disposable;
  void dispose() {
    if (disposable) std::string().swap(text);
  }
};

// The top-level blocks convert_page reads, in order: a whole tree's, or a blockwise parse's
// (each finished as the reader comes to it).
class TopBlocks {
 public:
  explicit TopBlocks(cmark_node* root) : next_(cmark_node_first_child(root)) {
    for (cmark_node* b = next_; b; b = cmark_node_next(b)) ++count_;
  }
  explicit TopBlocks(BlockwiseParse& parse) : parse_(&parse), count_(parse.block_count()) {}
  std::size_t count() const { return count_; }
  // The next block (the caller may free it), null after the last.
  cmark_node* next() {
    if (parse_) return parse_->next();
    cmark_node* block = next_;
    if (block) next_ = cmark_node_next(block);
    return block;
  }

 private:
  BlockwiseParse* parse_ = nullptr;
  cmark_node* next_ = nullptr;
  std::size_t count_ = 0;
};

// Maps cmark's tree of `text` onto `page`. `free_blocks`: the tree is the default allocator's
// and each block is freed as soon as it is mapped directly or written out for the HTML parser,
// so that a huge page's cmark tree and model are never both whole in memory (a block kept for
// the parser would keep every block's memory beside it from being reused). `block_lines`, when
// given, gets the first and last line of each top-level block, and `text_end` the block that
// comes last in the text.
void convert_page(TopBlocks top_blocks, Page& page, Diagnostics& diagnostics, const std::string& source, PageText text,
                  bool free_blocks, std::vector<std::pair<int, int>>* block_lines, LastBlock* text_end) {
  page.body.line = 1;
  CmarkConverter converter(page, false);
  std::vector<TopBlock> blocks;
  std::vector<std::size_t> ends;  // until a block needs the parser: where each block's nodes end
  std::optional<HtmlMarker> marker;  // from the first block that needs the parser
  std::vector<Node> div_starts;
  int footnotes = 0;
  // Room for a node per block, as most blocks give one: the lists do not grow block by block.
  std::size_t block_count = top_blocks.count();
  blocks.reserve(block_count);  // the templates point into the blocks: they never move
  ends.reserve(block_count);
  page.body.children.reserve(block_count);
  if (block_lines) block_lines->reserve(block_count);
  for (cmark_node* block = top_blocks.next(); block; block = top_blocks.next()) {
    TopBlock& top = blocks.emplace_back();
    top.source = block;
    if (block_lines) {
      int line = cmark_node_get_start_line(block);
      if (line > text_end->line) *text_end = {line, cmark_node_get_type(block)};
      block_lines->emplace_back(line, cmark_node_get_end_line(block));
    }
    // cmark numbers footnote definitions in the order it puts them, at the end of the page.
    if (cmark_node_get_type(block) == CMARK_NODE_FOOTNOTE_DEFINITION) top.footnote_label = ++footnotes;
    converter.set_footnote_label(top.footnote_label);
    // The common case, no block needing the parser: nodes go straight into the body.
    std::vector<Node>& into = marker ? top.converted : page.body.children;
    if (converter.convert(block, into)) {
      if (!marker) ends.push_back(page.body.children.size());
    } else {
      top.hard = true;
      Node div;
      top.div_tag = static_cast<signed char>(div_tag(block, div));
      if (top.div_tag == 1) div_starts.push_back(std::move(div));
      if (!marker) {  // the blocks so far take back their nodes, and stand in the document
        marker.emplace(converter, text.text, block_count);
        std::size_t begin = 0;
        for (std::size_t i = 0; i < ends.size(); ++i) {
          for (std::size_t k = begin; k < ends[i]; ++k) blocks[i].converted.push_back(std::move(page.body.children[k]));
          begin = ends[i];
          marker->add(blocks[i]);
        }
        std::vector<Node>().swap(page.body.children);  // refilled, after the HTML parse, without its room
      }
    }
    if (marker) marker->add(top);
    if (free_blocks) {
      cmark_node_free(block);
      top.source = nullptr;
    }
  }
  if (!marker || assemble_div_wrappers(blocks, div_starts, page)) {
    text.dispose();
    return;
  }
  MarkedHtml doc = marker->take();
  marker.reset();
  std::size_t too_deep = too_deep_html_at(doc.html);
  if (too_deep == std::string_view::npos) {
    text.dispose();  // before the parser's trees come
    lower_html_page(doc, page, diagnostics, source);
    return;
  }
  // The source line of the piece of HTML the tag is in.
  auto piece = std::upper_bound(doc.lines.begin(), doc.lines.end(), std::make_pair(too_deep, INT_MAX));
  diagnostics.warn(source, piece == doc.lines.begin() ? 0 : std::prev(piece)->second,
                   "raw HTML nested more than " + std::to_string(kMaxParsedDepth) +
                       " elements deep is kept as text (the HTML parser would take quadratic time)");
  // The blocks that needed the parser, parsed again when they were freed (the same text gives
  // the same blocks).
  cmark_node* again = free_blocks ? parse_gfm(text.text, cmark_get_default_mem_allocator()) : nullptr;
  CmarkConverter lenient(page, true);
  cmark_node* source_block = again ? cmark_node_first_child(again) : nullptr;
  for (TopBlock& top : blocks) {
    cmark_node* block = again ? source_block : top.source;
    if (again) source_block = cmark_node_next(source_block);
    if (!top.hard) continue;
    lenient.set_footnote_label(top.footnote_label);
    lenient.convert(block, top.converted);
  }
  if (again) cmark_node_free(again);
  for (TopBlock& top : blocks)
    for (Node& n : top.converted) page.body.children.push_back(std::move(n));
}

// Whether the page's last block is still open where the text ends (a code fence or raw HTML
// never closed, which runs to the end): anything written after its text would join it. Its own
// text is parsed again with a paragraph after it.
bool last_block_open(const std::string& text, LastBlock last) {
  if (last.type != CMARK_NODE_CODE_BLOCK && last.type != CMARK_NODE_HTML_BLOCK) return false;
  std::size_t from = 0;
  for (int l = 1; l < last.line && from != std::string::npos; ++l) {
    from = text.find('\n', from);
    if (from != std::string::npos) ++from;
  }
  if (from == std::string::npos) return false;
  std::string tail = text.substr(from);
  tail += "\n\nx\n";
  cmark_node* root = parse_gfm(tail, cmark_get_default_mem_allocator());
  cmark_node* after = cmark_node_last_child(root);
  cmark_node* text_node = after ? cmark_node_first_child(after) : nullptr;
  bool closed = after && cmark_node_get_type(after) == CMARK_NODE_PARAGRAPH && text_node &&
                cmark_node_get_type(text_node) == CMARK_NODE_TEXT && !cmark_node_next(text_node) &&
                std::string_view(cmark_node_get_literal(text_node)) == "x" &&
                cmark_node_get_start_line(after) == static_cast<int>(std::count(tail.begin(), tail.end(), '\n'));
  cmark_node_free(root);
  return !closed;
}

}  // namespace

namespace {

Page read_clean_markdown(CleanText clean, const ReadOptions& options, Diagnostics& diagnostics,
                         const std::string& source) {
  defuse_pathological_markdown(clean.text, source, diagnostics);
  Page page;
  page.source = source;
  page.metadata = std::move(clean.front_matter);
  std::vector<std::pair<int, int>> block_lines;
  std::vector<std::pair<int, int>>* lines = options.keep_original ? &block_lines : nullptr;
  LastBlock text_end;
  if (clean.text.size() > big_page_min) {
    // A big page: the arena never frees (and copies each buffer it grows), so cmark gets the
    // default allocator and the tree is freed block by block during the conversion; each block
    // gets its inlines only when the conversion comes to it, so that the whole tree never is
    // (the original Markdown's block lines, kept for the gfm writer, come from a whole parse).
    std::optional<ArenaUse> gumbo_arena;
    if (clean.text.size() > kGumboArenaMinText) gumbo_arena.emplace();
    std::unique_ptr<BlockwiseParse> blockwise;
    if (blockwise_big_pages && !lines) blockwise = BlockwiseParse::start(clean.text);
    // cmark's tree holds copies of what it needs, but raw HTML nested too deep for the parser
    // would need the page parsed again.
    if (blockwise) {
      convert_page(TopBlocks(*blockwise), page, diagnostics, source, {clean.text, true}, true, nullptr, nullptr);
    } else {
      cmark_node* root = parse_gfm(clean.text, cmark_get_default_mem_allocator());
      convert_page(TopBlocks(root), page, diagnostics, source, {clean.text, !lines}, true, lines, &text_end);
      cmark_node_free(root);
    }
    blockwise.reset();
    gumbo_arena.reset();
  } else {
    ArenaUse arena;  // cmark's tree is freed with the arena, after the conversion
    cmark_node* root = parse_gfm(clean.text, &arena_mem);
    convert_page(TopBlocks(root), page, diagnostics, source, {clean.text, false}, false, lines, &text_end);
  }
  recognize_redirect(page);
  if (lines) {
    bool open = last_block_open(clean.text, text_end);
    page.original = cut_original(std::move(clean.text), std::move(clean.front_matter_text), std::move(block_lines), open, page);
  }
  return page;
}

}  // namespace

Page read_markdown(std::string_view text, const ReadOptions& options, Diagnostics& diagnostics,
                   const std::string& source) {
  return read_clean_markdown(clean_input(text, source, options.strict, diagnostics), options, diagnostics, source);
}

void set_big_page_reading(std::size_t bytes, bool blockwise) {
  big_page_min = bytes;
  blockwise_big_pages = blockwise;
}

Page read_owned_markdown(std::string text, const ReadOptions& options, Diagnostics& diagnostics,
                         const std::string& source) {
  return read_clean_markdown(clean_input(std::move(text), source, options.strict, diagnostics), options, diagnostics,
                             source);
}

}  // namespace wikiconv
