// cmark-gfm's tree mapped directly onto the model: the reader's fast path. Raw HTML it can map
// without an HTML parser is mapped here (comments, and inline elements whose start and end tags
// sit in one Markdown inline run: pandoc's <a class="wikilink">, <sup>, <span>, <br>...); for
// anything else it gives up on the block and the page goes through the HTML parser.
#pragma once

#include <cmark-gfm.h>

#include <memory>
#include <string>
#include <vector>

#include "wikiconv/model.hpp"

namespace wikiconv {

class CmarkConverter {
 public:
  // `lenient`: raw HTML the fast path cannot map is kept as text instead of giving up (for
  // pages too deeply nested for the HTML parser).
  CmarkConverter(Page& page, bool lenient);
  ~CmarkConverter();

  // Converts `n` (a block, or an inline node) and its subtree, appending the result to `out`
  // (nothing for a category paragraph). Returns false, changing nothing, when raw HTML in it
  // needs the HTML parser.
  bool convert(cmark_node* n, std::vector<Node>& out);

  // The label the next footnote definition gets: cmark numbers them in order.
  void set_footnote_label(int label) { footnote_label_ = label; }

  static int line_of(cmark_node* n, int fallback);

 private:
  class Run;
  Page& page_;
  bool lenient_;
  int footnote_label_ = 0;
  std::unique_ptr<Run> run_;  // kept from block to block: its frame stack is reused
};

// The model node for cmark's node `n` without children: all of a leaf (code, text, breaks,
// notes), the fields of a container. Not for raw HTML, which the converter pairs.
Node cmark_node_fields(cmark_node* n, int footnote_label, int fallback_line);
// Whether cmark's iterator reports `n` once (a leaf) rather than on entry and exit.
bool cmark_is_leaf(cmark_node* n);

// The text of cmark's literal, or empty.
inline std::string_view cmark_literal(cmark_node* n) {
  const char* s = cmark_node_get_literal(n);
  return s ? std::string_view(s) : std::string_view();
}

}  // namespace wikiconv
