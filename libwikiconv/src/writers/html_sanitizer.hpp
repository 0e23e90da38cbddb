// What the HTML and EPUB writers may write of the HTML the model kept from the source: the
// elements of Span/Div/HtmlBlock/HtmlInline (their `info`) and the attributes of any node. A
// policy over model nodes (the reader parsed the HTML; nothing here parses it again), for HTML5
// (the html writer) and for the XHTML5 of EPUB content documents that epubcheck passes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "wikiconv/model.hpp"

namespace wikiconv {

enum class HtmlDialect : std::uint8_t { Html5, Xhtml5 };

// Where an element would be written: what the content models of HTML allow depends on it.
struct ElementContext {
  std::string_view parent;        // the element written for the parent node ("" for none)
  bool first_child = false;       // the node is its parent's first child
  bool in_dfn = false;            // a <dfn> is open around it
  bool in_header_footer = false;  // a <header> or <footer> is open around it
};

// The element a Span writes: "span" for <span> and for what the dialect lacks or where the
// element may not go (font, big, nobr, label, a dfn inside a dfn, rt outside ruby, ...);
// "mark", "small", "abbr", "cite", "q", "bdo", "ruby", ... as themselves.
std::string_view phrase_element(const Node& span, HtmlDialect dialect, const ElementContext& where);
// The element a Div writes: "div" for <div> and for what the dialect lacks ("center", "main",
// "form", "address", ...); "section", "article", "aside", "nav" as themselves; "header" and
// "footer" outside another header or footer; in HTML5 "details" whose first child is its
// "summary", and that summary.
std::string_view division_element(const Node& div, HtmlDialect dialect, const ElementContext& where);

// What is shown of an HtmlBlock or HtmlInline: an element the model has no node for.
enum class RawElementShows : std::uint8_t {
  Nothing,   // Hidden (script, style, meta, template, ...): not written at all
  Fallback,  // Embedded (iframe, video, object, input, svg, ...): never the element itself; a
             // link to its source, or its fallback content (the element's children)
  Content,   // Unknown (<nixpkgs>, <translate>) and anything else: its content, as if the tags
             // were not there, as a browser shows it
};
RawElementShows raw_element_shows(const Node& element);
// The URL an Embedded element shows (its src, data or href, or the src of a <source> child),
// empty when it has none.
std::string_view embedded_source(const Node& element);

// The alignment a node's attributes ask for ("left", "center", "right", "justify"; empty for
// none): align= or style text-align (the reader normalises a table cell's into align).
std::string_view text_align(const Node& node);

// The attributes written for `node` as `element`, besides id (ids go through the writer, which
// keeps them unique) and what the element's own fields give (href, src, alt, colspan...):
// class, title, lang (and xml:lang in XHTML), dir, data-*; in HTML5 a safe style, in XHTML the
// alignment and obsolete presentation (center, big) as classes the zine's stylesheet knows.
// `align` is the alignment to express (text_align or a table column's). Names are unique.
using HtmlAttributes = std::vector<std::pair<std::string, std::string>>;
void allowed_attributes(const Node& node, std::string_view element, HtmlDialect dialect, std::string_view align,
                        HtmlAttributes& out);

// A CSS declaration list the HTML writer may keep as a style attribute: nothing that loads or
// runs anything (url(), expression(), @import, behavior, -moz-binding) or hides it (escapes,
// comments, markup characters).
bool is_safe_style(std::string_view css);

// A javascript:, vbscript: or data:text/html URL, read as a browser reads it (case-insensitive,
// ignoring whitespace and control characters, which browsers skip inside a scheme).
bool is_script_url(std::string_view url);
// A data: URL of an image that cannot run anything (PNG, JPEG, GIF, WebP).
bool is_safe_data_image(std::string_view url);

// URLs the HTML writer may write as they are: a link's href (no script URL, no data: URL) and an
// image's src (no script URL; data: only for is_safe_data_image).
bool is_safe_link_url(std::string_view url);
bool is_safe_image_url(std::string_view url);

// An id the dialect accepts as it is: no whitespace, not empty; in XHTML an XML name without
// colons (NCName).
bool is_valid_id(std::string_view id, HtmlDialect dialect);

// The text of an HTML comment made valid in HTML and XML: no "--", not ending in "-", no "<!"
// or '>' at the start.
std::string comment_text(std::string_view text);

// Appends `s` escaped for XML text (or an attribute value), dropping the characters XML 1.0
// does not allow (C0 controls other than tab, newline and carriage return).
void escape_xml(std::string& out, std::string_view s, bool attribute = false);

}  // namespace wikiconv
