// The one table of HTML elements: what each one means to the document model and what a browser
// shows of it. The reader lowers raw HTML with it; writers ask it about the elements the model
// keeps as HtmlBlock/HtmlInline/Span/Div (never parsing HTML themselves).
#pragma once

#include <cstdint>
#include <string_view>

namespace wikiconv::html {

enum class Role : std::uint8_t {
  Unknown,        // not an HTML element (<nixpkgs>, <translate>): a browser shows its content
  // blocks
  Paragraph,      // p
  Heading,        // h1..h6
  Preformatted,   // pre, listing, xmp, plaintext
  BlockQuote,     // blockquote
  List,           // ul, ol, menu, dir
  ListItem,       // li
  DefinitionList, // dl
  Term,           // dt
  Definition,     // dd
  Table,          // table
  TableSection,   // thead, tbody, tfoot
  TableRow,       // tr
  TableCell,      // td, th
  TableCaption,   // caption
  TableColumns,   // colgroup, col
  Figure,         // figure
  FigureCaption,  // figcaption
  Rule,           // hr
  Division,       // div, center, section, article, details, summary, ... (a Div node)
  // inlines
  Emphasis,       // em, i
  Strong,         // strong, b
  Strikethrough,  // s, del, strike
  Underline,      // u, ins
  Superscript,    // sup
  Subscript,      // sub
  Code,           // code, tt, kbd, samp
  Phrase,         // span, mark, small, abbr, cite, q, font, ... (a Span node)
  Anchor,         // a
  Image,          // img
  Break,          // br
  WordBreak,      // wbr
  // neither
  Hidden,         // shows nothing: script, style, template, title, meta, link, ...
  Embedded,       // shown as itself, not as its content: iframe, video, input, svg, ...
};

// The role of an element by its lower-case name.
Role element_role(std::string_view name);
// Elements a browser lays out as blocks by default (the block roles above, plus Division's).
bool is_block_role(Role role);
// Whether a browser shows the element's children as text (false for Hidden and Embedded).
bool shows_content(std::string_view name);
// Void elements (br, img, hr, ...) never have content or an end tag.
bool is_void_element(std::string_view name);
// Elements whose content is raw text, never markup (script, style, textarea, title, xmp, ...).
bool is_raw_text_element(std::string_view name);

}  // namespace wikiconv::html
