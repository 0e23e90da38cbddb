#include "writers/dokuwiki/link_syntax.hpp"

namespace wikiconv::dokuwiki {

std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return s;
}

std::string link_url(std::string_view url) {
  std::string out;
  for (char c : url) {
    switch (c) {
      case '|': out += "%7C"; break;
      case ']': out += "%5D"; break;
      case '}': out += "%7D"; break;
      case ' ': out += "%20"; break;
      case '\n': out += "%0A"; break;
      default: out += c;
    }
  }
  return out;
}

std::string safe_label(std::string label) {
  std::string out;
  out.reserve(label.size());
  for (std::size_t i = 0; i < label.size();) {
    std::size_t j = i;
    while (j < label.size() && label[j] == ']') ++j;
    if (j - i >= 2 && j < label.size()) {
      for (std::size_t k = i; k < j; ++k) {
        if (k > i) out += ' ';
        out += ']';
      }
      i = j;
      continue;
    }
    if (j > i) {
      out.append(label, i, j - i);
      i = j;
      continue;
    }
    out += label[i++];
  }
  return out;
}

bool has_scheme(std::string_view url) {
  std::size_t colon = url.find("://");
  if (colon == std::string_view::npos || colon == 0) return false;
  for (std::size_t i = 0; i < colon; ++i) {
    char c = url[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))
      return false;
  }
  return true;
}

namespace {

// The value of query parameter `name` in "a=1&name=value&b=2", or empty.
std::string_view query_value(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    if (pair.size() > name.size() && pair.compare(0, name.size(), name) == 0 && pair[name.size()] == '=')
      return pair.substr(name.size() + 1);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

}  // namespace

RootRelative root_relative(std::string_view url) {
  RootRelative out;
  if (url.empty() || url.front() != '/' || (url.size() > 1 && url[1] == '/')) return out;  // not "//host"
  out.kind = RootRelative::Kind::Other;
  std::size_t hash = url.find('#');
  std::string_view anchor = hash == std::string_view::npos ? std::string_view() : url.substr(hash + 1);
  std::string_view path = url.substr(0, hash);
  std::size_t question = path.find('?');
  std::string_view query = question == std::string_view::npos ? std::string_view() : path.substr(question + 1);
  path = path.substr(0, question);
  std::string_view target;
  if (path.rfind("/wiki/", 0) == 0 && query.empty()) {
    target = path.substr(6);
    out.kind = RootRelative::Kind::WikiTitle;
  } else if (path == "/index.php" || path == "/w/index.php") {
    target = query_value(query, "title");
    out.kind = RootRelative::Kind::WikiTitle;
  } else if (path == "/doku.php") {
    target = query_value(query, "id");
    out.kind = RootRelative::Kind::DokuWikiId;
  }
  if (out.kind != RootRelative::Kind::Other && target.empty()) out.kind = RootRelative::Kind::Other;
  if (out.kind == RootRelative::Kind::Other) return out;
  out.target = std::string(target);
  out.anchor = std::string(anchor);
  return out;
}

}  // namespace wikiconv::dokuwiki
