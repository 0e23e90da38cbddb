// The document model: one tree of Nodes per page, format-neutral (like pandoc-types).
// Readers build it, writers consume it; nothing here knows about cmark or any target syntax.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "wikiconv/rare_string.hpp"
#include "wikiconv/rare_vector.hpp"

namespace wikiconv {

enum class NodeType : std::uint8_t {
  // blocks
  Document,
  Heading,             // level 1..6
  Paragraph,
  BulletList,          // children: ListItem; tight
  OrderedList,         // children: ListItem; start, delimiter, tight
  ListItem,            // task: None / Unchecked / Checked
  CodeBlock,           // text = code (ends with '\n' unless empty), info = language
  BlockQuote,
  Table,               // children: an optional Caption, then TableRow (header rows first); aligns
  TableRow,            // header: a row of the table's head; info = "thead" when read from one
  TableCell,           // header (a <th>); attrs colspan, rowspan, align; inline children, or
                       // block children when the cell holds blocks (see holds_blocks)
  ThematicBreak,
  FootnoteDefinition,  // label; block children
  HtmlBlock,           // an HTML element with no meaning in the model, in block context:
                       // info = element name ("iframe", "nixpkgs"), attrs, block children
  Div,                 // a block wrapper from HTML: info = element name, "" for <div> ("center",
                       // "section", "details", "summary", ...); attrs; block children
  Plain,               // inline content shown without a paragraph (loose text in an HTML block)
  Figure,              // block children (the figure's content) and at most one Caption
  Caption,             // a Table's or Figure's caption: inline children, or block children
  DefinitionList,      // children: DefinitionTerm and DefinitionDetails, in source order
  DefinitionTerm,      // inline children
  DefinitionDetails,   // block children
  CommentBlock,        // text = an HTML comment's content (between "<!--" and "-->")
  // inlines
  Text,                // text (never holds '\n': line ends are SoftBreak)
  Emphasis,            // info = HTML element it came from when not <em> ("i"), as for Strong
  Strong,              // ("b"), Strikethrough ("s", "strike"; not <del>) and Underline ("ins")
  Strikethrough,       // ~~x~~, <s>, <del>, <strike>
  Code,                // text; info = HTML element it came from when not <code>: "kbd", "samp"
  Link,                // target = URL, title
  WikiLink,            // target = page title, anchor, children = label; info = ":" when written
                       // [[:Category:X]] / [[:File:X]] (a link to that page, not a
                       // categorization or an image)
  Image,               // target, title = caption/alt, size (e.g. "300px"); children = alt text
  FootnoteReference,   // label
  SoftBreak,
  LineBreak,
  Superscript,
  Subscript,
  Span,                // an inline wrapper from HTML: info = element name, "" for <span> and
                       // <a> without href ("mark", "small", "abbr", "cite", "q", "font", ...)
  HtmlInline,          // an HTML element with no meaning in the model, in inline context:
                       // info = element name, attrs, inline children
  Underline,           // <u>, <ins>
  CommentInline,       // text = an HTML comment's content
};

enum class TaskState : std::uint8_t { None, Unchecked, Checked };
enum class Alignment : std::uint8_t { None, Left, Center, Right };

struct Node;

// Name used in JSON and diagnostics ("Heading", "WikiLink", ...).
std::string_view node_type_name(NodeType type);
// Inverse of node_type_name; returns false for an unknown name.
bool node_type_from_name(std::string_view name, NodeType& out);
bool is_block(NodeType type);
// True for node types that may have children.
bool is_container(NodeType type);
// True when a TableCell or Caption holds blocks rather than inlines (its first child is a block).
bool holds_blocks(const Node& node);

struct Node {
  NodeType type = NodeType::Document;
  TaskState task = TaskState::None;
  bool tight = true;                 // lists
  bool header = false;               // table rows
  char delimiter = '.';              // ordered lists: '.' or ')'
  int level = 0;                     // headings
  int start = 1;                     // ordered lists
  int line = 0;                      // 1-based source line of the node's start, 0 when unknown
  std::string text;                  // Text, Code, CodeBlock, CommentBlock, CommentInline
  RareString target;                 // Link url, WikiLink page title, Image target
  RareString anchor;                 // WikiLink #fragment (without '#')
  RareString title;                  // Link title, Image caption
  RareString info;                   // CodeBlock language; HTML element of Span, Div, Code, Html*,
                                     // and of formatting read from a tag of another name
  RareString size;                   // Image size ("300px", "200x100px")
  RareString label;                  // footnote label; WikiLink (and Image read from one): the
                                     // href as the page spelled it, when not the target with
                                     // '_' for spaces ("image:X.png", "A_%28B%29"), else empty
  RareVector<Alignment> aligns;      // Table column alignments
  // HTML attributes kept from the source (names lower case, values decoded): any node read from
  // raw HTML may carry them (id, class, lang, dir, style, title, colspan, ...); each writer
  // decides what it can use.
  RareVector<std::pair<std::string, std::string>> attrs;
  std::vector<Node> children;

  Node() = default;
  explicit Node(NodeType t, std::string txt = {}) : type(t), text(std::move(txt)) {}
  Node(const Node& other);
  Node& operator=(const Node& other);
  Node(Node&&) noexcept = default;
  Node& operator=(Node&& other) noexcept;
  // Destroys deep trees without recursion (a 100,000-deep quote must not overflow the stack).
  ~Node();

  Node& append(Node child) {
    children.push_back(std::move(child));
    return children.back();
  }
  // Value of attribute `name`, or empty.
  std::string_view attr(std::string_view name) const;
  // Concatenated text of this subtree (Text, Code, breaks as spaces): labels, alt text, ids.
  std::string plain_text() const;
};

// Structural equality (all fields, whole subtree), iterative.
bool operator==(const Node& a, const Node& b);
// A 64-bit hash of what operator== compares (not line numbers): equal trees hash alike.
std::uint64_t fingerprint(const Node& root);

// Depth-first walk without recursion, in the manner of cmark's iterator: every container is
// reported on entry and on exit, leaves once (as Enter). Returning false from the visitor on
// Enter skips that node's children.
enum class WalkEvent : std::uint8_t { Enter, Exit };
void walk(const Node& root, const std::function<bool(const Node&, WalkEvent)>& visit);
// Visitors of walk_mutable may change a node's fields and its own children on Enter (before the
// walk descends), never the child lists of its ancestors.
void walk_mutable(Node& root, const std::function<bool(Node&, WalkEvent)>& visit);

// Iterator form of walk for hot paths (no std::function, no allocation per node beyond the
// stack vector).
class NodeIterator {
 public:
  explicit NodeIterator(const Node& root);
  // Advances; returns false at the end. After true, node() and event() describe the step.
  bool next();
  const Node& node() const { return *current_; }
  WalkEvent event() const { return event_; }
  // Do not descend into the node just entered.
  void skip_children() { skip_ = true; }
  std::size_t depth() const { return depth_; }

 private:
  struct Frame {
    const Node* node;
    std::size_t next_child;
  };
  // The open containers, root first: the first kShallow in place, deeper ones in deep_ (writers
  // and readers walk subtrees many times a page, and most are shallow: no allocation).
  static constexpr std::size_t kShallow = 12;
  void push(const Node* node) {
    if (depth_ < kShallow) shallow_[depth_] = {node, 0};
    else deep_.push_back({node, 0});
    ++depth_;
  }
  Frame& top() { return depth_ <= kShallow ? shallow_[depth_ - 1] : deep_.back(); }
  void pop() {
    if (depth_ > kShallow) deep_.pop_back();
    --depth_;
  }
  const Node* root_;
  const Node* current_ = nullptr;
  WalkEvent event_ = WalkEvent::Enter;
  bool started_ = false;
  bool skip_ = false;
  std::size_t depth_ = 0;
  Frame shallow_[kShallow];
  std::vector<Frame> deep_;
};

// The Markdown a page was read from, cut into runs of its top-level blocks, so that a writer of
// the same syntax writes a run whose blocks nobody changed as it was read (Parsoid's selective
// serialization): a rewrite changes the text only where the page was edited. The Markdown
// reader keeps it when asked (ReadOptions::keep_original); JSON does not carry it.
struct OriginalMarkdown {
  struct Run {
    std::size_t begin = 0, end = 0;  // the run's bytes of `text`, its trailing blank lines included
    std::size_t next = SIZE_MAX;     // the run that follows it in the text, SIZE_MAX for the last
    std::vector<std::uint64_t> blocks;          // fingerprints of its body children, in order
    std::vector<std::size_t> category_links;  // the Page::category_links its text writes
    bool redirect = false;                      // its text writes the redirect line
    // Its lines outside every block: link reference definitions, which the model does not
    // keep; written at the end of the body when the run is not written as read, for the runs
    // that are and use them.
    std::string link_definitions;
    // Its last block runs to the end of the text (a code fence or raw HTML never closed): what
    // is written after its text joins it.
    bool open = false;
  };
  std::string text;        // cleaned (LF line ends, front matter blanked)
  // The front matter block as read, written again while the page's metadata is still `metadata`.
  std::string front_matter;
  std::vector<std::pair<std::string, std::string>> metadata;
  std::vector<Run> runs;   // in the order of their blocks in the body
  // Hash of the categories, their links and the redirect as read: runs that write any of them
  // are the page's only while it is unchanged.
  std::uint64_t page_parts = 0;
};

// A page of a wiki: the body plus what the wiki knows about it.
struct Page {
  std::string title;       // normalized full title, "Tankie:Introduction"
  std::string ns;          // namespace prefix ("Tankie"), empty for the main namespace
  std::string source;      // source file (for diagnostics), may be empty
  std::vector<std::string> categories;  // category names without "Category:", in source order
  // The category links as the page wrote them (WikiLink nodes: label, form, spelling), for a
  // writer of the page's own syntax (gfm); a category of `categories` without one is written
  // afresh. JSON: "category_links".
  std::vector<Node> category_links;
  std::vector<std::pair<std::string, std::string>> metadata;  // front matter and similar
  std::int64_t timestamp = 0;  // seconds since the epoch (last change), 0 when unknown
  // A redirect (MediaWiki's #REDIRECT [[Target#anchor]]): the target as a link names it, and its
  // anchor; empty for other pages. The body holds what follows the redirect line, if anything.
  std::string redirect;
  std::string redirect_anchor;
  // The redirect line's inlines as the page wrote them ("redirect", the link with its label), for
  // a writer of the page's own syntax (gfm). JSON: "redirect_line".
  std::vector<Node> redirect_line;
  Node body{NodeType::Document};
  // The Markdown as read, or null (see OriginalMarkdown).
  std::shared_ptr<const OriginalMarkdown> original;

  // The title without its namespace prefix.
  std::string_view name() const {
    std::string_view t(title);
    // A page from JSON or Python may carry a namespace its title does not start with.
    bool prefixed = !ns.empty() && t.size() > ns.size() && t.compare(0, ns.size(), ns) == 0 && t[ns.size()] == ':';
    return prefixed ? t.substr(ns.size() + 1) : t;
  }
};

// The hash OriginalMarkdown::page_parts keeps: categories, category links, redirect.
std::uint64_t fingerprint_page_parts(const Page& page);

}  // namespace wikiconv
