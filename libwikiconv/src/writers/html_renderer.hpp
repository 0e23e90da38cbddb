// The model as HTML5 or XHTML, shared by the HTML and EPUB writers. Its output follows
// cmark-gfm's HTML for the same constructs, so the two can be compared.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "wikiconv/model.hpp"

namespace wikiconv {

struct HtmlRenderOptions {
  bool xhtml = false;  // self-closed void elements, XML-safe raw HTML
  // The href of a wiki link; empty means "no link here" (the label is written as text).
  std::function<std::string(const Node& wiki_link)> wiki_href;
  // The src of an image; empty leaves the image out (its alt text stays).
  std::function<std::string(const Node& image)> image_src;
  // Raw HTML from the source, made safe (no script, no event handlers, no javascript: URLs)
  // and, for XHTML, well-formed. Unset: raw HTML is escaped and shown as text.
  std::function<std::string(std::string_view raw, bool block)> raw_html;
  bool epub_notes = false;          // epub:type noteref/footnote, aside elements
  std::string id_prefix;            // prefix for footnote ids (unique within a book)
  int heading_offset = 0;           // added to heading levels (max 6)
  // Id of a heading (for #anchor links and the EPUB nav); unset: no ids.
  std::function<std::string(const Node& heading)> heading_id;
  // The href of a Link; empty means "no link here" (the label is written as text). Unset: the
  // target itself (javascript: and similar URLs become "#").
  std::function<std::string(const Node& link)> link_href;
  // Span/Div attributes: return false to leave one out; may rewrite the value (ids). Unset:
  // every attribute but event handlers.
  std::function<bool(const Node& element, std::string_view name, std::string& value)> attribute;
};

void render_html(const Node& root, std::string& out, const HtmlRenderOptions& options);

// MediaWiki's anchor for a heading text ("A b" -> "A_b"), used for #anchor links.
std::string mediawiki_anchor(std::string_view heading_text);

}  // namespace wikiconv
