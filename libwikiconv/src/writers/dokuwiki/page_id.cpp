#include "writers/dokuwiki/page_id.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <array>
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

// What the loop in clean_id makes of each ASCII character, worked out once by the same rules
// (links ask for the ids of their targets, and titles are mostly ASCII); 0 where an accent
// replacement would apply, which the table leaves to the loop.
const std::array<char, 128>& ascii_id_chars() {
  static const std::array<char, 128> table = [] {
    std::array<char, 128> t{};
    for (char32_t c = 0; c < 128; ++c) {
      char32_t cp = c == ';' ? ':' : c == '/' ? '_' : c;
      if (accent_replacement(cp)) continue;
      t[c] = is_special(cp) ? '_' : static_cast<char>(cp);
    }
    return t;
  }();
  return table;
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
  const std::array<char, 128>& ascii_chars = ascii_id_chars();
  std::size_t i = 0;
  while (i < lowered.size()) {
    if (unsigned char byte = static_cast<unsigned char>(lowered[i]); byte < 0x80 && ascii_chars[byte] != 0) {
      id += ascii_chars[byte];
      ++i;
      continue;
    }
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

  // The clean-up passes below work in place: each only shortens the id (w never passes r).
  // '_+' -> '_', ':+' -> ':'.
  std::size_t w = 0;
  for (std::size_t r = 0; r < id.size(); ++r) {
    char c = id[r];
    if ((c == '_' || c == ':') && w > 0 && id[w - 1] == c) continue;
    id[w++] = c;
  }
  id.resize(w);
  // trim(':._-')
  b = 0;
  e = id.size();
  while (b < e && is_id_punct(id[b])) ++b;
  while (e > b && is_id_punct(id[e - 1])) --e;
  id.resize(e);
  id.erase(0, b);
  // ':[:._-]+' -> ':'
  w = 0;
  for (std::size_t r = 0; r < id.size(); ++r) {
    id[w++] = id[r];
    if (id[r] == ':')
      while (r + 1 < id.size() && is_id_punct(id[r + 1])) ++r;
  }
  id.resize(w);
  // '[:._-]+:' -> ':'. After the pass above no punctuation follows a ':', so a run of
  // punctuation holds at most one ':', at its end: the run before it goes.
  w = 0;
  for (std::size_t r = 0; r < id.size(); ++r) {
    if (is_id_punct(id[r]) && id[r] != ':') {
      std::size_t run = r;
      while (run < id.size() && is_id_punct(id[run]) && id[run] != ':') ++run;
      if (run < id.size() && id[run] == ':') {
        r = run - 1;  // drop the run; the ':' is copied next
        continue;
      }
    }
    id[w++] = id[r];
  }
  id.resize(w);
  return id;
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
