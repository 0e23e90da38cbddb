// Properties every writer's output must have, shared by the fuzz targets and the unit tests:
// valid UTF-8, well-formed XML where the output is XML, no script in HTML, sound EPUB
// containers. Each check returns an empty string when the output is fine, else what is wrong.
#pragma once

#include <zip.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <pugixml.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace wikiconv::checks {

inline std::string invalid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return "invalid UTF-8 at byte " + std::to_string(i);
    std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < len; ++k) {
      auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return "invalid UTF-8 at byte " + std::to_string(i);
      cp = (cp << 6) | (d & 0x3F);
    }
    bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return "invalid UTF-8 at byte " + std::to_string(i);
    i += len;
  }
  return {};
}

inline bool looks_like_xml(std::string_view s) {
  std::size_t i = s.find_first_not_of(" \t\r\n");
  return i != std::string_view::npos && s.substr(i, 5) == "<?xml";
}

inline std::string malformed_xml(std::string_view s) {
  pugi::xml_document doc;
  pugi::xml_parse_result r = doc.load_buffer(s.data(), s.size(), pugi::parse_default | pugi::parse_doctype);
  if (!r) return std::string("malformed XML: ") + r.description() + " at offset " + std::to_string(r.offset);
  if (!doc.document_element()) return "XML without a root element";
  return {};
}

namespace detail {

inline char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Character references as a browser decodes them in an attribute value (the ones that matter
// for spelling "javascript:").
inline std::string decode_attribute(std::string_view v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '&') {
      out += v[i];
      continue;
    }
    std::size_t semi = v.find(';', i);
    std::string_view ref = semi == std::string_view::npos ? std::string_view() : v.substr(i + 1, semi - i - 1);
    unsigned long cp = 0;
    bool numeric = ref.size() > 1 && ref[0] == '#';
    if (numeric) {
      bool hex = ref[1] == 'x' || ref[1] == 'X';
      for (char c : ref.substr(hex ? 2 : 1)) {
        int d = (c >= '0' && c <= '9') ? c - '0' : (hex && lower(c) >= 'a' && lower(c) <= 'f') ? lower(c) - 'a' + 10 : -1;
        if (d < 0 || cp > 0x10FFFF) break;
        cp = cp * (hex ? 16 : 10) + static_cast<unsigned long>(d);
      }
      out += cp < 0x80 ? static_cast<char>(cp) : '?';
    } else if (ref == "amp") out += '&';
    else if (ref == "colon") out += ':';
    else if (ref == "Tab" || ref == "NewLine") out += ' ';
    else if (ref == "quot") out += '"';
    else if (ref == "lt") out += '<';
    else if (ref == "gt") out += '>';
    else {
      out += '&';
      continue;
    }
    i = semi;
  }
  return out;
}

inline bool script_url(std::string_view raw) {
  std::string v = decode_attribute(raw), s;
  for (char c : v) {
    if (static_cast<unsigned char>(c) <= 0x20) continue;  // browsers skip these in a scheme
    s += lower(c);
    if (s.size() >= 16) break;
  }
  return s.rfind("javascript:", 0) == 0 || s.rfind("vbscript:", 0) == 0 || s.rfind("data:text/html", 0) == 0;
}

inline bool url_attribute(std::string_view name) {
  for (std::string_view a : {"href", "src", "action", "formaction", "xlink:href", "data", "poster",
                             "background", "srcdoc", "to", "from", "values", "by", "dynsrc", "lowsrc"})
    if (name == a) return true;
  return false;
}

}  // namespace detail

// Scans markup as a browser's tokenizer would (tags, quoted attribute values) and reports script
// elements, event-handler attributes and script URLs.
inline std::string unsafe_html(std::string_view s) {
  using detail::lower;
  std::size_t i = 0;
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
  while ((i = s.find('<', i)) != std::string_view::npos) {
    ++i;
    if (i < s.size() && s[i] == '!') {  // comment or doctype: skip
      std::size_t end = s.substr(i, 3) == "!--" ? s.find("-->", i) : s.find('>', i);
      if (end == std::string_view::npos) return {};
      i = end + 1;
      continue;
    }
    bool closing = i < s.size() && s[i] == '/';
    if (closing) ++i;
    if (i >= s.size() || !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))) continue;
    std::string name;
    while (i < s.size() && !is_space(s[i]) && s[i] != '/' && s[i] != '>') name += lower(s[i++]);
    if (closing) continue;
    for (std::string_view bad : {"script", "iframe", "object", "embed", "frame", "applet"})
      if (name == bad) return "<" + name + "> element";
    for (;;) {
      while (i < s.size() && (is_space(s[i]) || s[i] == '/')) ++i;
      if (i >= s.size() || s[i] == '>') break;
      std::string attr;
      attr += lower(s[i++]);  // a name may start with '='
      while (i < s.size() && !is_space(s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '=') attr += lower(s[i++]);
      while (i < s.size() && is_space(s[i])) ++i;
      std::string_view value;
      if (i < s.size() && s[i] == '=') {
        ++i;
        while (i < s.size() && is_space(s[i])) ++i;
        if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
          char q = s[i++];
          std::size_t end = s.find(q, i);
          if (end == std::string_view::npos) end = s.size();
          value = s.substr(i, end - i);
          i = end + 1;
        } else {
          std::size_t start = i;
          while (i < s.size() && !is_space(s[i]) && s[i] != '>') ++i;
          value = s.substr(start, i - start);
        }
      }
      if (attr.rfind("on", 0) == 0 && attr.size() > 2) return "event handler attribute " + attr + " on <" + name + ">";
      if (detail::url_attribute(attr) && detail::script_url(value))
        return "script URL in " + attr + " on <" + name + ">: " + std::string(value.substr(0, 60));
    }
  }
  return {};
}

namespace detail {

inline bool one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}
inline bool block_element(std::string_view n) {
  return one_of(n, {"address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl", "dt", "figcaption",
                    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "nav", "ol", "p", "pre",
                    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"});
}
inline bool phrasing_only(std::string_view n) {
  return one_of(n, {"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "a", "em", "strong", "del", "u", "sup", "sub", "code",
                    "kbd", "samp", "span", "mark", "small", "abbr", "cite", "dfn", "q", "var", "bdi", "bdo", "ruby",
                    "rt", "rp", "time", "dt", "summary"});
}

}  // namespace detail

// The first place in `root`'s subtree where HTML's content models do not hold (what the HTML
// and EPUB writers guarantee by construction, and epubcheck checks): a block element inside a
// paragraph or inline element, text or a foreign element directly in a list, table, row or
// definition list, a dl not made of dt..dd groups, a caption or figcaption out of place, a link
// inside a link or with an empty href, an id twice. Empty when there is none.
inline std::string content_model_problem(const pugi::xml_node& root) {
  std::set<std::string> ids;
  std::vector<pugi::xml_node> stack{root};
  while (!stack.empty()) {
    pugi::xml_node n = stack.back();
    stack.pop_back();
    std::string name = n.name();
    std::vector<std::string> kids;
    for (pugi::xml_node c : n.children()) {
      if (c.type() == pugi::node_element) {
        kids.push_back(c.name());
        stack.push_back(c);
      } else if (c.type() == pugi::node_pcdata && detail::one_of(name, {"ul", "ol", "table", "thead", "tbody", "tr", "dl"}) &&
                 std::string(c.value()).find_first_not_of(" \n") != std::string::npos) {
        return "text in <" + name + ">: " + c.value();
      }
    }
    if (std::string id = n.attribute("id").value(); !id.empty() && !ids.insert(id).second) return "id twice: " + id;
    if (pugi::xml_attribute href = n.attribute("href"); href && std::string(href.value()).empty() && name == "a")
      return "an empty href";
    for (const auto& k : kids) {
      if (detail::phrasing_only(name) && detail::block_element(k)) return "<" + k + "> in <" + name + ">";
      if (detail::one_of(name, {"ul", "ol"}) && k != "li") return "<" + k + "> in <" + name + ">";
      if (name == "tr" && k != "td" && k != "th") return "<" + k + "> in <tr>";
      if (detail::one_of(name, {"thead", "tbody"}) && k != "tr") return "<" + k + "> in <" + name + ">";
      if (name == "table" && !detail::one_of(k, {"caption", "thead", "tbody"})) return "<" + k + "> in <table>";
      if (name == "dl" && k != "dt" && k != "dd") return "<" + k + "> in <dl>";
      if (name == "li" && n.parent() && !detail::one_of(n.parent().name(), {"ul", "ol"})) return "<li> outside a list";
    }
    if (name == "dl" && !kids.empty() && (kids.front() != "dt" || kids.back() != "dd")) return "a dl not dt..dd";
    if (name == "table")
      for (std::size_t k = 1; k < kids.size(); ++k)
        if (kids[k] == "caption") return "a caption after the table's start";
    if (name == "figure")
      for (std::size_t k = 1; k + 1 < kids.size(); ++k)
        if (kids[k] == "figcaption") return "a figcaption in the middle of a figure";
    if (name == "a" && n.find_node([](pugi::xml_node d) { return std::string(d.name()) == "a"; }))
      return "a link inside a link";
  }
  return {};
}

// An EPUB (or any zip) in memory: every XML member (.xhtml .opf .ncx .xml) must be well-formed,
// and content documents safe. Returns the first problem.
inline std::string epub_problems(std::string_view bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!src) return "cannot open zip buffer";
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY, &error);
  if (!za) {
    zip_source_free(src);
    return std::string("not a zip: ") + zip_error_strerror(&error);
  }
  std::string problem;
  zip_int64_t n = zip_get_num_entries(za, 0);
  for (zip_int64_t k = 0; k < n && problem.empty(); ++k) {
    const char* raw_name = zip_get_name(za, static_cast<zip_uint64_t>(k), 0);
    std::string name = raw_name ? raw_name : "";
    if (name.find("..") != std::string::npos || (!name.empty() && name[0] == '/')) {
      problem = "zip member outside the book: " + name;
      break;
    }
    auto ends = [&](std::string_view ext) {
      return name.size() >= ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0;
    };
    bool xhtml = ends(".xhtml") || ends(".html");
    if (!xhtml && !ends(".opf") && !ends(".ncx") && !ends(".xml")) continue;
    zip_stat_t st;
    if (zip_stat_index(za, static_cast<zip_uint64_t>(k), 0, &st) != 0) continue;
    zip_file_t* f = zip_fopen_index(za, static_cast<zip_uint64_t>(k), 0);
    if (!f) {
      problem = "cannot read zip member " + name;
      break;
    }
    std::string data(static_cast<std::size_t>(st.size), '\0');
    zip_int64_t got = zip_fread(f, data.data(), st.size);
    zip_fclose(f);
    if (got < 0 || static_cast<zip_uint64_t>(got) != st.size) {
      problem = "short read of zip member " + name;
      break;
    }
    if (std::string p = malformed_xml(data); !p.empty()) problem = name + ": " + p;
    else if (std::string u = invalid_utf8(data); !u.empty()) problem = name + ": " + u;
    else if (xhtml) {
      if (std::string h = unsafe_html(data); !h.empty()) problem = name + ": " + h;
      pugi::xml_document doc;
      doc.load_buffer(data.data(), data.size(), pugi::parse_default | pugi::parse_doctype);
      if (std::string m = content_model_problem(doc.document_element()); !m.empty()) problem = name + ": " + m;
    }
  }
  zip_discard(za);
  return problem;
}

// What every writer's page output must satisfy, by format: EPUB (zip) members well-formed and
// safe; text valid UTF-8; XML well-formed; HTML-rendered formats free of script.
inline std::string writer_output_problems(std::string_view format, bool binary, std::string_view out) {
  if (binary) return out.compare(0, 4, "PK\x03\x04") == 0 ? epub_problems(out) : std::string();
  if (std::string p = invalid_utf8(out); !p.empty()) return p;
  if (looks_like_xml(out))
    if (std::string p = malformed_xml(out); !p.empty()) return p;
  if (format == "html" || format == "xhtml" || format == "epub")
    if (std::string p = unsafe_html(out); !p.empty()) return "unsafe HTML: " + p;
  return {};
}

}  // namespace wikiconv::checks
