#include "wiki/title.hpp"

#include "util/utf8.hpp"

namespace wikiconv {

namespace {

bool is_ws(char c) { return c == ' ' || c == '_' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view fullwidth(char c) {
  switch (c) {
    case '#': return "\xEF\xBC\x83";
    case '<': return "\xEF\xBC\x9C";
    case '>': return "\xEF\xBC\x9E";
    case '[': return "\xEF\xBC\xBB";
    case ']': return "\xEF\xBC\xBD";
    case '|': return "\xEF\xBF\xA8";
    case '{': return "\xEF\xBD\x9B";
    case '}': return "\xEF\xBD\x9D";
    default: return {};
  }
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

std::string normalize_spaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (char c : s) {
    if (is_ws(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

const std::vector<NamespaceInfo>& standard_namespaces() {
  static const std::vector<NamespaceInfo> kNamespaces = {
      {-2, "Media"},         {-1, "Special"},        {1, "Talk"},      {2, "User"},
      {3, "User talk"},      {4, "Project"},         {5, "Project talk"}, {6, "File"},
      {7, "File talk"},      {8, "MediaWiki"},       {9, "MediaWiki talk"}, {10, "Template"},
      {11, "Template talk"}, {12, "Help"},           {13, "Help talk"}, {14, "Category"},
      {15, "Category talk"},
  };
  return kNamespaces;
}

std::string standard_namespace(std::string_view prefix) {
  std::string p = normalize_spaces(prefix);
  if (iequals(p, "Image")) return "File";
  if (iequals(p, "Image talk")) return "File talk";
  for (const auto& ns : standard_namespaces())
    if (iequals(p, ns.name)) return std::string(ns.name);
  return {};
}

TitleParts normalize_title(std::string_view raw, const std::vector<std::string>& extra_namespaces) {
  TitleParts parts;
  std::string t = normalize_spaces(raw);
  while (!t.empty() && t.front() == ':') t = normalize_spaces(std::string_view(t).substr(1));
  // Illegal characters: replaced by look-alikes so the title stays readable and unique.
  std::string legal;
  legal.reserve(t.size());
  bool replaced = false;
  for (char c : t) {
    if (auto fw = fullwidth(c); !fw.empty()) {
      legal += fw;
      replaced = true;
    } else {
      legal += c;
    }
  }
  if (replaced) parts.problems.push_back("characters # < > [ ] | { } replaced by full-width forms");
  std::size_t colon = legal.find(':');
  std::string name = legal;
  if (colon != std::string::npos) {
    std::string_view prefix = std::string_view(legal).substr(0, colon);
    std::string ns = standard_namespace(prefix);
    if (ns.empty()) {
      std::string p = normalize_spaces(prefix);
      for (const auto& extra : extra_namespaces)
        if (iequals(extra, p)) ns = extra;
    }
    if (!ns.empty()) {
      parts.ns = ns;
      name = normalize_spaces(std::string_view(legal).substr(colon + 1));
    }
  }
  name = utf8::upper_first(name);
  if (name.empty()) parts.problems.push_back("empty title");
  parts.title = parts.ns.empty() ? name : parts.ns + ":" + name;
  if (parts.title.size() > 255) {
    std::size_t cut = 255;
    while (cut > 0 && (static_cast<unsigned char>(parts.title[cut]) & 0xC0) == 0x80) --cut;
    parts.title.resize(cut);
    parts.problems.push_back("longer than 255 bytes, shortened");
  }
  return parts;
}

}  // namespace wikiconv
