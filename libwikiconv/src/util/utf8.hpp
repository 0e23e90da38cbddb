// UTF-8 helpers shared by readers, the wiki layer and writers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace wikiconv::utf8 {

void append(std::string& out, std::uint32_t codepoint);
// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is invalid.
std::size_t valid_sequence_length(std::string_view s, std::size_t i);
// Offset of the first byte that does not start a valid sequence, or npos when all of `s` is
// valid UTF-8 (ASCII runs are skipped quickly).
std::size_t first_invalid(std::string_view s);
// `s` with each invalid byte replaced by U+FFFD.
std::string repaired(std::string_view s);
// Decodes the code point at s[i] (which must start a valid sequence) and advances i.
std::uint32_t decode(std::string_view s, std::size_t& i);
// Upper-cases the first character (MediaWiki's first-letter rule), Unicode-aware.
std::string upper_first(std::string_view s);
std::string to_lower(std::string_view s);
// Only A-Z lower-cased: an offset in the result is the same offset in `s`, which to_lower's
// is not (U+0130 shrinks, U+023A grows). HTML's names are ASCII-case-insensitive.
std::string ascii_lower(std::string_view s);
// Whether `text` holds `lower_needle` (lower case), its A-Z matched in either case.
bool contains_ascii_lower(std::string_view text, std::string_view lower_needle);
// The line and column (1-based; the column in characters: lead bytes) where byte `offset` of
// `text` is, as diagnostics give them.
std::pair<int, int> line_and_column(std::string_view text, std::size_t offset);

}  // namespace wikiconv::utf8
