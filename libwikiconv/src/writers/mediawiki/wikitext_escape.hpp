// Keeping text literal in MediaWiki wikitext, in the manner of Parsoid: the text is scanned in
// the context it will be written in, and only the smallest unit that MediaWiki's parser would
// read as markup is wrapped in <nowiki> (or written as a character reference), so the page stays
// readable and editable.
#pragma once

#include <string>
#include <string_view>

namespace wikiconv::wikitext {

struct TextContext {
  bool line_start = false;      // the text begins a line: * # : ; space = ---- {| are markup
  bool table_cell = false;      // | separates cells, !! header cells
  bool link_label = false;      // inside [[...|...]]: ]] ends it, | separates options
  bool ext_link_label = false;  // inside [url ...]: ] ends it
  bool single_line = false;     // a newline would end the construct: written as a space
  bool definition_term = false;  // on a ";term" line: ':' would start the details
  char prev = '\n';             // the character written just before the text
  char next = '\0';             // the first character written after it ('\0' when unknown)
};

// Appends `text` so that MediaWiki shows exactly these characters.
void escape_text(std::string& out, std::string_view text, const TextContext& context);

// Whether escape_text copies runs of plain text whole (tests compare it with the character by
// character path). Per thread.
void set_plain_runs(bool on);

// Inline code: <code>...</code> (or `tag`: kbd, samp) with its content protected (by <nowiki>
// when it holds anything MediaWiki would read as markup).
void write_inline_code(std::string& out, std::string_view code, const TextContext& context,
                       std::string_view tag = "code");

// Escapes & < > for text inside <pre> (MediaWiki decodes entities there).
void escape_pre(std::string& out, std::string_view code);

// Escapes an attribute value for a tag MediaWiki's sanitizer accepts.
void escape_attribute(std::string& out, std::string_view value);

// The URL protocol `s` starts with (from $wgUrlProtocols, case-insensitive), or empty.
// `free` leaves out "//", which only bracketed links accept.
std::string_view url_protocol(std::string_view s, bool free);

// The URL in a bracketed external link: characters that would end it or be read as markup
// are percent-encoded.
std::string bracket_url(std::string_view url);

// True when `url` written as plain text becomes exactly this link (a free link) with nothing
// cut off and nothing read as markup.
bool is_free_link_safe(std::string_view url, char prev, char next);

// An HTML comment holding `text`, with "--" (which would end it early in a browser and is
// invalid in one) broken up.
void write_comment(std::string& out, std::string_view text);

// True when SyntaxHighlight knows the language name (pygments lexer names of MediaWiki 1.39).
bool is_syntaxhighlight_language(std::string_view lang);

}  // namespace wikiconv::wikitext
