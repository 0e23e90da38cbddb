// The model as MediaWiki wikitext, rendered so that MediaWiki's parser shows the same document
// cmark-gfm shows for the Markdown. Shared by the "wikitext" writer (one page) and the
// "mediawiki" writer (the XML dump).
#pragma once

#include <string>

#include "wikiconv/model.hpp"
#include "wikiconv/wiki.hpp"
#include "wikiconv/writer.hpp"

namespace wikiconv {

struct WikitextOptions {
  bool pre_code = false;  // code blocks as <pre> even when SyntaxHighlight knows the language
  bool keep_title_heading = false;  // a leading "= Title =" that repeats the page title is kept
  std::string base;  // the wiki's main page URL (option base=): root-relative links go there
};

WikitextOptions wikitext_options(const Options& options);

// The title a redirect page's target names (resolved to a page of `wiki` when it has one),
// without its anchor.
std::string redirect_title(const Page& page, const Wiki* wiki);

// The page's wikitext: #REDIRECT [[Target]] for a redirect, body, <references /> when it has
// footnotes, [[Category:X]] lines.
// `wiki` (may be null) resolves link targets to the titles the pages will have.
std::string render_wikitext(const Page& page, const Wiki* wiki, const WikitextOptions& options);

}  // namespace wikiconv
