// wikiconv: convert a wiki of pandoc-flavoured Markdown pages into MediaWiki, DokuWiki, EPUB,
// HTML and JSON. This header brings in the whole public API.
#pragma once

#include <string>
#include <string_view>

#include "wikiconv/conversion.hpp"
#include "wikiconv/diagnostics.hpp"
#include "wikiconv/model.hpp"
#include "wikiconv/reader.hpp"
#include "wikiconv/wiki.hpp"
#include "wikiconv/writer.hpp"

namespace wikiconv {

std::string_view version();

// One page of text in `from` ("markdown" or "json") to `to` (a writer name), through the front
// door (conversion.hpp). The page is a wiki of its own: its title is `title` or the one the text
// declares.
std::string convert(std::string_view text, std::string_view from, std::string_view to,
                    const Options& options, Diagnostics& diagnostics, const std::string& title = {});

// Reads one page (any reader) as a Page.
Page read_page(std::string_view text, std::string_view from, const ReadOptions& options,
               Diagnostics& diagnostics, const std::string& title = {});

}  // namespace wikiconv
