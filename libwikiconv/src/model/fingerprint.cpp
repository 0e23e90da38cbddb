// Hashes of the model for selective serialization (OriginalMarkdown): a writer tells a block
// nobody changed from one a script edited without keeping a copy of the tree as read.
#include <functional>
#include <string_view>

#include "wikiconv/model.hpp"

namespace wikiconv {

namespace {

// Each field mixed into the hash in turn (strings by the standard library's hash, with their
// length, so that fields cannot run into each other). Fingerprints live only in one process.
class Hasher {
 public:
  void number(std::uint64_t v) {
    h_ ^= v + 0x9e3779b97f4a7c15ULL + (h_ << 6) + (h_ >> 2);
    h_ *= 0xff51afd7ed558ccdULL;
  }
  void string(std::string_view s) {
    number(s.size());
    if (!s.empty()) number(std::hash<std::string_view>()(s));
  }
  void fields(const Node& n) {
    number(static_cast<std::uint64_t>(n.type) | static_cast<std::uint64_t>(n.task) << 8 |
           static_cast<std::uint64_t>(n.tight) << 16 | static_cast<std::uint64_t>(n.header) << 24 |
           static_cast<std::uint64_t>(static_cast<unsigned char>(n.delimiter)) << 32);
    number(static_cast<std::uint64_t>(n.level));
    number(static_cast<std::uint64_t>(n.start));
    for (std::string_view s : {std::string_view(n.text), std::string_view(n.target), std::string_view(n.anchor),
                               std::string_view(n.title), std::string_view(n.info), std::string_view(n.size),
                               std::string_view(n.label)})
      string(s);
    number(n.aligns.size());
    for (Alignment a : n.aligns.vec()) number(static_cast<std::uint64_t>(a));
    number(n.attrs.size());
    for (const auto& [name, value] : n.attrs.vec()) {
      string(name);
      string(value);
    }
    number(n.children.size());
  }
  void tree(const Node& root) {
    for (NodeIterator it(root); it.next();)
      if (it.event() == WalkEvent::Enter) fields(it.node());
  }
  std::uint64_t value() const { return h_; }

 private:
  std::uint64_t h_ = 0xcbf29ce484222325ULL;
};

}  // namespace

std::uint64_t fingerprint(const Node& root) {
  Hasher h;
  h.tree(root);
  return h.value();
}

std::uint64_t fingerprint_page_parts(const Page& page) {
  Hasher h;
  h.number(page.categories.size());
  for (const auto& c : page.categories) h.string(c);
  for (const auto* list : {&page.category_links, &page.redirect_line}) {
    h.number(list->size());
    for (const Node& n : *list) h.tree(n);
  }
  h.string(page.redirect);
  h.string(page.redirect_anchor);
  return h.value();
}

}  // namespace wikiconv
