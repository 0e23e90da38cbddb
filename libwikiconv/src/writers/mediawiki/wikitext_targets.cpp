#include "writers/mediawiki/wikitext_targets.hpp"

#include <cctype>

#include "wiki/link_target.hpp"
#include "wiki/title.hpp"
#include "writers/mediawiki/wikitext_escape.hpp"

namespace wikiconv::wikitext {

namespace {

// "https://host" of an absolute URL (scheme and authority), or empty.
std::string_view origin(std::string_view url) {
  std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos || scheme == 0) return {};
  std::size_t end = url.find_first_of("/?#", scheme + 3);
  if (end == scheme + 3) return {};
  return url.substr(0, end);
}

// The path of an absolute URL ("/wiki/Main_Page"), or empty.
std::string_view path_of(std::string_view url) {
  std::string_view o = origin(url);
  return o.empty() ? std::string_view() : url.substr(o.size());
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// The title after an article-path prefix: up to the query (a page view has none) or the anchor.
std::string title_after(std::string_view rest) {
  if (rest.empty() || rest.find('?') != std::string_view::npos) return {};
  return std::string(rest);
}

// "title=T" as the only parameter of an index.php query, anchor allowed after it.
std::string title_parameter(std::string_view query) {
  if (!starts_with(query, "title=")) return {};
  std::string_view rest = query.substr(6);
  std::size_t hash = rest.find('#');
  if (rest.substr(0, hash).find('&') != std::string_view::npos) return {};  // an action, an old revision...
  return std::string(rest);
}

}  // namespace

namespace {

// The canonical name of `prefix` when it is a namespace of the wiki, else empty.
std::string namespace_of(std::string_view prefix, const std::vector<std::string>& namespaces) {
  std::string standard = standard_namespace(prefix);
  if (!standard.empty()) return standard;
  std::string p = normalize_spaces(prefix);
  for (const std::string& ns : namespaces) {
    if (ns.size() != p.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < ns.size() && same; ++i) same = std::tolower(static_cast<unsigned char>(ns[i])) == std::tolower(static_cast<unsigned char>(p[i]));
    if (same) return ns;
  }
  return {};
}

// Control characters, U+FFFD, "%41" and "&amp;" (Title::getTitleInvalidRegex).
bool has_illegal_sequence(std::string_view t) {
  auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  for (std::size_t i = 0; i < t.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if (c < 0x20 || c == 0x7f) return true;
    if (t.compare(i, 3, "\xEF\xBF\xBD") == 0) return true;
    if (c == '%' && i + 2 < t.size() && hex(t[i + 1]) && hex(t[i + 2])) return true;
    if (c == '&') {
      std::size_t j = i + 1;
      while (j < t.size() && (std::isalnum(static_cast<unsigned char>(t[j])) || static_cast<unsigned char>(t[j]) >= 0x80)) ++j;
      if (j > i + 1 && j < t.size() && t[j] == ';') return true;
    }
  }
  return false;
}

bool is_relative_path(std::string_view t) {
  if (t == "." || t == "..") return true;
  if (starts_with(t, "./") || starts_with(t, "../")) return true;
  if (t.find("/./") != std::string_view::npos || t.find("/../") != std::string_view::npos) return true;
  return (t.size() >= 2 && t.substr(t.size() - 2) == "/.") || (t.size() >= 3 && t.substr(t.size() - 3) == "/..");
}

}  // namespace

std::string link_title(std::string_view target, const std::vector<std::string>& namespaces) {
  std::size_t hash = target.find('#');
  std::string_view anchor = hash == std::string_view::npos ? std::string_view() : target.substr(hash);
  if (has_illegal_sequence(target.substr(0, hash))) return {};  // (before tabs become spaces)
  std::string title = normalize_spaces(target.substr(0, hash));
  while (!title.empty() && title.front() == ':') title.erase(0, 1);
  if (title.empty()) return anchor.empty() ? std::string() : std::string(anchor);  // an anchor on this page
  if (title.find_first_of("<>[]{}|") != std::string::npos || title.find("~~~") != std::string::npos ||
      title.size() > 255 || is_relative_path(title) || !url_protocol(title, false).empty())
    return {};
  std::size_t colon = title.find(':');
  if (colon != std::string::npos && !is_interwiki(title)) {
    std::string ns = namespace_of(std::string_view(title).substr(0, colon), namespaces);
    std::string rest = normalize_spaces(std::string_view(title).substr(colon + 1));
    if (!ns.empty()) {
      if (rest.empty() || rest.front() == ':') return {};
      std::size_t inner = rest.find(':');
      std::string talk_of = ns == "Talk" && inner != std::string::npos ? namespace_of(std::string_view(rest).substr(0, inner), namespaces) : "";
      if (!talk_of.empty() && talk_of.find("talk") == std::string::npos && talk_of != "Talk" && talk_of != "Special" && talk_of != "Media")
        title = talk_of + " talk:" + normalize_spaces(std::string_view(rest).substr(inner + 1));
      else if (!talk_of.empty())
        return {};
    }
  }
  return title + std::string(anchor);
}

bool is_linkable_url(std::string_view url) {
  // MediaWiki's external links need one character of the URL after the protocol.
  std::string_view proto = url_protocol(url, false);
  return !proto.empty() && url.size() > proto.size();
}

bool is_root_relative(std::string_view url) { return url.size() >= 1 && url[0] == '/' && !starts_with(url, "//"); }

std::string article_path_title(std::string_view url, std::string_view base) {
  std::string raw;
  // The main page's URL tells this wiki's article path: ".../wiki/Main_Page" -> "/wiki/".
  std::string_view base_path = path_of(base);
  std::size_t last_slash = base_path.rfind('/');
  std::string_view base_prefix = last_slash == std::string_view::npos ? std::string_view() : base_path.substr(0, last_slash + 1);
  if (base_prefix.size() > 1 && base_path.find('?') == std::string_view::npos && starts_with(url, base_prefix)) {
    raw = title_after(url.substr(base_prefix.size()));
  } else {
    for (std::string_view prefix : {"/wiki/", "/index.php/", "/w/index.php/"}) {
      if (starts_with(url, prefix)) {
        raw = title_after(url.substr(prefix.size()));
        break;
      }
    }
    for (std::string_view prefix : {"/index.php?", "/w/index.php?"}) {
      if (raw.empty() && starts_with(url, prefix)) raw = title_parameter(url.substr(prefix.size()));
    }
  }
  if (raw.empty() || raw.front() == '#') return {};
  // Percent-decoding and '_' as space, as for the wiki's own links.
  Node link = make_wiki_link(raw);
  if (link.target.empty() || link.target.find_first_of("<>[]{}|") != std::string::npos) return {};
  return link.anchor.empty() ? link.target.str() : link.target + "#" + link.anchor;
}

std::string absolute_on_base(std::string_view url, std::string_view base) {
  std::string_view o = origin(base);
  if (o.empty()) return {};
  return std::string(o) + std::string(url);
}

std::string category_title(std::string_view name) {
  std::size_t braces = name.find("{{");
  if (braces != std::string_view::npos) name = name.substr(0, braces);
  std::string spaced = normalize_spaces(name);
  if (spaced.empty()) return {};
  TitleParts parts = normalize_title("Category:" + spaced, {});
  if (parts.ns != "Category" || parts.title.size() <= 9) return {};
  return parts.title.substr(9);
}

}  // namespace wikiconv::wikitext
