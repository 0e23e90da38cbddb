// The pieces of DokuWiki's link and media syntax that text must fit into: URLs inside
// [[..|..]] and {{..|..}}, labels, and what a root-relative URL ("/wiki/Title") stands for.
#pragma once

#include <string>
#include <string_view>

namespace wikiconv::dokuwiki {

// Text without line breaks or tabs (link labels, captions and headings are one line).
std::string one_line(std::string s);

// A URL inside [[..|..]] or {{..|..}}: no '|', no closing brackets, no blanks.
std::string link_url(std::string_view url);

// A link label: DokuWiki ends [[..]] at the first "]]" not followed by ']', so a run of
// brackets inside the label is spaced apart; one at its end is fine.
std::string safe_label(std::string label);

// "scheme://..." (DokuWiki's external links need the "://").
bool has_scheme(std::string_view url);

// A URL relative to the site root ("/path"): a browser resolves it against the wiki's own
// host, which the converted wiki does not share. It is a page of the wiki when it has the
// form of an article path: MediaWiki's /wiki/Title, /index.php?title=Title (also under /w/),
// or DokuWiki's /doku.php?id=page.
struct RootRelative {
  enum class Kind { NotRootRelative, WikiTitle, DokuWikiId, Other } kind = Kind::NotRootRelative;
  std::string target;  // the title (percent-decoded, '_' kept) or the DokuWiki id
  std::string anchor;  // the #fragment, without '#'
};
RootRelative root_relative(std::string_view url);

}  // namespace wikiconv::dokuwiki
