// Naming rules of the EPUB writer: file names, XML ids, URLs, times.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <utility>

#include "util/utf8.hpp"
#include "writers/epub/epub_book.hpp"

namespace wikiconv::epub {

namespace {

constexpr char kHex[] = "0123456789ABCDEF";

bool ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// XML 1.0 (5th edition) NameStartChar and NameChar, without ':' (NCName).
bool name_start(std::uint32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  return (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) ||
         (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) ||
         (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF) ||
         (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}
bool name_char(std::uint32_t c) {
  return name_start(c) || c == '-' || c == '.' || (c >= '0' && c <= '9') || c == 0xB7 ||
         (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}

void hex_byte(std::string& out, char lead, unsigned char b) {
  out += lead;
  out += kHex[b >> 4];
  out += kHex[b & 15];
}

}  // namespace

std::string slug(std::string_view title, std::size_t max) {
  std::string out;
  bool dash = false;
  for (char c : title) {
    if (ascii_alnum(c)) {
      if (dash && !out.empty()) out += '-';
      dash = false;
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      if (out.size() >= max) break;
    } else {
      dash = true;
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "page" : out;
}

std::string xml_id(std::string_view anchor) {
  std::string out;
  out.reserve(anchor.size() + 4);
  std::size_t i = 0;
  while (i < anchor.size()) {
    std::size_t len = utf8::valid_sequence_length(anchor, i);
    if (len == 0) {
      hex_byte(out, '.', static_cast<unsigned char>(anchor[i++]));
      continue;
    }
    std::size_t start = i;
    std::uint32_t cp = utf8::decode(anchor, i);
    if (cp == ' ') out += '_';
    else if (name_char(cp)) out.append(anchor.substr(start, i - start));
    else
      for (std::size_t k = start; k < i; ++k) hex_byte(out, '.', static_cast<unsigned char>(anchor[k]));
  }
  if (out.empty()) return "_";
  std::size_t first = 0;
  std::uint32_t cp = utf8::valid_sequence_length(out, 0) ? utf8::decode(out, first) : 0;
  if (!name_start(cp)) out.insert(0, "_");
  return out;
}

std::string encode_url(std::string_view url) {
  std::string out;
  out.reserve(url.size() + 8);
  // '[' and ']' may only enclose an IPv6 host: elsewhere they are encoded (RSC-020).
  std::size_t authority_end = 0;
  if (std::size_t scheme_end = url.find("://"); scheme_end != std::string_view::npos && !url_scheme(url).empty())
    authority_end = std::min(url.find_first_of("/?#", scheme_end + 3), url.size());
  for (std::size_t i = 0; i < url.size(); ++i) {
    auto c = static_cast<unsigned char>(url[i]);
    if ((c == '[' || c == ']') && i >= authority_end) {
      hex_byte(out, '%', c);
      continue;
    }
    bool hex_follows = i + 2 < url.size() + 0 && std::isxdigit(static_cast<unsigned char>(url[i + 1])) &&
                       std::isxdigit(static_cast<unsigned char>(url[i + 2]));
    if (c == '%' && hex_follows) out += '%';
    else if (c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' ||
             c == '{' || c == '|' || c == '}' || c == '%')
      hex_byte(out, '%', c);
    else if (c == '#' && out.find('#') != std::string::npos)
      hex_byte(out, '%', c);  // only one fragment
    else
      out += static_cast<char>(c);
  }
  return out;
}

bool allowed_scheme(std::string_view scheme) {
  static constexpr std::array<std::string_view, 13> kSchemes = {
      "ftp", "gopher", "http", "https", "irc", "mailto", "news", "nntp", "sip", "tel", "telnet", "urn", "xmpp"};
  return std::find(kSchemes.begin(), kSchemes.end(), scheme) != kSchemes.end();
}

bool has_valid_host(std::string_view url) {
  std::string scheme = url_scheme(url);
  static constexpr std::array<std::string_view, 7> kHosted = {"ftp", "gopher", "http", "https", "nntp", "telnet", "irc"};
  if (std::find(kHosted.begin(), kHosted.end(), scheme) == kHosted.end()) return true;
  std::string_view rest = url.substr(scheme.size() + 1);
  if (rest.substr(0, 2) != "//") return false;
  rest.remove_prefix(2);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string_view host = authority;
  if (!host.empty() && host.front() == '[') {  // IPv6
    std::size_t end = host.find(']');
    if (end == std::string_view::npos || end == 1) return false;
    for (char c : host.substr(1, end - 1))
      if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') return false;
    host = host.substr(end + 1);
    if (host.empty()) return true;
    if (host.front() != ':') return false;
    return host.substr(1).find_first_not_of("0123456789") == std::string_view::npos;
  }
  if (std::size_t colon = host.find(':'); colon != std::string_view::npos) {
    if (host.substr(colon + 1).find_first_not_of("0123456789") != std::string_view::npos) return false;
    host = host.substr(0, colon);
  }
  if (host.empty()) return false;
  for (char c : host) {
    auto u = static_cast<unsigned char>(c);
    if (!(ascii_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || u >= 0x80)) return false;
  }
  // Labels: not empty (but for a final dot), no '-' at either end ("http://www.uni-" is a URL
  // cut at a line end).
  if (host.back() == '.') host.remove_suffix(1);
  for (std::size_t start = 0; start <= host.size();) {
    std::size_t end = std::min(host.find('.', start), host.size());
    std::string_view label = host.substr(start, end - start);
    if (label.empty() || label.front() == '-' || label.back() == '-') return false;
    start = end + 1;
  }
  return true;
}

std::string title_url(std::string_view title) {
  std::string out;
  for (char ch : title) {
    auto c = static_cast<unsigned char>(ch);
    if (c == ' ') out += '_';
    else if (ascii_alnum(ch) || std::string_view("-._~:/@!$*(),;").find(ch) != std::string_view::npos) out += ch;
    else hex_byte(out, '%', c);
  }
  return out;
}

std::string image_media_type(const std::filesystem::path& path) {
  std::string ext = utf8::to_lower(path.extension().string());
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".gif") return "image/gif";
  if (ext == ".svg") return "image/svg+xml";
  return {};
}

std::string uuid_urn(const unsigned char (&sha1)[20]) {
  unsigned char b[16];
  std::copy(sha1, sha1 + 16, b);
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x50);  // version 5
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
  std::string out = "urn:uuid:";
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += static_cast<char>(std::tolower(kHex[b[i] >> 4]));
    out += static_cast<char>(std::tolower(kHex[b[i] & 15]));
  }
  return out;
}

std::string iso_time(std::int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

void dos_time(std::int64_t seconds, std::uint16_t& time, std::uint16_t& date) {
  constexpr std::int64_t k1980 = 315532800;        // 1980-01-01T00:00:00Z
  constexpr std::int64_t k2107 = 4354819198;       // 2107-12-31T23:59:58Z
  seconds = std::clamp(seconds, k1980, k2107);
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  time = static_cast<std::uint16_t>((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
  date = static_cast<std::uint16_t>(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
}

std::string title_language(std::string_view title) {
  static constexpr std::array<std::string_view, 30> kLanguages = {
      "ar", "bg", "ca", "cs", "da", "de", "el", "es", "fa", "fi", "fr", "he", "hu", "id", "it",
      "ja", "ko", "nl", "pl", "pt", "pt-br", "ro", "ru", "sv", "tr", "uk", "vi", "zh", "zh-cn", "zh-tw"};
  std::size_t sep = title.find_last_of("/.");
  if (sep == std::string_view::npos || sep + 1 >= title.size()) return {};
  std::string suffix = utf8::to_lower(title.substr(sep + 1));
  if (std::find(kLanguages.begin(), kLanguages.end(), suffix) == kLanguages.end()) return {};
  if (suffix.size() > 2) suffix = suffix.substr(0, 3) + utf8::to_lower(suffix.substr(3));
  return suffix;
}

std::string display_title(std::string_view title) {
  // The languages of title_language, each by its own name.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 30> kNames = {{
      {"ar", "العربية"}, {"bg", "български"}, {"ca", "català"}, {"cs", "čeština"}, {"da", "dansk"},
      {"de", "Deutsch"}, {"el", "Ελληνικά"}, {"es", "español"}, {"fa", "فارسی"}, {"fi", "suomi"},
      {"fr", "français"}, {"he", "עברית"}, {"hu", "magyar"}, {"id", "Bahasa Indonesia"}, {"it", "italiano"},
      {"ja", "日本語"}, {"ko", "한국어"}, {"nl", "Nederlands"}, {"pl", "polski"}, {"pt", "português"},
      {"pt-br", "português do Brasil"}, {"ro", "română"}, {"ru", "русский"}, {"sv", "svenska"},
      {"tr", "Türkçe"}, {"uk", "українська"}, {"vi", "Tiếng Việt"}, {"zh", "中文"},
      {"zh-cn", "中文（简体）"}, {"zh-tw", "中文（繁體）"}}};
  std::size_t slash = title.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return std::string(title);
  std::string lang = utf8::to_lower(title_language(title));
  for (const auto& [code, name] : kNames)
    if (code == lang) return std::string(title.substr(0, slash)) + " (" + std::string(name) + ")";
  return std::string(title);
}


}  // namespace wikiconv::epub
