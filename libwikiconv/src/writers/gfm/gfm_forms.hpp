// Which form a node takes in GFM: the raw HTML element and tag it is written as where Markdown
// has no form for it, and the tests for the Markdown forms cmark-gfm reads back as the same node
// (autolinks, pipe tables) or would read as more (an e-mail address in text).
#pragma once

#include <string>
#include <string_view>

#include "wikiconv/model.hpp"

namespace wikiconv::gfm {

// Blocks written as an HTML element around Markdown blocks (<div>, <figure>, <dl>, ...).
bool is_html_container(const Node& n);
// The HTML element a node is written as when it is written as HTML ("b" for a Strong read from
// <b>, "th" for a header cell).
std::string element_of(const Node& n);
// The start tag of element `name` with the node's attributes (without `skip`).
std::string open_tag(std::string_view name, const Node& n, std::string_view skip = {});
// The start tag of an HTML table cell: without the align the reader took from the cell's style
// (pandoc 3 writes a cell's text-align in its style alone).
std::string cell_tag(const Node& cell);
// The <...> autolink cmark reads back as `link` (a link labelled with its URL: an absolute URI,
// with a scheme of 2-32 letters, digits, "+", "-" or "." and no space, "<" or ">", or an email
// address behind mailto:), or "" when there is none.
std::string autolink(const Node& link);
// Whether text of `paragraph` outside links and code holds what cmark-gfm's autolink extension
// reads as an e-mail address (local part, '@', a domain with a dot): no escape stops it.
bool holds_email_text(const Node& paragraph);
// A table GFM's pipe syntax can hold: one header row first, inline cells without spans or line
// breaks, no caption.
bool pipe_table(const Node& table);

// Text outside any element of an HTML block whose first line opened with a tag cmark-gfm's
// tagfilter shows as text (`<script>`, `<title>`, ...; a page's code example): where the text
// (a Plain) starts with that tag, and where it ends with the tag that closed the block. Written
// as tags again, they make the same HTML block, which shows them as text as before.
struct FilteredTags {
  std::size_t open = 0;            // "<script>", "<script ": the length of what opens the block
  std::size_t close_from_end = 0;  // where the last text's "</script>" starts, from its end
  std::size_t close = 0;           // its length (0: the block ends at an empty line)
};
// The tags of `plain` (open 0 when it is no such text).
FilteredTags filtered_tags(const Node& plain);
// Whether `plain` (text outside any block of an HTML block) opens with an element written as a
// tag (<span>, an unknown <filter> of a code example): alone on its line, that tag opens an HTML
// block (CommonMark's kind 7) that holds the text as the page's did.
bool opens_with_tag(const Node& plain);

}  // namespace wikiconv::gfm
