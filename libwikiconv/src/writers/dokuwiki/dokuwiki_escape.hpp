// Keeping text literal in DokuWiki: DokuWiki's lexer turns many character sequences into markup
// (formatting, links, macros, typography, smileys, line-start blocks). escape_text() wraps the
// smallest unsafe units in %%..%% (units containing '%' in <nowiki>), so the text renders as
// itself and stays readable.
#pragma once

#include <string>
#include <string_view>

namespace wikiconv::dokuwiki {

enum EscapeContext : unsigned {
  kInline = 0,
  kLineStart = 1,   // the text begins a line of a paragraph: '>', '^', '|', spaces are markup there
  kInTable = 2,     // a table cell: '|', '^' and ':::' are markup anywhere
  kInFootnote = 4,  // inside ((..)): '))' ends the note
  kEscapeQuotes = 8,  // keep '"' straight (DokuWiki's typography makes it curly): -O typography=escape
};

// Appends `text` to `out` with every sequence DokuWiki would parse wrapped in %%..%% or
// <nowiki>..</nowiki>. `text` is one run of text (adjacent text nodes joined).
void escape_text(std::string& out, std::string_view text, unsigned context);

// Appends inline code as ''..'' whose content is protected by %%..%%, splitting out '%%' runs
// as <nowiki>%%</nowiki> so code containing '%%' stays intact.
void append_monospace(std::string& out, std::string_view code);

// True when `last` (the last character written) and `next` (the first character of the next
// piece of markup or text) would form a token ("a/" + "//" closes emphasis early): one of the
// two must be protected.
bool forms_token(char last, char next);

// Protects the last character of DokuWiki text `out` when it is literal text (not the end of a
// %%..%% or <nowiki> unit) and not '%': "a/" becomes "a%%/%%". False when it is not literal.
bool protect_last_char(std::string& out);

// Protects the first character of DokuWiki text `text` the same way; false when it is not literal.
bool protect_first_char(std::string& text);

}  // namespace wikiconv::dokuwiki
