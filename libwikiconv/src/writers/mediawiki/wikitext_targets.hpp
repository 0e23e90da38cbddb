// What a link's URL or a category name becomes in MediaWiki: an external link, a page of the
// wiki, or only text. (Escaping the result is wikitext_escape's job.)
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wikiconv::wikitext {

// True when `url` starts with a protocol MediaWiki links and has something to link to after it:
// "http://" alone is no link ("[http:// x]" shows its brackets).
bool is_linkable_url(std::string_view url);

// A root-relative URL ("/wiki/Foo", "/index.php?title=Foo#Bar", "/img/x.png"): MediaWiki would
// read "[[/wiki/Foo]]" as a subpage of the current page, so these are resolved here.
bool is_root_relative(std::string_view url);

// The page a root-relative URL names when it is an article path of a MediaWiki ("/wiki/T",
// "/w/index.php?title=T", "/index.php/T", or the article path of `base`, the wiki's main page
// URL), as "Title#anchor" with the title percent-decoded; empty when it is no page view.
std::string article_path_title(std::string_view url, std::string_view base);

// `url` made absolute on the scheme and host of `base` ("https://wiki.example.org/wiki/Main_Page");
// empty when `base` has none.
std::string absolute_on_base(std::string_view url, std::string_view base);

// The title a link to `target` ("Title", "Ns:Title", "Title#anchor", percent-decoded) names
// in MediaWiki, or empty when MediaWiki would refuse it and show the link's brackets as text:
// characters no title holds (control characters, U+FFFD, "%41", "&amp;" too), a URL protocol
// at its start, a namespace prefix with nothing after it ("Media:") or with a colon after it,
// "./" and "../" segments, "~~~", more than 255 bytes. "Talk:Ns:X", which
// MediaWiki refuses, becomes "Ns talk:X". `namespaces` are the wiki's own prefixes besides
// MediaWiki's.
std::string link_title(std::string_view target, const std::vector<std::string>& namespaces);

// A category name as MediaWiki can store it: an unexpanded template or parser function
// ("Nix{{#translation:}}", cut at '#' into "Nix{{") is left out (the name is what precedes it),
// and the rest goes through the wiki's title rules; empty when nothing is left.
std::string category_title(std::string_view name);

}  // namespace wikiconv::wikitext
