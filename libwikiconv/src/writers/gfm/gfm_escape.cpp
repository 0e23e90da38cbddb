#include "writers/gfm/gfm_escape.hpp"

#include <algorithm>

namespace wikiconv::gfm {

namespace {

bool is_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Where cmark-gfm's autolink extension may start a www. link: at a line start, after a space
// or after one of `*_~(`.
bool www_boundary(char before) {
  return before == '\n' || before == ' ' || before == '\t' || before == '*' || before == '_' || before == '~' ||
         before == '(';
}

std::size_t longest_run(std::string_view s, char c) {
  std::size_t best = 0, run = 0;
  for (char ch : s) {
    run = ch == c ? run + 1 : 0;
    best = std::max(best, run);
  }
  return best;
}

}  // namespace

std::string escape_text(std::string_view text, bool line_start, char after) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  // Line-start forms: the block markers a paragraph's line must not begin with.
  std::size_t i = 0;
  if (line_start && !text.empty()) {
    char c = text[0];
    if (c == ' ' || c == '\t') {
      out += c == ' ' ? "&#32;" : "&#9;";  // leading blanks would be stripped or make code
      i = 1;
    } else if (c == '#' || c == '>' || c == '-' || c == '+' || c == '=') {
      out += '\\';
    } else if (c >= '0' && c <= '9') {
      std::size_t d = 0;
      while (d < text.size() && d < 10 && text[d] >= '0' && text[d] <= '9') ++d;
      if (d < 10 && d < text.size() && (text[d] == '.' || text[d] == ')')) {
        out.append(text.substr(0, d));
        out += '\\';
        i = d;
      }
    }
  }
  for (; i < text.size(); ++i) {
    char c = text[i];
    char before = i == 0 ? (line_start ? '\n' : out.empty() ? ' ' : out.back()) : text[i - 1];
    switch (c) {
      case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '~': case '|':
        out += '\\';
        out += c;
        break;
      case '!':
        // Before a link's "[" it would make an image.
        if (i + 1 == text.size() ? after == '[' : text[i + 1] == '[') out += '\\';
        out += c;
        break;
      case '&':
        if (i + 1 < text.size() && (is_alnum(text[i + 1]) || text[i + 1] == '#')) out += '\\';
        out += c;
        break;
      case ':':
        // Not an autolink's scheme (http://...).
        if (text.substr(i + 1, 2) == "//") out += '\\';
        out += c;
        break;
      case '@':
        out += '\\';  // not an email autolink
        out += c;
        break;
      case 'w':
      case 'W':
        if (i == 0 ? www_boundary(before == ' ' && i == 0 && out.empty() ? '\n' : before) : www_boundary(before)) {
          std::string_view rest = text.substr(i, 4);
          if (rest.size() == 4 && (rest[1] == 'w' || rest[1] == 'W') && (rest[2] == 'w' || rest[2] == 'W') && rest[3] == '.') {
            out += c == 'w' ? "&#119;" : "&#87;";
            break;
          }
        }
        out += c;
        break;
      case '\n':
        out += "&#10;";  // a decoded &#10; in text: a line break here would end the paragraph
        break;
      case ' ':
        // Trailing blanks before a line end would be stripped (or make a hard break).
        if (i + 1 == text.size() && (after == '\n' || after == '\0')) out += "&#32;";
        else out += c;
        break;
      default: out += c;
    }
  }
  return out;
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string escape_attribute(std::string_view value) {
  std::string out;
  for (char c : value) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\n': out += "&#10;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string code_span(std::string_view code, bool in_table) {
  std::string body;
  for (char c : code) {
    if (in_table && c == '|') body += '\\';
    body += c;
  }
  std::string ticks(longest_run(code, '`') + 1, '`');
  bool all_spaces = std::all_of(code.begin(), code.end(), [](char c) { return c == ' '; });
  // cmark strips one space from each end when both have one; a backtick at an end would join
  // the fence.
  bool pad = !code.empty() && (code.front() == '`' || code.back() == '`' ||
                               (!all_spaces && code.front() == ' ' && code.back() == ' '));
  std::string out = ticks;
  if (pad) out += ' ';
  out += body;
  if (pad) out += ' ';
  return out + ticks;
}

std::string link_destination(std::string_view url) {
  int depth = 0;
  bool angle = url.empty() ? false : false;
  for (char c : url) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '<' || c == '>') angle = true;
    if (c == '(') ++depth;
    if (c == ')' && --depth < 0) angle = true;
  }
  if (depth != 0) angle = true;
  std::string out;
  if (angle) out += '<';
  for (char c : url) {
    if (c == '\\' || (angle && (c == '<' || c == '>')) || (!angle && (c == '(' || c == ')'))) {
      if (c == '<' || c == '>') {
        out += c == '<' ? "%3C" : "%3E";
        continue;
      }
      out += '\\';
    }
    out += c;
  }
  if (angle) out += '>';
  return out;
}

std::string link_title(std::string_view title) {
  std::string out = "\"";
  for (char c : title) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string code_fence(std::string_view code, std::string_view info) {
  char c = info.find('`') == std::string_view::npos ? '`' : '~';
  std::size_t longest = 0;
  std::size_t pos = 0;
  while (pos <= code.size()) {
    std::size_t eol = code.find('\n', pos);
    if (eol == std::string_view::npos) eol = code.size();
    std::string_view line = code.substr(pos, eol - pos);
    std::size_t lead = 0;
    while (lead < line.size() && lead < 3 && line[lead] == ' ') ++lead;
    std::size_t run = 0;
    while (lead + run < line.size() && line[lead + run] == c) ++run;
    longest = std::max(longest, run);
    pos = eol + 1;
  }
  return std::string(std::max<std::size_t>(3, longest + 1), c);
}

}  // namespace wikiconv::gfm
