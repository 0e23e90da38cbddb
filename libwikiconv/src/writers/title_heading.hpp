// pandoc's export starts many pages with "# Title". MediaWiki and DokuWiki show a page's title
// above its text, so their writers leave out a leading level-1 heading that only repeats it
// (unless told to keep it: -O title-heading=keep).
#pragma once

#include "wikiconv/model.hpp"
#include "wikiconv/writer.hpp"

namespace wikiconv {

// The page's first block when it is a level-1 heading whose text is the page's title or its name
// without the namespace (spaces and underscores alike, first letter in either case); else null.
const Node* leading_title_heading(const Page& page);

// leading_title_heading unless the options say `title-heading=keep`; an unknown value is an Error.
const Node* title_heading_to_drop(const Page& page, const Options& options);

}  // namespace wikiconv
