// The Markdown reader's entry for callers that own the text (wikiconv::read_markdown in
// wikiconv/reader.hpp borrows it).
#pragma once

#include <cmark-gfm.h>

#include <cstddef>
#include <string>

#include "wikiconv/reader.hpp"

namespace wikiconv {

// read_markdown for a text the caller gives up: when it needs no cleaning (no BOM, CR, NUL or
// invalid UTF-8) its buffer is parsed as it is, not copied first, and freed with the parse.
Page read_owned_markdown(std::string text, const ReadOptions& options, Diagnostics& diagnostics,
                         const std::string& source);

// cmark-gfm's tree of `text` as the reader parses every page (GFM's extensions, footnotes, raw
// HTML kept), its nodes from `mem`; the caller frees it.
cmark_node* parse_gfm(const std::string& text, cmark_mem* mem);

// Pages over this many bytes are big pages: cmark's tree on malloc and freed block by block, the
// blocks finished one at a time (markdown_reader.cpp says why at this size).
inline constexpr std::size_t kBigPageBytes = 64 * 1024;

// For tests: pages over `bytes` are read as big pages, their blocks finished one at a time when
// `blockwise`, else parsed whole; (kBigPageBytes, true) is how pages are read. Not to be changed
// while pages are read.
void set_big_page_reading(std::size_t bytes, bool blockwise);

}  // namespace wikiconv
