// The SHA-1 of a text as MediaWiki stores it (rev_sha1, <sha1> in dumps): the 160-bit digest as
// a base-36 number, lower case, zero-padded to 31 digits (Wikimedia\base_convert).
#pragma once

#include <string>
#include <string_view>

namespace wikiconv {

std::string sha1_base36(std::string_view data);

}  // namespace wikiconv
