// Raw HTML into the model: the library's one HTML parser (gumbo, the WHATWG tree builder, so
// browsers' rules hold: implied end tags, <tbody>, misnesting, foster parenting, entities) and
// the one mapping of HTML elements onto model nodes.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "wikiconv/diagnostics.hpp"
#include "wikiconv/model.hpp"

namespace wikiconv {

using Attributes = std::vector<std::pair<std::string, std::string>>;

// The start every document for the parser has (standards mode, in the body).
inline constexpr std::string_view kHtmlDocumentStart = "<!DOCTYPE html><body>";

// A page as one HTML document for the parser (see markdown_html.hpp): elements the Markdown made
// carry the attribute `marker`, whose value indexes `templates`.
struct MarkedHtml {
  struct Template {
    // In `nodes`, or a node of a converted top-level block that stays in its TopBlock (see
    // HtmlMarker): a huge page's blocks are not moved into a second list of their size.
    Node* node = nullptr;
    // A complete node stands for a whole Markdown block already converted (the element holds
    // only a placeholder); otherwise the node gives the fields and the HTML gives the children.
    bool complete = false;
    bool used = false;
    std::string_view element;  // the element written for it ("p", "h2", "span"...)
    // Where in html the one character of a placeholder is (npos: none): when raw HTML before
    // the placeholder ends inside a tag, that tag takes the placeholder's start tag for
    // attributes, and the character is where a browser shows the block's text.
    std::size_t dummy = std::string::npos;
  };
  std::string html;
  std::string marker;
  std::vector<Template> templates;
  std::deque<Node> nodes;  // the templates' nodes made while marking (stable addresses)
  // (offset in html, source line), offsets increasing: where each piece of the HTML came from.
  std::vector<std::pair<std::size_t, int>> lines;
  // A converted top-level block's placeholder, a block element in the body: where the parser
  // stands as at the document's start (see lower_html_page), its node needs no parsing.
  struct Placed {
    std::size_t begin = 0, end = 0;  // its HTML
    std::size_t template_index = 0;
  };
  std::vector<Placed> placed;  // in document order
};

// Parses `doc` and appends its body to `page.body` as model nodes: footnote definitions at the
// end, category paragraphs into page.categories. `source` names the page in diagnostics.
void lower_html_page(MarkedHtml& doc, Page& page, Diagnostics& diagnostics, const std::string& source);

// How lower_html_page gives the parser a page's document: in pieces, or whole (as it once did:
// the same tree, which tests and the Markdown fuzzer check). Per thread.
enum class HtmlPieces { Split, Whole };
void set_html_pieces(HtmlPieces mode);
// Texts and bytes given to the HTML parser on this thread so far.
struct HtmlParserUse {
  std::size_t texts = 0;
  std::size_t bytes = 0;
};
HtmlParserUse& html_parser_use();

// HTML nested deeper than this is not given to the tree builder, whose scope checks make deep
// nesting quadratic (10,000 open elements take seconds); browsers cap their trees near here too.
constexpr std::size_t kMaxParsedDepth = 400;
// Where in `html` the first start tag nested deeper than kMaxParsedDepth is, or npos, by an
// upper estimate (start tags counted against end tags, self-closing kinds such as p and li and
// void elements not counted).
std::size_t too_deep_html_at(std::string_view html);

// One fragment of raw HTML (a JSON page of version 1) as model nodes: block nodes in a Document
// when `block`, else inline nodes in a Span.
Node read_html_fragment(std::string_view html, bool block, int line);

// Makes `out` (a fresh node) the model node an inline HTML element starts, without children
// (Emphasis for <em>, WikiLink for pandoc's <a class="wikilink">, Image for <img>, ...), or
// returns false when the element is not one of those (blocks, hidden and embedded elements,
// unknown tags). Shared with the Markdown
// reader's direct path so that both map an element alike.
bool inline_element_node(std::string_view name, const Attributes& attrs, int line, Node& out);

}  // namespace wikiconv
