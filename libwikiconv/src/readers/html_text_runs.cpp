#include "readers/html_text_runs.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>

namespace wikiconv {

namespace {

constexpr std::size_t npos = std::string_view::npos;
// A run shorter than its character (4 bytes) and a little more saves the parser nothing.
constexpr std::size_t kMinRun = 8;
// Runs are named by U+F0000 + index; U+FFFFE and U+FFFFF are noncharacters gumbo replaces.
constexpr std::uint32_t kFirstRun = 0xF0000;
constexpr std::size_t kMaxRuns = 0xFFFE;

thread_local bool text_runs_on = true;

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

// The bytes of the character at s[i] when the tokenizer's data state passes it into a text as
// it is (0 when it does not: '<', '&', NUL, CR, what gumbo replaces by U+FFFD, bytes that are
// not UTF-8).
std::size_t plain_char(std::string_view s, std::size_t i) {
  auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    if (b >= 0x20 && b < 0x7F) return b == '<' || b == '&' ? 0 : 1;
    return b == '\t' || b == '\n' || b == '\f' ? 1 : 0;
  }
  std::size_t size;
  std::uint32_t cp;
  if (b >= 0xC2 && b <= 0xDF) {
    size = 2;
    cp = b & 0x1Fu;
  } else if (b >= 0xE0 && b <= 0xEF) {
    size = 3;
    cp = b & 0x0Fu;
  } else if (b >= 0xF0 && b <= 0xF4) {
    size = 4;
    cp = b & 0x07u;
  } else {
    return 0;
  }
  if (i + size > s.size()) return 0;
  for (std::size_t k = 1; k < size; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3Fu);
  }
  if ((size == 3 && cp < 0x800) || (size == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  // gumbo's utf8_is_invalid_code_point (C1 controls, noncharacters)
  if (cp <= 0x9F || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) return 0;
  return size;
}

// ASCII characters plain_char() passes.
constexpr auto kPlainAscii = [] {
  std::array<bool, 128> table{};
  for (int c = 0x20; c < 0x7F; ++c) table[static_cast<std::size_t>(c)] = c != '<' && c != '&';
  table['\t'] = table['\n'] = table['\f'] = true;
  return table;
}();

// Past the '>' that ends a tag whose name started before `i`, read as the tokenizer reads it
// (a '>' in a quoted attribute value does not end it); npos when the text ends first.
std::size_t tag_end(std::string_view s, std::size_t i) {
  enum { Name, BeforeAttr, AttrName, AfterAttrName, BeforeValue, Double, Single, Unquoted, AfterQuoted, SelfClosing } state = Name;
  for (; i < s.size(); ++i) {
    char c = s[i];
    switch (state) {
      case Name:
        if (c == '>') return i + 1;
        if (is_space(c)) state = BeforeAttr;
        else if (c == '/') state = SelfClosing;
        break;
      case BeforeAttr:
        if (c == '>') return i + 1;
        if (c == '/') state = SelfClosing;
        else if (!is_space(c)) state = AttrName;
        break;
      case AttrName:
        if (c == '>') return i + 1;
        if (is_space(c)) state = AfterAttrName;
        else if (c == '/') state = SelfClosing;
        else if (c == '=') state = BeforeValue;
        break;
      case AfterAttrName:
        if (c == '>') return i + 1;
        if (c == '/') state = SelfClosing;
        else if (c == '=') state = BeforeValue;
        else if (!is_space(c)) state = AttrName;
        break;
      case BeforeValue:
        if (c == '>') return i + 1;
        if (c == '"') state = Double;
        else if (c == '\'') state = Single;
        else if (!is_space(c)) state = Unquoted;
        break;
      case Double:
        if (c == '"') state = AfterQuoted;
        break;
      case Single:
        if (c == '\'') state = AfterQuoted;
        break;
      case Unquoted:
        if (c == '>') return i + 1;
        if (is_space(c)) state = BeforeAttr;
        break;
      case AfterQuoted:
        if (c == '>') return i + 1;
        if (c == '/') state = SelfClosing;
        else if (is_space(c)) state = BeforeAttr;
        else {
          state = BeforeAttr;  // read again there
          --i;
        }
        break;
      case SelfClosing:
        if (c == '>') return i + 1;
        state = BeforeAttr;
        --i;
        break;
    }
  }
  return npos;
}

// Past the end of a comment whose "<!--" ends before `i` (gumbo 0.10's comment states: "-->",
// "--!>", and "<!-->", "<!--->" at its start); npos when the text ends first.
std::size_t comment_end(std::string_view s, std::size_t i) {
  enum { Start, StartDash, Comment, EndDash, End, EndBang } state = Start;
  for (; i < s.size(); ++i) {
    char c = s[i];
    switch (state) {
      case Start:
        if (c == '>') return i + 1;
        state = c == '-' ? StartDash : Comment;
        break;
      case StartDash:
        if (c == '>') return i + 1;
        state = c == '-' ? End : Comment;
        break;
      case Comment:
        if (c == '-') state = EndDash;
        break;
      case EndDash:
        state = c == '-' ? End : Comment;
        break;
      case End:
        if (c == '>') return i + 1;
        if (c == '!') state = EndBang;
        else if (c != '-') state = Comment;
        break;
      case EndBang:
        if (c == '>') return i + 1;
        state = c == '-' ? EndDash : Comment;
        break;
    }
  }
  return npos;
}

// Elements after whose start tag the tokenizer may leave its data state (raw text, RCDATA,
// plaintext, foreign content with CDATA) or the tree builder reads text otherwise (a frameset
// drops it, a template keeps it apart): runs stop there.
bool changes_text_reading(std::string_view name) {
  static constexpr std::string_view kNames[] = {"script",   "style",    "textarea", "title",    "xmp",
                                                "iframe",   "noembed",  "noframes", "noscript", "plaintext",
                                                "svg",      "math",     "frameset", "template"};
  if (name.size() > 9) return false;
  char lower[9];
  for (std::size_t k = 0; k < name.size(); ++k)
    lower[k] = name[k] >= 'A' && name[k] <= 'Z' ? static_cast<char>(name[k] - 'A' + 'a') : name[k];
  std::string_view l(lower, name.size());
  return std::find(std::begin(kNames), std::end(kNames), l) != std::end(kNames);
}

// Past the markup that starts with the '<' at s[i], or npos when it runs to the end. `stop`:
// the start tag of an element of changes_text_reading(). A '<' that starts no markup is text.
std::size_t markup_end(std::string_view s, std::size_t i, bool& stop) {
  stop = false;
  if (i + 1 >= s.size()) return i + 1;
  char c = s[i + 1];
  if (c == '!') {
    if (s.compare(i + 2, 2, "--") == 0) return comment_end(s, i + 4);
    std::size_t end = s.find('>', i + 2);  // a doctype, or a bogus comment
    return end == npos ? npos : end + 1;
  }
  if (c == '?') {
    std::size_t end = s.find('>', i + 2);
    return end == npos ? npos : end + 1;
  }
  if (c == '/') {
    if (i + 2 >= s.size()) return npos;
    if (s[i + 2] == '>') return i + 3;
    if (is_alpha(s[i + 2])) return tag_end(s, i + 3);
    std::size_t end = s.find('>', i + 2);
    return end == npos ? npos : end + 1;
  }
  if (!is_alpha(c)) return i + 1;
  std::size_t name_end = i + 2;
  while (name_end < s.size() && !is_space(s[name_end]) && s[name_end] != '/' && s[name_end] != '>') ++name_end;
  if (changes_text_reading(s.substr(i + 1, name_end - i - 1))) {
    stop = true;
    return npos;
  }
  return tag_end(s, i + 2);
}

// Past a character reference's possible extent from the '&' at s[i]: names and digits, and a ';'.
std::size_t reference_end(std::string_view s, std::size_t i) {
  ++i;
  while (i < s.size() && (is_alnum(s[i]) || s[i] == '#')) ++i;
  return i < s.size() && s[i] == ';' ? i + 1 : i;
}

// Whether a numeric character reference in `s` gives a character of plane 15, which a run's
// character could not be told from.
bool references_plane_15(std::string_view s) {
  for (std::size_t i = s.find("&#"); i != npos; i = s.find("&#", i + 2)) {
    std::uint32_t value = numeric_reference(s, i).value;
    if (value >= kFirstRun && value <= 0xFFFFF) return true;
  }
  return false;
}

void append_run_char(std::string& out, std::size_t index) {
  std::uint32_t cp = kFirstRun + static_cast<std::uint32_t>(index);
  out += static_cast<char>(0xF0 | (cp >> 18));
  out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out += static_cast<char>(0x80 | (cp & 0x3F));
}

}  // namespace

NumericReference numeric_reference(std::string_view s, std::size_t amp) {
  std::size_t d = amp + 2;
  bool hex = d < s.size() && (s[d] == 'x' || s[d] == 'X');
  if (hex) ++d;
  NumericReference ref{d, d, 0};
  for (; ref.end < s.size(); ++ref.end) {
    char c = s[ref.end];
    int v = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10 : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (v < 0) break;
    ref.value = std::min<std::uint32_t>(ref.value * (hex ? 16 : 10) + static_cast<std::uint32_t>(v), 0x110000);
  }
  return ref;
}

bool TextRuns::compact(std::string_view html, std::string& out) {
  runs_.clear();
  source_ = html;
  // Plane 15 (lead byte F3 covers U+C0000 to U+FFFFF) in the text itself or by reference.
  if (html.find('\xF3') != npos || references_plane_15(html)) return false;
  out.clear();
  std::size_t copied = 0;  // html up to here is in `out`
  std::size_t shift = 0;
  for (std::size_t i = 0; i < html.size();) {
    char c = html[i];
    if (c == '<') {
      bool stop = false;
      i = markup_end(html, i, stop);
      if (stop || i == npos) break;
      continue;
    }
    if (c == '&') {
      i = reference_end(html, i);
      continue;
    }
    std::size_t end = i;
    while (end < html.size()) {
      auto b = static_cast<unsigned char>(html[end]);
      if (b < 0x80 && kPlainAscii[b]) {  // most of a run
        ++end;
        continue;
      }
      std::size_t n = b < 0x80 ? 0 : plain_char(html, end);
      if (n == 0) break;
      end += n;
    }
    if (end == i) {  // a character the parser reads otherwise
      ++i;
      continue;
    }
    std::size_t begin = i;
    while (begin < end && is_space(html[begin])) ++begin;
    std::size_t last = end;
    while (last > begin && is_space(html[last - 1])) --last;
    if (last - begin >= kMinRun && runs_.size() < kMaxRuns) {
      if (out.empty()) out.reserve(html.size());
      out.append(html, copied, begin - copied);
      Run run{out.size(), begin, last - begin, 0};
      append_run_char(out, runs_.size());
      shift += run.size - 4;
      run.shift = shift;
      runs_.push_back(run);
      copied = last;
    }
    i = end;
  }
  if (runs_.empty()) return false;
  out.append(html, copied, npos);
  return true;
}

std::size_t TextRuns::original_offset(std::size_t offset) const {
  auto after = std::lower_bound(runs_.begin(), runs_.end(), offset, [](const Run& r, std::size_t o) { return r.at < o; });
  return after == runs_.begin() ? offset : offset + std::prev(after)->shift;
}

std::string_view TextRuns::expand(std::string_view text, std::string& buffer) const {
  std::size_t i = runs_.empty() ? npos : text.find('\xF3');
  if (i == npos) return text;
  buffer.clear();
  std::size_t copied = 0;
  for (; i != npos; i = text.find('\xF3', i)) {
    if (i + 4 <= text.size()) {
      std::uint32_t cp = ((static_cast<unsigned char>(text[i]) & 0x07u) << 18) |
                         ((static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 12) |
                         ((static_cast<unsigned char>(text[i + 2]) & 0x3Fu) << 6) |
                         (static_cast<unsigned char>(text[i + 3]) & 0x3Fu);
      if (cp >= kFirstRun && cp - kFirstRun < runs_.size()) {
        const Run& run = runs_[cp - kFirstRun];
        buffer.append(text, copied, i - copied);
        buffer.append(source_, run.original, run.size);
        i += 4;
        copied = i;
        continue;
      }
    }
    ++i;
  }
  buffer.append(text, copied, npos);
  return buffer;
}

void set_html_text_runs(bool on) { text_runs_on = on; }
bool html_text_runs() { return text_runs_on; }

}  // namespace wikiconv
