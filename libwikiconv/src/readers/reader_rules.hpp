// Rules both paths of the Markdown reader share (cmark's tree mapped directly, or the page through
// the HTML parser), so that one page gives one model whichever path it takes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "wikiconv/model.hpp"

namespace wikiconv::reader_rules {

// A paragraph made only of links to categories is MediaWiki's [[Category:X]] list: its names are
// appended to `categories` (once each) and true is returned. [[:Category:X]] is a link.
// `links`, when given, gets the paragraph's category links as written.
bool take_categories(const Node& paragraph, std::vector<std::string>& categories, std::vector<Node>* links = nullptr);

// Completes an inline node whose children are final: a WikiLink to File:/Image: becomes an Image
// (not [[:File:X]], a link to the file's page).
void finish_inline(Node& node);

// Formatting or a link with nothing visible inside shows nothing (a browser draws no empty <em>):
// such a node is replaced by its children (comments, say).
bool vanishes(const Node& node);
// Appends a finished inline node to `parent`, or only its children when it vanishes.
void append_inline(Node& parent, Node&& node);

// Appends text as the model holds it: line ends become SoftBreak with the spaces around them
// dropped (as cmark does), and adjacent text merges.
void append_text(Node& parent, std::string_view text, int line);

// Drops what a browser does not show at both ends of a block's inline content: spaces, soft
// breaks, a final hard break (also inside formatting that starts or ends the content).
void trim_inlines(Node& container);

// GFM's tagfilter (GitHub's "disallowed raw HTML"): the "<" of title, textarea, style, xmp,
// iframe, noembed, noframes, script and plaintext tags in raw HTML is text ("&lt;"), so those tags
// show as written and never swallow the rest of a page. `raw` with the filter applied.
std::string tagfilter(std::string_view raw);
// Whether `raw` holds such a tag (where tagfilter changes something).
bool has_filtered_tag(std::string_view raw);

// Whether a node holds inline content directly (Paragraph, Heading, Plain, an inline TableCell...).
bool is_inline_container(const Node& node);

// Wraps the inline content of every inline container in `block` (not inside tables) in copies of
// `chain`, outermost first: formatting the HTML parser re-opens inside a block.
void apply_formatting(Node& block, const std::vector<Node>& chain);

}  // namespace wikiconv::reader_rules
