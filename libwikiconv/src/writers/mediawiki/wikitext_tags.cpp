#include "writers/mediawiki/wikitext_tags.hpp"

#include <algorithm>

#include "writers/mediawiki/wikitext_escape.hpp"

namespace wikiconv::wikitext {

namespace {

// Sanitizer::getRecognizedTagData's $htmlpairsStatic and $htmlnest, inline ones only (the
// writer chooses block forms itself).
constexpr std::string_view kInlineTags[] = {
    "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i",
    "ins", "kbd", "mark", "q", "rb", "rp", "rt", "rtc", "ruby", "s", "samp", "small", "span",
    "strike", "strong", "sub", "sup", "time", "tt", "u", "var"};

// Of Sanitizer::setupAttributesAllowedInternal's $common, those that show or mean something in
// a page (not RDFa or microdata, which need their context).
constexpr std::string_view kCommon[] = {"id", "class", "style", "lang", "dir", "title"};

struct TagAttributes {
  std::string_view tag;
  std::string_view names[6];
};
// The tags' own attributes MediaWiki keeps, without URL-valued ones (cite).
constexpr TagAttributes kOwn[] = {
    {"td", {"colspan", "rowspan", "valign", "width", "nowrap", "bgcolor"}},
    {"th", {"colspan", "rowspan", "valign", "width", "nowrap", "bgcolor"}},
    {"font", {"size", "color", "face"}},
    {"time", {"datetime"}},
    {"data", {"value"}},
    {"del", {"datetime"}},
    {"ins", {"datetime"}},
    {"div", {"align"}},
    {"table", {"width", "border", "cellspacing", "cellpadding", "align", "bgcolor"}},
};

bool is_own(std::string_view tag, std::string_view name) {
  for (const TagAttributes& t : kOwn) {
    if (t.tag != tag) continue;
    for (std::string_view n : t.names)
      if (!n.empty() && n == name) return true;
  }
  return false;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// CSS that loads or runs something (MediaWiki would drop it too): never written.
bool is_unsafe_style(std::string_view css) {
  std::string l;
  for (char c : css) l += lower(c);
  for (std::string_view bad : {"url(", "expression", "javascript:", "behavior", "-moz-binding", "\\", "@import", "image("})
    if (l.find(bad) != std::string::npos) return true;
  return false;
}

void add(std::string& out, std::string_view name, std::string_view value) {
  out += ' ';
  out += name;
  out += "=\"";
  escape_attribute(out, value);
  out += '"';
}

}  // namespace

bool is_allowed_inline_tag(std::string_view name) {
  return std::find(std::begin(kInlineTags), std::end(kInlineTags), name) != std::end(kInlineTags);
}

std::string tag_attributes(std::string_view tag, const Attributes& attrs, std::string_view style_prefix,
                           std::string_view class_prefix) {
  std::string out;
  std::string style(style_prefix), cls(class_prefix);
  bool has_id = false;
  for (const auto& [name, value] : attrs) has_id |= name == "id" && !value.empty();
  for (const auto& [name, value] : attrs) {
    if (name == "style") {
      if (is_unsafe_style(value)) continue;
      if (!style.empty() && style.back() != ';' && !value.empty()) style += ';';
      style += value;
    } else if (name == "class") {
      if (!cls.empty() && !value.empty()) cls += ' ';
      cls += value;
    } else if (name == "name" && !has_id && !value.empty()) {
      add(out, "id", value);  // <a name> anchors: the id is what links to them reach
      has_id = true;
    } else if (std::find(std::begin(kCommon), std::end(kCommon), name) != std::end(kCommon) || is_own(tag, name)) {
      if (name == "id" && value.empty()) continue;
      add(out, name, value);
    }
  }
  if (!cls.empty()) add(out, "class", cls);
  if (!style.empty()) add(out, "style", style);
  return out;
}

}  // namespace wikiconv::wikitext
