#include "writers/author_map.hpp"

#include <fstream>
#include <sstream>

#include "util/utf8.hpp"
#include "wikiconv/diagnostics.hpp"

namespace wikiconv {

namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

AuthorMap AuthorMap::read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path, 0, "option authors: cannot read the authors file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path);
}

AuthorMap AuthorMap::parse(std::string_view text, const std::string& source) {
  AuthorMap map;
  int number = 0;
  while (!text.empty()) {
    std::size_t eol = text.find('\n');
    std::string_view line = trimmed(text.substr(0, eol));
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    ++number;
    if (line.empty() || line.front() == '#') continue;
    std::size_t equals = line.rfind('=');
    std::string_view author = equals == std::string_view::npos ? "" : trimmed(line.substr(0, equals));
    std::string user(equals == std::string_view::npos ? "" : trimmed(line.substr(equals + 1)));
    if (author.empty() || user.empty())
      throw Error(source, number, "expected \"Name <email> = WikiUser\", got \"" + std::string(line) + "\"");
    std::string_view name = author;
    if (std::size_t open = author.find('<'); open != std::string_view::npos && author.back() == '>') {
      map.by_email_[utf8::to_lower(author.substr(open + 1, author.size() - open - 2))] = user;
      name = trimmed(author.substr(0, open));
    }
    if (!name.empty()) map.by_name_[std::string(name)] = user;
  }
  return map;
}

std::string AuthorMap::user(const std::string& name, const std::string& email) const {
  if (auto it = by_email_.find(utf8::to_lower(email)); !email.empty() && it != by_email_.end()) return it->second;
  if (auto it = by_name_.find(name); it != by_name_.end()) return it->second;
  return name;
}

}  // namespace wikiconv
