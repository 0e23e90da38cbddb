#include "wiki/title.hpp"

#include <algorithm>
#include <cctype>

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

// Bytes a title cannot hold: invalid UTF-8 and control characters become U+FFFD (tab, CR and
// LF stay: they are whitespace to normalize_spaces).
std::string legal_bytes(std::string_view raw, std::vector<std::string>& problems) {
  std::string out;
  out.reserve(raw.size());
  bool invalid = false, control = false;
  for (std::size_t i = 0; i < raw.size();) {
    auto c = static_cast<unsigned char>(raw[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
      out += "\xEF\xBF\xBD";
      control = true;
      ++i;
      continue;
    }
    std::size_t len = utf8::valid_sequence_length(raw, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      invalid = true;
      ++i;
      continue;
    }
    out.append(raw.substr(i, len));
    i += len;
  }
  if (invalid) problems.push_back("invalid UTF-8 replaced by U+FFFD");
  if (control) problems.push_back("control characters replaced by U+FFFD");
  return out;
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Sequences MediaWiki refuses in a title although each character is legal: "." and ".."
// path segments, "~~~" (signatures), "%41" (percent-encoding) and "&name;" (entities). Each
// is defused by a full-width look-alike, so the title stays readable and the mapping stable.
std::string defuse_sequences(const std::string& name, std::vector<std::string>& problems) {
  std::string out;
  out.reserve(name.size());
  bool dots = false, tildes = false, percent = false, entity = false;
  std::size_t segment = 0;  // start of the current '/' segment in `name`
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c == '.' && i == segment) {
      std::size_t end = name.find('/', i);
      std::string_view seg = std::string_view(name).substr(i, end == std::string::npos ? std::string::npos : end - i);
      if (seg == "." || seg == "..") {
        for (std::size_t k = 0; k < seg.size(); ++k) out += "\xEF\xBC\x8E";  // U+FF0E
        i += seg.size() - 1;
        dots = true;
        continue;
      }
    }
    if (c == '/') segment = i + 1;
    if (c == '~' && i >= 2 && name[i - 1] == '~' && name[i - 2] == '~') {
      out += "\xEF\xBD\x9E";  // U+FF5E: "~~~" would become a signature
      tildes = true;
      continue;
    }
    if (c == '%' && i + 2 < name.size() && is_hex(name[i + 1]) && is_hex(name[i + 2])) {
      out += "\xEF\xBC\x85";  // U+FF05
      percent = true;
      continue;
    }
    if (c == '&') {
      std::size_t k = i + 1;
      if (k < name.size() && name[k] == '#') ++k;
      std::size_t start = k;
      while (k < name.size() && (std::isalnum(static_cast<unsigned char>(name[k])) ||
                                 static_cast<unsigned char>(name[k]) >= 0x80))
        ++k;
      if (k > start && k < name.size() && name[k] == ';') {
        out += "\xEF\xBC\x86";  // U+FF06
        entity = true;
        continue;
      }
    }
    out += c;
  }
  if (dots) problems.push_back("\".\" and \"..\" segments replaced by full-width dots");
  if (tildes) problems.push_back("\"~~~\" replaced by full-width tildes");
  if (percent) problems.push_back("percent-encoded sequences: '%' replaced by a full-width form");
  if (entity) problems.push_back("HTML entity-like sequences: '&' replaced by a full-width form");
  return out;
}

}  // namespace

std::string underscored_title(std::string_view title) {
  std::string out(title);
  std::replace(out.begin(), out.end(), ' ', '_');
  return out;
}

std::string media_title(std::string_view file_name) {
  return "File:" + utf8::upper_first(normalize_spaces(file_name));
}

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

namespace {

// normalize_title_fully's title for a plain title that needs at most its underscores made
// spaces, in `out`; false for any other: printable ASCII, single spaces inside (once '_' is
// one), not starting with a small letter, and none of the characters the rules change or look
// at (a namespace's ':', the full-width ones, '~', '%', '&', a '.' starting a segment).
bool plain_normal_title(std::string_view raw, std::string& out) {
  if (raw.empty() || raw.size() > 255 || (raw[0] >= 'a' && raw[0] <= 'z')) return false;
  out.assign(raw);
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto c = static_cast<unsigned char>(out[i]);
    if (c == '_') out[i] = ' ';
    if (c <= 0x20 || c >= 0x7F || c == '_') {
      if (out[i] != ' ' || i + 1 == out.size() || i == 0 || out[i - 1] == ' ') return false;
    } else if (std::string_view(":#<>[]|{}~%&").find(static_cast<char>(c)) != std::string_view::npos ||
               (c == '.' && (i == 0 || out[i - 1] == '/'))) {
      return false;
    }
  }
  return true;
}

}  // namespace

TitleParts normalize_title(std::string_view raw, const std::vector<std::string>& extra_namespaces) {
  TitleParts parts;
  if (!plain_normal_title(raw, parts.title)) return normalize_title_fully(raw, extra_namespaces);
  return parts;
}

TitleParts normalize_title_fully(std::string_view raw, const std::vector<std::string>& extra_namespaces) {
  TitleParts parts;
  std::string t = normalize_spaces(legal_bytes(raw, parts.problems));
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
  name = utf8::upper_first(defuse_sequences(name, parts.problems));
  if (name.empty()) parts.problems.push_back("empty title");
  parts.title = parts.ns.empty() ? name : parts.ns + ":" + name;
  if (parts.title.size() > 255) {
    std::size_t cut = 255;
    while (cut > 0 && (static_cast<unsigned char>(parts.title[cut]) & 0xC0) == 0x80) --cut;
    parts.title.resize(cut);
    while (!parts.title.empty() && parts.title.back() == ' ') parts.title.pop_back();  // as MediaWiki trims
    parts.problems.push_back("longer than 255 bytes, shortened");
  }
  return parts;
}

}  // namespace wikiconv
