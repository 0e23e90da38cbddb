#include "writers/dokuwiki/wiki_tree.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>

#include "util/utf8.hpp"
#include "writers/dokuwiki/link_syntax.hpp"
#include "writers/dokuwiki/media.hpp"
#include "writers/dokuwiki/page_id.hpp"
#include "writers/output_files.hpp"
#include "writers/progress.hpp"

namespace wikiconv::dokuwiki {

namespace {

// Which page owns a DokuWiki id, as (hash of id, page) pairs sorted: 16 bytes a page where a
// map of id strings costs ten times that on a wiki of a million pages. A hash shared by two
// ids is resolved by computing the ids again.
class IdOwners {
 public:
  explicit IdOwners(const std::vector<PageEntry>& pages) : pages_(pages) {}

  // The pages that cannot be written under their id: those whose id is empty, and (page,
  // earlier page) for those whose id an earlier page has. Neither is indexed.
  struct Unwritable {
    std::vector<std::size_t> empty;
    std::vector<std::pair<std::size_t, std::size_t>> taken;
  };

  // Indexes every page's id (computed once here: this runs before any worker starts).
  Unwritable build() {
    Unwritable out;
    owners_.clear();
    for (std::size_t i = 0; i < pages_.size(); ++i) {
      std::string id = clean_id(pages_[i].title);
      if (id.empty()) out.empty.push_back(i);
      else owners_.push_back({hash(id), i});
    }
    std::sort(owners_.begin(), owners_.end());
    std::vector<char> drop(owners_.size(), 0);
    for (std::size_t a = 0; a < owners_.size();) {
      std::size_t b = a + 1;
      while (b < owners_.size() && owners_[b].hash == owners_[a].hash) ++b;
      for (std::size_t k = a + 1; k < b; ++k) {  // pages in order: the first one keeps the id
        std::string id = clean_id(pages_[owners_[k].page].title);
        for (std::size_t j = a; j < k; ++j) {
          if (!drop[j] && clean_id(pages_[owners_[j].page].title) == id) {
            out.taken.emplace_back(owners_[k].page, owners_[j].page);
            drop[k] = 1;
            break;
          }
        }
      }
      a = b;
    }
    std::size_t kept = 0;
    for (std::size_t k = 0; k < owners_.size(); ++k)
      if (!drop[k]) owners_[kept++] = owners_[k];
    owners_.resize(kept);
    owners_.shrink_to_fit();
    return out;
  }

  // The page that has `id`, if any.
  std::optional<std::size_t> find(const std::string& id) const {
    Owner key{hash(id), 0};
    for (auto it = std::lower_bound(owners_.begin(), owners_.end(), key); it != owners_.end() && it->hash == key.hash; ++it)
      if (clean_id(pages_[it->page].title) == id) return it->page;
    return std::nullopt;
  }

 private:
  struct Owner {
    std::uint64_t hash;
    std::size_t page;
    bool operator<(const Owner& o) const { return hash != o.hash ? hash < o.hash : page < o.page; }
  };
  static std::uint64_t hash(const std::string& id) { return std::hash<std::string>{}(id); }

  const std::vector<PageEntry>& pages_;
  std::vector<Owner> owners_;
};

bool is_category_title(const PageEntry& e) { return utf8::to_lower(e.ns) == "category"; }

// What a worker hands back for a page: its media, its categories, and the text of a category
// page (written at the end, with its members; other pages are written by the worker).
struct PageResult {
  std::vector<MediaUse> media;
  std::vector<std::string> categories;
  std::string category_text;
};

}  // namespace

void write_tree(const Wiki& wiki, const std::filesystem::path& output, const WriteContext& context,
                const RenderOptions& options) {
  Diagnostics local;
  Diagnostics& diagnostics = context.diagnostics ? *context.diagnostics : local;
  const std::filesystem::path pages_dir = output / "pages";
  const std::filesystem::path media_dir = output / "media";
  std::error_code ec;
  std::filesystem::create_directories(pages_dir, ec);
  if (!ec) std::filesystem::create_directories(media_dir, ec);
  if (ec) throw Error(output.string(), 0, "cannot create output directory: " + ec.message());

  // Every title's id, up front: titles whose id is empty or taken by an earlier page are
  // reported and skipped. Links compute ids themselves (clean_id is cheap for ASCII titles), so
  // what stays for the run is a hash and a page number per page, not a map of strings.
  const std::vector<PageEntry>& pages = wiki.pages();
  IdOwners owners(pages);
  std::vector<char> skipped(pages.size(), 0);
  {
    std::vector<std::pair<std::size_t, std::string>> problems;
    IdOwners::Unwritable unwritable = owners.build();
    for (std::size_t page : unwritable.empty) {
      problems.emplace_back(page, "title \"" + pages[page].title + "\" gives an empty DokuWiki page id; page not written");
      skipped[page] = 1;
    }
    for (const auto& [page, first] : unwritable.taken) {
      problems.emplace_back(page, "titles \"" + pages[first].title + "\" and \"" + pages[page].title +
                                      "\" both become DokuWiki page id \"" + clean_id(pages[page].title) + "\"; \"" +
                                      pages[page].title + "\" is not written");
      skipped[page] = 1;
    }
    std::sort(problems.begin(), problems.end());
    for (const auto& [page, message] : problems) diagnostics.error(pages[page].shown_path, 0, message);
  }
  auto index_of = [&](const PageEntry& entry) { return static_cast<std::size_t>(&entry - pages.data()); };

  WriteContext page_context = context;
  page_context.wiki = &wiki;
  page_context.diagnostics = &diagnostics;
  const bool category_pages = options.categories == CategoryStyle::Pages;

  std::map<std::string, std::vector<std::uint32_t>> members;  // category -> member pages (index)
  std::map<std::string, std::string> category_texts;           // category -> its own page's text
  MediaCopier media(wiki, media_dir, diagnostics);

  auto write_page_file = [&](const std::string& id, const std::string& text) {
    write_file_atomic(contained_path(pages_dir, page_file(id)), text);
  };

  Progress progress("writing", pages.size(), context.progress);
  std::function<PageResult(const PageEntry&)> produce = [&](const PageEntry& entry) {
    PageResult result;
    if (skipped[index_of(entry)]) return result;
    Page page = wiki.load(entry, diagnostics);
    RenderedPage rendered = render_page(page, page_context, options);
    result.media = std::move(rendered.media);
    result.categories = std::move(page.categories);
    // Page files are independent (ids are unique): workers write them. A category page waits
    // for its members, rendered once, here.
    if (category_pages && is_category_title(entry)) result.category_text = std::move(rendered.text);
    else write_page_file(clean_id(entry.title), rendered.text);
    return result;
  };
  std::function<void(const PageEntry&, PageResult&&)> consume = [&](const PageEntry& entry, PageResult&& result) {
    progress.tick();
    if (skipped[index_of(entry)]) return;
    for (const std::string& c : result.categories) members[c].push_back(static_cast<std::uint32_t>(index_of(entry)));
    media.copy(result.media, entry.shown_path);
    if (category_pages && is_category_title(entry))
      category_texts.emplace(std::string(entry.title.substr(entry.ns.size() + 1)), std::move(result.category_text));
  };
  for_each_page_ordered<PageResult>(wiki, context.threads, produce, consume);

  if (!category_pages) return;
  // Category pages: the category's own page (when the wiki has one), then its members.
  std::set<std::string> categories;
  for (const auto& [name, list] : members) categories.insert(name);
  for (const auto& [name, text] : category_texts) categories.insert(name);
  for (const std::string& name : categories) {
    std::string title = "Category:" + name;
    std::string id = clean_id(title);
    if (id.empty()) continue;
    std::string text;
    auto own = category_texts.find(name);
    if (own != category_texts.end()) {
      text = std::move(own->second);
    } else {
      if (auto owner = owners.find(id)) {
        diagnostics.error("", 0, "category page \"" + title + "\" would replace page \"" + pages[*owner].title +
                                     "\" (DokuWiki id \"" + id + "\"); not written");
        continue;
      }
      text = "====== " + one_line(title) + " ======\n";
    }
    auto m = members.find(name);
    if (m != members.end() && !m->second.empty()) {
      if (!text.empty()) text += "\n";
      text += "===== Pages in category " + one_line(name) + " =====\n\n";
      for (std::uint32_t member : m->second) {
        const std::string& member_title = pages[member].title;
        text += "  * [[:" + clean_id(member_title) + "|" + safe_label(one_line(member_title)) + "]]\n";
      }
    }
    write_page_file(id, text);
  }
}

}  // namespace wikiconv::dokuwiki
