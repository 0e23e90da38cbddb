// One page as GitHub-flavoured Markdown in the forms pandoc writes for a MediaWiki export: the
// walk over the model that says what goes where; the line renderer owns prefixes and breaks.
#pragma once

#include <string>

#include "wikiconv/model.hpp"

namespace wikiconv::gfm {

// How a wiki link is written when the model does not say how it was read.
enum class WikiLinkForm {
  Html,      // pandoc 3: <a href="Target" class="wikilink" title="Target">label</a>
  Markdown,  // older pandoc: [label](Target "wikilink")
};

// `default_form`: for links whose form the page does not record (see page_form).
// `keep_unchanged`: blocks of Page::original that nobody changed are written as they were read.
std::string render_page(const Page& page, WikiLinkForm default_form, bool keep_unchanged);
// The form the page's links were read in, `fallback` when none records one.
WikiLinkForm page_form(const Page& page, WikiLinkForm fallback);

}  // namespace wikiconv::gfm
