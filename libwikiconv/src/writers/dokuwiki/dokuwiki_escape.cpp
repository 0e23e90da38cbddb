#include "writers/dokuwiki/dokuwiki_escape.hpp"

#include <array>
#include <vector>

namespace wikiconv::dokuwiki {

namespace {

bool is_word(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// conf/smileys.conf of a stock DokuWiki; matched as (?<=\W|^)SMILEY(?=\W|$).
constexpr std::array<std::string_view, 24> kSmileys = {
    "8-)", "8-O", "8-o", ":-(", ":-)", "=)",  ":-/", ":-\\", ":-?", ":-D",   ":-P",  ":-o",
    ":-O", ":-x", ":-X", ":-|", ";-)", "m(",  "^_^", ":?:",  ":!:", "LOL",   "FIXME", "DELETEME"};

// Characters escape_text looks at: markup, typography, entities, smileys, "www."/"ftp." and
// "640x480". Text runs between them are copied without a test per character.
constexpr std::array<bool, 256> kNotable = [] {
  std::array<bool, 256> t{};
  for (unsigned char c : std::string_view("*/_'[{(\\~%=-.<>):\"xX|^wWfF8;mLD")) t[c] = true;
  return t;
}();

struct Unit {
  std::size_t begin, end;
  bool percent;  // a run of '%': <nowiki>, never merged with %%..%% units
};

class Marker {
 public:
  explicit Marker(std::string_view text) : text_(text) {}
  void mark(std::size_t begin, std::size_t end, bool percent = false) {
    if (!units_.empty()) {
      Unit& last = units_.back();
      if (last.percent == percent && begin <= last.end) {  // overlapping or touching
        if (end > last.end) last.end = end;
        return;
      }
    }
    units_.push_back({begin, end, percent});
  }
  std::vector<Unit>& units() { return units_; }

 private:
  std::string_view text_;
  std::vector<Unit> units_;
};

std::size_t run_length(std::string_view s, std::size_t i) {
  std::size_t j = i;
  while (j < s.size() && s[j] == s[i]) ++j;
  return j - i;
}

}  // namespace

void escape_text(std::string& out, std::string_view text, unsigned context) {
  const std::size_t n = text.size();
  Marker marker(text);
  std::size_t i = 0;
  if (context & kLineStart) {
    // Leading blanks make preformatted text or a list; '>' a quote, '^'/'|' a table.
    std::size_t j = 0;
    while (j < n && (text[j] == ' ' || text[j] == '\t')) ++j;
    if (j > 0) marker.mark(0, j);
    if (j < n && (text[j] == '>' || text[j] == '^' || text[j] == '|')) marker.mark(j, j + 1);
  }
  while (i < n) {
    while (i < n && !kNotable[static_cast<unsigned char>(text[i])]) ++i;
    if (i == n) break;
    char c = text[i];
    // A notable letter inside a word starts nothing: "www.", smileys and "LOL" begin words,
    // and "640x480" has a digit before the x.
    if (i > 0 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) &&
        (c == 'x' || c == 'X' ? !is_digit(text[i - 1]) : is_word(text[i - 1]))) {
      ++i;
      continue;
    }
    switch (c) {
      case '*': case '/': case '_': case '\'': case '[': case '{': case '(': case '\\': case '~':
      case '%': case '=': case '-': case '.': case '<': case '>': case ')': case ':': {
        std::size_t r = run_length(text, i);
        char next = i + r < n ? text[i + r] : '\0';
        bool unsafe = false;
        if (c == '%') {
          if (r >= 2) {
            marker.mark(i, i + r, true);
            i += r;
            continue;
          }
        } else if (c == '.') {
          unsafe = r >= 3;  // "..." typography
        } else if (c == ')') {
          unsafe = r >= 2 && (context & kInFootnote);
        } else if (c == ':') {
          unsafe = r >= 3 && (context & kInTable);  // ":::" rowspan
        } else if (c == '-') {
          unsafe = r >= 2 || next == '>';  // "--", "---", "----" (hr), "->"
        } else if (c == '=') {
          unsafe = r >= 2 || next == '>';  // "==" headings, "=>"
        } else if (c == '<') {
          // "<<", "<-", "<=", tags (<del>, <sup>, <code>, <nowiki>, <html> ...), <email@host>
          unsafe = r >= 2 || next == '-' || next == '=' || next == '/' || is_word(next);
        } else if (c == '>') {
          unsafe = r >= 2;  // ">>"
        } else {
          unsafe = r >= 2;  // ** // __ '' [[ {{ (( \\ ~~
        }
        if (unsafe) {
          std::size_t end = i + r;
          if ((c == '-' || c == '=') && r == 1 && next == '>') end = i + 2;
          marker.mark(i, end);
          i = end;
          continue;
        }
        break;
      }
      case '"':
        // typography turns " into a curly quote: only typography, so left alone unless asked
        if (context & kEscapeQuotes) marker.mark(i, i + 1);
        break;
      case 'x': case 'X':
        // 640x480 becomes a multiplication sign
        if (i > 0 && is_digit(text[i - 1]) && i + 1 < n && is_digit(text[i + 1])) marker.mark(i, i + 1);
        break;
      case '|': case '^':
        if (context & kInTable) marker.mark(i, i + 1);
        break;
      default:
        break;
    }
    // Entities (c) (tm) (r).
    if (c == '(') {
      for (std::string_view e : {"(c)", "(tm)", "(r)"})
        if (text.substr(i, e.size()) == e) marker.mark(i, i + e.size());
    }
    // Bare www./ftp. host names become links.
    if ((c == 'w' || c == 'W' || c == 'f' || c == 'F') && (i == 0 || !is_word(text[i - 1]))) {
      std::size_t j = i;
      char first = lower(c);
      char second = first == 'w' ? 'w' : 't';
      char third = first == 'w' ? 'w' : 'p';
      if (j + 1 < n && lower(text[j + 1]) == second) {
        j += 2;
        if (j < n && lower(text[j]) == third) ++j;
        if (j < n && text[j] == '.') marker.mark(j, j + 1);
      }
    }
    // Smileys, at non-word boundaries.
    if (c == '8' || c == ':' || c == ';' || c == '=' || c == 'm' || c == '^' || c == 'L' || c == 'F' || c == 'D') {
      if (i == 0 || !is_word(text[i - 1])) {
        for (std::string_view s : kSmileys) {
          if (s[0] != c || text.substr(i, s.size()) != s) continue;
          std::size_t end = i + s.size();
          if (end < n && is_word(text[end])) continue;
          marker.mark(i, end);
          break;
        }
      }
    }
    ++i;
  }

  // Units are marked in order of their start; merge %%-units separated only by a short
  // run of non-blank, non-'%' characters ("quoted" in one unit rather than two).
  auto& units = marker.units();
  std::vector<Unit> merged;
  merged.reserve(units.size());
  for (const Unit& u : units) {
    if (!merged.empty() && !u.percent && !merged.back().percent) {
      Unit& last = merged.back();
      if (u.begin <= last.end) {
        if (u.end > last.end) last.end = u.end;
        continue;
      }
      bool joinable = u.begin - last.end <= 16;
      for (std::size_t k = last.end; joinable && k < u.begin; ++k)
        if (is_space(text[k]) || text[k] == '%') joinable = false;
      if (joinable) {
        last.end = u.end;
        continue;
      }
    }
    if (!merged.empty() && u.begin < merged.back().end) {
      // A '%' unit overlapping a %%-unit: cannot happen ('%' is never part of one).
      continue;
    }
    merged.push_back(u);
  }
  std::size_t pos = 0;
  for (const Unit& u : merged) {
    out.append(text.substr(pos, u.begin - pos));
    if (u.percent) {
      out += "<nowiki>";
      out.append(text.substr(u.begin, u.end - u.begin));
      out += "</nowiki>";
    } else {
      out += "%%";
      out.append(text.substr(u.begin, u.end - u.begin));
      out += "%%";
    }
    pos = u.end;
  }
  out.append(text.substr(pos));
}

void append_monospace(std::string& out, std::string_view code) {
  out += "''";
  std::size_t i = 0;
  while (i < code.size()) {
    std::size_t j = i;
    // a stretch without '%%'
    while (j < code.size() && !(code[j] == '%' && j + 1 < code.size() && code[j + 1] == '%')) ++j;
    if (j > i) {
      out += "%%";
      out.append(code.substr(i, j - i));
      out += "%%";
    }
    if (j < code.size()) {
      std::size_t r = run_length(code, j);
      out += "<nowiki>";
      out.append(code.substr(j, r));
      out += "</nowiki>";
      j += r;
    }
    i = j;
  }
  out += "''";
}

bool forms_token(char last, char next) {
  if (last == next) {
    switch (last) {
      case '*': case '/': case '_': case '\'': case '[': case '{': case '(': case ')': case '\\':
      case '%': case '~': case '=': case '-': case '<': case '>': case '.': case ']': case '}':
        return true;
      default:
        return false;
    }
  }
  return (last == '<' && (next == '-' || next == '=')) || ((last == '-' || last == '=') && next == '>');
}

namespace {

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool protectable(char c) { return c != '%' && c != '\n' && static_cast<unsigned char>(c) < 0x80; }

}  // namespace

bool protect_last_char(std::string& out) {
  if (out.empty() || !protectable(out.back()) || ends_with(out, "%%") || ends_with(out, "</nowiki>")) return false;
  char c = out.back();
  out.pop_back();
  out += "%%";
  out += c;
  out += "%%";
  return true;
}

bool protect_first_char(std::string& text) {
  if (text.empty() || !protectable(text.front()) || text.rfind("<nowiki>", 0) == 0) return false;
  text.insert(1, "%%");
  text.insert(0, "%%");
  return true;
}

}  // namespace wikiconv::dokuwiki
