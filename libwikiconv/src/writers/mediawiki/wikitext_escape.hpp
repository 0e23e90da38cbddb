// Keeping text literal in MediaWiki wikitext, in the manner of Parsoid: the text is scanned in
// the context it will be written in, and only the smallest unit that MediaWiki's parser would
// read as markup is wrapped in <nowiki> (or written as a character reference), so the page stays
// readable and editable.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace wikiconv::wikitext {

struct TextContext {
  bool line_start = false;      // the text begins a line: * # : ; space = ---- {| are markup
  bool table_cell = false;      // | separates cells, !! header cells
  bool link_label = false;      // inside [[...|...]]: ]] ends it, | separates options
  bool ext_link_label = false;  // inside [url ...]: ] ends it
  bool single_line = false;     // a newline would end the construct: written as a space
  char prev = '\n';             // the character written just before the text
  char next = '\0';             // the first character written after it ('\0' when unknown)
};

// Appends `text` so that MediaWiki shows exactly these characters.
void escape_text(std::string& out, std::string_view text, const TextContext& context);

// Inline code: <code>...</code> with its content protected (by <nowiki> when it holds
// anything MediaWiki would read as markup).
void write_inline_code(std::string& out, std::string_view code, const TextContext& context);

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

// How write_raw_html writes a piece of raw HTML.
struct RawHtml {
  // An HTML block: lines are joined (MediaWiki parses line by line, HTML does not) and leading
  // spaces dropped (they would make a <pre>).
  bool block = false;
  // Text outside any block element goes into a <div>: browsers show an HTML block's loose text
  // as it is, MediaWiki would wrap it in <p>.
  bool wrap_loose_text = false;
  // The opening of a wikitext link for an <a ...> tag: "[[Page|" or "[url ", or empty to keep
  // the tag as text. Unset: every <a> stays text.
  std::function<std::string(std::string_view a_tag)> link_open;
};

// Raw HTML from the source: tags MediaWiki's sanitizer allows pass through, <a href> with its
// closing tag becomes a link, every other tag is escaped and shown as text (as MediaWiki itself
// would); text between tags is escaped like wikitext text. Comments pass (MediaWiki drops them,
// as browsers hide them); processing instructions and declarations become comments, ending at
// the first '>' as they do in browsers.
void write_raw_html(std::string& out, std::string_view html, const RawHtml& how, const TextContext& context);

// Tag names MediaWiki's Sanitizer accepts in wikitext (b, i, span, div, table, ...).
bool is_allowed_html_tag(std::string_view lower_name);

// Elements MediaWiki's block pass treats as blocks (a line holding one is not wrapped in <p>).
bool is_block_html_tag(std::string_view lower_name);

// HTML elements that show something (or whose content matters) in a browser: written as
// escaped text when MediaWiki does not allow them; any other disallowed tag (unknown elements,
// <script>, <style>, extension tags like <languages/>) becomes an HTML comment.
bool is_displayed_html_element(std::string_view lower_name);

// True when SyntaxHighlight knows the language name (pygments lexer names of MediaWiki 1.39).
bool is_syntaxhighlight_language(std::string_view lang);

}  // namespace wikiconv::wikitext
