// Hashes of the model for selective serialization (OriginalMarkdown): a writer tells a block
// nobody changed from one a script edited without keeping a copy of the tree as read.
#include "wikiconv/model.hpp"

namespace wikiconv {

namespace {

// FNV-1a over each field, strings with their length so that fields cannot run into each other.
class Hasher {
 public:
  void bytes(const void* data, std::size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) h_ = (h_ ^ p[i]) * 0x100000001b3ULL;
  }
  void number(std::uint64_t v) { bytes(&v, sizeof v); }
  void string(std::string_view s) {
    number(s.size());
    bytes(s.data(), s.size());
  }
  void fields(const Node& n) {
    const unsigned char small[] = {static_cast<unsigned char>(n.type), static_cast<unsigned char>(n.task),
                                   n.tight, n.header, static_cast<unsigned char>(n.delimiter)};
    bytes(small, sizeof small);
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
