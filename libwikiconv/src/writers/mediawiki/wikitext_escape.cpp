#include "writers/mediawiki/wikitext_escape.hpp"

#include <algorithm>
#include <array>

#include "util/html_tag.hpp"
#include "writers/html_sanitizer.hpp"

namespace wikiconv::wikitext {

namespace {

constexpr std::array<std::string_view, 29> kProtocols = {
    "bitcoin:", "ftp://", "ftps://", "geo:", "git://", "gopher://", "http://", "https://",
    "irc://", "ircs://", "magnet:", "mailto:", "matrix:", "mms://", "news:", "nntp://",
    "redis://", "sftp://", "sip:", "sips:", "sms:", "ssh://", "svn://", "tel:",
    "telnet://", "urn:", "worldwind://", "xmpp:", "//"};

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
// A character that continues a word for \b in MediaWiki's regexes (PCRE without /u: ASCII).
bool is_word(char c) { return is_alnum(c) || c == '_'; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

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

std::string_view url_protocol(std::string_view s, bool free) {
  if (s.substr(0, 2) == "//") return free ? std::string_view() : s.substr(0, 2);
  // Every other protocol is a scheme of letters and a colon. escape_text asks at every word, and
  // most words end without one: no table lookup for them.
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
      case '\x7f':  // MediaWiki's strip-marker prefix
        out += "&#127;";
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

void write_inline_code(std::string& out, std::string_view code, const TextContext& context) {
  std::string escaped;
  TextContext inner = context;
  inner.single_line = true;
  inner.prev = '>';
  inner.next = '<';
  escape_text(escaped, code, inner);
  if (escaped.find("<nowiki>") == std::string::npos) {
    out += "<code>";
    out += escaped;
    out += "</code>";
    return;
  }
  out += "<code><nowiki>";
  for (char c : code) {
    if (c == '<') out += "&lt;";
    else if (c == '&') out += "&amp;";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  out += "</nowiki></code>";
}

void escape_pre(std::string& out, std::string_view code) {
  for (char c : code) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else out += c;
  }
}

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

std::string bracket_url(std::string_view url) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(url.size());
  for (std::size_t i = 0; i < url.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(url[i]);
    bool encode = c <= 0x20 || c == 0x7f || c == '"' || c == '<' || c == '>' || c == '[' ||
                  c == ']' || c == '\'' || c == '{' || c == '}' || c == '|';
    if (c == '~' && i + 2 < url.size() && url[i + 1] == '~' && url[i + 2] == '~') encode = true;
    if (c == '&' && looks_like_entity(url.substr(i))) {
      out += "&amp;";
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

namespace {

// A tag as written, unless it carries an event handler or a script URL: then it is written again
// without them. (MediaWiki's sanitizer would drop them too; the dump should not carry them.)
std::string without_unsafe_attributes(std::string_view tag) {
  auto parsed = html::parse_tag(tag);
  if (!parsed) return std::string(tag);
  auto unsafe = [](const std::pair<std::string, std::string>& a) {
    return a.first.rfind("on", 0) == 0 || is_script_url(a.second) ||
           (a.first == "style" && a.second.find("expression") != std::string::npos);
  };
  if (std::none_of(parsed->attrs.begin(), parsed->attrs.end(), unsafe)) return std::string(tag);
  std::string out = parsed->closing ? "</" : "<";
  out += parsed->name;
  for (const auto& a : parsed->attrs) {
    if (unsafe(a)) continue;
    out += ' ' + a.first + "=\"";
    html::escape(out, a.second, true);
    out += '"';
  }
  out += parsed->self_closing ? " />" : ">";
  return out;
}

}  // namespace

bool is_allowed_html_tag(std::string_view name) {
  static constexpr std::string_view kAllowed[] = {
      "abbr", "b", "bdi", "bdo", "big", "blockquote", "br", "caption", "center", "cite", "code",
      "data", "dd", "del", "dfn", "div", "dl", "dt", "em", "font", "h1", "h2", "h3", "h4", "h5",
      "h6", "hr", "i", "ins", "kbd", "li", "link", "mark", "meta", "ol", "p", "pre", "q", "rb",
      "rp", "rt", "rtc", "ruby", "s", "samp", "small", "span", "strike", "strong", "sub", "sup",
      "table", "td", "th", "time", "tr", "tt", "u", "ul", "var", "wbr"};
  return std::find(std::begin(kAllowed), std::end(kAllowed), name) != std::end(kAllowed);
}

bool is_displayed_html_element(std::string_view name) {
  static constexpr std::string_view kShown[] = {
      "a", "audio", "button", "canvas", "embed", "fieldset", "figcaption", "figure", "form", "iframe",
      "img", "input", "label", "legend", "math", "meter", "object", "option", "picture", "progress",
      "select", "svg", "textarea", "video", "address", "article", "aside", "details", "footer",
      "header", "main", "nav", "section", "summary", "thead", "tbody", "tfoot", "colgroup", "col",
      "figure", "hgroup", "menu", "output", "noscript"};
  return std::find(std::begin(kShown), std::end(kShown), name) != std::end(kShown);
}

bool is_syntaxhighlight_language(std::string_view lang) {
  static constexpr std::string_view kLexers[] = {
#include "writers/mediawiki/syntaxhighlight_lexers.inc"
  };
  std::string lower_lang;
  for (char c : lang) lower_lang += lower(c);
  return std::binary_search(std::begin(kLexers), std::end(kLexers), std::string_view(lower_lang));
}

namespace {

// One tag at s[0] == '<': its length (up to and including '>'), or 0 when it is not a tag.
std::size_t tag_length(std::string_view s, std::string& name, bool& closing) {
  std::size_t i = 1;
  closing = false;
  if (i < s.size() && s[i] == '/') {
    closing = true;
    ++i;
  }
  std::size_t start = i;
  while (i < s.size() && (is_alnum(s[i]) || s[i] == '-')) ++i;
  if (i == start || !is_alpha(s[start])) return 0;
  name.clear();
  for (std::size_t k = start; k < i; ++k) name += lower(s[k]);
  char quote = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i + 1;
    } else if (c == '<') {
      return 0;
    }
  }
  return 0;
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

}  // namespace

bool is_block_html_tag(std::string_view name) {
  static constexpr std::string_view kBlocks[] = {
      "blockquote", "caption", "center", "dd", "div", "dl", "dt", "h1", "h2", "h3", "h4", "h5",
      "h6", "hr", "li", "ol", "p", "pre", "table", "td", "th", "tr", "ul"};
  return std::find(std::begin(kBlocks), std::end(kBlocks), name) != std::end(kBlocks);
}

namespace {

// True when the <a> whose tag ends at `from` is closed by </a> before any block tag or other
// <a>: its content can be a link label.
bool anchor_closes(std::string_view html, std::size_t from) {
  std::string name;
  bool closing = false;
  for (std::size_t i = html.find('<', from); i != std::string_view::npos; i = html.find('<', i + 1)) {
    if (tag_length(html.substr(i), name, closing) == 0) continue;
    if (name == "a") return closing;
    if (is_block_html_tag(name)) return false;
  }
  return false;
}

}  // namespace

void write_raw_html(std::string& out, std::string_view html, const RawHtml& how, const TextContext& context) {
  const bool block = how.block;
  TextContext text_context = context;
  std::string name;
  bool closing = false;
  bool in_pre = false;
  std::size_t i = 0;
  std::size_t text_start = 0;
  bool line_start = context.line_start;
  char prev = context.prev;
  // Loose text: a run of text and inline tags outside block elements, wrapped in <div> when it
  // shows something.
  int block_depth = 0;
  std::size_t run_start = out.size();
  bool run_visible = false;
  auto shows = [&] {
    if (how.wrap_loose_text && block_depth == 0) run_visible = true;
  };
  auto end_run = [&] {
    if (run_visible) {
      out.insert(run_start, "<div>");
      out += "</div>";
    }
    run_visible = false;
  };
  // An <a href> written as a link: what closes it, and where its label starts.
  std::string_view anchor_close;
  std::size_t anchor_label_start = 0;
  auto flush_text = [&](std::size_t end, char next) {
    if (end <= text_start) return;
    std::string_view text = html.substr(text_start, end - text_start);
    if (text.find_first_not_of(" \t\n") != std::string_view::npos) shows();
    if (in_pre) {
      out.append(text);
    } else if (block) {
      // Leading whitespace would make a <pre> in MediaWiki; HTML ignores it.
      std::size_t pos = 0;
      while (pos < text.size()) {
        std::size_t nl = text.find('\n', pos);
        std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        if (line_start) {
          while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
        }
        text_context.line_start = line_start;
        text_context.prev = prev;
        text_context.next = nl == std::string_view::npos ? next : '\n';
        escape_text(out, line, text_context);
        if (!line.empty()) {
          prev = line.back();
          line_start = false;
        }
        if (nl == std::string_view::npos) break;
        // One line: MediaWiki wraps text on lines of its own in <p>, HTML does not. (No
        // space at a line start: it would make a <pre>.)
        if (!line_start) {
          out += ' ';
          prev = ' ';
        }
        pos = nl + 1;
      }
    } else {
      text_context.line_start = line_start;
      text_context.prev = prev;
      text_context.next = next;
      escape_text(out, text, text_context);
      prev = text.back();
      line_start = false;
    }
  };
  while (i < html.size()) {
    if (html[i] != '<') {
      ++i;
      continue;
    }
    if (html.substr(i, 4) == "<!--") {
      std::size_t end = html.find("-->", i + 4);
      if (end == std::string_view::npos) break;
      flush_text(i, '<');
      out.append(html.substr(i, end + 3 - i));
      i = end + 3;
      text_start = i;
      continue;
    }
    if (!in_pre) {
      // Processing instructions, declarations and CDATA sections show nothing in a browser:
      // kept as comments. Browsers end the first two at the first '>' (what follows is text).
      std::size_t hidden_end = std::string_view::npos;
      if (html.substr(i, 2) == "<?") {
        hidden_end = html.find('>', i + 2);
        if (hidden_end != std::string_view::npos) hidden_end += 1;
      } else if (html.substr(i, 9) == "<![CDATA[") {
        hidden_end = html.find("]]>", i + 9);
        if (hidden_end != std::string_view::npos) hidden_end += 3;
      } else if (html.substr(i, 2) == "<!" && i + 2 < html.size() && is_alpha(html[i + 2])) {
        hidden_end = html.find('>', i + 2);
        if (hidden_end != std::string_view::npos) hidden_end += 1;
      }
      if (hidden_end != std::string_view::npos) {
        flush_text(i, '<');
        write_comment(out, html.substr(i, hidden_end - i));
        if (!line_start) prev = '>';
        i = hidden_end;
        text_start = i;
        continue;
      }
    }
    std::size_t len = tag_length(html.substr(i), name, closing);
    if (len == 0) {
      ++i;
      continue;
    }
    if (in_pre && !(closing && name == "pre")) {
      i += len;
      continue;
    }
    flush_text(i, '<');
    std::string_view tag = html.substr(i, len);
    if (name == "a" && !anchor_close.empty()) {
      if (closing) {
        if (out.size() == anchor_label_start) {
          // An empty link shows nothing; "[[x|]]" would show text.
          out.resize(out.rfind(anchor_close == "]]" ? "[[" : "["));
        } else {
          out += anchor_close;
        }
        anchor_close = {};
        text_context.link_label = context.link_label;
        text_context.ext_link_label = context.ext_link_label;
        text_context.single_line = context.single_line;
      }
      // (An <a> inside a link's label cannot be a link: anchor_closes() ruled it out.)
    } else if (name == "a" && !closing && block && how.link_open && anchor_closes(html, i + len)) {
      std::string open = how.link_open(tag);
      if (open.empty()) {
        escape_text(out, tag, text_context);
      } else {
        shows();
        out += open;
        anchor_close = open.front() == '[' && open.size() > 1 && open[1] == '[' ? "]]" : "]";
        anchor_label_start = out.size();
        text_context.link_label = anchor_close == "]]";
        text_context.ext_link_label = anchor_close == "]";
        text_context.single_line = true;
      }
      prev = '|';
      line_start = false;
    } else if (is_allowed_html_tag(name)) {
      bool block_tag = is_block_html_tag(name);
      if (block_tag) end_run();
      else if (name == "br") shows();
      // The sanitizer re-encodes attribute values itself; newlines inside a tag would split
      // MediaWiki's line-based parsing.
      for (char c : without_unsafe_attributes(tag)) out += c == '\n' ? ' ' : c;
      if (name == "pre") in_pre = !closing;
      if (block_tag) {
        if (closing) block_depth -= block_depth > 0 ? 1 : 0;
        else if (name != "hr" && tag[tag.size() - 2] != '/') ++block_depth;
        run_start = out.size();
      }
      prev = '>';
      line_start = false;
    } else if (!is_displayed_html_element(name)) {
      // A tag browsers show nothing for (an unknown element, MediaWiki extension tags such as
      // <languages/>), or <script>/<style> with their content: kept invisible, as a comment.
      if (!closing && (name == "script" || name == "style")) {
        std::size_t end = html.size();
        for (std::size_t k = i + len; k + 2 + name.size() <= html.size(); ++k) {
          if (html[k] != '<' || html[k + 1] != '/') continue;
          std::string close_name;
          for (std::size_t m = 0; m < name.size(); ++m) close_name += lower(html[k + 2 + m]);
          if (close_name != name) continue;
          std::size_t gt = html.find('>', k);
          end = gt == std::string_view::npos ? html.size() : gt + 1;
          break;
        }
        len = end - i;
        tag = html.substr(i, len);
      }
      write_comment(out, tag);
      // MediaWiki removes comments before it parses: what follows a comment that starts a
      // line starts the line.
      prev = line_start ? '\n' : '>';
    } else {
      TextContext tag_context = text_context;
      tag_context.line_start = line_start;
      tag_context.prev = prev;
      tag_context.single_line = true;
      tag_context.next = i + len < html.size() ? html[i + len] : context.next;
      shows();
      escape_text(out, tag, tag_context);
      prev = '>';
      line_start = false;
    }
    i += len;
    text_start = i;
  }
  flush_text(html.size(), context.next);
  if (!anchor_close.empty()) out += anchor_close;  // (anchor_closes() saw its </a>)
  end_run();
}

}  // namespace wikiconv::wikitext
