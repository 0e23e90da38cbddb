// A small, lenient reader for single HTML tags as cmark reports them (one raw inline or block),
// plus the entity and escaping helpers that readers and writers share.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/html_elements.hpp"

namespace wikiconv::html {

struct Tag {
  std::string name;  // lower case
  std::vector<std::pair<std::string, std::string>> attrs;  // names lower case, values decoded
  bool closing = false;       // </name>
  bool self_closing = false;  // <name ... />
  std::string_view attr(std::string_view key) const;
  bool has_class(std::string_view cls) const;
};

// Parses `raw` when it is exactly one tag (surrounding whitespace allowed). Comments,
// declarations and processing instructions are not tags.
std::optional<Tag> parse_tag(std::string_view raw);
// True when `raw` is only HTML comments and whitespace.
bool is_comment_only(std::string_view raw);
// Decodes character references (&amp; &#39; &#x27; and the common named ones).
std::string decode_entities(std::string_view s);
// Escapes & < > " for text and attribute values.
void escape(std::string& out, std::string_view s, bool attribute = false);
std::string escape(std::string_view s, bool attribute = false);
// A BCP 47-shaped language tag ("en", "zh-Hans", "pt-BR"), what validators accept in lang.
bool is_language_tag(std::string_view tag);

}  // namespace wikiconv::html
