// Readers turn source text into a Page (body, categories, metadata). The title and namespace
// are the wiki layer's business (see wiki.hpp).
#pragma once

#include <string>
#include <string_view>

#include "wikiconv/diagnostics.hpp"
#include "wikiconv/model.hpp"

namespace wikiconv {

struct ReadOptions {
  // Invalid UTF-8 is an error instead of a warning (and U+FFFD).
  bool strict = false;
  // Keep the Markdown as read in Page::original, for the gfm writer to write what nobody
  // changed as it was (the front door asks for it when it writes gfm).
  bool keep_original = false;
};

// GitHub-flavoured Markdown as pandoc writes it for MediaWiki pages: wikilinks in both of
// pandoc's forms, category paragraphs, File:/Image: links; raw HTML read as a browser reads it
// (HTML5 tree building) into model nodes.
// `source` names the text in diagnostics. Throws Error only under ReadOptions::strict.
Page read_markdown(std::string_view text, const ReadOptions& options, Diagnostics& diagnostics,
                   const std::string& source = {});

// The JSON form written by the "json" writer (see docs/json-format.md).
Page read_json(std::string_view text, const std::string& source = {});

}  // namespace wikiconv
