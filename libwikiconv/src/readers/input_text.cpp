#include "readers/input_text.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <tuple>

#include "util/utf8.hpp"

namespace wikiconv {

namespace {

constexpr std::uint64_t kLowBits = 0x0101010101010101ULL;
constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

// Whether one of the eight bytes of `word` is `byte` (for ASCII words: no high bits set).
inline bool has_byte(std::uint64_t word, unsigned char byte) {
  std::uint64_t x = word ^ (kLowBits * byte);
  return ((x - kLowBits) & ~x & kHighBits) != 0;
}

// The end of the run from `i` that needs no change: ASCII except CR and NUL, and valid UTF-8
// sequences.
std::size_t clean_run_end(std::string_view raw, std::size_t i) {
  std::size_t run = i;
  while (run < raw.size()) {
    // Eight bytes at a time while they are all ASCII and none is CR or NUL.
    while (run + 8 <= raw.size()) {
      std::uint64_t word;
      std::memcpy(&word, raw.data() + run, 8);
      if ((word & kHighBits) || has_byte(word, '\r') || has_byte(word, 0)) break;
      run += 8;
    }
    if (run == raw.size()) break;
    unsigned char c = static_cast<unsigned char>(raw[run]);
    if (c < 0x80) {
      if (c == '\r' || c == 0) break;
      ++run;
      continue;
    }
    std::size_t len = utf8::valid_sequence_length(raw, run);
    if (len == 0) break;
    run += len;
  }
  return run;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string unquote(std::string_view v) {
  v = trim(v);
  if (v.size() >= 2 && ((v.front() == '"' && v.back() == '"') || (v.front() == '\'' && v.back() == '\'')))
    v = v.substr(1, v.size() - 2);
  return std::string(v);
}

// Finds the YAML block at the start of `text`: returns its end offset (after the closing line)
// or 0 when there is none.
std::size_t front_matter_end(std::string_view text,
                             std::vector<std::pair<std::string, std::string>>* out) {
  if (text.substr(0, 4) != "---\n") return 0;
  std::size_t pos = 4;
  std::vector<std::pair<std::string, std::string>> keys;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    if (line == "---" || line == "...") {
      // Only a block of YAML keys is front matter; "---\ntext\n---" is Markdown (a rule and a
      // setext heading), as cmark-gfm reads it.
      if (keys.empty()) return 0;
      if (out) *out = std::move(keys);
      return std::min(eol + 1, text.size());
    }
    std::size_t colon = line.find(':');
    bool key_line = colon != std::string_view::npos && colon > 0 && line[0] != ' ' && line[0] != '#' &&
                    (colon + 1 == line.size() || line[colon + 1] == ' ') &&
                    line.substr(0, colon).find_first_of(" \t") == std::string_view::npos;
    if (key_line) {
      keys.emplace_back(std::string(trim(line.substr(0, colon))), unquote(line.substr(colon + 1)));
    } else if (!trim(line).empty() && line[0] != ' ' && line[0] != '-' && line[0] != '#') {
      return 0;  // not YAML
    }
    pos = eol + 1;
  }
  return 0;  // never closed: not front matter (it is a thematic break and text)
}

// Blanks a leading YAML block into `clean.front_matter`, keeping its newlines so that line
// numbers stay true.
void take_front_matter(CleanText& clean) {
  std::string& text = clean.text;
  if (std::size_t end = front_matter_end(text, &clean.front_matter); end > 0) {
    clean.front_matter_text = text.substr(0, end);
    for (std::size_t k = 0; k < end; ++k)
      if (text[k] != '\n') text[k] = ' ';
  }
}

}  // namespace

CleanText clean_input(std::string_view raw, const std::string& source, bool strict,
                      Diagnostics& diagnostics) {
  CleanText result;
  if (raw.substr(0, 3) == "\xEF\xBB\xBF") raw.remove_prefix(3);
  std::string& out = result.text;
  out.reserve(raw.size() + 1);
  std::size_t bad = 0;
  int first_bad_line = 0, first_bad_column = 0;
  bool had_nul = false;
  std::size_t i = 0;
  while (i < raw.size()) {
    // Copy the longest run that needs no change in one append (nearly every file is one run).
    std::size_t run = clean_run_end(raw, i);
    out.append(raw.data() + i, run - i);
    i = run;
    if (i == raw.size()) break;
    if (raw[i] == '\r') {  // CRLF and lone CR both end a line
      out += '\n';
      i += (i + 1 < raw.size() && raw[i + 1] == '\n') ? 2 : 1;
      continue;
    }
    // A NUL or invalid byte: the line is counted only for the first one, in the output so far.
    if (bad++ == 0) std::tie(first_bad_line, first_bad_column) = utf8::line_and_column(out, out.size());
    had_nul |= raw[i] == 0;
    out += "\xEF\xBF\xBD";
    ++i;
  }
  if (bad > 0) {
    std::string what = std::to_string(bad) + (had_nul ? " invalid UTF-8 or NUL byte(s)" : " invalid UTF-8 byte(s)") +
                       (bad > 1 ? ", the first here" : "");
    if (strict) throw Error(source, first_bad_line, first_bad_column, what);
    diagnostics.add({Severity::Warning, source, first_bad_line, what + " (replaced with U+FFFD)", first_bad_column, {}});
  }
  take_front_matter(result);
  return result;
}

CleanText clean_input(std::string&& raw, const std::string& source, bool strict, Diagnostics& diagnostics) {
  // A file that needs no change is kept, not copied: for a big page, megabytes of memory the
  // kernel would have to clear.
  if (std::string_view(raw).substr(0, 3) == "\xEF\xBB\xBF" || clean_run_end(raw, 0) != raw.size())
    return clean_input(std::string_view(raw), source, strict, diagnostics);
  CleanText result;
  result.text = std::move(raw);
  take_front_matter(result);
  return result;
}

std::vector<std::pair<std::string, std::string>> scan_front_matter(std::string_view raw) {
  if (raw.substr(0, 3) == "\xEF\xBB\xBF") raw.remove_prefix(3);
  std::string normalized;
  if (raw.find('\r') != std::string_view::npos) {
    normalized.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '\r') {
        normalized += '\n';
        if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
      } else {
        normalized += raw[i];
      }
    }
    raw = normalized;
  }
  std::vector<std::pair<std::string, std::string>> keys;
  front_matter_end(raw, &keys);
  return keys;
}

}  // namespace wikiconv
