// Markdown that makes cmark-gfm 0.29 (the version Debian 12 ships) take quadratic time or
// memory, found before parsing and defused with a warning, so every page parses in bounded time
// and memory (issue 8). Later cmark-gfm releases fixed these (CVE-2023-22486 and the
// "autocompleted cells" limit); the checks cost one linear scan.
#pragma once

#include <string>

#include "wikiconv/diagnostics.hpp"

namespace wikiconv {

// Rewrites `text` (cleaned Markdown) where a paragraph or table would be pathological:
//  - a paragraph with very many image openers "![" and links: cmark re-scans every open
//    bracket for every link. Its "![" become "!\[" (the images stay as text).
//  - a table whose rows x columns^2 is huge (cmark's per-row cost grows with the square of the
//    columns) or that would autocomplete far more cells than its text has bytes: its delimiter
//    row is escaped, so the table stays as text.
// Each change is a warning naming `source` and the line. Returns the number of changes.
std::size_t defuse_pathological_markdown(std::string& text, const std::string& source, Diagnostics& diagnostics);

}  // namespace wikiconv
