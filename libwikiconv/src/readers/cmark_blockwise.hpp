// A big page's cmark-gfm parse that never holds the whole tree: the blocks of the page are parsed
// first (a fraction of the tree: the text and a node a block), then each top-level block gets
// its inlines, its footnote references resolved, and cmark's post-processing, as the reader comes
// to it, so that a block is whole only while it is read. What cmark_parser_finish does for the
// document at once (cmark-gfm 0.29.0.gfm.6, blocks.c: process_inlines, process_footnotes, text
// nodes consolidated, the extensions' postprocess) is done here block by block, with the same
// result: cmark's own private headers, which Debian installs with the library, give the parser's
// reference map and the nodes' footnote fields.
#pragma once

#include <cmark-gfm.h>

#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace wikiconv {

struct CmarkParserDeleter {
  void operator()(cmark_parser* parser) const;
};
using CmarkParser = std::unique_ptr<cmark_parser, CmarkParserDeleter>;

// A parser as the reader parses every page: GFM's extensions, footnotes, raw HTML kept; its
// nodes from `mem`.
CmarkParser new_gfm_parser(cmark_mem* mem);

class BlockwiseParse {
 public:
  // The blocks of `text` parsed, the nodes from the default allocator; null when the text ends
  // inside a block that runs to its end (a code fence or raw HTML left open), which only a parse
  // of the whole text closes as cmark does, or when cmark-gfm is not 0.29.0.gfm.6.
  static std::unique_ptr<BlockwiseParse> start(std::string_view text);
  ~BlockwiseParse();
  BlockwiseParse(const BlockwiseParse&) = delete;
  BlockwiseParse& operator=(const BlockwiseParse&) = delete;

  // How many top-level blocks the page has (the footnote definitions moved to its end among them).
  std::size_t block_count() const { return block_count_; }
  // The next top-level block, finished as cmark_parser_finish leaves it (the referenced footnote
  // definitions last, in the order of their first references), or null after the last; the
  // caller frees each block it is given.
  cmark_node* next();

 private:
  // A footnote definition with a label (references resolve to the first of each label).
  struct Definition {
    cmark_node* node;
    unsigned number = 0;     // cmark's index, from the first reference to it
    bool moved = false;      // unlinked from where it was written, to go to the page's end
  };

  BlockwiseParse() = default;
  void collect_definitions();
  void finish_inlines(cmark_node* block);
  void resolve_references(cmark_node* block);
  void resolve(cmark_node* reference);
  // Moves the block's definitions to the end; false when the block was itself one.
  bool move_definitions(cmark_node* block);
  void end_with_definitions();

  CmarkParser parser_;
  cmark_node* root_ = nullptr;
  cmark_node* cursor_ = nullptr;    // the next block not yet finished
  cmark_node* sentinel_ = nullptr;  // the paragraph after the page's text that closed its blocks
  std::size_t block_count_ = 0;
  bool references_possible_ = false;  // the text holds "[^"
  std::vector<Definition> definitions_;
  std::unordered_map<std::string, std::size_t> by_label_;
  std::unordered_map<cmark_node*, std::size_t> definition_of_;
  std::unordered_set<cmark_node*> holders_;  // top-level blocks that are or hold definitions
  unsigned last_number_ = 0;
  std::deque<cmark_node*> ready_;
  bool ended_ = false;
};

}  // namespace wikiconv
