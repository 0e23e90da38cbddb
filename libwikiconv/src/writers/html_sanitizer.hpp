// Raw HTML from the source made safe for HTML and EPUB output: no script/style/iframe/object
// elements, no event-handler attributes, no javascript: URLs.
#pragma once

#include <string>
#include <string_view>

namespace wikiconv {

std::string sanitize_html(std::string_view raw);

}  // namespace wikiconv
