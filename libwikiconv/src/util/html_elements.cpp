#include "util/html_elements.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

namespace wikiconv::html {

namespace {

using Entry = std::pair<std::string_view, Role>;

// Sorted by name for binary search (checked by a unit test).
constexpr std::array<Entry, 139> kRoles = {{
    {"a", Role::Anchor},           {"abbr", Role::Phrase},          {"acronym", Role::Phrase},
    {"address", Role::Division},   {"applet", Role::Embedded},      {"area", Role::Hidden},
    {"article", Role::Division},   {"aside", Role::Division},       {"audio", Role::Embedded},
    {"b", Role::Strong},           {"base", Role::Hidden},          {"basefont", Role::Hidden},
    {"bdi", Role::Phrase},         {"bdo", Role::Phrase},           {"bgsound", Role::Hidden},
    {"big", Role::Phrase},         {"blink", Role::Phrase},         {"blockquote", Role::BlockQuote},
    {"body", Role::Division},      {"br", Role::Break},             {"button", Role::Embedded},
    {"canvas", Role::Embedded},    {"caption", Role::TableCaption}, {"center", Role::Division},
    {"cite", Role::Phrase},        {"code", Role::Code},            {"col", Role::TableColumns},
    {"colgroup", Role::TableColumns}, {"data", Role::Phrase},       {"datalist", Role::Hidden},
    {"dd", Role::Definition},      {"del", Role::Strikethrough},    {"details", Role::Division},
    {"dfn", Role::Phrase},         {"dialog", Role::Hidden},        {"dir", Role::List},
    {"div", Role::Division},       {"dl", Role::DefinitionList},    {"dt", Role::Term},
    {"em", Role::Emphasis},        {"embed", Role::Embedded},       {"fieldset", Role::Division},
    {"figcaption", Role::FigureCaption}, {"figure", Role::Figure},  {"font", Role::Phrase},
    {"footer", Role::Division},    {"form", Role::Division},        {"frame", Role::Hidden},
    {"frameset", Role::Hidden},    {"h1", Role::Heading},           {"h2", Role::Heading},
    {"h3", Role::Heading},         {"h4", Role::Heading},           {"h5", Role::Heading},
    {"h6", Role::Heading},         {"head", Role::Hidden},          {"header", Role::Division},
    {"hgroup", Role::Division},    {"hr", Role::Rule},              {"html", Role::Division},
    {"i", Role::Emphasis},         {"iframe", Role::Embedded},      {"image", Role::Image},
    {"img", Role::Image},          {"input", Role::Embedded},       {"ins", Role::Underline},
    {"isindex", Role::Embedded},   {"kbd", Role::Code},             {"keygen", Role::Embedded},
    {"label", Role::Phrase},       {"legend", Role::Division},      {"li", Role::ListItem},
    {"link", Role::Hidden},        {"listing", Role::Preformatted}, {"main", Role::Division},
    {"map", Role::Phrase},         {"mark", Role::Phrase},          {"marquee", Role::Phrase},
    {"math", Role::Embedded},      {"menu", Role::List},            {"meta", Role::Hidden},
    {"meter", Role::Embedded},     {"nav", Role::Division},         {"nobr", Role::Phrase},
    {"noembed", Role::Hidden},     {"noframes", Role::Hidden},      {"noscript", Role::Hidden},
    {"object", Role::Embedded},    {"ol", Role::List},              {"optgroup", Role::Embedded},
    {"option", Role::Embedded},    {"output", Role::Phrase},        {"p", Role::Paragraph},
    {"param", Role::Hidden},       {"picture", Role::Embedded},     {"plaintext", Role::Preformatted},
    {"pre", Role::Preformatted},   {"progress", Role::Embedded},    {"q", Role::Phrase},
    {"rb", Role::Phrase},          {"rp", Role::Phrase},            {"rt", Role::Phrase},
    {"rtc", Role::Phrase},         {"ruby", Role::Phrase},          {"s", Role::Strikethrough},
    {"samp", Role::Code},          {"script", Role::Hidden},        {"search", Role::Division},
    {"section", Role::Division},   {"select", Role::Embedded},      {"small", Role::Phrase},
    {"source", Role::Hidden},      {"span", Role::Phrase},          {"strike", Role::Strikethrough},
    {"strong", Role::Strong},      {"style", Role::Hidden},         {"sub", Role::Subscript},
    {"summary", Role::Division},   {"sup", Role::Superscript},      {"svg", Role::Embedded},
    {"table", Role::Table},        {"tbody", Role::TableSection},   {"td", Role::TableCell},
    {"template", Role::Hidden},    {"textarea", Role::Embedded},    {"tfoot", Role::TableSection},
    {"th", Role::TableCell},       {"thead", Role::TableSection},   {"time", Role::Phrase},
    {"title", Role::Hidden},       {"tr", Role::TableRow},          {"track", Role::Hidden},
    {"tt", Role::Code},            {"u", Role::Underline},          {"ul", Role::List},
    {"var", Role::Phrase},         {"video", Role::Embedded},       {"wbr", Role::WordBreak},
    {"xmp", Role::Preformatted},
}};

constexpr bool sorted() {
  for (std::size_t i = 1; i < kRoles.size(); ++i)
    if (!(kRoles[i - 1].first < kRoles[i].first)) return false;
  return true;
}
static_assert(sorted(), "kRoles must be sorted by name");

// Where each first letter's entries start in kRoles (readers ask for every raw tag).
struct LetterIndex {
  std::array<std::uint8_t, 27> start{};
  constexpr LetterIndex() {
    std::size_t i = 0;
    for (int letter = 0; letter < 26; ++letter) {
      start[static_cast<std::size_t>(letter)] = static_cast<std::uint8_t>(i);
      while (i < kRoles.size() && kRoles[i].first[0] == 'a' + letter) ++i;
    }
    start[26] = static_cast<std::uint8_t>(kRoles.size());
  }
};
constexpr LetterIndex kLetters;

}  // namespace

Role element_role(std::string_view name) {
  if (name.empty() || name[0] < 'a' || name[0] > 'z') return Role::Unknown;
  std::size_t letter = static_cast<std::size_t>(name[0] - 'a');
  for (std::size_t i = kLetters.start[letter]; i < kLetters.start[letter + 1]; ++i)
    if (kRoles[i].first == name) return kRoles[i].second;
  return Role::Unknown;
}

bool is_block_role(Role role) { return role >= Role::Paragraph && role <= Role::Division; }

bool shows_content(std::string_view name) {
  Role r = element_role(name);
  return r != Role::Hidden && r != Role::Embedded;
}

bool is_void_element(std::string_view name) {
  static constexpr std::array<std::string_view, 16> kVoid = {
      "area", "base", "basefont", "bgsound", "br", "col", "embed", "hr", "img", "input", "link", "meta",
      "param", "source", "track", "wbr"};
  return std::find(kVoid.begin(), kVoid.end(), name) != kVoid.end();
}

bool is_raw_text_element(std::string_view name) {
  static constexpr std::array<std::string_view, 9> kRaw = {
      "iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "textarea", "title"};
  return std::find(kRaw.begin(), kRaw.end(), name) != kRaw.end() || name == "xmp";
}

}  // namespace wikiconv::html
