// A page whose raw HTML needs the HTML parser, written as one HTML document the way cmark-gfm's
// HTML renderer would write it (so the parser builds the tree a browser builds from cmark-gfm's
// output), except that every element the Markdown made carries a marker naming its model node,
// and Markdown blocks without such raw HTML are converted directly and stand in the document as
// placeholders (an element of their kind around one character), which keeps the parser's work
// proportional to the raw HTML, not to the page; runs of them between pieces of raw HTML are
// not parsed at all (lower_html_page).
#pragma once

#include <cmark-gfm.h>

#include <optional>
#include <string_view>
#include <vector>

#include "readers/cmark_converter.hpp"
#include "readers/html_reader.hpp"

namespace wikiconv {

// One block of the document: converted already, or (hard) to be written out for the parser.
struct TopBlock {
  cmark_node* source = nullptr;  // null when freed (huge pages)
  bool hard = false;
  int footnote_label = 0;  // for a footnote definition
  std::vector<Node> converted;
  // Where mark_html moved `converted` to (its first template), when it placed them.
  std::optional<std::size_t> placed_at;
};

// The marker attribute is chosen not to occur in the page's raw HTML. The converted blocks'
// nodes move into the templates.
MarkedHtml mark_html(std::vector<TopBlock>& blocks, CmarkConverter& converter);

// Moves the nodes mark_html took from the blocks back into them, for a page the parser will not
// read after all.
void unmark_html(MarkedHtml& doc, std::vector<TopBlock>& blocks);

}  // namespace wikiconv
