#include "readers/redirect.hpp"


namespace wikiconv {

namespace {

bool is_redirect_word(std::string text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == ':' || text.back() == '\t')) text.pop_back();
  while (!text.empty() && (text.front() == ' ' || text.front() == '#')) text.erase(0, 1);
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text == "redirect";
}

bool is_blank(const Node& n) {
  return n.type == NodeType::SoftBreak || n.type == NodeType::CommentInline ||
         (n.type == NodeType::Text && n.text.find_first_not_of(" \t:") == std::string::npos);
}

}  // namespace

void recognize_redirect(Page& page) {
  std::vector<Node>& blocks = page.body.children;
  std::size_t first = 0;
  while (first < blocks.size() && blocks[first].type == NodeType::CommentBlock) ++first;
  if (first == blocks.size()) return;
  const Node& list = blocks[first];
  if (list.type != NodeType::OrderedList || list.start != 1 || list.children.size() != 1) return;
  const Node& item = list.children[0];
  if (item.children.size() != 1) return;
  const Node& para = item.children[0];
  if (para.type != NodeType::Paragraph && para.type != NodeType::Plain) return;
  // "REDIRECT", then the link (a WikiLink, or the Image pandoc's [[File:X]] became).
  const auto& inl = para.children;
  if (inl.empty() || inl[0].type != NodeType::Text) return;
  std::string word = inl[0].text;
  std::size_t i = 1;
  const Node* link = nullptr;
  for (; i < inl.size(); ++i) {
    if (is_blank(inl[i])) continue;
    if (!link && (inl[i].type == NodeType::WikiLink || (inl[i].type == NodeType::Image && inl[i].target.rfind("File:", 0) == 0))) {
      link = &inl[i];
      continue;
    }
    return;  // anything else: a list that says "redirect", not a redirect
  }
  if (!link) {
    // The first word may hold the whole line when the link was lost: "redirect".
    if (!is_redirect_word(word)) return;
    // A redirect to a category: pandoc moved [[Category:X]] to the page's categories.
    if (page.categories.empty()) return;
    page.redirect = "Category:" + page.categories.front();
    page.categories.erase(page.categories.begin());
  } else {
    if (!is_redirect_word(word)) return;
    page.redirect = link->target;
    if (link->type == NodeType::WikiLink) page.redirect_anchor = link->anchor;
  }
  page.redirect_line = para.children;
  blocks.erase(blocks.begin() + static_cast<std::ptrdiff_t>(first));
}

}  // namespace wikiconv
