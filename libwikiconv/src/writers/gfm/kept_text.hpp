// Selective serialization for the gfm writer (OriginalMarkdown, model.hpp): which of a page's
// blocks are written as the text they were read from, and what that text writes besides them.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "wikiconv/model.hpp"

namespace wikiconv::gfm {

struct KeptText {
  static constexpr std::size_t kNone = SIZE_MAX;
  std::vector<std::size_t> run_at;   // per body child: the run written as read it starts, or kNone
  std::vector<bool> category_links;  // per category link: written by a run written as read
  bool redirect = false;             // the redirect line is written by a run written as read
  bool whole_text = false;           // a page of no blocks (a redirect, categories) written as read
  std::string link_definitions;      // of the runs not written as read, for those that are
};

// The runs of `page.original` whose blocks are all unchanged, in the body's order, each once,
// matched where a script inserted, removed or moved blocks. A run that writes category links
// or the redirect line is written only while those are unchanged. `writes_categories`: whether
// the writer writes a category paragraph after the body when runs written as read write the
// category links marked (text after a run left open at the end would join it).
KeptText plan_kept_text(const Page& page, const std::function<bool(const std::vector<bool>&)>& writes_categories);

}  // namespace wikiconv::gfm
