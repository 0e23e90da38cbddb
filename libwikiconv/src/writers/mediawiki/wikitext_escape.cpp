#include "writers/mediawiki/wikitext_escape.hpp"

#include <algorithm>
#include <array>

#include "util/html_tag.hpp"

namespace wikiconv::wikitext {

namespace {

constexpr std::array<std::string_view, 29> kProtocols = {
    "bitcoin:", "ftp://", "ftps://", "geo:", "git://", "gopher://", "http://", "https://",
    "irc://", "ircs://", "magnet:", "mailto:", "matrix:", "mms://", "news:", "nntp://",
    "redis://", "sftp://", "sip:", "sips:", "sms:", "ssh://", "svn://", "tel:",
    "telnet://", "urn:", "worldwind://", "xmpp:", "//"};

constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
// A character that continues a word for \b in MediaWiki's regexes (PCRE without /u: ASCII).
constexpr bool is_word(char c) { return is_alnum(c) || c == '_'; }
constexpr char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool istarts_with(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (lower(s[i]) != prefix[i]) return false;
  return true;
}

// Characters that may follow a protocol in a free link (MediaWiki's EXT_LINK_URL_CLASS).
bool is_url_char(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u > 0x20 && c != '[' && c != ']' && c != '<' && c != '>' && c != '"' && u != 0x7f;
}

// "&name;" "&#123;" "&#x1F;" starting at s[0] == '&'.
bool looks_like_entity(std::string_view s) {
  std::size_t i = 1;
  if (i < s.size() && s[i] == '#') {
    ++i;
    if (i < s.size() && (s[i] == 'x' || s[i] == 'X')) ++i;
  }
  std::size_t start = i;
  while (i < s.size() && is_alnum(s[i])) ++i;
  return i > start && i < s.size() && s[i] == ';';
}

// "__NOTOC__" and the other behaviour switches: __ letters __.
std::size_t magic_word_length(std::string_view s) {
  if (s.size() < 5 || s[0] != '_' || s[1] != '_') return 0;
  std::size_t i = 2;
  while (i < s.size() && is_alpha(s[i])) ++i;
  if (i == 2 || i + 1 >= s.size() || s[i] != '_' || s[i + 1] != '_') return 0;
  return i + 2;
}

// "ISBN 123", "RFC 123", "PMID 123": the keyword length when a magic link starts here.
std::size_t magic_link_keyword(std::string_view s) {
  // Asked at every word: most start with none of the keywords' letters.
  if (s.empty() || (s[0] != 'I' && s[0] != 'R' && s[0] != 'P')) return 0;
  for (std::string_view kw : {"ISBN", "RFC", "PMID"}) {
    if (s.substr(0, kw.size()) != kw) continue;
    std::size_t i = kw.size();
    std::size_t spaces = i;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (s.substr(i, 2) == "\xC2\xA0") {
      i += 2;
      while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    }
    if (i > spaces && i < s.size() && is_digit(s[i])) return kw.size();
  }
  return 0;
}

// The length of the UTF-8 sequence at s[0] when it is a Unicode space separator (\p{Zs}, what
// MediaWiki's EXT_LINK_URL_CLASS leaves out) or U+FFFD; else 0.
std::size_t unicode_space_length(std::string_view s) {
  auto byte = [&](std::size_t i) { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0u; };
  if (byte(0) == 0xC2 && byte(1) == 0xA0) return 2;                        // U+00A0
  if (byte(0) == 0xE1 && byte(1) == 0x9A && byte(2) == 0x80) return 3;     // U+1680
  if (byte(0) == 0xE2 && byte(1) == 0x80 && ((byte(2) >= 0x80 && byte(2) <= 0x8A) || byte(2) == 0xAF))
    return 3;  // U+2000-200A, U+202F
  if (byte(0) == 0xE2 && byte(1) == 0x81 && byte(2) == 0x9F) return 3;     // U+205F
  if (byte(0) == 0xE3 && byte(1) == 0x80 && byte(2) == 0x80) return 3;     // U+3000
  if (byte(0) == 0xEF && byte(1) == 0xBF && byte(2) == 0xBD) return 3;     // U+FFFD
  return 0;
}

// What plain_run_end needs to know of a byte: a character escape_text looks at apart from
// letters (its switch's and the newline), a letter, another character that continues a word, or
// none of these.
enum class ByteKind : unsigned char { kOther, kWord, kLetter, kMarkup };
constexpr std::array<ByteKind, 256> kByteKinds = [] {
  std::array<ByteKind, 256> table{};
  for (int c = 0; c < 256; ++c) {
    char ch = static_cast<char>(c);
    table[c] = is_alpha(ch) ? ByteKind::kLetter : is_word(ch) ? ByteKind::kWord : ByteKind::kOther;
  }
  for (unsigned char c : std::string_view("\n'[]{}~<&:|!_\x7f")) table[c] = ByteKind::kMarkup;
  return table;
}();
ByteKind byte_kind(char c) { return kByteKinds[static_cast<unsigned char>(c)]; }

// Off only in tests (set_plain_runs).
thread_local bool plain_runs_on = true;

// Where the run from `i` ends that escape_text copies as it is: no character it looks at, and no
// word where a magic link or a URL begins (the same tests as its own, asked once per word). Most
// text is such runs.
std::size_t plain_run_end(std::string_view text, std::size_t i, char prev) {
  const std::size_t n = text.size();
  bool after_word = is_word(prev);
  while (i < n) {
    char c = text[i];
    ByteKind kind = byte_kind(c);
    if (kind == ByteKind::kMarkup) break;
    if (kind != ByteKind::kLetter || after_word) {
      after_word = kind != ByteKind::kOther;
      ++i;
      continue;
    }
    // A word starts. Magic links start with I, R or P.
    if ((c == 'I' || c == 'R' || c == 'P') && magic_link_keyword(text.substr(i)) > 0) break;
    // The word's letters: none is a character escape_text looks at, and after the first each
    // follows a letter, so no test starts there. A scheme is letters and a colon, so only a
    // word whose letters end at a colon can start a URL.
    std::size_t end = i + 1;
    while (end < n && byte_kind(text[end]) == ByteKind::kLetter) ++end;
    if (end < n && text[end] == ':' && !url_protocol(text.substr(i), true).empty()) break;
    after_word = true;
    i = end;
  }
  return i;
}

void nowiki(std::string& out, std::string_view s) {
  out += "<nowiki>";
  for (char c : s) {
    if (c == '<') out += "&lt;";
    else if (c == '&') out += "&amp;";
    else out += c;
  }
  out += "</nowiki>";
}

}  // namespace

void set_plain_runs(bool on) { plain_runs_on = on; }

std::string_view url_protocol(std::string_view s, bool free) {
  if (s.substr(0, 2) == "//") return free ? std::string_view() : s.substr(0, 2);
  // Every other protocol is a scheme of letters and a colon. escape_text's character path asks
  // at every word, and most words end without one: no table lookup for them.
  constexpr std::size_t kLongestScheme = 9;  // "worldwind"
  std::size_t letters = 0;
  while (letters < s.size() && letters <= kLongestScheme && is_alpha(s[letters])) ++letters;
  if (letters == 0 || letters > kLongestScheme || letters >= s.size() || s[letters] != ':') return {};
  for (std::string_view p : kProtocols)
    if (p.size() > letters && p[letters] == ':' && istarts_with(s, p)) return s.substr(0, p.size());
  return {};
}

void escape_text(std::string& out, std::string_view text, const TextContext& context) {
  bool line_start = context.line_start;
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    if (!line_start && plain_runs_on) {
      // Copied whole: the character-by-character path below would copy each as it is.
      std::size_t end = plain_run_end(text, i, i == 0 ? context.prev : text[i - 1]);
      if (end > i) {
        out.append(text.data() + i, end - i);
        i = end;
        continue;
      }
    }
    char c = text[i];
    char prev = i == 0 ? context.prev : text[i - 1];
    if (c == '\n') {
      // A newline inside text (from "&#10;" in the source) is not a line break: HTML shows it
      // as a space, wikitext would end the line.
      out += "&#10;";
      ++i;
      continue;
    }
    if (line_start) {
      line_start = false;
      if (c == '*' || c == '#' || c == ':' || c == ';' || c == ' ' || c == '\t' || c == '=') {
        nowiki(out, text.substr(i, 1));
        ++i;
        continue;
      }
      if (c == '-' && text.substr(i, 4) == "----") {
        std::size_t j = i;
        while (j < n && text[j] == '-') ++j;
        nowiki(out, text.substr(i, j - i));
        i = j;
        continue;
      }
      if (c == '{' && i + 1 < n && text[i + 1] == '|') {
        nowiki(out, "{|");
        i += 2;
        continue;
      }
      if (context.table_cell && (c == '|' || c == '!')) {
        out += c == '|' ? "&#124;" : "&#33;";
        ++i;
        continue;
      }
    }
    switch (c) {
      case '\'': case '[': case ']': case '{': case '}': case '~': {
        // Runs that MediaWiki reads as markup: '' (emphasis), [[ ]] (links), {{ }}
        // (templates), ~~~ (signatures). Neighbouring output counts toward the run.
        std::size_t j = i;
        while (j < n && text[j] == c) ++j;
        std::size_t run = j - i;
        // (Not for ': emphasis next to an apostrophe is written as <i>/<b>.)
        if (i == 0 && context.prev == c && c != '\'') ++run;
        if (j == n && context.next == c && c != '\'') ++run;
        std::size_t threshold = c == '~' ? 3 : 2;
        if (c == '}' && !context.table_cell) threshold = 3;  // stray }} is harmless text
        if (run >= threshold) {
          nowiki(out, text.substr(i, j - i));
        } else if (c == '[' && url_protocol(text.substr(j), false).size() > 0) {
          nowiki(out, text.substr(i, j - i));  // "[http://x y]" would be a link
        } else if (c == ']' && context.ext_link_label) {
          for (std::size_t k = i; k < j; ++k) out += "&#93;";
        } else if (c == '[' && j == n && context.next != '\0' && context.next != ' ') {
          for (std::size_t k = i; k < j; ++k) out += "&#91;";  // "[" then a link
        } else {
          out.append(text.substr(i, j - i));
        }
        i = j;
        continue;
      }
      case '<':
        if (i + 1 < n && (is_alpha(text[i + 1]) || text[i + 1] == '/' || text[i + 1] == '!' || text[i + 1] == '?'))
          out += "&lt;";
        else if (i + 1 == n && (is_alpha(context.next) || context.next == '/' || context.next == '!'))
          out += "&lt;";
        else
          out += '<';
        ++i;
        continue;
      case '&':
        out += looks_like_entity(text.substr(i)) ? "&amp;" : "&";
        ++i;
        continue;
      case ':':
        out += context.definition_term ? "&#58;" : ":";
        ++i;
        continue;
      case '|':
        if (context.table_cell || context.link_label) out += "&#124;";
        else out += '|';
        ++i;
        continue;
      case '!':
        if (context.table_cell && ((i + 1 < n && text[i + 1] == '!') || prev == '!')) out += "&#33;";
        else out += '!';
        ++i;
        continue;
      case '_':
        if (std::size_t len = magic_word_length(text.substr(i)); len > 0) {
          nowiki(out, text.substr(i, len));
          i += len;
          continue;
        }
        out += '_';
        ++i;
        continue;
      case '\x7f':  // MediaWiki's strip-marker prefix; a control character nothing shows of
        ++i;
        continue;
      default: break;
    }
    if (is_alpha(c) && !is_word(prev)) {
      if (std::size_t len = magic_link_keyword(text.substr(i)); len > 0) {
        nowiki(out, text.substr(i, len));
        i += len;
        continue;
      }
      std::string_view proto = context.ext_link_label || context.link_label ? std::string_view()
                                                                             : url_protocol(text.substr(i), true);
      if (!proto.empty() && i + proto.size() < n && is_url_char(text[i + proto.size()])) {
        nowiki(out, proto);  // a URL that was plain text in the source stays text
        i += proto.size();
        continue;
      }
    }
    out += c;
    ++i;
  }
}

void write_inline_code(std::string& out, std::string_view code, const TextContext& context, std::string_view tag) {
  std::string escaped;
  TextContext inner = context;
  inner.single_line = true;
  inner.prev = '>';
  inner.next = '<';
  escape_text(escaped, code, inner);
  std::string open = "<" + std::string(tag) + ">";
  std::string close = "</" + std::string(tag) + ">";
  if (escaped.find("<nowiki>") == std::string::npos) {
    out += open;
    out += escaped;
    out += close;
    return;
  }
  out += open;
  out += "<nowiki>";
  for (char c : code) {
    if (c == '<') out += "&lt;";
    else if (c == '&') out += "&amp;";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  out += "</nowiki>";
  out += close;
}

void escape_pre(std::string& out, std::string_view code) { html::escape(out, code); }

void escape_attribute(std::string& out, std::string_view value) {
  // Attribute values pass through the preprocessor before the sanitizer reads the tag: "{{x}}"
  // would be expanded, a '|' in a table cell would end the cell's attributes, "__TOC__" and
  // "~~~~" are found anywhere. The sanitizer decodes the character references again.
  for (std::size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    switch (c) {
      case '"': out += "&quot;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '\n': out += ' '; break;
      case '{': out += "&#123;"; break;
      case '}': out += "&#125;"; break;
      case '[': out += "&#91;"; break;
      case ']': out += "&#93;"; break;
      case '|': out += "&#124;"; break;
      case '~': out += "&#126;"; break;
      case '_': out += i + 1 < value.size() && value[i + 1] == '_' ? "&#95;" : "_"; break;
      default: out += c;
    }
  }
}

namespace {

// Bytes bracket_url copies as they are whatever follows them: printable ASCII but those it
// encodes, and '~' and '&' (which their neighbours decide).
constexpr std::array<bool, 256> kPlainUrlBytes = [] {
  std::array<bool, 256> table{};
  for (int c = 0x21; c < 0x7f; ++c) table[c] = true;
  for (unsigned char c : std::string_view("\"<>[]'{}|~&")) table[c] = false;
  return table;
}();

}  // namespace

std::string bracket_url(std::string_view url) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(url.size());
  for (std::size_t i = 0; i < url.size(); ++i) {
    // Most of a URL is copied in runs.
    std::size_t run = i;
    while (run < url.size() && kPlainUrlBytes[static_cast<unsigned char>(url[run])]) ++run;
    if (run > i) {
      out.append(url.data() + i, run - i);
      i = run - 1;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(url[i]);
    bool encode = c <= 0x20 || c == 0x7f || c == '"' || c == '<' || c == '>' || c == '[' ||
                  c == ']' || c == '\'' || c == '{' || c == '}' || c == '|';
    if (c == '~' && i + 2 < url.size() && url[i + 1] == '~' && url[i + 2] == '~') encode = true;
    if (c == '&' && looks_like_entity(url.substr(i))) {
      out += "&amp;";
      continue;
    }
    // Unicode spaces (and U+FFFD) end a link's URL in MediaWiki, as spaces do.
    if (std::size_t len = unicode_space_length(url.substr(i)); len > 0) {
      for (std::size_t k = 0; k < len; ++k) {
        unsigned char b = static_cast<unsigned char>(url[i + k]);
        out += '%';
        out += kHex[b >> 4];
        out += kHex[b & 15];
      }
      i += len - 1;
      continue;
    }
    if (encode) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

bool is_free_link_safe(std::string_view url, char prev, char next) {
  if (is_word(prev)) return false;  // a free link starts at a word boundary
  std::string_view proto = url_protocol(url, true);
  if (proto.empty() || proto == "mailto:" || url.size() <= proto.size()) return false;
  bool open_paren = false;
  for (std::size_t i = 0; i < url.size(); ++i) {
    char c = url[i];
    if (!is_url_char(c) || c == '\'' || c == '{' || c == '}' || c == '|' || c == '~' || c == '_' ||
        static_cast<unsigned char>(c) >= 0x80)
      return false;
    if (c == '&' && looks_like_entity(url.substr(i))) return false;
    if (c == '(') open_paren = true;
  }
  // MediaWiki leaves trailing punctuation (and ")" without "(") out of a free link.
  char last = url.back();
  if (std::string_view(",;\\.:!?").find(last) != std::string_view::npos) return false;
  if (last == ')' && !open_paren) return false;
  if (next != '\0' && is_url_char(next)) return false;
  return true;
}

bool is_syntaxhighlight_language(std::string_view lang) {
  static constexpr std::string_view kLexers[] = {
#include "writers/mediawiki/syntaxhighlight_lexers.inc"
  };
  std::string lower_lang;
  for (char c : lang) lower_lang += lower(c);
  return std::binary_search(std::begin(kLexers), std::end(kLexers), std::string_view(lower_lang));
}

void write_comment(std::string& out, std::string_view text) {
  out += "<!--";
  for (std::size_t k = 0; k < text.size(); ++k) {
    if (text[k] == '-' && k + 1 < text.size() && text[k + 1] == '-') out += "- ";
    else if (text[k] == '>' && k > 0 && text[k - 1] == '-') out += " >";
    else out += text[k];
  }
  out += "-->";
}

}  // namespace wikiconv::wikitext
