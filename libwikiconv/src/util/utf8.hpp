// UTF-8 helpers shared by readers, the wiki layer and writers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace wikiconv::utf8 {

void append(std::string& out, std::uint32_t codepoint);
// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is invalid.
std::size_t valid_sequence_length(std::string_view s, std::size_t i);
// Decodes the code point at s[i] (which must start a valid sequence) and advances i.
std::uint32_t decode(std::string_view s, std::size_t& i);
// Upper-cases the first character (MediaWiki's first-letter rule), Unicode-aware.
std::string upper_first(std::string_view s);
std::string to_lower(std::string_view s);

}  // namespace wikiconv::utf8
