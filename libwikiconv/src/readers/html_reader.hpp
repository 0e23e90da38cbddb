// Raw HTML blocks (pandoc keeps MediaWiki's HTML tables, infoboxes and figures as such) turned
// into model nodes where the model can express them, so that targets without raw HTML
// (DokuWiki, escaped wikitext) still get a table, a list or an image, not markup as text.
#pragma once

#include <string_view>

#include "wikiconv/model.hpp"

namespace wikiconv {

// Appends the nodes for `html` to `parent` and returns true, or returns false and appends
// nothing when the fragment holds something the model has no node for (then it stays raw).
bool html_block_to_model(std::string_view html, Node& parent, int line);

}  // namespace wikiconv
