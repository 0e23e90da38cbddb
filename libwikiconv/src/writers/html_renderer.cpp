#include "writers/html_renderer.hpp"

#include <map>
#include <set>
#include <vector>

#include "util/html_tag.hpp"
#include "writers/html_sanitizer.hpp"

namespace wikiconv {

namespace {

class HtmlRenderer {
 public:
  HtmlRenderer(std::string& out, const HtmlRenderOptions& o) : out_(out), o_(o) {}

  void render(const Node& root) {
    if (o_.epub_notes) {
      // Only references to notes that exist become links (a dangling #fn-x is an epubcheck error).
      for (const Node& c : root.children)
        if (c.type == NodeType::FootnoteDefinition) defined_notes_.insert(c.label);
    }
    NodeIterator it(root);
    while (it.next()) {
      const Node& n = it.node();
      if (it.event() == WalkEvent::Enter) {
        if (!enter(n, it)) it.skip_children();
        if (is_container(n.type)) stack_.push_back(&n);
      } else {
        stack_.pop_back();
        exit(n);
      }
    }
    if (!notes_.empty()) {
      if (o_.epub_notes) {
        out_ += "<section class=\"footnotes\" epub:type=\"endnotes\" role=\"doc-endnotes\">\n";
      } else {
        out_ += "<section class=\"footnotes\" data-footnotes>\n<ol>\n";
      }
      for (const Node* def : notes_) render_note(*def);
      out_ += o_.epub_notes ? "</section>\n" : "</ol>\n</section>\n";
    }
  }

 private:
  const Node* parent() const { return stack_.empty() ? nullptr : stack_.back(); }
  const Node* grandparent() const { return stack_.size() < 2 ? nullptr : stack_[stack_.size() - 2]; }
  bool in_tight_item() const {
    const Node* p = parent();
    const Node* g = grandparent();
    return p && g && p->type == NodeType::ListItem && g->tight;
  }
  void cr() {
    if (!out_.empty() && out_.back() != '\n') out_ += '\n';
  }
  void esc(std::string_view s) {
    if (o_.xhtml) escape_xml(out_, s);
    else html::escape(out_, s);
  }
  void attr(std::string_view s) {
    if (o_.xhtml) escape_xml(out_, s, true);
    else html::escape(out_, s, true);
  }
  const char* void_end() const { return o_.xhtml ? " />" : " />"; }

  std::string note_id(std::string_view label) const { return o_.id_prefix + "fn-" + id_safe(label); }
  std::string ref_id(std::string_view label) const { return o_.id_prefix + "fnref-" + id_safe(label); }
  // Labels in ids: for EPUB, only characters an XML id may hold (others as _XX).
  std::string id_safe(std::string_view label) const {
    if (!o_.epub_notes) return html::escape(label, true);  // labels from JSON may hold quotes
    std::string out;
    for (char c : label) {
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') {
        out += c;
      } else {
        static constexpr char kHex[] = "0123456789ABCDEF";
        out += '_';
        out += kHex[static_cast<unsigned char>(c) >> 4];
        out += kHex[static_cast<unsigned char>(c) & 15];
      }
    }
    return out;
  }

  bool enter(const Node& n, NodeIterator& it) {
    switch (n.type) {
      case NodeType::Document: break;
      case NodeType::Heading: {
        cr();
        int level = std::min(6, std::max(1, n.level + o_.heading_offset));
        out_ += "<h" + std::to_string(level);
        if (o_.heading_id) {
          std::string id = o_.heading_id(n);
          if (!id.empty()) {
            out_ += " id=\"";
            attr(id);
            out_ += '"';
          }
        }
        out_ += '>';
        break;
      }
      case NodeType::Paragraph:
        if (!in_tight_item()) {
          cr();
          out_ += "<p>";
        }
        break;
      case NodeType::BulletList:
        cr();
        out_ += "<ul>\n";
        break;
      case NodeType::OrderedList:
        cr();
        out_ += n.start != 1 ? "<ol start=\"" + std::to_string(n.start) + "\">\n" : "<ol>\n";
        break;
      case NodeType::ListItem:
        cr();
        out_ += "<li>";
        if (n.task != TaskState::None && o_.xhtml) {
          // A glyph reads better than a form control in an e-reader.
          out_ += n.task == TaskState::Checked ? "<span class=\"task done\">\xE2\x98\x91</span> "
                                               : "<span class=\"task\">\xE2\x98\x90</span> ";
        } else if (n.task != TaskState::None) {
          out_ += n.task == TaskState::Checked ? "<input type=\"checkbox\" checked=\"checked\" disabled=\"disabled\""
                                               : "<input type=\"checkbox\" disabled=\"disabled\"";
          out_ += void_end();
          out_ += ' ';
        }
        break;
      case NodeType::CodeBlock:
        cr();
        out_ += "<pre><code";
        if (!n.info.empty()) {
          out_ += " class=\"language-";
          attr(n.info);
          out_ += '"';
        }
        out_ += '>';
        esc(n.text);
        out_ += "</code></pre>\n";
        break;
      case NodeType::BlockQuote:
        cr();
        out_ += "<blockquote>\n";
        break;
      case NodeType::Table:
        cr();
        out_ += "<table>\n";
        table_ = &n;
        body_open_ = false;
        break;
      case NodeType::TableRow:
        if (n.header) {
          out_ += "<thead>\n";
        } else if (!body_open_) {
          out_ += "<tbody>\n";
          body_open_ = true;
        }
        out_ += "<tr>\n";
        cell_ = 0;
        break;
      case NodeType::TableCell: {
        const Node* row = parent();
        out_ += row && row->header ? "<th" : "<td";
        if (std::string_view span = n.attr("colspan"); !span.empty()) {
          out_ += " colspan=\"";
          attr(span);
          out_ += '"';
        }
        if (table_ && cell_ < table_->aligns.size() && table_->aligns[cell_] != Alignment::None) {
          Alignment a = table_->aligns[cell_];
          if (o_.xhtml) out_ += a == Alignment::Left ? " class=\"align-left\"" : a == Alignment::Center ? " class=\"align-center\"" : " class=\"align-right\"";
          else out_ += a == Alignment::Left ? " align=\"left\"" : a == Alignment::Center ? " align=\"center\"" : " align=\"right\"";
        }
        out_ += '>';
        ++cell_;
        break;
      }
      case NodeType::ThematicBreak:
        cr();
        out_ += "<hr";
        out_ += void_end();
        out_ += '\n';
        break;
      case NodeType::FootnoteDefinition:
        notes_.push_back(&n);  // rendered at the end, in order
        it.skip_children();
        return true;
      case NodeType::HtmlBlock:
        cr();
        raw(n.text, true);
        cr();
        break;
      case NodeType::Div:
        cr();
        out_ += "<div";
        attrs(n);
        out_ += ">\n";
        break;
      case NodeType::Text: esc(n.text); break;
      case NodeType::Emphasis: out_ += "<em>"; break;
      case NodeType::Strong: out_ += "<strong>"; break;
      case NodeType::Strikethrough: out_ += "<del>"; break;
      case NodeType::Code:
        out_ += "<code>";
        esc(n.text);
        out_ += "</code>";
        break;
      case NodeType::Link: {
        std::string href = o_.link_href ? o_.link_href(n) : safe_url(n.target);
        // XHTML: no link inside a link (an error for validators, a puzzle for readers).
        if ((o_.link_href && href.empty()) || (o_.xhtml && links_open_ > 0)) {
          link_open_.push_back(false);
          break;
        }
        link_open_.push_back(true);
        ++links_open_;
        out_ += "<a href=\"";
        attr(href);
        out_ += '"';
        if (!n.title.empty()) {
          out_ += " title=\"";
          attr(n.title);
          out_ += '"';
        }
        out_ += '>';
        break;
      }
      case NodeType::WikiLink: {
        std::string href = o_.wiki_href ? o_.wiki_href(n) : std::string();
        if (is_script_url(href)) href.clear();  // a "page" named javascript:... stays text
        if (o_.xhtml && links_open_ > 0) href.clear();
        link_open_.push_back(!href.empty());
        if (!href.empty()) {
          ++links_open_;
          out_ += "<a href=\"";
          attr(href);
          out_ += "\" class=\"wikilink\">";
        }
        if (n.children.empty()) esc(n.anchor.empty() ? n.target : n.target + "#" + n.anchor);
        break;
      }
      case NodeType::Image: {
        std::string src = o_.image_src ? o_.image_src(n) : safe_url(n.target);
        std::string alt = n.plain_text();
        if (alt.empty()) alt = n.title;
        if (src.empty()) {
          esc(alt);
        } else {
          out_ += "<img src=\"";
          attr(src);
          out_ += "\" alt=\"";
          attr(alt);
          out_ += '"';
          if (!n.title.empty()) {
            out_ += " title=\"";
            attr(n.title);
            out_ += '"';
          }
          if (!n.size.empty()) {
            std::string w = n.size.substr(0, n.size.find_first_of("xp"));
            bool digits = !w.empty() && w.find_first_not_of("0123456789") == std::string::npos;
            if (digits) out_ += " width=\"" + w + "\"";
          }
          out_ += void_end();
        }
        it.skip_children();
        return true;
      }
      case NodeType::FootnoteReference:
        if (o_.epub_notes) {
          if (!defined_notes_.count(n.label) || links_open_ > 0) {
            out_ += "<sup>";
            esc(n.label);
            out_ += "</sup>";
            break;
          }
          // The second reference to a note gets its own id (fnref-x-2), as cmark-gfm does.
          int count = ++note_refs_[n.label];
          std::string id = ref_id(n.label) + (count > 1 ? "-" + std::to_string(count) : "");
          out_ += "<sup><a href=\"#" + note_id(n.label) + "\" id=\"" + id +
                  "\" epub:type=\"noteref\" role=\"doc-noteref\">";
          esc(n.label);
          out_ += "</a></sup>";
        } else {
          out_ += "<sup class=\"footnote-ref\"><a href=\"#" + note_id(n.label) + "\" id=\"" + ref_id(n.label) +
                  "\" data-footnote-ref>" + html::escape(n.label) + "</a></sup>";
        }
        break;
      case NodeType::SoftBreak: out_ += '\n'; break;
      case NodeType::LineBreak:
        out_ += "<br";
        out_ += void_end();
        out_ += '\n';
        break;
      case NodeType::Superscript: out_ += "<sup>"; break;
      case NodeType::Subscript: out_ += "<sub>"; break;
      case NodeType::Span:
        out_ += "<span";
        attrs(n);
        out_ += '>';
        break;
      case NodeType::HtmlInline: raw(n.text, false); break;
    }
    return true;
  }

  void exit(const Node& n) {
    switch (n.type) {
      case NodeType::Heading: {
        int level = std::min(6, std::max(1, n.level + o_.heading_offset));
        out_ += "</h" + std::to_string(level) + ">\n";
        break;
      }
      case NodeType::Paragraph:
        if (!in_tight_item()) out_ += "</p>\n";
        else if (needs_cr_after_tight_paragraph(n)) out_ += '\n';
        break;
      case NodeType::BulletList: cr(); out_ += "</ul>\n"; break;
      case NodeType::OrderedList: cr(); out_ += "</ol>\n"; break;
      case NodeType::ListItem: out_ += "</li>\n"; break;
      case NodeType::BlockQuote: cr(); out_ += "</blockquote>\n"; break;
      case NodeType::Table:
        if (body_open_) out_ += "</tbody>\n";
        out_ += "</table>\n";
        table_ = nullptr;
        break;
      case NodeType::TableRow:
        out_ += "</tr>\n";
        if (n.header) out_ += "</thead>\n";
        break;
      case NodeType::TableCell: {
        const Node* row = parent();
        out_ += row && row->header ? "</th>\n" : "</td>\n";
        break;
      }
      case NodeType::Div: cr(); out_ += "</div>\n"; break;
      case NodeType::Emphasis: out_ += "</em>"; break;
      case NodeType::Strong: out_ += "</strong>"; break;
      case NodeType::Strikethrough: out_ += "</del>"; break;
      case NodeType::Link:
      case NodeType::WikiLink:
        if (link_open_.back()) {
          out_ += "</a>";
          --links_open_;
        }
        link_open_.pop_back();
        break;
      case NodeType::Superscript: out_ += "</sup>"; break;
      case NodeType::Subscript: out_ += "</sub>"; break;
      case NodeType::Span: out_ += "</span>"; break;
      default: break;
    }
  }

  // In a tight item, a paragraph followed by another block ends its line (as cmark does).
  bool needs_cr_after_tight_paragraph(const Node& n) const {
    const Node* item = parent();
    return item && &item->children.back() != &n;
  }

  void attrs(const Node& n) {
    if (o_.attribute) {
      for (const auto& [k, v] : n.attrs) {
        std::string value = v;
        if (!o_.attribute(n, k, value)) continue;
        out_ += ' ';
        out_ += k;
        out_ += "=\"";
        attr(value);
        out_ += '"';
      }
      return;
    }
    for (const auto& [k, v] : n.attrs) {
      if (k.empty() || k.rfind("on", 0) == 0) continue;  // no event handlers
      if (is_script_url(v)) continue;                     // <a xlink:href="javascript:..">
      bool ok = true;
      for (char c : k) ok &= (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':';
      if (!ok) continue;
      out_ += ' ';
      out_ += k;
      out_ += "=\"";
      attr(v);
      out_ += '"';
    }
  }

  static std::string safe_url(const std::string& url) { return is_script_url(url) ? "#" : url; }

  void raw(std::string_view s, bool block) {
    if (!o_.raw_html) {
      esc(s);
    } else if (o_.xhtml && links_open_ > 0) {
      // Inside a link, raw <a> tags go (no link inside a link); the sanitized fragment is
      // well-formed with '>' escaped in values, so its tags end at the next '>'.
      std::string fragment = o_.raw_html(s, block);
      for (std::size_t i = 0; i < fragment.size();) {
        std::string_view rest = std::string_view(fragment).substr(i);
        bool anchor = rest.rfind("<a ", 0) == 0 || rest.rfind("<a>", 0) == 0 || rest.rfind("</a>", 0) == 0;
        if (anchor) {
          i = fragment.find('>', i) + 1;
          continue;
        }
        out_ += fragment[i++];
      }
    } else {
      out_ += o_.raw_html(s, block);
    }
  }

  void render_note(const Node& def) {
    std::string body;
    HtmlRenderOptions inner = o_;
    HtmlRenderer r(body, inner);
    for (const Node& c : def.children) r.render_child(c);
    std::string back = "<a href=\"#" + ref_id(def.label) + "\" class=\"footnote-backref\"" +
                       (o_.epub_notes ? " role=\"doc-backlink\"" : " data-footnote-backref") + ">\xE2\x86\xA9</a>";
    if (o_.epub_notes) {
      // One back link per reference; a note nobody refers to has none.
      auto refs = note_refs_.find(def.label);
      int count = refs == note_refs_.end() ? 0 : refs->second;
      back.clear();
      for (int k = 1; k <= count; ++k) {
        std::string id = ref_id(def.label) + (k > 1 ? "-" + std::to_string(k) : "");
        back += (k > 1 ? " " : "") + ("<a href=\"#" + id + "\" class=\"footnote-backref\" role=\"doc-backlink\">\xE2\x86\xA9" +
                                     (k > 1 ? "<sup>" + std::to_string(k) + "</sup>" : std::string()) + "</a>");
      }
    }
    // The back link goes inside the note's last paragraph, as cmark-gfm puts it.
    std::size_t p = body.rfind("</p>");
    if (back.empty()) {
    } else if (p != std::string::npos) {
      body.insert(p, " " + back);
    } else {
      body += back;
    }
    if (o_.epub_notes) {
      // Read in order (no pop-up), a note needs its number.
      std::string number = "<span class=\"note-number\">";
      html::escape(number, def.label);
      number += ".</span> ";
      if (body.rfind("<p>", 0) == 0) body.insert(3, number);
      else body.insert(0, "<p>" + number + "</p>\n");
      out_ += "<aside id=\"" + note_id(def.label) + "\" epub:type=\"footnote\" role=\"doc-footnote\">\n" + body + "</aside>\n";
    } else {
      out_ += "<li id=\"" + note_id(def.label) + "\">\n" + body + "</li>\n";
    }
  }

  void render_child(const Node& n) { render(n); }

  std::string& out_;
  const HtmlRenderOptions& o_;
  std::vector<const Node*> stack_;
  std::vector<bool> link_open_;
  int links_open_ = 0;  // <a> elements open around the current node
  std::set<std::string> defined_notes_;
  std::map<std::string, int> note_refs_;
  std::vector<const Node*> notes_;
  const Node* table_ = nullptr;
  bool body_open_ = false;
  std::size_t cell_ = 0;
};

}  // namespace

void render_html(const Node& root, std::string& out, const HtmlRenderOptions& options) {
  HtmlRenderer(out, options).render(root);
}

std::string mediawiki_anchor(std::string_view heading_text) {
  std::string out;
  bool space = false;
  for (char c : heading_text) {
    if (c == ' ' || c == '\t' || c == '\n') {
      space = !out.empty();
      continue;
    }
    if (space) out += '_';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace wikiconv
