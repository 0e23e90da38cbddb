#include "writers/dokuwiki/page_id.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <iterator>

#include "util/utf8.hpp"

namespace wikiconv::dokuwiki {

namespace {

#include "writers/dokuwiki/page_id_tables.inc"

bool is_special(char32_t c) {
  // stripspecials($id, '_', '\*'): control characters, '*' and DokuWiki's table of specials.
  if (c <= 0x19 || c == '*') return true;
  return std::binary_search(std::begin(kSpecialChars), std::end(kSpecialChars), c);
}

const char* accent_replacement(char32_t c) {
  auto it = std::lower_bound(std::begin(kLowerAccents), std::end(kLowerAccents), c,
                             [](const AccentReplacement& a, char32_t v) { return a.code < v; });
  return it != std::end(kLowerAccents) && it->code == c ? it->ascii : nullptr;
}

bool is_php_trim_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0' || c == '\x0B';
}

bool is_id_punct(char c) { return c == ':' || c == '.' || c == '_' || c == '-'; }

// mb_strtolower() followed by Normalizer::normalize() (NFC), as PhpString::strtolower does
// when mbstring and intl are there (Debian's php has both).
std::string lower_nfc(std::string_view s) {
  // Links ask for the ids of their targets: titles are mostly ASCII, whose NFC is itself.
  if (std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    std::string lower(s);
    for (char& c : lower)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return lower;
  }
  std::string lower;
  lower.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    if (utf8::valid_sequence_length(s, i) == 0) {
      ++i;  // PCRE with /u rejects invalid UTF-8; the input is valid, this is a safety net
      continue;
    }
    std::uint32_t cp = utf8::decode(s, i);
    if (cp == 0x130) {  // full case mapping: U+0130 -> "i" + combining dot above
      lower += "i\xCC\x87";
      continue;
    }
    utf8::append(lower, static_cast<std::uint32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(cp))));
  }
  utf8proc_uint8_t* nfc = utf8proc_NFC(reinterpret_cast<const utf8proc_uint8_t*>(lower.c_str()));
  if (!nfc) return lower;
  std::string out(reinterpret_cast<const char*>(nfc));
  std::free(nfc);
  return out;
}

}  // namespace

std::string clean_id(std::string_view raw_id) {
  // trim()
  std::size_t b = 0, e = raw_id.size();
  while (b < e && is_php_trim_space(raw_id[b])) ++b;
  while (e > b && is_php_trim_space(raw_id[e - 1])) --e;
  std::string lowered = lower_nfc(raw_id.substr(b, e - b));

  // strtr(';/', ':_'), deaccent(-1), stripspecials('_', '\*'), one code point at a time.
  std::string id;
  id.reserve(lowered.size());
  std::size_t i = 0;
  while (i < lowered.size()) {
    std::uint32_t cp = utf8::decode(lowered, i);
    if (cp == ';') cp = ':';
    else if (cp == '/') cp = '_';
    if (const char* ascii = accent_replacement(cp)) {
      id += ascii;
      continue;
    }
    if (is_special(cp)) {
      id += '_';
      continue;
    }
    utf8::append(id, cp);
  }

  // Clean up: '_+' -> '_', ':+' -> ':'.
  std::string collapsed;
  collapsed.reserve(id.size());
  for (char c : id) {
    if ((c == '_' || c == ':') && !collapsed.empty() && collapsed.back() == c) continue;
    collapsed += c;
  }
  // trim(':._-')
  b = 0;
  e = collapsed.size();
  while (b < e && is_id_punct(collapsed[b])) ++b;
  while (e > b && is_id_punct(collapsed[e - 1])) --e;
  std::string_view trimmed(collapsed.data() + b, e - b);
  // ':[:._-]+' -> ':'
  std::string after_colon;
  after_colon.reserve(trimmed.size());
  for (std::size_t k = 0; k < trimmed.size(); ++k) {
    after_colon += trimmed[k];
    if (trimmed[k] == ':')
      while (k + 1 < trimmed.size() && is_id_punct(trimmed[k + 1])) ++k;
  }
  // '[:._-]+:' -> ':'. After the pass above no punctuation follows a ':', so a run of
  // punctuation holds at most one ':', at its end: the run before it goes.
  std::string out;
  out.reserve(after_colon.size());
  for (std::size_t k = 0; k < after_colon.size(); ++k) {
    if (is_id_punct(after_colon[k]) && after_colon[k] != ':') {
      std::size_t run = k;
      while (run < after_colon.size() && is_id_punct(after_colon[run]) && after_colon[run] != ':') ++run;
      if (run < after_colon.size() && after_colon[run] == ':') {
        k = run - 1;  // drop the run; the ':' is copied next
        continue;
      }
    }
    out += after_colon[k];
  }
  return out;
}

std::string encode_file_name(std::string_view path) {
  bool plain = !path.empty();
  for (char c : path) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
              c == '_' || c == '-' || c == '.' || c == '%';
    if (!ok) {
      plain = false;
      break;
    }
  }
  if (plain) return std::string(path);
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size() * 3);
  for (char ch : path) {
    auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '/') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

namespace {
std::string id_path(std::string_view id) {
  std::string path(id);
  std::replace(path.begin(), path.end(), ':', '/');
  return encode_file_name(path);
}
}  // namespace

std::string page_file(std::string_view id) { return id_path(id) + ".txt"; }
std::string media_file(std::string_view id) { return id_path(id); }

std::string section_id(std::string_view title) {
  std::string id;
  for (char c : clean_id(title))
    if (c != ':' && c != '.') id += c;
  std::size_t start = id.find_first_not_of("0123456789_-");
  if (start != std::string::npos) return id.substr(start);
  std::string digits;
  for (char c : id)
    if (c >= '0' && c <= '9') digits += c;
  return "section" + digits;
}

std::string_view id_namespace(std::string_view id) {
  std::size_t colon = id.rfind(':');
  return colon == std::string_view::npos ? std::string_view() : id.substr(0, colon);
}

}  // namespace wikiconv::dokuwiki
