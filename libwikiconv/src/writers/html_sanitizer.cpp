#include "writers/html_sanitizer.hpp"

#include <algorithm>
#include <array>

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

bool dangerous_url(std::string_view v) {
  std::string s;
  for (char c : v) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20) continue;  // browsers ignore whitespace and controls inside the scheme
    s += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (s.size() > 16) break;
  }
  return s.rfind("javascript:", 0) == 0 || s.rfind("vbscript:", 0) == 0 || s.rfind("data:text/html", 0) == 0;
}

void write_tag(std::string& out, const html::Tag& tag) {
  out += tag.closing ? "</" : "<";
  out += tag.name;
  for (const auto& [k, v] : tag.attrs) {
    if (k.rfind("on", 0) == 0) continue;
    if ((k == "href" || k == "src" || k == "action" || k == "formaction" || k == "xlink:href") && dangerous_url(v))
      continue;
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
