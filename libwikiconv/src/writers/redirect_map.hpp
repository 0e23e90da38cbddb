// The wiki's redirect pages, for writers whose format has no redirects of its own (a book): they
// leave redirects out and send links through them on to their targets.
#pragma once

#include <string>
#include <unordered_map>

#include "wikiconv/wiki.hpp"
#include "wikiconv/writer.hpp"

namespace wikiconv {

struct RedirectTarget {
  std::string title;   // resolved
  std::string anchor;
};

class RedirectMap {
 public:
  // Reads the redirect pages of `wiki`. A redirect is a page's first block, so only files that
  // say "redirect" near their start are read whole (by the reader, which decides).
  RedirectMap(const Wiki& wiki, const WriteContext& context);

  bool is_redirect(const std::string& title) const { return targets_.count(title) != 0; }
  // Where a link to `title` ends after following redirects (a chain stops at a loop or after a
  // few steps, as a reader would give up); the title itself when it is no redirect. The anchor
  // of the last redirect is kept unless the link has its own.
  RedirectTarget follow(const std::string& title, const std::string& anchor) const;
  std::size_t size() const { return targets_.size(); }

 private:
  std::unordered_map<std::string, RedirectTarget> targets_;
};

}  // namespace wikiconv
