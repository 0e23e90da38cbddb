#include "readers/html_open_elements.hpp"

#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <iterator>

#include "util/html_elements.hpp"
#include "util/utf8.hpp"

namespace wikiconv {

namespace {

std::size_t find_ascii_lower(std::string_view text, std::string_view lower, std::size_t from) {
  for (std::size_t i = text.find(lower[0], from); i != std::string_view::npos; i = text.find(lower[0], i + 1))
    if (utf8::contains_ascii_lower(text.substr(i, lower.size()), lower)) return i;
  return std::string_view::npos;
}

struct Kind {
  bool may_stay, formatting;
};

Kind kind_of(const std::string& name) {
  GumboTag tag = gumbo_tag_enum(name.c_str());
  switch (tag) {
    case GUMBO_TAG_A: case GUMBO_TAG_B: case GUMBO_TAG_BIG: case GUMBO_TAG_CODE: case GUMBO_TAG_EM:
    case GUMBO_TAG_FONT: case GUMBO_TAG_I: case GUMBO_TAG_NOBR: case GUMBO_TAG_S: case GUMBO_TAG_SMALL:
    case GUMBO_TAG_STRIKE: case GUMBO_TAG_STRONG: case GUMBO_TAG_TT: case GUMBO_TAG_U:
      return {false, true};
    default:
      break;
  }
  return {tag == GUMBO_TAG_P || may_stay_open(name), false};
}

}  // namespace

bool may_stay_open(const std::string& name) {
  GumboTag tag = gumbo_tag_enum(name.c_str());
  return tag == GUMBO_TAG_DIV || (tag == GUMBO_TAG_UNKNOWN && html::element_role(name) == html::Role::Unknown);
}

void OpenElements::read(std::string_view html) {
  std::size_t i = 0;
  while (i < html.size()) {
    if (!awaited_.empty()) {
      std::size_t end = find_ascii_lower(html, awaited_, i);
      if (end == std::string_view::npos) return;
      i = end + awaited_.size();
      awaited_.clear();
      continue;
    }
    i = html.find('<', i);
    if (i == std::string_view::npos || i + 1 >= html.size()) return;
    if (html.compare(i, 4, "<!--") == 0) {
      awaited_ = "-->";
      i += 4;
      continue;
    }
    bool end_tag = html[i + 1] == '/';
    std::size_t begin = i + (end_tag ? 2 : 1), stop = begin;
    while (stop < html.size() && (std::isalnum(static_cast<unsigned char>(html[stop])) || html[stop] == '-')) ++stop;
    i = stop;
    if (stop == begin || !std::isalpha(static_cast<unsigned char>(html[begin]))) continue;
    std::string name = utf8::ascii_lower(html.substr(begin, stop - begin));
    if (end_tag) {
      if (!ends_left_open_ && std::find(left_open_.begin(), left_open_.end(), name) != left_open_.end())
        ends_left_open_ = true;
      close(name);
    } else if (html::is_raw_text_element(name)) {
      awaited_ = "</" + name;
    } else if (!html::is_void_element(name)) {
      open(std::move(name));
    }
  }
}

void OpenElements::reset(const std::vector<std::string>& open_names) {
  open_.clear();
  held_ = 0;
  formatting_ = 0;
  reopened_.clear();
  tangled_ = false;
  awaited_.clear();
  left_open_.clear();
  ends_left_open_ = false;
  for (const std::string& name : open_names) {
    open(name);
    if (std::find(left_open_.begin(), left_open_.end(), name) == left_open_.end()) left_open_.push_back(name);
  }
}

void OpenElements::open(std::string name) {
  Kind kind = kind_of(name);
  if (formatting_ > 0 && html::is_block_role(html::element_role(name))) tangled_ = true;
  held_ += !kind.may_stay;
  formatting_ += kind.formatting;
  open_.push_back({std::move(name), kind.may_stay, kind.formatting});
}

// An end tag closes through the latest element of its kind; a formatting element closed with
// another stays to be opened again until its own end tag comes.
void OpenElements::close(const std::string& name) {
  for (std::size_t k = open_.size(); k-- > 0;) {
    if (open_[k].name != name) continue;
    for (std::size_t j = k; j < open_.size(); ++j) {
      held_ -= !open_[j].may_stay;
      formatting_ -= open_[j].formatting;
      if (j > k && open_[j].formatting) reopened_.push_back(open_[j].name);
    }
    open_.resize(k);
    return;
  }
  auto again = std::find(reopened_.rbegin(), reopened_.rend(), name);
  if (again != reopened_.rend()) reopened_.erase(std::next(again).base());
}

}  // namespace wikiconv
