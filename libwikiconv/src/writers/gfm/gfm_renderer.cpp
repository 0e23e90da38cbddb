#include "writers/gfm/gfm_renderer.hpp"

#include <utf8proc.h>

#include <cstdint>
#include <vector>

#include "util/html_elements.hpp"
#include "util/utf8.hpp"
#include "wiki/link_target.hpp"
#include "writers/gfm/gfm_escape.hpp"
#include "writers/gfm/gfm_forms.hpp"
#include "writers/gfm/kept_text.hpp"
#include "writers/line_renderer.hpp"

namespace wikiconv::gfm {

namespace {

// Characters as cmark-gfm's delimiter rules class them (flanking): whitespace (Unicode Zs, line
// ends, or no character at all) and punctuation (ASCII punctuation, Unicode P*).
bool is_space_cp(std::uint32_t c) {
  return c == 0 || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         (c > 0x7F && utf8proc_category(static_cast<utf8proc_int32_t>(c)) == UTF8PROC_CATEGORY_ZS);
}
bool is_punct_cp(std::uint32_t c) {
  if (c < 0x80) return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(c))) {
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS: case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF: case UTF8PROC_CATEGORY_PO: return true;
    default: return false;
  }
}
std::uint32_t first_cp(std::string_view s) {
  std::size_t i = 0;
  return s.empty() ? 0 : utf8::decode(s, i);
}
std::uint32_t last_cp(std::string_view s) {
  if (s.empty()) return 0;
  std::size_t i = s.size() - 1;
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return utf8::decode(s, i);
}

}  // namespace

// The link form of what the page does not record it for (its categories, a redirect, links a
// filter made): pandoc 3's when any link of the page was read in it (a page of older pandoc's
// form that someone edited since holds both), else older pandoc's when any was read in that.
WikiLinkForm page_form(const Page& page, WikiLinkForm fallback) {
  bool markdown = false;
  for (NodeIterator it(page.body); it.next();) {
    const Node& n = it.node();
    if (it.event() != WalkEvent::Enter) continue;
    std::string_view form = n.type == NodeType::WikiLink ? std::string_view(n.title)
                            : n.type == NodeType::Image  ? std::string_view(n.info)
                                                         : std::string_view();
    if (form.empty()) continue;
    if (form != "wikilink") return WikiLinkForm::Html;
    markdown = true;
  }
  return markdown ? WikiLinkForm::Markdown : fallback;
}

namespace {

class Renderer {
 public:
  Renderer(const Page& page, WikiLinkForm form) : page_(page), form_(form) {}

  std::string run(bool keep_unchanged) {
    keep_unchanged_ = keep_unchanged;
    kept_.category_links.assign(page_.category_links.size(), false);
    find_redirect_category();
    if (keep_unchanged && page_.original)
      kept_ = plan_kept_text(page_, [this](const std::vector<bool>& links) {
        return !category_paragraph(links).children.front().children.empty();
      });
    r_.reserve(output_size_hint(page_.body));
    front_matter();
    redirect();
    walk_body();
    categories();
    return r_.finish();
  }

 private:
  struct Frame {
    const Node* node = nullptr;
    std::size_t next = 0;         // index of the next child
    std::string close;            // written on exit
    bool html_inline = false;     // inline children are written as HTML
    bool pipe = false;            // a pipe table (or a row/cell of one)
    bool tight = true;            // list
    char bullet = '-';
    bool pushed = false;          // pushed a prefix
    bool done = false;            // written whole on entry (children skipped)
    bool thead = false;           // an HTML table: its header rows go in <thead> (pandoc's)
    FilteredTags filtered;        // a Plain: the tags that made its HTML block, written as tags
    bool tag_line = false;        // a Plain: its first tag, alone on its line, opens its HTML block
    bool paragraph = false;       // a heading: its text a paragraph in its HTML tags
  };

  void front_matter() {
    if (page_.metadata.empty()) return;
    if (keep_unchanged_ && page_.original && !page_.original->front_matter.empty() &&
        page_.original->metadata == page_.metadata) {
      r_.lit(without_line_ends(page_.original->front_matter));
      r_.blank_line();
      return;
    }
    r_.lit("---\n");
    for (const auto& [k, v] : page_.metadata) r_.lit(k + ": " + v + "\n");
    r_.lit("---");
    r_.blank_line();
  }

  WikiLinkForm form_of(const Node& n) const {
    if (n.title.empty()) return form_;
    return n.title == "wikilink" ? WikiLinkForm::Markdown : WikiLinkForm::Html;
  }

  std::string link_open(const Node& n) const {
    if (form_of(n) == WikiLinkForm::Markdown && !html_mode()) return "[";
    if (n.title == "wikilink")  // older pandoc's form inside raw HTML
      return "<a href=\"" + escape_attribute(spelled_href(n)) + "\" title=\"wikilink\">";
    std::string title = n.title.empty() ? n.target : n.title;
    return "<a href=\"" + escape_attribute(spelled_href(n)) + "\" class=\"wikilink\" title=\"" + escape_attribute(title) + "\">";
  }
  std::string link_close(const Node& n) const {
    if (form_of(n) == WikiLinkForm::Markdown && !html_mode()) return "](" + link_destination(spelled_href(n)) + " \"wikilink\")";
    return "</a>";
  }

  // The redirect line as the page wrote it, while it still names the page's redirect target.
  bool kept_redirect() {
    const Node* link = nullptr;
    for (const Node& n : page_.redirect_line)
      if (n.type == NodeType::WikiLink || n.type == NodeType::Image) link = &n;
    bool same = link ? link->target == page_.redirect && (link->type == NodeType::Image || link->anchor == page_.redirect_anchor)
                     : !redirect_category_.empty();
    if (!same) return false;
    Node doc(NodeType::Document);
    Node& list = doc.append(Node(NodeType::OrderedList));
    Node& item = list.append(Node(NodeType::ListItem));
    Node& paragraph = item.append(Node(NodeType::Paragraph));
    paragraph.children = page_.redirect_line;
    walk_tree(doc);
    return true;
  }

  // "#REDIRECT [[Category:X]]": pandoc moved the link to the category paragraph (the reader
  // took it out of the categories again).
  void find_redirect_category() {
    if (page_.redirect.compare(0, 9, "Category:") != 0 || !page_.redirect_anchor.empty()) return;
    for (const Node& link : page_.category_links) {
      std::string name;
      if (category_name(link.target, name) && "Category:" + name == page_.redirect) redirect_category_ = name;
    }
  }

  void redirect() {
    if (page_.redirect.empty() || kept_.redirect || kept_redirect()) return;
    Node link(NodeType::WikiLink);
    link.target = page_.redirect;
    link.anchor = page_.redirect_anchor;
    // pandoc moved [[Category:X]] of "#REDIRECT [[Category:X]]" to the categories: the item
    // holds the word alone, the category paragraph the link.
    bool in_categories = false;
    for (const auto& c : page_.categories) in_categories |= "Category:" + c == page_.redirect;
    if (in_categories && page_.redirect_anchor.empty()) {
      r_.lit("1.  REDIRECT");
      r_.blank_line();
      return;
    }
    // A category not among the page's was named as a link to it, [[:Category:X]].
    if (page_.redirect.compare(0, 9, "Category:") == 0) link.info = ":";
    std::string label = link.info + page_.redirect;
    r_.lit("1.  REDIRECT " + link_open(link) + escape_text(label, false, '\n') + link_close(link));
    r_.blank_line();
  }

  // The categories paragraph: each category's link as the page wrote it (label, spelling,
  // form), a new link for a category the page gained since; links to categories it lost go.
  void categories() {
    Node doc = category_paragraph(kept_.category_links);
    if (!doc.children.front().children.empty()) walk_tree(doc);
  }

  // The categories paragraph (in a document of its own), without the links `written` marks
  // (written by the text as read): empty when nothing is left to write.
  Node category_paragraph(const std::vector<bool>& written_links) const {
    Node doc(NodeType::Document);
    Node& paragraph = doc.append(Node(NodeType::Paragraph));
    std::vector<bool> written(page_.categories.size(), false);
    auto add = [&](Node link) {
      if (!paragraph.children.empty()) paragraph.append(Node(NodeType::SoftBreak));
      paragraph.append(std::move(link));
    };
    for (std::size_t k = 0; k < page_.category_links.size(); ++k) {
      const Node& link = page_.category_links[k];
      std::string name;
      if (!category_name(link.target, name)) continue;
      bool kept = name.empty() || name == redirect_category_;  // {{{region}}}: no name to lose
      for (std::size_t i = 0; i < page_.categories.size(); ++i)
        if (page_.categories[i] == name) kept = written[i] = true;
      if (kept && !written_links[k]) add(link);
    }
    for (std::size_t i = 0; i < page_.categories.size(); ++i) {
      if (written[i]) continue;
      Node link(NodeType::WikiLink);
      link.target = "Category:" + page_.categories[i];
      link.append(Node(NodeType::Text, link.target));
      add(std::move(link));
    }
    return doc;
  }

  bool html_mode() const { return !stack_.empty() && stack_.back().html_inline; }
  // In a link's label or an image's alt text (an image written as a wiki link is a link).
  bool inside_link() const {
    for (const Frame& f : stack_)
      if (f.node->type == NodeType::Link || f.node->type == NodeType::WikiLink || f.node->type == NodeType::Image)
        return true;
    return false;
  }
  bool in_pipe() const { return !stack_.empty() && stack_.back().pipe; }
  const Frame* parent() const { return stack_.empty() ? nullptr : &stack_.back(); }

  // "## foo #": a run of '#' after a space ends an ATX heading's text as its closing sequence;
  // one escaped keeps it text.
  void escape_closing_sequence() {
    std::string& out = r_.out();
    std::size_t i = out.size();
    while (i > 0 && out[i - 1] == '#') --i;
    if (i < out.size() && i > 0 && (out[i - 1] == ' ' || out[i - 1] == '\t')) out.insert(i, "\\");
  }

  // Space before a block: none before the first block of an item, a quote or a note; a line in
  // a tight list; an empty line elsewhere (after a raw HTML tag line always, which would
  // otherwise swallow the Markdown).
  void block_separator(std::size_t index) {
    const Frame* p = parent();
    if (!p) return;
    NodeType pt = p->node->type;
    if (is_html_container(*p->node) || pt == NodeType::TableCell || pt == NodeType::Caption) {
      r_.blank_line();
      return;
    }
    if (index == 0 && (pt == NodeType::ListItem || pt == NodeType::BlockQuote || pt == NodeType::FootnoteDefinition)) {
      r_.cr();
      return;
    }
    if (pt == NodeType::ListItem && stack_.size() >= 2 && stack_[stack_.size() - 2].tight) {
      r_.cr();
      return;
    }
    r_.blank_line();
  }

  // The prefix of a container's first line: what is pending (a list item as the first thing of
  // another) or the containers' prefixes, then `marker`.
  // The pending prefix grows in place: a list nested as the first thing of each item, 100,000
  // deep, would otherwise copy it at every level (quadratic).
  void first_line(const std::string& marker, std::size_t width) {
    if (!r_.first_line_prefix_pending()) {
      std::string prefix;
      for (const auto& p : r_.prefixes()) prefix += p;
      r_.set_first_line_prefix(std::move(prefix));
    }
    r_.append_first_line_prefix(marker);
    r_.push_prefix(std::string(width, ' '));
  }

  const Node* sibling(int offset) const {
    const Frame* p = parent();
    if (!p) return nullptr;
    long i = static_cast<long>(p->next) - 1 + offset;
    if (i < 0 || i >= static_cast<long>(p->node->children.size())) return nullptr;
    return &p->node->children[static_cast<std::size_t>(i)];
  }

  char after_char() const {
    const Node* next = sibling(1);
    if (!next || next->type == NodeType::SoftBreak || next->type == NodeType::LineBreak) return '\n';
    if ((next->type == NodeType::Link && next->attrs.empty()) ||
        (next->type == NodeType::WikiLink && form_of(*next) == WikiLinkForm::Markdown))
      return '[';
    if (next->type == NodeType::Text) return next->text.empty() ? ' ' : next->text.front();
    return '!';
  }

  // True when a paragraph's first line would start an HTML block (CommonMark's kinds 6 and 7): it
  // opens with a tag of a block element, or with a tag alone on its line (an image, an empty
  // element, one whose content starts on the next line).
  bool starts_html_block(const Node& paragraph) const {
    if (paragraph.children.empty()) return false;
    const Node& first = paragraph.children.front();
    std::string name;
    switch (first.type) {
      case NodeType::Image:
        return first.info != "wikilink" && (!first.attrs.empty() || !first.size.empty() || first.target.compare(0, 5, "File:") == 0) &&
               (paragraph.children.size() == 1 || paragraph.children[1].type == NodeType::SoftBreak);
      case NodeType::Span: case NodeType::HtmlInline: case NodeType::Superscript: case NodeType::Subscript:
      case NodeType::Underline: case NodeType::Link:
        if (first.type == NodeType::Link && first.attrs.empty()) return false;
        name = first.type == NodeType::Link ? "a" : element_of(first);
        break;
      case NodeType::LineBreak: return true;
      default: return false;
    }
    static const char* const kBlockNames[] = {
        "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center", "col",
        "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr",
        "html", "iframe", "legend", "li", "link", "main", "menu", "menuitem", "nav", "noframes", "ol",
        "optgroup", "option", "p", "param", "section", "source", "summary", "table", "tbody", "td", "tfoot",
        "th", "thead", "title", "tr", "track", "ul", "pre", "script", "style", "textarea"};
    for (const char* block : kBlockNames)
      if (name == block) return true;
    return first.children.empty() || first.children.front().type == NodeType::SoftBreak ||
           (paragraph.children.size() > 1 && paragraph.children[1].type == NodeType::SoftBreak &&
            first.children.size() == 0);
  }

  // The first (last) character a node is written with: its text's, or for anything written
  // with brackets, backticks or tags, a punctuation mark.
  static std::uint32_t written_edge(const Node& n, bool first) {
    if (n.type == NodeType::Text) return first ? first_cp(n.text) : last_cp(n.text);
    if (n.type == NodeType::SoftBreak || n.type == NodeType::LineBreak) return '\n';
    return '!';
  }

  // Emphasis as delimiters when cmark would read them back as such (flanking rules), else tags.
  bool delimiters_fit(const Node& n) {
    if (html_mode() || n.children.empty()) return false;
    const Frame* p = parent();
    if (p && p->node->type == n.type) return false;
    std::uint32_t inner_first = written_edge(n.children.front(), true), inner_last = written_edge(n.children.back(), false);
    if (inner_first == 0 || is_space_cp(inner_first) || is_space_cp(inner_last)) return false;
    std::uint32_t before = r_.at_line_start() ? '\n' : last_cp(r_.out());
    if (before == '*' || before == '~' || before == '_') return false;
    if (is_punct_cp(inner_first) && !(is_space_cp(before) || is_punct_cp(before))) return false;
    const Node* next = sibling(1);
    std::uint32_t after = next ? written_edge(*next, true) : '\n';
    if (after == '*' || after == '~' || after == '_') return false;
    if (is_punct_cp(inner_last) && !(is_space_cp(after) || is_punct_cp(after))) return false;
    return true;
  }

  void text_run(const Node& n) {
    // Adjacent text nodes are one run: escaping needs to see across them.
    const Frame* p = parent();
    std::string text = n.text;
    bool first = p && p->next == 1;
    if (p) {
      while (p->next < p->node->children.size() && p->node->children[p->next].type == NodeType::Text)
        text += p->node->children[stack_.back().next++].text;
    }
    if (p && p->filtered.open > 0) {
      std::size_t open = first ? p->filtered.open : 0;
      bool last = p->next == p->node->children.size() && p->filtered.close > 0;
      std::size_t close_at = last ? text.size() - p->filtered.close_from_end : text.size();
      std::size_t close = last ? p->filtered.close : 0;
      r_.lit(text.substr(0, open) + escape_html(std::string_view(text).substr(open, close_at - open)) +
             text.substr(close_at, close) + escape_html(std::string_view(text).substr(close_at + close)));
      return;
    }
    if (html_mode()) {
      r_.lit(escape_html(text));
      return;
    }
    r_.lit(escape_text(text, r_.at_line_start(), after_char()));
  }

  void enter(const Node& n, NodeIterator& it) {
    std::size_t index = 0;
    if (!stack_.empty()) index = stack_.back().next++;
    Frame f;
    f.node = &n;
    f.html_inline = html_mode();
    f.pipe = in_pipe();
    if (is_block(n.type)) enter_block(n, index, f, it);
    else enter_inline(n, f, it);
    if (is_container(n.type)) stack_.push_back(std::move(f));
  }

  // A block: its separator from the block before, then its marker, prefix or tag.
  void enter_block(const Node& n, std::size_t index, Frame& f, NodeIterator& it) {
    switch (n.type) {
      case NodeType::Document: break;
      case NodeType::Paragraph: {
        block_separator(index);
        f.html_inline = false;
        // Its first line would be read as raw HTML, not a paragraph; or its text holds an e-mail
        // address that is no link (from raw HTML): no escape keeps cmark-gfm's autolink
        // extension from making one of it in Markdown.
        if (starts_html_block(n) || (!html_mode() && holds_email_text(n))) {
          r_.lit("<p>");
          f.html_inline = true;
          f.close = "</p>";
        }
        break;
      }
      case NodeType::Plain:
        // Right after its container's tag it is in the tag's HTML block; anywhere else it
        // becomes a paragraph, so it is written as one, unless the tags that made its own HTML
        // block are there to make it again (not beside an HTML element's block, which the
        // reader would join to it).
        f.html_inline = parent() && index == 0 && is_html_container(*parent()->node);
        if (f.html_inline) {
          r_.cr();
          break;
        }
        block_separator(index);
        if (const Node* next = sibling(1); !next || !is_html_container(*next)) {
          f.filtered = filtered_tags(n);
          f.tag_line = opens_with_tag(n);
        }
        f.html_inline = f.filtered.open > 0 || f.tag_line;
        break;
      case NodeType::Heading: {
        ++headings_;
        block_separator(index);
        int level = n.level < 1 ? 1 : n.level > 6 ? 6 : n.level;
        // A paragraph in an HTML heading (<h1>, an empty line, text): the reader ends the empty
        // start before it with a line break. Written the same way, its text stays Markdown.
        f.paragraph = !n.children.empty() && n.children.front().type == NodeType::LineBreak;
        f.html_inline = !n.attrs.empty() && !f.paragraph;
        if (f.html_inline || f.paragraph) {  // raw HTML keeps an id or class of its own
          std::string name = "h" + std::to_string(level);
          r_.lit(open_tag(name, n));
          if (f.paragraph) r_.blank_line();
          f.close = "</" + name + ">";
        } else {
          r_.lit(std::string(static_cast<std::size_t>(level), '#') + " ");
        }
        break;
      }
      case NodeType::BlockQuote:
        block_separator(index);
        // After a quote, the empty line between is no line of this one (it would join them).
        if (const Node* before = sibling(-1); before && before->type == NodeType::BlockQuote) r_.flush_breaks();
        first_line("> ", 0);
        r_.pop_prefix();
        r_.push_prefix("> ");
        f.pushed = true;
        break;
      case NodeType::BulletList: case NodeType::OrderedList: {
        block_separator(index);
        f.tight = n.tight;
        const Node* before = sibling(-1);
        if (n.type == NodeType::BulletList) f.bullet = before && before->type == NodeType::BulletList ? '*' : '-';
        else f.bullet = before && before->type == NodeType::OrderedList && before->delimiter == n.delimiter
                            ? (n.delimiter == '.' ? ')' : '.') : n.delimiter;
        break;
      }
      case NodeType::ListItem: {
        const Frame& list = stack_.back();
        if (index > 0) {
          if (list.tight) r_.cr();
          else r_.blank_line();
        }
        std::string marker;
        if (list.node->type == NodeType::OrderedList) marker = std::to_string(list.node->start + static_cast<int>(index)) + list.bullet + " ";
        else marker = std::string(1, list.bullet) + " ";
        std::size_t width = marker.size();
        if (n.task == TaskState::Checked) marker += "[x] ";
        if (n.task == TaskState::Unchecked) marker += "[ ] ";
        first_line(marker, width);
        f.pushed = true;
        break;
      }
      case NodeType::FootnoteDefinition:
        block_separator(index);
        first_line("[^" + n.label + "]: ", 4);
        f.pushed = true;
        break;
      case NodeType::CodeBlock: {
        block_separator(index);
        std::string fence = code_fence(n.text, n.info);
        std::string code = n.text;
        if (!code.empty() && code.back() != '\n') code += '\n';
        r_.lit(fence + n.info + "\n" + code + fence);
        r_.cr();
        break;
      }
      case NodeType::ThematicBreak: block_separator(index); r_.lit("___"); r_.cr(); break;
      case NodeType::CommentBlock: block_separator(index); r_.lit("<!--" + n.text + "-->"); r_.cr(); break;
      case NodeType::Table:
        block_separator(index);
        f.pipe = pipe_table(n);
        if (!f.pipe) {
          r_.lit(open_tag("table", n));
          f.close = "</table>";
        }
        break;
      case NodeType::TableRow:
        if (f.pipe) r_.lit("|");
        else {
          // Header rows in <thead>, the others in <tbody>, as pandoc writes tables (header
          // rows the page had in no <thead>, <th> cells leading the body, stay there).
          Frame& table = stack_.back();  // the row's table (a nested table has its own frame)
          const Node* before = sibling(-1);
          bool first_row = !before || before->type != NodeType::TableRow;
          r_.cr();
          bool head_before = !first_row && before->header && table.thead;
          if (first_row) table.thead = n.header && (n.info == "thead" || n.attr("class") == "header");
          bool head = n.header && table.thead;
          if (first_row && head) r_.lit("<thead>\n");
          if (!head && (first_row || head_before)) {
            if (!first_row) r_.lit("</thead>\n");
            r_.lit("<tbody>\n");
          }
          r_.lit(open_tag("tr", n));
          f.close = "</tr>";
        }
        break;
      case NodeType::TableCell:
        if (f.pipe) r_.lit(" ");
        else {
          r_.cr();
          r_.lit(cell_tag(n));
          f.close = "</" + element_of(n) + ">";
          f.html_inline = !holds_blocks(n);
        }
        break;
      case NodeType::Caption: {
        std::string name = parent() && parent()->node->type == NodeType::Figure ? "figcaption" : "caption";
        if (parent() && parent()->node->type == NodeType::Figure) r_.blank_line();
        else r_.cr();
        r_.lit(open_tag(name, n));
        f.close = "</" + name + ">";
        f.html_inline = !holds_blocks(n);
        break;
      }
      case NodeType::DefinitionTerm:
        r_.blank_line();
        r_.lit(open_tag("dt", n));
        f.close = "</dt>";
        f.html_inline = true;
        break;
      case NodeType::Div: case NodeType::HtmlBlock: case NodeType::Figure: case NodeType::DefinitionList:
      case NodeType::DefinitionDetails: {
        block_separator(index);
        std::string name = element_of(n);
        r_.lit(open_tag(name, n));
        if (!n.text.empty()) {  // raw text of <script>, <style>: the element ends the HTML block
          r_.lit(n.text);
          r_.lit("</" + name + ">");
          r_.cr();
          it.skip_children();
          f.done = true;
          break;
        }
        if (html::is_void_element(name)) {
          r_.cr();
          f.done = true;
          break;
        }
        f.close = "</" + name + ">";
        break;
      }
      default: break;
    }
  }

  // An inline: Markdown delimiters where cmark-gfm reads them back the same, else raw HTML.
  void enter_inline(const Node& n, Frame& f, NodeIterator& it) {
    switch (n.type) {
      case NodeType::Text: text_run(n); break;
      case NodeType::SoftBreak:
        // One that ends its block (the tag after it showed nothing) would leave an empty line.
        if (!sibling(1) && parent() && (parent()->node->type == NodeType::Paragraph || parent()->node->type == NodeType::Plain ||
                                        parent()->node->type == NodeType::Heading))
          break;
        r_.lit(in_pipe() || (headings_ > 0 && !html_mode()) ? " " : "\n");
        break;
      case NodeType::LineBreak: {
        if (parent() && parent()->paragraph && parent()->next == 1) break;  // the heading's empty start
        // "\" ends a line only with more text after it, and never in a heading.
        bool last = !sibling(1) || sibling(1)->type == NodeType::SoftBreak || sibling(1)->type == NodeType::LineBreak;
        bool heading = headings_ > 0;
        // In raw HTML the line goes on after the tag, as cmark-gfm writes a hard break.
        if (html_mode() && !heading && !in_pipe() && !last) r_.lit("<br />\n");
        else r_.lit(html_mode() || in_pipe() || heading || last ? "<br />" : "\\\n");
        break;
      }
      case NodeType::Code:
        if (!n.info.empty() || html_mode()) {
          std::string name = element_of(n);
          r_.lit(open_tag(name, n) + escape_html(n.text) + "</" + name + ">");
        } else {
          r_.lit(code_span(n.text, in_pipe()));
        }
        break;
      case NodeType::Emphasis: case NodeType::Strong: case NodeType::Strikethrough: {
        std::string delim = n.type == NodeType::Emphasis ? "*" : n.type == NodeType::Strong ? "**" : "~~";
        if (n.attrs.empty() && n.info.empty() && delimiters_fit(n)) {
          r_.lit(delim);
          f.close = delim;
        } else {
          r_.lit(open_tag(element_of(n), n));
          f.close = "</" + element_of(n) + ">";
        }
        break;
      }
      case NodeType::Span: case NodeType::HtmlInline: case NodeType::Superscript: case NodeType::Subscript:
      case NodeType::Underline: {
        std::string name = element_of(n);
        r_.lit(open_tag(name, n));
        if (!n.text.empty()) {
          r_.lit(n.text + "</" + name + ">");
          it.skip_children();
          f.done = true;
          break;
        }
        if (html::is_void_element(name)) {
          f.done = true;
          break;
        }
        if (const Frame* p = parent(); p && p->tag_line && p->next == 1 &&
            (n.children.empty() || n.children.front().type != NodeType::SoftBreak))
          r_.lit("\n");
        f.close = "</" + name + ">";
        break;
      }
      case NodeType::Link:
        if (inside_link()) {
          // A link in a link's label: cmark-gfm reads one only as an autolink, <https://x>
          // (pandoc's [<https://x>](https://y)); any other, and any in raw HTML (where the
          // browser would end the outer link), keeps its label.
          std::string written = n.attrs.empty() && !html_mode() ? autolink(n) : std::string();
          if (written.empty()) break;
          r_.lit(written);
          it.skip_children();
          f.done = true;
        } else if (!n.attrs.empty() || html_mode()) {
          r_.lit("<a href=\"" + escape_attribute(n.target) + "\"" + (n.title.empty() ? "" : " title=\"" + escape_attribute(n.title) + "\""));
          std::string tag = open_tag("", n);
          r_.lit(tag.substr(1));
          f.close = "</a>";
        } else {
          r_.lit("[");
          f.close = "](" + link_destination(n.target) + (n.title.empty() ? "" : " " + link_title(n.title)) + ")";
        }
        break;
      case NodeType::WikiLink:
        r_.lit(link_open(n));
        f.close = link_close(n);
        break;
      case NodeType::Image: {
        if (n.info == "wikilink" || n.info == "a") {
          // [[File:X|label]]: read as a wiki link, written back as one, in its form.
          Node link(NodeType::WikiLink);
          link.target = n.target;
          link.label = n.label;
          link.title = n.info == "wikilink" ? "wikilink" : !n.size.empty() ? n.size.str() : n.children.empty() ? n.target.str() : n.plain_text();
          r_.lit(link_open(link));
          f.close = link_close(link);
          if (!n.size.empty() || n.children.empty()) {
            r_.lit(html_mode() ? escape_html(n.size.empty() ? n.target : n.size)
                               : escape_text(n.size.empty() ? n.target : n.size, false, ']'));
            it.skip_children();
            f.done = true;
            r_.lit(f.close);
          }
          break;
        }
        std::string alt = n.plain_text();
        it.skip_children();
        // pandoc 3 writes [[File:X.png]] as <img src="X.png">; the reader made it File:X.png.
        bool wiki_file = n.target.compare(0, 5, "File:") == 0;
        if (!n.attrs.empty() || !n.size.empty() || html_mode() || wiki_file) {
          std::string tag = "<img src=\"" + escape_attribute(wiki_file ? n.target.substr(5) : n.target.str()) + "\"";
          // As pandoc writes them: title, then alt (pandoc 3 leaves out an alt that repeats the
          // title; older pandoc writes both).
          if (!n.title.empty()) tag += " title=\"" + escape_attribute(n.title) + "\"";
          if (!alt.empty() && (alt != n.title || form_ == WikiLinkForm::Markdown)) tag += " alt=\"" + escape_attribute(alt) + "\"";
          std::string size = n.size.substr(0, n.size.find("px"));
          std::size_t x = size.find('x');
          if (!size.empty() && x != 0) tag += " width=\"" + size.substr(0, x) + "\"";
          if (x != std::string::npos && x + 1 < size.size()) tag += " height=\"" + size.substr(x + 1) + "\"";
          for (const auto& [k, v] : n.attrs)
            if (k != "width" && k != "height" && k != "alt" && k != "title" && k != "src") tag += " " + k + "=\"" + escape_attribute(v) + "\"";
          r_.lit(tag + " />");
        } else {
          r_.lit("![" + escape_text(alt, false, ']') + "](" + link_destination(n.target) +
                 (n.title.empty() ? "" : " " + link_title(n.title)) + ")");
        }
        f.done = true;
        break;
      }
      case NodeType::FootnoteReference: r_.lit("[^" + n.label + "]"); break;
      case NodeType::CommentInline: r_.lit("<!--" + n.text + "-->"); break;
      default: break;
    }
  }

  void exit(const Node& n) {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    if (f.done) return;
    switch (n.type) {
      case NodeType::ListItem: case NodeType::BlockQuote: case NodeType::FootnoteDefinition:
        if (r_.first_line_prefix_pending()) {  // nothing in it: the marker alone
          r_.start_pending_line();
          while (!r_.out().empty() && r_.out().back() == ' ') r_.out().pop_back();
        }
        r_.pop_prefix();
        r_.cr();
        return;
      case NodeType::Heading: case NodeType::Paragraph: case NodeType::Plain:
        if (n.type == NodeType::Heading) {
          --headings_;
          if (f.paragraph) r_.blank_line();
          else if (!f.html_inline) escape_closing_sequence();
        }
        r_.lit(f.close);
        r_.cr();
        return;
      case NodeType::TableRow:
        if (f.pipe) {
          r_.cr();
          if (n.header) delimiter_row(*stack_.back().node);
          return;
        }
        r_.cr();
        r_.lit(f.close);
        return;
      case NodeType::TableCell:
        if (f.pipe) {
          r_.lit(" |");
          return;
        }
        if (!f.html_inline) r_.blank_line();
        r_.lit(f.close);
        return;
      case NodeType::Table:
        if (!f.pipe) {
          r_.cr();
          const Node* last = n.children.empty() ? nullptr : &n.children.back();
          if (last && last->type == NodeType::TableRow) r_.lit(last->header && f.thead ? "</thead>\n" : "</tbody>\n");
          r_.lit(f.close);
        }
        r_.cr();
        return;
      case NodeType::Caption: case NodeType::DefinitionTerm:
        if (!f.html_inline) r_.blank_line();
        r_.lit(f.close);
        r_.cr();
        return;
      case NodeType::Div: case NodeType::HtmlBlock: case NodeType::Figure: case NodeType::DefinitionList:
      case NodeType::DefinitionDetails:
        r_.blank_line();
        r_.lit(f.close);
        r_.cr();
        return;
      default: r_.lit(f.close); return;
    }
  }

  void delimiter_row(const Node& table) {
    r_.lit("|");
    for (Alignment a : table.aligns) {
      switch (a) {
        case Alignment::Left: r_.lit(":---|"); break;
        case Alignment::Center: r_.lit(":---:|"); break;
        case Alignment::Right: r_.lit("---:|"); break;
        default: r_.lit("---|"); break;
      }
    }
    r_.cr();
  }

  // Text as read without the line ends after it: the renderer writes the separator.
  static std::string_view without_line_ends(std::string_view text) {
    while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    return text;
  }

  // A run's text as read, with the line ends after it or without.
  std::string_view run_text(const OriginalMarkdown::Run& run, bool with_gap) const {
    std::string_view text(page_.original->text.data() + run.begin, run.end - run.begin);
    return with_gap ? text : without_line_ends(text);
  }

  void walk_body() {
    if (kept_.whole_text) return r_.lit(run_text(page_.original->runs[0], false));
    if (kept_.run_at.empty()) return walk_tree(page_.body);
    const std::vector<Node>& children = page_.body.children;
    const OriginalMarkdown& original = *page_.original;
    Frame body;
    body.node = &page_.body;
    stack_.push_back(body);
    std::vector<std::size_t> first_child(original.runs.size(), KeptText::kNone);
    for (std::size_t i = 0; i < children.size(); ++i)
      if (kept_.run_at[i] != KeptText::kNone) first_child[kept_.run_at[i]] = i;
    std::vector<bool> written(original.runs.size(), false);
    bool gap_written = false;  // the lines after the run before, as read
    const Node* last = nullptr;  // the block written last
    bool last_fresh = false;
    // After a list, a list or indented text would join it: where old text and new meet (the
    // writer keeps its own blocks apart), an HTML comment ends the list, as pandoc's does.
    // `kept_text`: the next block's text as read, null when it is written afresh.
    auto end_list = [&](const Node& next, const std::string_view* kept_text) {
      if (gap_written || !last || (last->type != NodeType::BulletList && last->type != NodeType::OrderedList)) return;
      bool list = next.type == NodeType::BulletList || next.type == NodeType::OrderedList;
      bool joins = !kept_text ? list && !last_fresh
                              : list || next.type == NodeType::CodeBlock ||
                                    (!kept_text->empty() && (kept_text->front() == ' ' || kept_text->front() == '\t'));
      if (!joins) return;
      r_.blank_line();
      r_.lit("<!-- -->");
    };
    for (std::size_t i = 0; i < children.size();) {
      std::size_t r = kept_.run_at[i];
      if (r == KeptText::kNone) {
        end_list(children[i], nullptr);
        gap_written = false;
        last = &children[i];
        last_fresh = true;
        stack_.back().next = i++;
        walk_tree(children[i - 1]);
        continue;
      }
      i += original.runs[r].blocks.size();
      if (written[r]) continue;  // a footnote definition, written where the text has it
      std::string_view kept_text = run_text(original.runs[r], false);
      end_list(children[first_child[r]], &kept_text);
      // The run, then the kept footnote definitions that follow it in the text (cmark moved
      // them to the end of the body).
      for (;;) {
        const OriginalMarkdown::Run& run = original.runs[r];
        written[r] = true;
        const std::size_t next = run.next;
        const bool pull = next != KeptText::kNone && first_child[next] != KeptText::kNone && !written[next] &&
                          children[first_child[next]].type == NodeType::FootnoteDefinition;
        if (!gap_written) block_separator(i);
        // The lines between it and the run that followed it in the text stay when that run
        // follows it here too; otherwise the separator of what comes next is written.
        gap_written = pull || (next != KeptText::kNone && i < children.size() && kept_.run_at[i] == next);
        r_.lit(run_text(run, gap_written || run.open));
        last = &children[first_child[r] + run.blocks.size() - 1];
        last_fresh = false;
        if (!pull) break;
        r = next;
      }
      stack_.back().next = i;
    }
    stack_.pop_back();
    const std::string& definitions = kept_.link_definitions;
    if (definitions.empty()) return;
    r_.blank_line();
    r_.lit(std::string_view(definitions).substr(0, definitions.size() - 1));
  }

  void walk_tree(const Node& root) {
    for (NodeIterator it(root); it.next();) {
      const Node& n = it.node();
      if (it.event() == WalkEvent::Exit) {
        exit(n);
        continue;
      }
      // A text node already written as part of a run.
      if (n.type == NodeType::Text && skip_text_ > 0) {
        --skip_text_;
        continue;
      }
      std::size_t before = stack_.empty() ? 0 : stack_.back().next;
      enter(n, it);
      if (n.type == NodeType::Text && !stack_.empty()) skip_text_ = stack_.back().next - before - 1;
    }
  }

  const Page& page_;
  WikiLinkForm form_;
  LineRenderer r_;
  std::vector<Frame> stack_;
  std::size_t skip_text_ = 0;
  std::string redirect_category_;  // the category a redirect named in the category paragraph
  bool keep_unchanged_ = false;  // what nobody changed is written as read
  KeptText kept_;                // what is written as read (kept_text.hpp)
  int headings_ = 0;     // headings open (one line each: no line breaks in them)
};

}  // namespace

std::string render_page(const Page& page, WikiLinkForm default_form, bool keep_unchanged) {
  return Renderer(page, page_form(page, default_form)).run(keep_unchanged);
}

}  // namespace wikiconv::gfm
