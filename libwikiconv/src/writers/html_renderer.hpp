// The model as HTML5 or XHTML, shared by the HTML and EPUB writers. Its output follows
// cmark-gfm's HTML for the same constructs, so the two can be compared. Whatever the tree, the
// output is well-formed and its elements sit where HTML's content models allow them: a block
// inside a paragraph is written as inline content, what a list, table or definition list may
// not hold directly gets the item, cell or definition around it, and the elements and
// attributes kept from raw HTML go through html_sanitizer's policy.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "wikiconv/model.hpp"

namespace wikiconv {

struct HtmlRenderOptions {
  bool xhtml = false;  // XHTML5 for EPUB: self-closed void elements, no obsolete attributes
  // The href of a wiki link; empty means "no link here" (the label is written as text).
  std::function<std::string(const Node& wiki_link)> wiki_href;
  // The src of an image; empty leaves the image out (its alt text stays). Unset: the target,
  // unless it is a script URL or a data: URL of anything but a plain image.
  std::function<std::string(const Node& image)> image_src;
  bool epub_notes = false;          // epub:type noteref/footnote, aside elements
  bool comments = true;             // HTML comments written as comments (else left out)
  std::string id_prefix;            // prefix for footnote ids (unique within a book)
  int heading_offset = 0;           // added to heading levels (max 6)
  // Id of a heading (for #anchor links and the EPUB nav); empty: none. Called only when the
  // heading is written. Unset: the heading's id attribute, as for other elements.
  std::function<std::string(const Node& heading)> heading_id;
  // The href of a Link (and of an embedded element's source, as a Link with that target);
  // empty means "no link here" (the label is written as text). Unset: the target itself
  // (javascript: and data: URLs become "#").
  std::function<std::string(const Node& link)> link_href;
  // The id written for an element whose attrs hold `id` (or <a name>), called only when the
  // element is written; empty leaves it out. Unset: ids valid in the dialect, the first of
  // each kept, footnote ids reserved.
  std::function<std::string(const Node& element, std::string_view id)> element_id;
  // Layout hooks of the EPUB (off for HTML, which follows cmark-gfm's output): every table
  // inside <div class="table-wrap"> (a box that scrolls sideways), and every image classed
  // "inline-image" when its block holds text besides images (it sits in a line of text),
  // else "block-image" (it stands alone).
  bool wrap_tables = false;
  bool image_classes = false;
};

void render_html(const Node& root, std::string& out, const HtmlRenderOptions& options);

// MediaWiki's anchor for a heading text ("A b" -> "A_b"), used for #anchor links.
std::string mediawiki_anchor(std::string_view heading_text);

}  // namespace wikiconv
