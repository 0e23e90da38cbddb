// A page whose raw HTML needs the HTML parser, written as one HTML document the way cmark-gfm's
// HTML renderer would write it (so the parser builds the tree a browser builds from cmark-gfm's
// output), except that every element the Markdown made carries a marker naming its model node,
// and Markdown blocks without such raw HTML are converted directly and stand in the document as
// placeholders (an element of their kind around one character), which keeps the parser's work
// proportional to the raw HTML, not to the page; runs of them between pieces of raw HTML are
// not parsed at all (lower_html_page).
#pragma once

#include <cmark-gfm.h>

#include <memory>
#include <string_view>
#include <vector>

#include "readers/cmark_converter.hpp"
#include "readers/html_reader.hpp"

namespace wikiconv {

// One block of the document: converted already, or (hard) to be written out for the parser.
struct TopBlock {
  cmark_node* source = nullptr;  // null when freed (huge pages)
  bool hard = false;
  // For a hard block that is one <div> start tag (1) or end tag (-1) and nothing else, 0 for
  // any other: pandoc's wrappers (markdown_reader.cpp), noted before the block is freed.
  signed char div_tag = 0;
  int footnote_label = 0;  // for a footnote definition
  std::vector<Node> converted;
};

// Writes the page out block by block, in the page's order, so that a huge page can free each
// block's cmark tree as soon as it is written. The marker attribute is chosen not to occur in
// the page's text (so not in its raw HTML). The templates of the converted blocks' nodes point
// into the blocks, which must outlive the document's lowering (and which hold their nodes still
// if the parser does not read it after all).
class HtmlMarker {
 public:
  // `blocks`: how many top-level blocks the page has (room for the templates).
  HtmlMarker(CmarkConverter& converter, std::string_view page_text, std::size_t blocks);
  ~HtmlMarker();
  HtmlMarker(const HtmlMarker&) = delete;
  HtmlMarker& operator=(const HtmlMarker&) = delete;

  // The page's next top-level block: a hard one is written out (its source must be there), a
  // converted one stands as placeholders, unless raw HTML before it makes a browser read it
  // otherwise (then it is written out too when its source is still there).
  void add(TopBlock& block);
  MarkedHtml take();

 private:
  class Writer;
  std::unique_ptr<Writer> writer_;
};

}  // namespace wikiconv
