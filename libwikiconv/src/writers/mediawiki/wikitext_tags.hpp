// What MediaWiki 1.39's Sanitizer accepts in wikitext (includes/parser/Sanitizer.php): the tags
// it lets through and the attributes it keeps on each. The model's Div, Span and cells carry the
// source's element name and attributes; the writer asks here what it may write of them.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wikiconv::wikitext {

using Attributes = std::vector<std::pair<std::string, std::string>>;

// An inline element MediaWiki writes as a tag (mark, small, abbr, cite, q, time, ruby, ...).
bool is_allowed_inline_tag(std::string_view name);

// ` name="value"` for each attribute of `attrs` that MediaWiki keeps on `tag` and that shows or
// means something (id, class, style, lang, dir, title, and the tag's own: colspan, datetime,
// color...), values escaped for wikitext. Event handlers, URL-valued attributes and styles that
// load or run anything are never written. `style_prefix` (e.g. "text-align:center;") goes
// before the source's style.
std::string tag_attributes(std::string_view tag, const Attributes& attrs, std::string_view style_prefix = {},
                           std::string_view class_prefix = {});

}  // namespace wikiconv::wikitext
