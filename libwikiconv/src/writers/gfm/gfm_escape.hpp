// How text is written so that cmark-gfm reads it back as the same text: Markdown's
// punctuation escaped, and the extensions (autolinks, tables, strikethrough) kept from firing.
#pragma once

#include <string>
#include <string_view>

namespace wikiconv::gfm {

// Text of a paragraph, heading or cell as Markdown. `line_start`: the text begins a line, where
// `#`, `>`, `-`, `+`, `=` and `1.` would start a block. `before`/`after`: the characters around
// it in the output ('\n' for a line edge), which decide whether `!`, `w` and spaces are safe.
std::string escape_text(std::string_view text, bool line_start, char after);
// Text inside raw HTML (a cell of an HTML table): &, < and > as references.
std::string escape_html(std::string_view text);
// An attribute value in double quotes.
std::string escape_attribute(std::string_view value);
// A code span holding `code`: backticks one more than its longest run, padded where needed.
// `in_table`: pipes are escaped (GFM cells split on them even inside code).
std::string code_span(std::string_view code, bool in_table);
// A link destination: <...> when it holds spaces or unbalanced parentheses.
std::string link_destination(std::string_view url);
// A link title in double quotes.
std::string link_title(std::string_view title);
// The fence for a code block: backticks (tildes when the info string holds one) longer than any
// run of them at a line start in the code.
std::string code_fence(std::string_view code, std::string_view info);

}  // namespace wikiconv::gfm
