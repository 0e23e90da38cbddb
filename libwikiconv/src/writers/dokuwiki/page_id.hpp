// DokuWiki's page and media ids: cleanID() at the default configuration (useslash=0,
// sepchar='_', deaccent=1) and the file names of fnencode=url, ported from DokuWiki's
// inc/pageutils.php and inc/Utf8 so that the tree we write is the tree DokuWiki looks for.
#pragma once

#include <string>
#include <string_view>

namespace wikiconv::dokuwiki {

// cleanID($raw_id): trim, lower case (NFC), ';' -> ':', '/' -> '_', deaccent, special
// characters -> '_', runs of '_' and ':' collapsed, ':._-' trimmed at the ends and beside ':'.
std::string clean_id(std::string_view raw_id);

// utf8_encodeFN() with fnencode=url of an id's path (':' already turned into '/'): kept when it
// is plain ASCII [A-Za-z0-9/_.%-], else PHP's urlencode() with '/' kept.
std::string encode_file_name(std::string_view path);

// The file of a page id below data/pages ("ns:page" -> "ns/page.txt") or of a media id below
// data/media.
std::string page_file(std::string_view id);
std::string media_file(std::string_view id);

// sectionID($title) without its uniqueness check: the anchor DokuWiki gives a heading (and
// makes of a link's #fragment): the clean id without ':' and '.', leading digits, '_' and '-'
// dropped ("section" and the digits when nothing else is left).
std::string section_id(std::string_view title);

// The namespace of an id ("a:b:c" -> "a:b", "c" -> "").
std::string_view id_namespace(std::string_view id);

}  // namespace wikiconv::dokuwiki
