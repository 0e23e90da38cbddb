#include "writers/html_sanitizer.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <vector>

#include "util/html_tag.hpp"

namespace wikiconv {

namespace {

// Elements dropped with everything inside them.
constexpr std::array<std::string_view, 10> kDropWithContent = {
    "script", "style", "iframe", "object", "embed", "applet", "noscript", "template", "frame", "frameset"};
// Elements dropped, their content kept.
constexpr std::array<std::string_view, 8> kDropTag = {"base", "meta", "link", "form", "input", "button",
                                                      "textarea", "select"};

bool contains(const auto& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

// A value that is, or lists, a script URL: SVG's animation attributes (values="a;javascript:..",
// to=, from=) set an href, so every attribute is checked, not only href and src.
bool carries_script_url(std::string_view v) {
  for (std::size_t start = 0;;) {
    if (is_script_url(v.substr(start))) return true;
    std::size_t semi = v.find(';', start);
    if (semi == std::string_view::npos) return false;
    start = semi + 1;
  }
}

void write_tag(std::string& out, const html::Tag& tag) {
  out += tag.closing ? "</" : "<";
  out += tag.name;
  for (const auto& [k, v] : tag.attrs) {
    if (k.rfind("on", 0) == 0) continue;
    if (carries_script_url(v)) continue;
    if (k == "style" && v.find("expression") != std::string::npos) continue;
    out += ' ';
    out += k;
    out += "=\"";
    html::escape(out, v, true);
    out += '"';
  }
  out += tag.self_closing ? " />" : ">";
}

}  // namespace

bool is_script_url(std::string_view v) {
  std::string s;
  for (char c : v) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20) continue;  // browsers ignore whitespace and controls inside the scheme
    s += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (s.size() > 16) break;
  }
  return s.rfind("javascript:", 0) == 0 || s.rfind("vbscript:", 0) == 0 || s.rfind("data:text/html", 0) == 0;
}

std::string sanitize_html(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  std::size_t i = 0;
  std::string skipping;  // inside a dropped element: its name
  while (i < raw.size()) {
    if (raw[i] != '<') {
      std::size_t next = raw.find('<', i);
      if (next == std::string_view::npos) next = raw.size();
      if (skipping.empty()) out.append(raw.substr(i, next - i));
      i = next;
      continue;
    }
    if (raw.substr(i, 4) == "<!--") {
      std::size_t end = raw.find("-->", i + 4);
      i = end == std::string_view::npos ? raw.size() : end + 3;
      continue;
    }
    // Find the end of the tag, honouring quoted attribute values.
    std::size_t j = i + 1;
    char quote = 0;
    while (j < raw.size() && (quote || raw[j] != '>')) {
      if (quote && raw[j] == quote) quote = 0;
      else if (!quote && (raw[j] == '"' || raw[j] == '\'')) quote = raw[j];
      ++j;
    }
    if (j >= raw.size()) {  // unterminated: text
      if (skipping.empty()) html::escape(out, raw.substr(i));
      break;
    }
    std::string_view token = raw.substr(i, j + 1 - i);
    i = j + 1;
    auto tag = html::parse_tag(token);
    if (!tag) {
      if (skipping.empty() && token.substr(0, 2) != "<!" && token.substr(0, 2) != "<?") html::escape(out, token);
      continue;
    }
    if (!skipping.empty()) {
      if (tag->closing && tag->name == skipping) skipping.clear();
      continue;
    }
    if (contains(kDropWithContent, tag->name)) {
      if (!tag->closing && !tag->self_closing) skipping = tag->name;
      continue;
    }
    if (contains(kDropTag, tag->name)) continue;
    write_tag(out, *tag);
  }
  return out;
}

}  // namespace wikiconv

// ---------------------------------------------------------------------------------------------
// XHTML mode: parse leniently, keep a stack of open elements, re-serialize well-formed.

namespace wikiconv {

namespace {

enum class Kind : std::uint8_t {
  Phrasing,     // inline elements (span, em, a, ...)
  Flow,         // block elements that take flow content (div, blockquote, li, td, ...)
  FlowPhrasing, // block elements that take only phrasing content (p, h1-h6, pre, dt, ...)
  Void,         // br, img, hr, wbr, col
  DropContent,  // dropped with everything inside (script, style, svg, ...)
  DropTag,      // the tag is dropped, its content kept (form, label, MediaWiki's <translate>)
  Ignore,       // the tag is dropped; it has no content (MediaWiki's <languages/>, <meta>)
};

struct ElementInfo {
  std::string_view name;
  Kind kind;
  std::string_view write_as;  // the XHTML5 element written for it (obsolete names mapped)
};

// Sorted by name (binary search). Anything not listed is not HTML: its tag is shown as text,
// as MediaWiki shows "<nixpkgs>".
constexpr ElementInfo kElements[] = {
    {"a", Kind::Phrasing, "a"},
    {"abbr", Kind::Phrasing, "abbr"},
    {"acronym", Kind::Phrasing, "abbr"},
    {"address", Kind::Flow, "address"},
    {"applet", Kind::DropContent, ""},
    {"area", Kind::Ignore, ""},
    {"article", Kind::Flow, "article"},
    {"aside", Kind::Flow, "aside"},
    {"audio", Kind::DropContent, ""},
    {"b", Kind::Phrasing, "b"},
    {"base", Kind::Ignore, ""},
    {"bdi", Kind::Phrasing, "bdi"},
    {"bdo", Kind::Phrasing, "bdo"},
    {"big", Kind::Phrasing, "span"},
    {"blink", Kind::Phrasing, "span"},
    {"blockquote", Kind::Flow, "blockquote"},
    {"body", Kind::DropTag, ""},
    {"br", Kind::Void, "br"},
    {"button", Kind::DropTag, ""},
    {"canvas", Kind::DropContent, ""},
    {"caption", Kind::Flow, "caption"},
    {"categorytree", Kind::DropContent, ""},
    {"center", Kind::Flow, "div"},
    {"cite", Kind::Phrasing, "cite"},
    {"code", Kind::Phrasing, "code"},
    {"col", Kind::Void, "col"},
    {"colgroup", Kind::Flow, "colgroup"},
    {"dd", Kind::Flow, "dd"},
    {"del", Kind::Phrasing, "del"},
    {"details", Kind::Flow, "details"},
    {"dfn", Kind::Phrasing, "dfn"},
    {"dir", Kind::Flow, "ul"},
    {"div", Kind::Flow, "div"},
    {"dl", Kind::Flow, "dl"},
    {"dt", Kind::FlowPhrasing, "dt"},
    {"em", Kind::Phrasing, "em"},
    {"embed", Kind::Ignore, ""},
    {"fieldset", Kind::DropTag, ""},
    {"figcaption", Kind::Flow, "figcaption"},
    {"figure", Kind::Flow, "figure"},
    {"font", Kind::Phrasing, "span"},
    {"footer", Kind::Flow, "footer"},
    {"form", Kind::DropTag, ""},
    {"frame", Kind::DropContent, ""},
    {"frameset", Kind::DropContent, ""},
    {"gallery", Kind::DropContent, ""},
    {"h1", Kind::FlowPhrasing, "h1"},
    {"h2", Kind::FlowPhrasing, "h2"},
    {"h3", Kind::FlowPhrasing, "h3"},
    {"h4", Kind::FlowPhrasing, "h4"},
    {"h5", Kind::FlowPhrasing, "h5"},
    {"h6", Kind::FlowPhrasing, "h6"},
    {"head", Kind::DropContent, ""},
    {"header", Kind::Flow, "header"},
    {"hr", Kind::Void, "hr"},
    {"html", Kind::DropTag, ""},
    {"i", Kind::Phrasing, "i"},
    {"iframe", Kind::DropContent, ""},
    {"img", Kind::Void, "img"},
    {"includeonly", Kind::DropContent, ""},
    {"indicator", Kind::DropContent, ""},
    {"input", Kind::Ignore, ""},
    {"ins", Kind::Phrasing, "ins"},
    {"kbd", Kind::Phrasing, "kbd"},
    {"label", Kind::DropTag, ""},
    {"languages", Kind::Ignore, ""},
    {"legend", Kind::DropTag, ""},
    {"li", Kind::Flow, "li"},
    {"link", Kind::Ignore, ""},
    {"main", Kind::DropTag, ""},
    {"map", Kind::DropContent, ""},
    {"mark", Kind::Phrasing, "mark"},
    {"math", Kind::DropContent, ""},
    {"meta", Kind::Ignore, ""},
    {"nav", Kind::DropTag, ""},
    {"nobr", Kind::Phrasing, "span"},
    {"noinclude", Kind::DropTag, ""},
    {"noscript", Kind::DropContent, ""},
    {"nowiki", Kind::DropTag, ""},
    {"object", Kind::DropContent, ""},
    {"ol", Kind::Flow, "ol"},
    {"onlyinclude", Kind::DropTag, ""},
    {"option", Kind::DropContent, ""},
    {"p", Kind::FlowPhrasing, "p"},
    {"param", Kind::Ignore, ""},
    {"poem", Kind::DropTag, ""},
    {"pre", Kind::FlowPhrasing, "pre"},
    {"q", Kind::Phrasing, "q"},
    {"ref", Kind::DropContent, ""},
    {"references", Kind::Ignore, ""},
    {"rp", Kind::Phrasing, "rp"},
    {"rt", Kind::Phrasing, "rt"},
    {"ruby", Kind::Phrasing, "ruby"},
    {"s", Kind::Phrasing, "s"},
    {"samp", Kind::Phrasing, "samp"},
    {"script", Kind::DropContent, ""},
    {"section", Kind::Flow, "section"},
    {"select", Kind::DropContent, ""},
    {"small", Kind::Phrasing, "small"},
    {"source", Kind::Ignore, ""},
    {"span", Kind::Phrasing, "span"},
    {"strike", Kind::Phrasing, "s"},
    {"strong", Kind::Phrasing, "strong"},
    {"style", Kind::DropContent, ""},
    {"sub", Kind::Phrasing, "sub"},
    {"summary", Kind::FlowPhrasing, "summary"},
    {"sup", Kind::Phrasing, "sup"},
    {"svg", Kind::DropContent, ""},
    {"table", Kind::Flow, "table"},
    {"tbody", Kind::Flow, "tbody"},
    {"td", Kind::Flow, "td"},
    {"template", Kind::DropContent, ""},
    {"templatestyles", Kind::Ignore, ""},
    {"textarea", Kind::DropContent, ""},
    {"tfoot", Kind::Flow, "tfoot"},
    {"th", Kind::Flow, "th"},
    {"thead", Kind::Flow, "thead"},
    {"time", Kind::Phrasing, "time"},
    {"title", Kind::DropContent, ""},
    {"tr", Kind::Flow, "tr"},
    {"track", Kind::Ignore, ""},
    {"translate", Kind::DropTag, ""},
    {"tt", Kind::Phrasing, "code"},
    {"tvar", Kind::DropTag, ""},
    {"u", Kind::Phrasing, "u"},
    {"ul", Kind::Flow, "ul"},
    {"var", Kind::Phrasing, "var"},
    {"video", Kind::DropContent, ""},
    {"wbr", Kind::Void, "wbr"},
};

const ElementInfo* element_info(std::string_view name) {
  auto end = std::end(kElements);
  auto it = std::lower_bound(std::begin(kElements), end, name,
                             [](const ElementInfo& e, std::string_view n) { return e.name < n; });
  return it != end && it->name == name ? it : nullptr;
}

bool is_digits(std::string_view v, bool allow_sign = false) {
  if (allow_sign && !v.empty() && v.front() == '-') v.remove_prefix(1);
  if (v.empty() || v.size() > 9) return false;
  for (char c : v)
    if (c < '0' || c > '9') return false;
  return true;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool all_space(std::string_view s) {
  for (char c : s)
    if (!is_space(c)) return false;
  return true;
}


class XhtmlSanitizer {
 public:
  XhtmlSanitizer(bool block, const XhtmlRules& rules) : block_(block), rules_(rules) {}

  std::string run(std::string_view raw) {
    out_.reserve(raw.size() + 16);
    std::size_t i = 0;
    while (i < raw.size()) {
      std::size_t lt = raw.find('<', i);
      if (lt == std::string_view::npos) lt = raw.size();
      if (lt > i) text(raw.substr(i, lt - i));
      i = lt;
      if (i >= raw.size()) break;
      i = markup(raw, i);
    }
    // What is still open ends here; an element left empty (an <a> whose text follows in the
    // next node) is dropped rather than written as a link to nothing.
    while (!open_.empty()) {
      // Empty: nothing after its start tag ('>' in values and text is escaped, so a final '>'
      // with no '<' after the tag's own ends the start tag).
      if (out_.find('<', open_.back().start + 1) == std::string::npos && out_.back() == '>') {
        out_.resize(open_.back().start);
        open_.pop_back();
      } else {
        close_top();
      }
    }
    return std::move(out_);
  }

 private:
  struct Open {
    const ElementInfo* info;
    std::size_t start;  // where its start tag begins in out_
  };

  // Handles the markup starting at raw[i] == '<'; returns where to go on.
  std::size_t markup(std::string_view raw, std::size_t i) {
    std::string_view rest = raw.substr(i);
    if (rest.substr(0, 4) == "<!--") {
      std::size_t end = raw.find("-->", i + 4);
      return end == std::string_view::npos ? raw.size() : end + 3;
    }
    char next = rest.size() > 1 ? rest[1] : '\0';
    bool letter = (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z');
    if (!letter && next != '/' && next != '!' && next != '?') {  // "a < b": text
      text("<");
      return i + 1;
    }
    // The end of the tag, honouring quoted attribute values.
    std::size_t j = i + 1;
    char quote = 0;
    while (j < raw.size() && (quote || raw[j] != '>')) {
      if (quote && raw[j] == quote) quote = 0;
      else if (!quote && (raw[j] == '"' || raw[j] == '\'')) quote = raw[j];
      ++j;
    }
    if (j >= raw.size()) {  // unterminated: the '<' is text
      text("<");
      return i + 1;
    }
    std::string_view token = raw.substr(i, j + 1 - i);
    if (next == '!' || next == '?') return j + 1;  // declarations, CDATA, processing instructions
    auto tag = html::parse_tag(token);
    const ElementInfo* info = tag ? element_info(tag->name) : nullptr;
    if (skipping_) {
      if (tag && info == skipping_) {
        if (tag->closing) {
          if (--skip_depth_ == 0) skipping_ = nullptr;
        } else if (!tag->self_closing) {
          ++skip_depth_;
        }
      }
      return j + 1;
    }
    if (!info) {  // not HTML (or not a tag at all): shown as written
      text(token, false);
      return j + 1;
    }
    if (tag->closing) end_tag(*info);
    else start_tag(*tag, *info);
    return j + 1;
  }

  void text(std::string_view s, bool decode = true) {
    if (skipping_ || s.empty()) return;
    if (!all_space(s)) text_context();
    if (decode) escape_xml(out_, html::decode_entities(s));
    else escape_xml(out_, s);
  }

  // Non-blank text where only elements may go gets the element HTML would infer.
  void text_context() {
    if (open_.empty()) return;
    std::string_view top = open_.back().info->write_as;
    if (top == "ul" || top == "ol") push_implied("li");
    else if (top == "dl") push_implied("dd");
    else if (top == "table" || top == "tbody" || top == "thead" || top == "tfoot" || top == "tr") {
      cell_context();
    } else if (top == "colgroup") {
      close_top();
      text_context();
    }
  }

  void cell_context() {
    std::string_view top = open_.back().info->write_as;
    if (top == "table" || top == "tbody" || top == "thead" || top == "tfoot") push_implied("tr");
    push_implied("td");
  }

  bool in(std::string_view name) const {
    for (const auto& o : open_)
      if (o.info->write_as == name) return true;
    return false;
  }
  std::string_view top_name() const { return open_.empty() ? std::string_view() : open_.back().info->write_as; }

  void push_implied(std::string_view name) {
    const ElementInfo* info = element_info(name);
    open_.push_back({info, out_.size()});
    out_ += '<';
    out_ += info->write_as;
    out_ += '>';
  }

  void close_top() {
    out_ += "</";
    out_ += open_.back().info->write_as;
    out_ += '>';
    open_.pop_back();
  }

  // Pops until the top is one of `stops` (or the stack is empty); false when none was found.
  bool close_until(std::initializer_list<std::string_view> stops) {
    std::size_t k = open_.size();
    while (k > 0 && std::find(stops.begin(), stops.end(), open_[k - 1].info->write_as) == stops.end()) --k;
    if (k == 0) return false;
    while (open_.size() > k) close_top();
    return true;
  }

  // Index of the innermost open `name` above any of `barriers`, or npos.
  std::size_t find_open(std::string_view name, std::initializer_list<std::string_view> barriers) const {
    for (std::size_t k = open_.size(); k-- > 0;) {
      std::string_view n = open_[k].info->write_as;
      if (n == name) return k;
      if (std::find(barriers.begin(), barriers.end(), n) != barriers.end()) return std::string::npos;
    }
    return std::string::npos;
  }

  void start_tag(const html::Tag& tag, const ElementInfo& info) {
    switch (info.kind) {
      case Kind::DropContent:
        if (!tag.self_closing) {
          skipping_ = &info;
          skip_depth_ = 1;
        }
        return;
      case Kind::DropTag:
      case Kind::Ignore: return;
      default: break;
    }
    std::string_view name = info.write_as;
    bool flow = info.kind == Kind::Flow || info.kind == Kind::FlowPhrasing || name == "hr";
    if (flow && !block_) return;  // block element inside a paragraph: its content stays
    if (tag.self_closing && info.kind != Kind::Void) return;  // <div/>: an empty element
    if (name == "img") {
      image(tag);
      return;
    }
    if (flow) {
      // Block elements end open phrasing elements and paragraphs (what browsers do with <p>).
      while (!open_.empty() && (open_.back().info->kind == Kind::Phrasing ||
                                open_.back().info->kind == Kind::FlowPhrasing))
        close_top();
      if (!structure(name)) return;
    } else if (name == "a") {
      std::size_t a = find_open("a", {});
      if (a != std::string::npos)
        while (open_.size() > a) close_top();
    }
    if (name != "tr" && name != "td" && name != "th" && name != "tbody" && name != "thead" &&
        name != "tfoot" && name != "caption" && name != "colgroup" && name != "col" && name != "li" &&
        name != "dd" && name != "dt")
      text_context();  // a <span> directly in a <table> goes into a cell, as text would
    std::size_t start = out_.size();
    write_start(tag, info);
    if (info.kind == Kind::Void) {
      out_ += " />";
    } else {
      out_ += '>';
      open_.push_back({&info, start});
    }
  }

  // Table and list structure: closes what the new element implicitly ends and opens what it
  // implicitly needs; false drops the tag (a <td> outside any table).
  bool structure(std::string_view name) {
    if (name == "li") {
      std::size_t li = find_open("li", {"ul", "ol", "div", "blockquote", "td", "th", "dd", "section"});
      if (li != std::string::npos)
        while (open_.size() > li) close_top();
      if (top_name() != "ul" && top_name() != "ol") push_implied("ul");
      return true;
    }
    if (name == "dt" || name == "dd") {
      std::size_t item = std::max(find_open("dt", {"dl"}) + 1, find_open("dd", {"dl"}) + 1);
      if (item != 0)
        while (open_.size() >= item) close_top();
      if (top_name() != "dl") push_implied("dl");
      return true;
    }
    if (name == "td" || name == "th") {
      if (!in("table")) return false;
      close_until({"tr", "table", "tbody", "thead", "tfoot"});
      if (top_name() != "tr") push_implied("tr");
      return true;
    }
    if (name == "tr") {
      if (!in("table")) return false;
      close_until({"table", "tbody", "thead", "tfoot"});
      return true;
    }
    if (name == "tbody" || name == "thead" || name == "tfoot" || name == "caption" || name == "colgroup") {
      if (!in("table")) return false;
      close_until({"table"});
      return true;
    }
    if (name == "col") {
      if (!in("table")) return false;
      if (top_name() != "colgroup") {
        close_until({"table"});
        push_implied("colgroup");
      }
      return true;
    }
    if (name == "ul" || name == "ol" || name == "dl") {
      if (top_name() == "ul" || top_name() == "ol") push_implied("li");
      else if (top_name() == "dl") push_implied("dd");
    }
    std::string_view top = top_name();
    if (top == "table" || top == "tbody" || top == "thead" || top == "tfoot" || top == "tr") cell_context();
    else if (top == "ul" || top == "ol") push_implied("li");
    else if (top == "dl") push_implied("dd");
    else if (top == "colgroup") close_top();
    return true;
  }

  void end_tag(const ElementInfo& info) {
    if (info.kind == Kind::Void) {
      if (info.write_as == "br") start_tag(html::Tag{"br", {}, false, true}, info);  // </br> is <br>
      return;
    }
    if (info.kind != Kind::Phrasing && info.kind != Kind::Flow && info.kind != Kind::FlowPhrasing) return;
    for (std::size_t k = open_.size(); k-- > 0;) {
      if (open_[k].info == &info) {
        while (open_.size() > k) close_top();
        return;
      }
    }
    // No such open element: dropped (</p> without <p> included).
  }

  void image(const html::Tag& tag) {
    std::string src = rules_.src ? rules_.src(tag.attr("src")) : std::string();
    std::string_view alt = tag.attr("alt");
    if (src.empty()) {
      text_context();
      escape_xml(out_, alt);
      return;
    }
    text_context();
    out_ += "<img src=\"";
    escape_xml(out_, src, true);
    out_ += "\" alt=\"";
    escape_xml(out_, alt, true);
    out_ += '"';
    for (std::string_view a : {"width", "height"}) {
      std::string_view v = tag.attr(a);
      if (is_digits(v)) {
        out_ += ' ';
        out_ += a;
        out_ += "=\"";
        out_ += v;
        out_ += '"';
      }
    }
    write_global_attrs(tag, "img");
    out_ += " />";
  }

  void write_start(const html::Tag& tag, const ElementInfo& info) {
    std::string_view name = info.write_as;
    out_ += '<';
    out_ += name;
    if (name == "a") {
      std::string href = rules_.href ? rules_.href(tag.attr("href")) : std::string();
      if (!tag.attr("href").empty() && !href.empty()) attribute("href", href);
    } else if (name == "td" || name == "th") {
      std::string_view colspan = tag.attr("colspan"), rowspan = tag.attr("rowspan");
      if (is_digits(colspan) && colspan != "0" && colspan != "1") attribute("colspan", colspan);
      if (is_digits(rowspan) && rowspan != "1") attribute("rowspan", rowspan);
      std::string_view scope = tag.attr("scope");
      if (name == "th" && (scope == "row" || scope == "col" || scope == "rowgroup" || scope == "colgroup"))
        attribute("scope", scope);
    } else if (name == "ol") {
      if (is_digits(tag.attr("start"), true)) attribute("start", tag.attr("start"));
      std::string_view type = tag.attr("type");
      if (type == "1" || type == "a" || type == "A" || type == "i" || type == "I") attribute("type", type);
      for (const auto& [k, v] : tag.attrs)
        if (k == "reversed") attribute("reversed", "reversed");
    } else if (name == "li") {
      if (is_digits(tag.attr("value"), true)) attribute("value", tag.attr("value"));
    } else if (name == "col" || name == "colgroup") {
      if (is_digits(tag.attr("span")) && tag.attr("span") != "0") attribute("span", tag.attr("span"));
    } else if (name == "details") {
      for (const auto& [k, v] : tag.attrs)
        if (k == "open") attribute("open", "open");
    } else if (name == "bdo") {
      std::string_view dir = tag.attr("dir");
      if (dir != "ltr" && dir != "rtl") attribute("dir", "ltr");
    }
    write_global_attrs(tag, tag.name);
  }

  void write_global_attrs(const html::Tag& tag, std::string_view source_name) {
    std::string classes(tag.attr("class"));
    std::string_view align = tag.attr("align");
    if (align == "left" || align == "center" || align == "right" || align == "justify") {
      if (!classes.empty()) classes += ' ';
      classes += "align-";
      classes += align;
    }
    if (source_name == "center") classes += classes.empty() ? "align-center" : " align-center";
    if (!classes.empty()) attribute("class", classes);
    std::string_view seen_lang;
    bool id_done = false, title_done = false, dir_done = false;
    for (const auto& [k, v] : tag.attrs) {
      if (k == "id") {
        if (id_done || !rules_.id) continue;
        id_done = true;
        std::string id = rules_.id(v);
        if (!id.empty()) attribute("id", id);
      } else if (k == "title" && !title_done) {
        title_done = true;
        attribute("title", v);
      } else if (k == "lang" && seen_lang.empty() && html::is_language_tag(v)) {
        seen_lang = v;
        attribute("lang", v);
        attribute("xml:lang", v);
      } else if (k == "dir" && !dir_done && tag.name != "bdo" && (v == "ltr" || v == "rtl" || v == "auto")) {
        dir_done = true;
        attribute("dir", v);
      } else if (k.size() > 5 && k.rfind("data-", 0) == 0 && xhtml_attribute_allowed(source_name, k)) {
        bool repeated = false;
        for (const auto& [k2, v2] : tag.attrs) {
          if (&k2 == &k) break;
          repeated |= k2 == k;
        }
        if (!repeated) attribute(k, v);
      }
    }
  }

  void attribute(std::string_view name, std::string_view value) {
    out_ += ' ';
    out_ += name;
    out_ += "=\"";
    escape_xml(out_, value, true);
    out_ += '"';
  }

  bool block_;
  const XhtmlRules& rules_;
  std::string out_;
  std::vector<Open> open_;
  const ElementInfo* skipping_ = nullptr;
  int skip_depth_ = 0;
};

}  // namespace

std::string sanitize_xhtml(std::string_view raw, bool block, const XhtmlRules& rules) {
  return XhtmlSanitizer(block, rules).run(raw);
}

bool xhtml_attribute_allowed(std::string_view element, std::string_view name) {
  if (name == "class" || name == "title" || name == "lang" || name == "dir") return true;
  if (name.size() > 5 && name.rfind("data-", 0) == 0) {
    // data-* names must be XML names without upper case letters or colons.
    for (char c : name.substr(5))
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) return false;
    return true;
  }
  return false;
}

void escape_xml(std::string& out, std::string_view s, bool attribute) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20) {
      if (c == '\n' || c == '\t' || c == '\r') out += attribute && c != '\t' ? ' ' : c;
      continue;  // not allowed in XML 1.0
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"':
        if (attribute) out += "&quot;";
        else out += c;
        break;
      default: out += c;
    }
  }
}

}  // namespace wikiconv
