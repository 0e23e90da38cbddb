// How wiki link targets written by pandoc are read: percent-decoding, '_' as space, '#anchor',
// File:/Image: targets as images, Category: targets, interwiki prefixes.
#pragma once

#include <string>
#include <string_view>

#include "wikiconv/model.hpp"

namespace wikiconv {

// A WikiLink node for an href such as "Special:MyLanguage/ZFS#Simple_setup" (no children yet).
// A leading ':' (":Category:X", a link to the category page) is dropped from the target and kept
// as info ":"; an href spelled otherwise than wiki_link_href writes it ("image:X", "%28") is kept
// as label.
Node make_wiki_link(std::string_view href);
// The href of a WikiLink as pandoc writes it: the target with '_' for spaces, "#anchor", and a
// leading ':' for info ":".
std::string wiki_link_href(const Node& link);
// The href of a WikiLink, or of an Image read from one, as the page spelled it (its label) while
// that still names the link's target and anchor (a rename or a filter may have changed them),
// else wiki_link_href.
std::string spelled_href(const Node& link);
// "image:foo_bar.png" -> "File:Foo bar.png": the title of the file a File:/Image: target names.
std::string file_title(std::string_view target);
// True for "File:x" / "Image:x" (any case, optional leading ':').
bool is_file_target(std::string_view target);
// The File: title of the media file an image target names ("Logo.png" -> "File:Logo.png"), for
// Wiki::find_media; empty for an image elsewhere (a URL with a scheme).
std::string image_media_title(std::string_view target);
// The scheme of an absolute URL, lower case ("https"), or empty for a relative one (RFC 3986: a
// letter, then letters, digits, '+', '-' or '.', then ':').
std::string url_scheme(std::string_view url);
// For "Category:Foo_bar" sets name = "Foo bar" and returns true; an unexpanded template ends
// the name ("Category:{{{region}}}" gives an empty one).
bool category_name(std::string_view target, std::string& name);
// Turns a WikiLink to File:/Image: into an Image: a label like "300px" is the size, any other
// label the caption (kept as the alt inlines too).
void wiki_link_to_image(Node& link);
// "wikipedia:Foo" -> "https://en.wikipedia.org/wiki/Foo" for the well-known interwiki prefixes
// of a default MediaWiki; empty when `target` has none.
std::string interwiki_url(std::string_view target);
// Whether the target's prefix is a known interwiki prefix.
bool is_interwiki(std::string_view target);

}  // namespace wikiconv
