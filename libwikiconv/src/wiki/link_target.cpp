#include "wiki/link_target.hpp"

#include <array>
#include <cctype>

#include "util/utf8.hpp"
#include "wiki/title.hpp"

namespace wikiconv {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes when the result is valid UTF-8; otherwise keeps the text as written.
std::string percent_decode(std::string_view s) {
  if (s.find('%') == std::string_view::npos) return std::string(s);
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
        hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  for (std::size_t i = 0; i < out.size();) {
    std::size_t len = utf8::valid_sequence_length(out, i);
    if (len == 0) return std::string(s);
    i += len;
  }
  return out;
}

bool iequals_prefix(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char a = s[i], b = prefix[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (a != b) return false;
  }
  return true;
}

bool is_size_label(std::string_view s) {
  // 300px, x200px, 300x200px (MediaWiki's image size forms)
  if (s.size() < 3 || s.substr(s.size() - 2) != "px") return false;
  s.remove_suffix(2);
  bool digit = false;
  int xs = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') digit = true;
    else if (c == 'x' && xs++ == 0) continue;
    else return false;
  }
  return digit;
}

struct Interwiki {
  std::string_view prefix;
  std::string_view url;  // $1 = page
};
constexpr std::array<Interwiki, 12> kInterwiki = {{
    {"wikipedia", "https://en.wikipedia.org/wiki/$1"},
    {"w", "https://en.wikipedia.org/wiki/$1"},
    {"wikt", "https://en.wiktionary.org/wiki/$1"},
    {"wiktionary", "https://en.wiktionary.org/wiki/$1"},
    {"commons", "https://commons.wikimedia.org/wiki/$1"},
    {"meta", "https://meta.wikimedia.org/wiki/$1"},
    {"mw", "https://www.mediawiki.org/wiki/$1"},
    {"mediawikiwiki", "https://www.mediawiki.org/wiki/$1"},
    {"wikibooks", "https://en.wikibooks.org/wiki/$1"},
    {"wikiquote", "https://en.wikiquote.org/wiki/$1"},
    {"wikisource", "https://en.wikisource.org/wiki/$1"},
    {"wikidata", "https://www.wikidata.org/wiki/$1"},
}};

const Interwiki* find_interwiki(std::string_view target) {
  std::size_t colon = target.find(':');
  if (colon == std::string_view::npos) return nullptr;
  std::string prefix = utf8::to_lower(target.substr(0, colon));
  for (const auto& iw : kInterwiki)
    if (iw.prefix == prefix) return &iw;
  return nullptr;
}

}  // namespace

Node make_wiki_link(std::string_view href) {
  Node link(NodeType::WikiLink);
  std::string decoded = percent_decode(href);
  std::string_view t = decoded;
  if (!t.empty() && t.front() == ':') link.info = ":";  // [[:Category:X]]: a link, not a category
  while (!t.empty() && t.front() == ':') t.remove_prefix(1);
  std::size_t hash = t.find('#');
  if (hash != std::string_view::npos) {
    link.anchor = std::string(t.substr(hash + 1));
    t = t.substr(0, hash);
  }
  link.target = normalize_spaces(t);
  if (href != wiki_link_href(link)) link.label = href;  // "image:X", "A_%28B%29": the page's spelling
  return link;
}

std::string wiki_link_href(const Node& link) {
  std::string href = link.info == ":" ? ":" : "";
  for (char c : link.target) href += c == ' ' ? '_' : c;
  if (!link.anchor.empty()) href += "#" + link.anchor;
  return href;
}

std::string spelled_href(const Node& link) {
  if (link.label.empty()) return wiki_link_href(link);
  Node spelled = make_wiki_link(link.label);
  // [[image:x.png]] shows File:X.png (an Image, or the wiki link a writer makes of one)
  bool image = link.type == NodeType::Image || (link.info != ":" && is_file_target(link.target));
  bool same = image ? spelled.info.empty() && spelled.anchor.empty() && is_file_target(spelled.target) &&
                          file_title(spelled.target) == link.target
                    : spelled.target == link.target && spelled.anchor == link.anchor && spelled.info == link.info;
  return same ? link.label.str() : wiki_link_href(link);
}

std::string file_title(std::string_view target) {
  while (!target.empty() && target.front() == ':') target.remove_prefix(1);
  return "File:" + utf8::upper_first(normalize_spaces(target.substr(target.find(':') + 1)));
}

bool is_file_target(std::string_view target) {
  while (!target.empty() && target.front() == ':') target.remove_prefix(1);
  return iequals_prefix(target, "file:") || iequals_prefix(target, "image:");
}

bool category_name(std::string_view target, std::string& name) {
  if (!target.empty() && target.front() == ':') return false;  // [[:Category:X]] is a visible link
  if (!iequals_prefix(target, "category:")) return false;
  std::string_view rest = target.substr(9);
  // pandoc's export leaves templates unexpanded (Category:Nix{{#translation:}},
  // Category:{{{region}}}): what they stood for is unknown, so the name ends before them, and a
  // name that was all template is a categorisation into nothing (name empty).
  std::size_t braces = rest.find("{{");
  if (braces != std::string_view::npos) {
    name = utf8::upper_first(normalize_spaces(rest.substr(0, braces)));
    return true;
  }
  std::string n = normalize_spaces(rest);
  if (n.empty()) return false;
  name = utf8::upper_first(n);
  return true;
}

void wiki_link_to_image(Node& link) {
  std::string label = link.plain_text();
  Node image(NodeType::Image);
  image.line = link.line;
  image.target = file_title(link.target);
  std::string href = link.label.empty() ? wiki_link_href(link) : link.label.take();
  if (href != wiki_link_href(image)) image.label = std::move(href);  // "image:x.png"
  // How it was written, for the gfm writer: older pandoc's [label](File:X "wikilink"), or "a"
  // for pandoc 3's <a class="wikilink"> (a link made by hand: the writer's choice).
  image.info = link.title == "wikilink" ? "wikilink" : link.title.empty() ? "" : "a";
  std::string_view lab = label;
  if (is_size_label(lab)) {
    image.size = std::string(lab);
  } else if (label != std::string(link.target)) {
    image.title = label;
    image.children = std::move(link.children);
  }
  link = std::move(image);
}

std::string interwiki_url(std::string_view target) {
  const Interwiki* iw = find_interwiki(target);
  if (!iw) return {};
  std::string page = std::string(target.substr(target.find(':') + 1));
  for (char& c : page)
    if (c == ' ') c = '_';
  std::string url(iw->url);
  url.replace(url.find("$1"), 2, page);
  return url;
}

bool is_interwiki(std::string_view target) { return find_interwiki(target) != nullptr; }

std::string url_scheme(std::string_view url) {
  std::size_t colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0) return {};
  std::string scheme;
  for (std::size_t i = 0; i < colon; ++i) {
    char c = url[i];
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool later = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    if (!letter && (i == 0 || !later)) return {};
    scheme += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return scheme;
}

std::string image_media_title(std::string_view target) {
  if (target.empty()) return {};
  if (is_file_target(target)) return std::string(target);
  if (!url_scheme(target).empty()) return {};  // "https:", "data:"
  return "File:" + std::string(target);
}

}  // namespace wikiconv
