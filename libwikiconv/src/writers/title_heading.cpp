#include "writers/title_heading.hpp"

#include <string>

#include "wikiconv/diagnostics.hpp"

namespace wikiconv {

namespace {

// Spaces and underscores alike, runs collapsed, ends trimmed.
std::string title_key(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '_' || c == ' ' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool same_title(std::string_view heading, std::string_view title) {
  std::string a = title_key(heading), b = title_key(title);
  if (a.empty() || a.size() != b.size()) return false;
  // MediaWiki titles start upper case; pandoc's heading may not.
  auto upper = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; };
  return upper(a[0]) == upper(b[0]) && a.compare(1, std::string::npos, b, 1) == 0;
}

}  // namespace

const Node* leading_title_heading(const Page& page) {
  for (const Node& block : page.body.children) {
    if (block.type == NodeType::CommentBlock) continue;
    if (block.type != NodeType::Heading || block.level != 1) return nullptr;
    std::string text = block.plain_text();
    return same_title(text, page.title) || same_title(text, page.name()) ? &block : nullptr;
  }
  return nullptr;
}

const Node* title_heading_to_drop(const Page& page, const Options& options) {
  std::string mode = options.get("title-heading", "drop");
  if (mode == "keep") return nullptr;
  if (mode != "drop") throw Error("option title-heading: expected drop or keep, got \"" + mode + "\"");
  return leading_title_heading(page);
}

}  // namespace wikiconv
