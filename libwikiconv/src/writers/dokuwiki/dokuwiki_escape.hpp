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
};

// Appends `text` to `out` with every sequence DokuWiki would parse wrapped in %%..%% or
// <nowiki>..</nowiki>. `text` is one run of text (adjacent text nodes joined).
void escape_text(std::string& out, std::string_view text, unsigned context);

// Appends inline code as ''..'' whose content is protected by %%..%%, splitting out '%%' runs
// as <nowiki>%%</nowiki> so code containing '%%' stays intact.
void append_monospace(std::string& out, std::string_view code);

// What to write between `last` (the last character written) and `next` (the first character of
// the next piece of markup or text) so that the two do not form a token ("a/" + "//" would
// close emphasis early): "%%%%", "<nowiki></nowiki>", or nothing.
std::string_view separator(char last, char next);

}  // namespace wikiconv::dokuwiki
