// Typographic quotes and apostrophes in a page's prose, as pandoc's `smart` extension sets them:
// "x" becomes “x”, 'x' becomes ‘x’, don't becomes don’t, '90s becomes ’90s. Only Text nodes
// of prose change: code (inline, blocks, <kbd>, <samp>, <pre> ...), a link whose text is its
// URL, image alt text and every attribute stay as written. A quote's side is read from the
// characters around it, across the inline nodes of one block (a quote before *emphasis* opens).
#include <string>
#include <string_view>

#include "writers/epub/epub_book.hpp"

namespace wikiconv::epub {

namespace {

constexpr std::string_view kOpenDouble = "\xE2\x80\x9C";   // “
constexpr std::string_view kCloseDouble = "\xE2\x80\x9D";  // ”
constexpr std::string_view kOpenSingle = "\xE2\x80\x98";   // ‘
constexpr std::string_view kCloseSingle = "\xE2\x80\x99";  // ’ (also the apostrophe)

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
// Where a quote after it opens: the start of a block, a space, an opening bracket, a dash, an
// opening quote. ('\x01' stands for an opening quote already written.)
bool opens_after(char c) {
  return is_space(c) || c == '(' || c == '[' || c == '{' || c == '-' || c == '/' || c == '\x01';
}

// Elements whose text is code, and so never changes.
bool code_element(std::string_view element) {
  return element == "code" || element == "kbd" || element == "samp" || element == "tt" || element == "var" ||
         element == "pre" || element == "syntaxhighlight" || element == "source" || element == "math" ||
         element == "script" || element == "style";
}

class Smartener {
 public:
  // Iterative (a page may nest 100,000 deep). The iterator walks a const tree; the Text nodes
  // it meets are this page's own, which the book may change.
  void walk(Node& root) {
    NodeIterator it(root);
    while (it.next()) {
      const Node& n = it.node();
      if (it.event() != WalkEvent::Enter) {
        if (is_block(n.type)) prev_ = ' ';
        continue;
      }
      if (is_block(n.type)) prev_ = ' ';  // a block starts afresh
      if (skips(n)) {
        it.skip_children();
      } else if (n.type == NodeType::Text) {
        text(const_cast<Node&>(n).text);
      } else if (n.type == NodeType::SoftBreak || n.type == NodeType::LineBreak) {
        prev_ = ' ';
      }
    }
  }

 private:
  // A node whose text never changes (code, an autolink's URL, alt text): it reads as a word.
  bool skips(const Node& n) {
    bool skip = false;
    switch (n.type) {
      case NodeType::Code:
      case NodeType::Image:
      case NodeType::FootnoteReference: skip = true; break;
      case NodeType::CodeBlock:
      case NodeType::CommentBlock:
      case NodeType::CommentInline: return true;
      case NodeType::Link:  // an autolink: its one Text is the URL
        skip = n.children.size() == 1 && n.children[0].type == NodeType::Text &&
               (n.children[0].text == n.target || "mailto:" + n.children[0].text == n.target);
        break;
      case NodeType::Span:
      case NodeType::HtmlInline:
      case NodeType::HtmlBlock:
      case NodeType::Div: skip = code_element(n.info); break;
      default: break;
    }
    if (skip) prev_ = 'x';  // a quote after it closes
    return skip;
  }

  void text(std::string& s) {
    if (s.find_first_of("\"'") == std::string::npos) {
      if (!s.empty()) prev_ = s.back();
      return;
    }
    std::string out;
    out.reserve(s.size() + 8);
    for (std::size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      char next = i + 1 < s.size() ? s[i + 1] : 'x';  // what follows in another node: a word
      if ((c == '"' || c == '\'') && (next == c || (opens_after(prev_) && is_space(next)))) {
        // '' or "" (wiki markup talked about), or a quote between spaces: no side to tell.
        while (i < s.size() && s[i] == c) out += s[i++];
        --i;
        prev_ = c;
      } else if (c == '"') {
        bool open = opens_after(prev_) && !is_space(next);
        out += open ? kOpenDouble : kCloseDouble;
        prev_ = open ? '\x01' : 'x';
      } else if (c == '\'') {
        bool open = opens_after(prev_) && !is_space(next);
        // '90s: an elided number, not a quotation.
        if (open && is_digit(next) && i + 2 < s.size() && is_digit(s[i + 2]) &&
            (i + 3 >= s.size() || !is_digit(s[i + 3])))
          open = false;
        out += open ? kOpenSingle : kCloseSingle;
        prev_ = open ? '\x01' : 'x';
      } else {
        out += c;
        prev_ = c;
      }
    }
    s = std::move(out);
  }

  char prev_ = ' ';
};

}  // namespace

void smart_quotes(Node& root) { Smartener().walk(root); }

}  // namespace wikiconv::epub
