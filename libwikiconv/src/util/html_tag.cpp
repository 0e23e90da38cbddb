#include "util/html_tag.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "util/utf8.hpp"

namespace wikiconv::html {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == ':' || c == '.';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

struct NamedEntity {
  std::string_view name;
  std::string_view utf8;
};
// The entities pandoc and MediaWiki pages actually use; anything else stays as written.
constexpr std::array<NamedEntity, 32> kEntities = {{
    {"amp", "&"},        {"lt", "<"},         {"gt", ">"},         {"quot", "\""},
    {"apos", "'"},       {"nbsp", "\xC2\xA0"}, {"ndash", "\xE2\x80\x93"}, {"mdash", "\xE2\x80\x94"},
    {"hellip", "\xE2\x80\xA6"}, {"laquo", "\xC2\xAB"}, {"raquo", "\xC2\xBB"}, {"copy", "\xC2\xA9"},
    {"reg", "\xC2\xAE"}, {"trade", "\xE2\x84\xA2"}, {"lsquo", "\xE2\x80\x98"}, {"rsquo", "\xE2\x80\x99"},
    {"ldquo", "\xE2\x80\x9C"}, {"rdquo", "\xE2\x80\x9D"}, {"middot", "\xC2\xB7"}, {"times", "\xC3\x97"},
    {"bull", "\xE2\x80\xA2"}, {"deg", "\xC2\xB0"}, {"shy", "\xC2\xAD"}, {"euro", "\xE2\x82\xAC"},
    {"larr", "\xE2\x86\x90"}, {"rarr", "\xE2\x86\x92"}, {"zwj", "\xE2\x80\x8D"}, {"zwnj", "\xE2\x80\x8C"},
    {"thinsp", "\xE2\x80\x89"}, {"ensp", "\xE2\x80\x82"}, {"emsp", "\xE2\x80\x83"}, {"sect", "\xC2\xA7"},
}};

}  // namespace

std::string_view Tag::attr(std::string_view key) const {
  for (const auto& [k, v] : attrs)
    if (k == key) return v;
  return {};
}

bool Tag::has_class(std::string_view cls) const {
  std::string_view all = attr("class");
  std::size_t pos = 0;
  while (pos < all.size()) {
    while (pos < all.size() && is_space(all[pos])) ++pos;
    std::size_t end = pos;
    while (end < all.size() && !is_space(all[end])) ++end;
    if (all.substr(pos, end - pos) == cls) return true;
    pos = end;
  }
  return false;
}

std::optional<Tag> parse_tag(std::string_view raw) {
  std::string_view s = trim(raw);
  if (s.size() < 3 || s.front() != '<' || s.back() != '>') return std::nullopt;
  s = s.substr(1, s.size() - 2);
  Tag tag;
  if (!s.empty() && s.front() == '/') {
    tag.closing = true;
    s.remove_prefix(1);
  }
  std::size_t i = 0;
  if (i >= s.size() || !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
    return std::nullopt;
  std::size_t name_start = i;
  while (i < s.size() && is_name_char(s[i])) ++i;
  tag.name = utf8::ascii_lower(s.substr(name_start, i - name_start));
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    if (i >= s.size()) break;
    if (s[i] == '/') {
      if (i + 1 == s.size()) {
        tag.self_closing = true;
        break;
      }
      ++i;
      continue;
    }
    if (tag.closing) return std::nullopt;  // closing tags carry no attributes
    std::size_t key_start = i;
    while (i < s.size() && !is_space(s[i]) && s[i] != '=' && s[i] != '/' && s[i] != '>' &&
           s[i] != '"' && s[i] != '\'')
      ++i;
    std::string key = utf8::ascii_lower(s.substr(key_start, i - key_start));
    if (key.empty()) return std::nullopt;
    while (i < s.size() && is_space(s[i])) ++i;
    std::string value;
    if (i < s.size() && s[i] == '=') {
      ++i;
      while (i < s.size() && is_space(s[i])) ++i;
      if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
        char q = s[i++];
        std::size_t end = s.find(q, i);
        if (end == std::string_view::npos) return std::nullopt;
        value = decode_entities(s.substr(i, end - i));
        i = end + 1;
      } else {
        std::size_t start = i;
        while (i < s.size() && !is_space(s[i])) ++i;
        value = decode_entities(s.substr(start, i - start));
      }
    }
    tag.attrs.emplace_back(std::move(key), std::move(value));
  }
  return tag;
}

bool is_comment_only(std::string_view raw) {
  std::string_view s = trim(raw);
  if (s.empty()) return false;
  while (!s.empty()) {
    if (s.substr(0, 4) != "<!--") return false;
    std::size_t end = s.find("-->", 4);
    if (end == std::string_view::npos) return false;
    s = trim(s.substr(end + 3));
  }
  return true;
}

std::string decode_entities(std::string_view s) {
  std::size_t i = s.find('&');
  if (i == std::string_view::npos) return std::string(s);  // the common case: nothing to decode
  std::string out;
  out.reserve(s.size());
  out.append(s.substr(0, i));
  for (; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    std::size_t semi = s.find(';', i + 1);
    if (semi == std::string_view::npos || semi - i > 12) {
      out += '&';
      continue;
    }
    std::string_view ent = s.substr(i + 1, semi - i - 1);
    if (!ent.empty() && ent[0] == '#') {
      std::uint32_t cp = 0;
      bool hex = ent.size() > 1 && (ent[1] == 'x' || ent[1] == 'X');
      std::string_view digits = ent.substr(hex ? 2 : 1);
      bool ok = !digits.empty();
      for (char c : digits) {
        int d = (c >= '0' && c <= '9')   ? c - '0'
                : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                              : -1;
        if (d < 0 || cp > 0x10FFFF) {
          ok = false;
          break;
        }
        cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
      }
      if (ok) {
        if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
        utf8::append(out, cp);
        i = semi;
        continue;
      }
    } else {
      auto it = std::find_if(kEntities.begin(), kEntities.end(),
                             [&](const NamedEntity& e) { return e.name == ent; });
      if (it != kEntities.end()) {
        out += it->utf8;
        i = semi;
        continue;
      }
    }
    out += '&';
  }
  return out;
}

void escape(std::string& out, std::string_view s, bool attribute) {
  // Runs without a character to escape are found by table and appended whole.
  static constexpr auto kEscaped = [] {
    std::array<std::uint8_t, 256> table{};  // 1: in text and attributes; 2: in attributes only
    table['&'] = table['<'] = table['>'] = 1;
    table['"'] = 2;
    return table;
  }();
  const std::uint8_t stop = attribute ? 3 : 1;
  std::size_t start = 0;
  for (std::size_t i = 0;; ++i) {
    while (i < s.size() && (kEscaped[static_cast<unsigned char>(s[i])] & stop) == 0) ++i;
    out.append(s.data() + start, i - start);
    if (i == s.size()) return;
    switch (s[i]) {
      case '&': out.append("&amp;"); break;
      case '<': out.append("&lt;"); break;
      case '>': out.append("&gt;"); break;
      default: out.append("&quot;"); break;
    }
    start = i + 1;
  }
}

std::string escape(std::string_view s, bool attribute) {
  std::string out;
  out.reserve(s.size() + 8);
  escape(out, s, attribute);
  return out;
}

bool is_language_tag(std::string_view v) {
  std::size_t i = 0, part = 0;
  while (i <= v.size()) {
    std::size_t end = v.find('-', i);
    if (end == std::string_view::npos) end = v.size();
    std::size_t len = end - i;
    if (len == 0 || len > 8 || (part == 0 && (len < 2 || len > 3))) return false;
    for (std::size_t k = i; k < end; ++k) {
      char c = v[k];
      bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!alpha && !(part > 0 && c >= '0' && c <= '9')) return false;
    }
    ++part;
    i = end + 1;
  }
  return part > 0;
}

}  // namespace wikiconv::html
