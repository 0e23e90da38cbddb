#include "readers/cmark_blockwise.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm_version.h>
#include <cmark-gfm/buffer.h>
#include <cmark-gfm/inlines.h>
#include <cmark-gfm/node.h>
#include <cmark-gfm/parser.h>
#include <cmark-gfm/syntax_extension.h>
#include <cmark-gfm/utf8.h>

#include <algorithm>
#include <mutex>
#include <optional>

#include "readers/cmark_walk.hpp"

// markdown_reader.cpp defines it in the library's place (its characters are added once).
extern "C" void cmark_manage_extensions_special_characters(cmark_parser* parser, int add);

namespace wikiconv {

void CmarkParserDeleter::operator()(cmark_parser* parser) const { cmark_parser_free(parser); }

CmarkParser new_gfm_parser(cmark_mem* mem) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
  CmarkParser parser(cmark_parser_new_with_mem(CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES, mem));
  for (const char* ext : {"table", "strikethrough", "autolink", "tasklist"}) {
    if (cmark_syntax_extension* e = cmark_find_syntax_extension(ext))
      cmark_parser_attach_syntax_extension(parser.get(), e);
  }
  return parser;
}

namespace {

// A line no Markdown block continues after a blank line: it closes every block still open at
// the end of the text as the end of the text does, and stands as a paragraph of its own.
constexpr std::string_view kSentinel = "wikiconv-blocks-end\n";

// cmark's normalize_map_label (map.c): case folded, trimmed, inner whitespace collapsed; none
// when that leaves nothing.
std::optional<std::string> footnote_key(const cmark_chunk& label, cmark_mem* mem) {
  if (label.len <= 0) return std::nullopt;
  cmark_strbuf buf;
  cmark_strbuf_init(mem, &buf, 0);
  cmark_utf8proc_case_fold(&buf, label.data, label.len);
  cmark_strbuf_trim(&buf);
  cmark_strbuf_normalize_whitespace(&buf);
  std::optional<std::string> key;
  if (buf.size > 0 && buf.ptr[0] != '\0') key.emplace(reinterpret_cast<const char*>(buf.ptr), buf.size);
  cmark_strbuf_free(&buf);
  return key;
}

// blocks.c's contains_inlines.
bool contains_inlines(cmark_node* node) {
  if (node->extension && node->extension->contains_inlines_func)
    return node->extension->contains_inlines_func(node->extension, node) != 0;
  return node->type == CMARK_NODE_PARAGRAPH || node->type == CMARK_NODE_HEADING;
}

// A block still open where the text ends that the blank line before the sentinel would join: a
// code fence, or raw HTML that ends at a closing tag or `-->` (html_block_type 1 to 5; 6 and 7
// end at a blank line); then only the end of the text closes it as cmark does.
bool open_block_takes_blank_lines(cmark_parser* parser) {
  for (cmark_node* n = parser->current; n && n != parser->root; n = n->parent) {
    if (n->type == CMARK_NODE_HTML_BLOCK && n->as.html_block_type <= 5) return true;
    if (n->type == CMARK_NODE_CODE_BLOCK && n->as.code.fenced) return true;
  }
  return false;
}

}  // namespace

std::unique_ptr<BlockwiseParse> BlockwiseParse::start(std::string_view text) {
  // The private structures and the steps of cmark_parser_finish are those of the version this
  // follows; with another one the page is parsed whole.
#if CMARK_GFM_VERSION != ((0 << 24) | (29 << 16) | (0 << 8) | 6)
  return nullptr;
#endif
  if (cmark_version() != CMARK_GFM_VERSION) return nullptr;
  std::unique_ptr<BlockwiseParse> parse(new BlockwiseParse());
  parse->parser_ = new_gfm_parser(cmark_get_default_mem_allocator());
  cmark_parser* parser = parse->parser_.get();
  cmark_parser_feed(parser, text.data(), text.size());
  bool ends_line = !text.empty() && (text.back() == '\n' || text.back() == '\r');
  if (!ends_line) cmark_parser_feed(parser, "\n", 1);  // the last line, processed
  if (open_block_takes_blank_lines(parser)) return nullptr;
  // After a CR cmark skips the LF that follows it, as half of a CRLF.
  std::string tail = std::string(text.empty() || text.back() != '\r' ? "" : "\n") + "\n";
  tail += kSentinel;
  cmark_parser_feed(parser, tail.data(), tail.size());
  cmark_node* last = parser->root->last_child;
  if (!last || last != parser->current || last->type != CMARK_NODE_PARAGRAPH ||
      last->start_line != cmark_parser_get_line_number(parser))
    return nullptr;
  parse->root_ = parser->root;
  parse->sentinel_ = last;
  parse->cursor_ = parse->root_->first_child;
  for (cmark_node* b = parse->cursor_; b != last; b = b->next) ++parse->block_count_;
  parse->references_possible_ = text.find("[^") != std::string_view::npos;
  if (parse->references_possible_) parse->collect_definitions();
  cmark_manage_extensions_special_characters(parser, 1);
  return parse;
}

BlockwiseParse::~BlockwiseParse() {
  // Blocks given out are the caller's; what is still here is freed (linked ones with the tree).
  for (cmark_node* b : ready_)
    if (!b->parent) cmark_node_free(b);
  for (const Definition& d : definitions_)
    if (d.moved && d.node) cmark_node_free(d.node);
}

// process_footnotes' map: every definition with a label, in the order their ends come (EXIT
// events); the first of a label is the one references find.
void BlockwiseParse::collect_definitions() {
  CmarkWalk walk(root_);
  for (cmark_event_type ev; (ev = walk.next()) != CMARK_EVENT_DONE;) {
    cmark_node* n = walk.node();
    if (ev != CMARK_EVENT_EXIT || n->type != CMARK_NODE_FOOTNOTE_DEFINITION) continue;
    std::optional<std::string> key = footnote_key(n->as.literal, parser_->mem);
    if (!key) continue;  // not in the map: it stays where it is
    by_label_.emplace(std::move(*key), definitions_.size());
    definition_of_.emplace(n, definitions_.size());
    definitions_.push_back({n});
    cmark_node* top = n;
    while (top->parent != root_) top = top->parent;
    holders_.insert(top);
  }
}

// process_inlines, for one block.
void BlockwiseParse::finish_inlines(cmark_node* block) {
  CmarkWalk walk(block);
  for (cmark_event_type ev; (ev = walk.next()) != CMARK_EVENT_DONE;)
    if (ev == CMARK_EVENT_ENTER && contains_inlines(walk.node()))
      cmark_parse_inlines(parser_.get(), walk.node(), parser_->refmap, parser_->options);
}

// process_footnotes' walk of the references, for one block (the walk has taken its next step
// before a reference is replaced, as cmark's iterator has there).
void BlockwiseParse::resolve_references(cmark_node* block) {
  CmarkWalk walk(block);
  for (cmark_event_type ev; (ev = walk.next()) != CMARK_EVENT_DONE;)
    if (ev == CMARK_EVENT_EXIT && walk.node()->type == CMARK_NODE_FOOTNOTE_REFERENCE) resolve(walk.node());
}

// cmark_map_lookup, then the reference numbered, or made text again when nothing defines it.
void BlockwiseParse::resolve(cmark_node* reference) {
  const cmark_chunk& label = reference->as.literal;
  Definition* found = nullptr;
  if (label.len >= 1 && label.len <= MAX_LINK_LABEL_LENGTH && !definitions_.empty()) {
    if (std::optional<std::string> key = footnote_key(label, parser_->mem)) {
      auto at = by_label_.find(*key);
      if (at != by_label_.end()) found = &definitions_[at->second];
    }
  }
  if (found) {
    if (!found->number) found->number = ++last_number_;
    reference->parent_footnote_def = found->node;
    reference->footnote.ref_ix = ++found->node->footnote.def_count;
    cmark_node_set_literal(reference, std::to_string(found->number).c_str());
    return;
  }
  std::string shown = "[^" + std::string(reinterpret_cast<const char*>(label.data), label.len) + "]";
  cmark_node* text = cmark_node_new_with_mem(CMARK_NODE_TEXT, parser_->mem);
  cmark_node_set_literal(text, shown.c_str());
  cmark_node_insert_after(reference, text);
  cmark_node_free(reference);
}

// process_footnotes takes every definition in its map out of the page (cmark_unlink_footnotes_map
// for those no reference found, or the second of a label); the referenced ones come back at the
// end. False when the block was itself a definition.
bool BlockwiseParse::move_definitions(cmark_node* block) {
  std::vector<cmark_node*> found;
  CmarkWalk walk(block);
  for (cmark_event_type ev; (ev = walk.next()) != CMARK_EVENT_DONE;)
    if (ev == CMARK_EVENT_EXIT && walk.node()->type == CMARK_NODE_FOOTNOTE_DEFINITION &&
        definition_of_.count(walk.node()))
      found.push_back(walk.node());
  bool block_moved = false;
  for (cmark_node* n : found) {
    cmark_node_unlink(n);
    definitions_[definition_of_[n]].moved = true;
    block_moved |= n == block;
  }
  return !block_moved;
}

// The referenced definitions at the end in the order of their numbers, the first of each label
// (only it has a number); the others dropped.
void BlockwiseParse::end_with_definitions() {
  std::vector<Definition*> referenced;
  for (Definition& d : definitions_) {
    if (!d.moved) continue;
    if (d.number) referenced.push_back(&d);
    else cmark_node_free(d.node);
    d.moved = false;
  }
  std::sort(referenced.begin(), referenced.end(),
            [](const Definition* a, const Definition* b) { return a->number < b->number; });
  for (Definition* d : referenced) ready_.push_back(d->node);
}

cmark_node* BlockwiseParse::next() {
  while (ready_.empty()) {
    if (ended_) return nullptr;
    if (cursor_ == sentinel_) {
      ended_ = true;
      end_with_definitions();
      continue;
    }
    cmark_node* block = cursor_;
    cursor_ = cursor_->next;
    finish_inlines(block);
    if (references_possible_) resolve_references(block);
    cmark_consolidate_text_nodes(block);
    for (cmark_llist* e = cmark_parser_get_syntax_extensions(parser_.get()); e; e = e->next) {
      auto* ext = static_cast<cmark_syntax_extension*>(e->data);
      if (ext->postprocess_func) ext->postprocess_func(ext, parser_.get(), block);
    }
    if (!holders_.count(block) || move_definitions(block)) ready_.push_back(block);
  }
  cmark_node* block = ready_.front();
  ready_.pop_front();
  return block;
}

}  // namespace wikiconv
