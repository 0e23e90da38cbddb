// A page whose raw HTML needs the HTML parser, written as one HTML document the way cmark-gfm's
// HTML renderer would write it (so the parser builds the tree a browser builds from cmark-gfm's
// output), except that every element the Markdown made carries a marker naming its model node,
// and Markdown blocks without such raw HTML are converted directly and stand in the document as
// placeholders (an element of their kind around one character), which keeps the parser's work
// proportional to the raw HTML, not to the page; runs of them between pieces of raw HTML are
// not parsed at all (lower_html_page).
#pragma once

#include <cmark-gfm.h>

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
};

// The marker attribute is chosen not to occur in the page's raw HTML. The templates of the
// converted blocks' nodes point into `blocks`, which must outlive the document's lowering (and
// which hold their nodes still if the parser does not read it after all).
MarkedHtml mark_html(std::vector<TopBlock>& blocks, CmarkConverter& converter);

}  // namespace wikiconv
