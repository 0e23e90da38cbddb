// The page's Markdown cut into runs of top-level blocks (OriginalMarkdown, model.hpp), for a
// writer of Markdown to write the runs nobody changed as they were read.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "wikiconv/model.hpp"

namespace wikiconv {

// `text`: the cleaned text cmark-gfm parsed; `front_matter`: its front matter as read;
// `open`: the last block of the text runs to its end (OriginalMarkdown::Run::open);
// `block_lines`: the first and last line of each of
// cmark's top-level blocks; `page`: the page as read from them. Null when the page's blocks cannot be
// told apart by line (a line number unknown, raw HTML that a browser reorders across blocks):
// the writer then writes the page afresh.
std::shared_ptr<const OriginalMarkdown> cut_original(std::string text, std::string front_matter,
                                                     std::vector<std::pair<int, int>> block_lines, bool open,
                                                     const Page& page);

}  // namespace wikiconv
