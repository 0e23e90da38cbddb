#include <cstdlib>

#include "wikiconv/writer.hpp"

namespace wikiconv {

Options& Options::set(std::string key, std::string value) {
  values_[std::move(key)] = std::move(value);
  return *this;
}

bool Options::has(std::string_view key) const { return values_.find(key) != values_.end(); }

std::string Options::get(std::string_view key, std::string_view fallback) const {
  auto it = values_.find(key);
  return it == values_.end() ? std::string(fallback) : it->second;
}

bool Options::flag(std::string_view key, bool fallback) const {
  auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  const std::string& v = it->second;
  if (v.empty() || v == "1" || v == "true" || v == "yes" || v == "on") return true;
  if (v == "0" || v == "false" || v == "no" || v == "off") return false;
  throw Error("option " + std::string(key) + ": expected true or false, got \"" + v + "\"");
}

long Options::number(std::string_view key, long fallback) const {
  auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  char* end = nullptr;
  long v = std::strtol(it->second.c_str(), &end, 10);
  if (it->second.empty() || (end && *end))
    throw Error("option " + std::string(key) + ": expected a number, got \"" + it->second + "\"");
  return v;
}

std::vector<std::string> Options::list(std::string_view key) const {
  std::vector<std::string> out;
  std::string v = get(key);
  std::size_t pos = 0;
  while (pos <= v.size()) {
    std::size_t comma = v.find(',', pos);
    if (comma == std::string::npos) comma = v.size();
    std::string item = v.substr(pos, comma - pos);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(std::move(item));
    pos = comma + 1;
  }
  return out;
}

}  // namespace wikiconv
