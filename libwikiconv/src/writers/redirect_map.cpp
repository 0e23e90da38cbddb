#include "writers/redirect_map.hpp"

#include <fstream>
#include <optional>

namespace wikiconv {

namespace {

// Whether the start of the file mentions a redirect: front matter and comments may come first,
// so a generous head is looked at; a page that passes is still read by the reader.
bool may_be_redirect(const std::string& path) {
  constexpr std::size_t kHead = 8192;
  std::ifstream in(path, std::ios::binary);
  std::string head(kHead, '\0');
  in.read(head.data(), static_cast<std::streamsize>(kHead));
  head.resize(static_cast<std::size_t>(in.gcount()));
  for (char& c : head)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return head.find("redirect") != std::string::npos;
}

}  // namespace

RedirectMap::RedirectMap(const Wiki& wiki, const WriteContext& context) {
  const auto& pages = wiki.pages();
  std::function<std::optional<RedirectTarget>(std::size_t)> produce = [&](std::size_t i) -> std::optional<RedirectTarget> {
    const PageEntry& e = pages[i];
    if (e.path().empty() || !may_be_redirect(e.path())) return std::nullopt;
    Diagnostics scratch;  // the page's own problems are reported when it is written
    WriteContext quiet = context;
    quiet.diagnostics = &scratch;
    Page page = load_page(wiki, e, quiet);
    if (page.redirect.empty()) return std::nullopt;
    return RedirectTarget{wiki.resolve(page.redirect), page.redirect_anchor};
  };
  std::function<void(std::size_t, std::optional<RedirectTarget>&&)> consume =
      [&](std::size_t i, std::optional<RedirectTarget>&& target) {
        if (target) targets_.emplace(pages[i].title(), std::move(*target));
      };
  ordered_parallel<std::optional<RedirectTarget>>(pages.size(), context.threads, produce, consume);
}

RedirectTarget RedirectMap::follow(const std::string& title, const std::string& anchor) const {
  constexpr int kMaxSteps = 8;
  RedirectTarget at{title, anchor};
  for (int step = 0; step < kMaxSteps; ++step) {
    auto it = targets_.find(at.title);
    if (it == targets_.end() || it->second.title == title) break;
    at.title = it->second.title;
    if (anchor.empty()) at.anchor = it->second.anchor;
  }
  return at;
}

}  // namespace wikiconv
