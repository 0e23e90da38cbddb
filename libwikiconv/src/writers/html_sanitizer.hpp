// Raw HTML from the source made safe for HTML and EPUB output: no script/style/iframe/object
// elements, no event-handler attributes, no javascript: URLs.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace wikiconv {

// HTML mode: tags are passed through one by one (minus the dangerous ones), text as written.
std::string sanitize_html(std::string_view raw);

// A javascript:, vbscript: or data:text/html URL, read as a browser reads it (case-insensitive,
// ignoring whitespace and control characters, which browsers skip inside a scheme).
bool is_script_url(std::string_view url);

// What the XHTML mode asks its caller (the EPUB writer knows the book, the sanitizer does not).
// Each hook returns the value to write, or empty to leave the attribute (or the image) out.
struct XhtmlRules {
  std::function<std::string(std::string_view id)> id;     // unset: ids are dropped
  std::function<std::string(std::string_view href)> href;  // unset: hrefs are dropped
  std::function<std::string(std::string_view src)> src;    // unset: images become their alt text
};

// XHTML mode: `raw` is parsed leniently and re-serialized as a well-formed fragment of an XHTML5
// content document that epubcheck accepts: every element closed and properly nested, only
// elements and attributes valid in XHTML5 (obsolete ones mapped or dropped), stray & and <
// escaped, script/style/iframe/forms/svg/math and event attributes gone. `block` says where the
// fragment goes: false (inside a paragraph) keeps only phrasing content.
std::string sanitize_xhtml(std::string_view raw, bool block, const XhtmlRules& rules = {});

// Whether attribute `name` may be written on `element` by the XHTML mode as it is (global ones
// such as class, title, lang, dir and data-*); id, href and src go through XhtmlRules instead.
bool xhtml_attribute_allowed(std::string_view element, std::string_view name);

// Appends `s` escaped for XML text (or an attribute value), dropping the characters XML 1.0
// does not allow (C0 controls other than tab, newline and carriage return).
void escape_xml(std::string& out, std::string_view s, bool attribute = false);

}  // namespace wikiconv
