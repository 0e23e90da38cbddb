#include "writers/html_sanitizer.hpp"

#include <algorithm>
#include <array>

#include "util/html_elements.hpp"
#include "util/html_tag.hpp"

namespace wikiconv {

namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool is_digits(std::string_view v) {
  if (v.empty() || v.size() > 9) return false;
  return std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A span count worth writing: 2..max (1 is the default, 0 and junk are dropped).
bool is_span_count(std::string_view v, long max) {
  return is_digits(v) && std::stol(std::string(v)) >= 2 && std::stol(std::string(v)) <= max;
}

// data-* names an XML serialisation accepts and HTML keeps as they are (no upper case).
bool is_data_attribute(std::string_view name) {
  if (name.size() <= 5 || name.rfind("data-", 0) != 0) return false;
  return std::all_of(name.begin() + 5, name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

// What an obsolete element (or one the EPUB writes as a plain div) looked like, as a CSS
// declaration (HTML5 style) and as a class of the zine's stylesheet (XHTML).
struct Presentation {
  std::string_view css;
  std::string_view css_class;
};

Presentation presentation_of(const Node& node, std::string_view element) {
  if (node.type == NodeType::Span) {
    if (node.info == "big") return {"font-size: larger", "big"};
    if (node.info == "nobr") return {"white-space: nowrap", "nobr"};
  } else if (node.type == NodeType::Div && element == "div") {
    if (node.info == "summary") return {"font-weight: bold", "summary"};
  }
  return {};
}

}  // namespace

std::string_view phrase_element(const Node& span, HtmlDialect dialect, const ElementContext& where) {
  static constexpr std::array<std::string_view, 7> kAsThemselves = {"abbr", "bdi", "cite", "mark",
                                                                    "q",    "small", "var"};
  std::string_view info = span.info;
  if (info == "dfn") return where.in_dfn ? "span" : "dfn";
  for (std::string_view name : kAsThemselves)
    if (info == name) return name;
  if (info == "acronym") return "abbr";
  if (info == "bdo") {
    std::string_view dir = span.attr("dir");
    return dir == "ltr" || dir == "rtl" ? "bdo" : "span";
  }
  if (info == "ruby") {
    // A ruby without annotations is no ruby (the content model needs an rt).
    for (const Node& c : span.children)
      if (c.type == NodeType::Span && c.info == "rt") return "ruby";
    return "span";
  }
  if (info == "rt" || info == "rp") return where.parent == "ruby" ? (info == "rt" ? "rt" : "rp") : "span";
  // A time without a machine-readable value must hold one as its text; validators check it.
  if (info == "time" && dialect == HtmlDialect::Html5) return "time";
  return "span";
}

std::string_view division_element(const Node& div, HtmlDialect dialect, const ElementContext& where) {
  std::string_view info = div.info;
  for (std::string_view name : {"section", "article", "aside", "nav"})
    if (info == name) return name;
  if (info == "header" || info == "footer") return where.in_header_footer ? "div" : (info == "header" ? "header" : "footer");
  if (dialect == HtmlDialect::Html5) {
    // A closed details hides its content: fine in a browser, not in a book.
    if (info == "details" && !div.children.empty() && div.children.front().type == NodeType::Div &&
        div.children.front().info == "summary")
      return "details";
    if (info == "summary" && where.parent == "details" && where.first_child) return "summary";
  }
  return "div";
}

RawElementShows raw_element_shows(const Node& element) {
  switch (html::element_role(lower(element.info))) {
    case html::Role::Hidden: return RawElementShows::Nothing;
    case html::Role::Embedded: return RawElementShows::Fallback;
    default: return RawElementShows::Content;
  }
}

std::string_view embedded_source(const Node& element) {
  for (std::string_view name : {"src", "data", "href"}) {
    std::string_view v = trim(element.attr(name));
    if (!v.empty()) return v;
  }
  for (const Node& c : element.children) {
    bool source = (c.type == NodeType::HtmlBlock || c.type == NodeType::HtmlInline) && lower(c.info) == "source";
    if (source && !trim(c.attr("src")).empty()) return trim(c.attr("src"));
  }
  return {};
}

std::string_view text_align(const Node& node) {
  static constexpr std::array<std::string_view, 4> kAligns = {"left", "center", "right", "justify"};
  auto known = [](std::string_view v) -> std::string_view {
    std::string l = lower(trim(v));
    for (std::string_view a : kAligns)
      if (l == a) return a;
    return {};
  };
  if (std::string_view a = known(node.attr("align")); !a.empty()) return a;
  std::string style = lower(node.attr("style"));
  std::size_t at = style.find("text-align");
  if (at == std::string::npos) return {};
  std::size_t colon = style.find(':', at);
  if (colon == std::string::npos) return {};
  std::size_t end = style.find(';', colon);
  std::string_view value = std::string_view(style).substr(colon + 1, end == std::string::npos ? std::string::npos : end - colon - 1);
  if (std::size_t bang = value.find('!'); bang != std::string_view::npos) value = value.substr(0, bang);  // !important
  return known(value);
}

void allowed_attributes(const Node& node, std::string_view element, HtmlDialect dialect, std::string_view align,
                        HtmlAttributes& out) {
  const bool xhtml = dialect == HtmlDialect::Xhtml5;
  auto seen = [&](std::string_view name) {
    return std::any_of(out.begin(), out.end(), [&](const auto& a) { return a.first == name; });
  };
  auto add = [&](std::string_view name, std::string_view value) {
    if (!seen(name)) out.emplace_back(std::string(name), std::string(value));
  };
  if (align.empty() && node.type == NodeType::Div && node.info == "center") align = "center";
  Presentation look = presentation_of(node, element);
  bool cell = element == "td" || element == "th";

  // class, with what XHTML says by classes: the alignment and the obsolete element's look.
  std::string classes;
  auto add_class = [&](std::string_view c) {
    if (c.empty()) return;
    if (!classes.empty()) classes += ' ';
    classes += c;
  };
  if (xhtml) {
    if (!align.empty()) add_class(std::string("align-") + std::string(align));
    add_class(look.css_class);
  }
  add_class(trim(node.attr("class")));
  if (!classes.empty()) add("class", classes);

  // style: HTML only, and only what cannot load or run anything.
  if (!xhtml) {
    std::string style;
    auto add_css = [&](std::string_view decl) {
      if (decl.empty()) return;
      if (!style.empty()) style += "; ";
      style += decl;
    };
    if (!align.empty() && !cell) add_css(std::string("text-align: ") + std::string(align));
    add_css(look.css);
    // The node's own declarations, but an alignment said above once only.
    std::string_view own_style = node.attr("style");
    std::size_t start = 0;
    while (start < own_style.size()) {
      std::size_t end = std::min(own_style.find(';', start), own_style.size());
      std::string_view decl = trim(own_style.substr(start, end - start));
      start = end + 1;
      bool alignment = lower(decl.substr(0, 10)) == "text-align";
      if (!decl.empty() && !(alignment && !align.empty()) && is_safe_style(decl)) add_css(decl);
    }
    if (cell && !align.empty() && align != "justify") add("align", align);  // as cmark-gfm writes it
    if (!style.empty()) add("style", style);
  }

  for (const auto& [name, value] : node.attrs) {
    if (seen(name)) continue;
    if (name == "title") {
      // Links and images say their title through their own field.
      bool own_title = node.type == NodeType::Link || node.type == NodeType::WikiLink || node.type == NodeType::Image;
      if (!own_title) add("title", value);
    } else if (name == "lang") {
      if (html::is_language_tag(value)) {
        add("lang", value);
        if (xhtml) add("xml:lang", value);
      }
    } else if (name == "dir") {
      if (value == "ltr" || value == "rtl" || (value == "auto" && element != "bdo")) add("dir", value);
    } else if (is_data_attribute(name)) {
      add(name, value);
    } else if (cell && name == "colspan") {
      if (is_span_count(value, 1000)) add(name, value);
    } else if (cell && name == "rowspan") {
      if (is_span_count(value, 65534)) add(name, value);
    } else if (element == "th" && name == "scope") {
      if (value == "row" || value == "col" || value == "rowgroup" || value == "colgroup") add(name, value);
    } else if (element == "ol" && name == "type") {
      if (value == "1" || value == "a" || value == "A" || value == "i" || value == "I") add(name, value);
    } else if (element == "ol" && name == "reversed") {
      add(name, "reversed");
    } else if (element == "img" && name == "height") {
      if (is_digits(value)) add(name, value);
    } else if (element == "details" && name == "open") {
      add(name, "open");
    } else if (element == "time" && name == "datetime") {
      add(name, value);
    }
  }
}

bool is_safe_style(std::string_view css) {
  std::string s = lower(css);
  for (char c : s)
    if (c == '\\' || c == '<' || c == '>' || c == '@' || c == '&' || static_cast<unsigned char>(c) < 0x20) return false;
  for (std::string_view bad : {"/*", "url(", "expression", "image(", "image-set(", "element(", "cross-fade(",
                               "javascript", "behavior", "binding", "import"})
    if (s.find(bad) != std::string::npos) return false;
  return true;
}

bool is_script_url(std::string_view v) {
  std::string s;
  for (char c : v) {
    if (static_cast<unsigned char>(c) <= 0x20) continue;  // browsers ignore whitespace and controls inside the scheme
    s += lower(c);
    if (s.size() > 16) break;
  }
  return s.rfind("javascript:", 0) == 0 || s.rfind("vbscript:", 0) == 0 || s.rfind("data:text/html", 0) == 0;
}

bool is_safe_data_image(std::string_view url) {
  std::string s = lower(url.substr(0, 20));
  for (std::string_view type : {"data:image/png", "data:image/jpeg", "data:image/jpg", "data:image/gif", "data:image/webp"})
    if (s.rfind(type, 0) == 0 && s.size() > type.size() && (s[type.size()] == ';' || s[type.size()] == ','))
      return true;
  return false;
}

namespace {
bool is_data_url(std::string_view url) {
  std::string s;
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20) continue;  // as browsers read a scheme
    s += lower(c);
    if (s.size() == 5) break;
  }
  return s == "data:";
}
}  // namespace

bool is_safe_link_url(std::string_view url) { return !is_script_url(url) && !is_data_url(url); }

bool is_safe_image_url(std::string_view url) {
  return !is_script_url(url) && (!is_data_url(url) || is_safe_data_image(url));
}

bool is_valid_id(std::string_view id, HtmlDialect dialect) {
  if (id.empty()) return false;
  for (char c : id)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return false;
  if (dialect == HtmlDialect::Html5) return true;
  // NCName, with every non-ASCII character taken as a name character (the EPUB writer's
  // xml_id() is exact; this guards trees whose ids come from elsewhere).
  auto name_char = [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_';
  };
  char first = id.front();
  bool start = static_cast<unsigned char>(first) >= 0x80 || (first >= 'a' && first <= 'z') ||
               (first >= 'A' && first <= 'Z') || first == '_';
  return start && std::all_of(id.begin(), id.end(), name_char);
}

std::string comment_text(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\n' && c != '\t' && c != '\r') continue;
    if (c == '-' && !out.empty() && out.back() == '-') out += ' ';
    out += c;
  }
  if (!out.empty() && (out.front() == '>' || out.front() == '-' || out.front() == '!')) out.insert(0, " ");
  if (!out.empty() && (out.back() == '-' || out.back() == '<')) out += ' ';
  return out;
}

void escape_xml(std::string& out, std::string_view s, bool attribute) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    auto u = static_cast<unsigned char>(c);
    const char* rep = nullptr;
    if (u < 0x20) {
      if (c == '\t' || (!attribute && (c == '\n' || c == '\r'))) continue;
      rep = (c == '\n' || c == '\r') ? " " : "";  // other controls are not allowed in XML 1.0
    } else if (c == '&') {
      rep = "&amp;";
    } else if (c == '<') {
      rep = "&lt;";
    } else if (c == '>') {
      rep = "&gt;";
    } else if (c == '"' && attribute) {
      rep = "&quot;";
    } else {
      continue;
    }
    out.append(s.data() + start, i - start);
    out += rep;
    start = i + 1;
  }
  out.append(s.data() + start, s.size() - start);
}

}  // namespace wikiconv
