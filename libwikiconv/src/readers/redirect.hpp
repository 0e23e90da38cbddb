// pandoc reads MediaWiki's "#REDIRECT [[Target]]" as an ordered list: "1. REDIRECT [Target](Target
// "wikilink")", in either link form, wrapped or not. When the target is a category, pandoc moved
// the link to the page's category links ("1. redirect" alone). This gives the page back its
// meaning: Page::redirect.
#pragma once

#include "wikiconv/model.hpp"

namespace wikiconv {

// Makes `page` a redirect when its first block is pandoc's redirect list (which it removes).
void recognize_redirect(Page& page);

}  // namespace wikiconv
