// What every reader does to raw bytes before parsing: BOM, invalid UTF-8, NUL bytes, line
// endings and YAML front matter.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "wikiconv/diagnostics.hpp"

namespace wikiconv {

struct CleanText {
  std::string text;
  std::vector<std::pair<std::string, std::string>> front_matter;
  std::string front_matter_text;  // its lines as they were, before `text` blanked them
};

// Returns UTF-8 text with LF line endings. Invalid bytes and NULs become U+FFFD with one
// warning per file naming the first offending byte offset and line (an Error when `strict`).
// A leading `---` YAML block becomes front matter; its lines are blanked, not removed, so
// line numbers in later diagnostics still match the file.
CleanText clean_input(std::string_view raw, const std::string& source, bool strict,
                      Diagnostics& diagnostics);
// The same, keeping `raw`'s buffer when it needs no change.
CleanText clean_input(std::string&& raw, const std::string& source, bool strict, Diagnostics& diagnostics);

// The front matter keys of `raw` without cleaning the whole text (for the wiki's title scan).
std::vector<std::pair<std::string, std::string>> scan_front_matter(std::string_view raw);

}  // namespace wikiconv
