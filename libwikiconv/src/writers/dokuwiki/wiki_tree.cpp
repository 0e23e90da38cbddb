#include "writers/dokuwiki/wiki_tree.hpp"

#include <algorithm>
#include <iterator>
#include <cstdint>
#include <map>
#include <optional>
#include <set>

#include "util/utf8.hpp"
#include "writers/dokuwiki/link_syntax.hpp"
#include "writers/dokuwiki/media.hpp"
#include "writers/dokuwiki/page_id.hpp"
#include "writers/dokuwiki/page_ids.hpp"
#include "writers/output_files.hpp"
#include "writers/progress.hpp"

namespace wikiconv::dokuwiki {

namespace {

bool is_category_title(const PageEntry& e) { return utf8::to_lower(e.ns()) == "category"; }

// What a worker hands back for a page: its media, its categories, and the text of a category
// page (written at the end, with its members; other pages are written by the worker).
struct PageResult {
  std::vector<MediaUse> media;
  std::vector<std::string> categories;
  std::string category_text;
  std::vector<std::string> changes;  // the page's changelog lines (history=all)
  std::size_t bytes() const {  // while it waits
    std::size_t n = category_text.size();
    for (const auto& c : changes) n += c.size();
    return n;
  }
};

// Adds a page to a category's member list, which grows by a quarter, not doubling: a huge
// wiki's lists then leave at most a fifth unused, not half. (A deque per category wastes less
// on big lists but takes 576 bytes for the first member: a wiki of a million pages shaped as
// the OWASP wiki has 60,000 categories, most with a few members.)
void add_member(std::vector<std::uint32_t>& list, std::uint32_t page) {
  if (list.size() == list.capacity()) list.reserve(list.size() + list.size() / 4 + 4);
  list.push_back(page);
}

// Errors for the titles that get no page (empty id, or collisions=error), warnings for those
// collisions=suffix renames: in title order, each naming the titles and the id. Only pages of
// this part of the wiki (a shard reports its own).
void report_unwritten(const Wiki& wiki, const PageIds& ids, Diagnostics& diagnostics) {
  auto file_of = [&](const std::string& title) -> std::optional<std::string> {
    auto it = std::lower_bound(wiki.pages().begin(), wiki.pages().end(), title,
                               [](const PageEntry& e, const std::string& t) { return e.title() < t; });
    if (it == wiki.pages().end() || it->title() != title) return std::nullopt;
    return it->shown_path();
  };
  for (const std::string& title : ids.empty_ids())
    if (std::optional<std::string> file = file_of(title))
      diagnostics.error(*file, 0, "title \"" + title + "\" gives an empty DokuWiki page id; page not written");
  for (const NameCollision& c : ids.collisions()) {
    for (std::size_t k = 1; k < c.titles.size(); ++k) {
      std::optional<std::string> file = file_of(c.titles[k]);
      if (!file) continue;
      std::string both = "titles \"" + c.titles.front() + "\" and \"" + c.titles[k] + "\" both become DokuWiki page id \"" + c.name + "\"";
      if (ids.policy() == CollisionPolicy::Suffix)
        diagnostics.warn(*file, 0, both + "; \"" + c.titles[k] + "\" is written as \"" + c.names[k] + "\"");
      else
        diagnostics.error(*file, 0, both + "; \"" + c.titles[k] + "\" is not written (collisions=suffix writes it as \"" + c.names[k] + "\")");
    }
  }
}

}  // namespace

void write_tree(const Wiki& wiki, const std::filesystem::path& output, const WriteContext& context,
                const RenderOptions& options, const HistoryOptions& history) {
  Diagnostics local;
  Diagnostics& diagnostics = context.diagnostics ? *context.diagnostics : local;
  const std::filesystem::path pages_dir = output / "pages";
  const std::filesystem::path media_dir = output / "media";
  std::error_code ec;
  std::filesystem::create_directories(pages_dir, ec);
  if (!ec) std::filesystem::create_directories(media_dir, ec);
  if (ec) throw Error(output.string(), 0, "cannot create output directory: " + ec.message());

  // Every title's id, up front (before any worker starts): titles whose id is empty are
  // reported and skipped, and so, unless collisions=suffix renames them, are titles whose id an
  // earlier title has.
  const std::vector<PageEntry>& pages = wiki.pages();
  PageIds ids(wiki.all_pages(), options.collisions);
  report_unwritten(wiki, ids, diagnostics);
  RenderOptions page_options = options;
  page_options.ids = &ids;
  auto index_of = [&](const PageEntry& entry) { return static_cast<std::size_t>(&entry - pages.data()); };

  WriteContext page_context = context;
  page_context.wiki = &wiki;
  page_context.diagnostics = &diagnostics;
  const bool category_pages = options.categories == CategoryStyle::Pages;

  // category -> member pages (index)
  std::map<std::string, std::vector<std::uint32_t>> members;
  std::map<std::string, std::string> category_texts;           // category -> its own page's text
  MediaCopier media(wiki, media_dir, diagnostics);

  auto write_page_file = [&](const std::string& id, const std::string& text) {
    write_fresh_file(contained_path(pages_dir, page_file(id)), text);
  };
  // Every version git has of the page, converted as the current one is (old versions' warnings
  // are left out: nobody can fix a file's past); the last is the page as written.
  auto page_versions = [&](const PageEntry& entry, std::string current_text) {
    std::vector<PageVersion> versions;
    std::vector<Revision> revisions = wiki.revisions(entry, diagnostics);
    std::vector<std::int64_t> dates = revision_dates(revisions);
    for (std::size_t i = 0; i < revisions.size(); ++i) {
      const Revision& r = revisions[i];
      PageVersion v;
      v.date = dates[i];
      v.user = history.authors.user(r.author, r.email);
      v.name = r.author;
      v.summary = r.message;
      if (i + 1 == revisions.size()) {
        v.text = std::move(current_text);
      } else {
        Diagnostics old_version;
        WriteContext quiet = page_context;
        quiet.diagnostics = &old_version;
        v.text = render_page(wiki.load_revision(entry, r, old_version), quiet, page_options).text;
      }
      versions.push_back(std::move(v));
    }
    return versions;
  };
  std::vector<std::string> changes;  // the wiki's changelog (history=all)

  Progress progress("writing", pages.size(), context.progress);
  std::function<PageResult(const PageEntry&)> produce = [&](const PageEntry& entry) {
    PageResult result;
    if (!ids.written(entry.title())) return result;
    Page page = wiki.load(entry, diagnostics);
    RenderedPage rendered = render_page(page, page_context, page_options);
    result.media = std::move(rendered.media);
    result.categories = std::move(page.categories);
    // Page files are independent (ids are unique): workers write them, with their histories. A
    // category page waits for its members, rendered once, here (and keeps no history: its text
    // is not the file's).
    if (category_pages && is_category_title(entry)) {
      result.category_text = std::move(rendered.text);
      return result;
    }
    std::string id = ids.id(entry.title());
    write_page_file(id, rendered.text);
    if (history.all) result.changes = write_page_history(output, id, page_versions(entry, std::move(rendered.text)));
    return result;
  };
  std::function<void(const PageEntry&, PageResult&&)> consume = [&](const PageEntry& entry, PageResult&& result) {
    progress.tick();
    if (!ids.written(entry.title())) return;
    for (const std::string& c : result.categories) add_member(members[c], static_cast<std::uint32_t>(index_of(entry)));
    media.copy(result.media, entry.shown_path());
    if (category_pages && is_category_title(entry))
      category_texts.emplace(std::string(entry.title().substr(entry.ns().size() + 1)), std::move(result.category_text));
    std::move(result.changes.begin(), result.changes.end(), std::back_inserter(changes));
  };
  for_each_page_ordered<PageResult>(wiki, context.threads, produce, consume);
  write_global_changelog(output, std::move(changes));
  if (history.all) {
    // The media files' histories, each file's versions as git has them (a file copied once).
    std::vector<std::string> media_changes;
    for (const auto& [id, source] : media.copied()) {
      std::vector<Revision> revisions = wiki.media_revisions(source, diagnostics);
      std::vector<std::int64_t> dates = revision_dates(revisions);
      std::vector<PageVersion> versions;
      for (std::size_t i = 0; i < revisions.size(); ++i)
        versions.push_back({dates[i], history.authors.user(revisions[i].author, revisions[i].email), revisions[i].author,
                            revisions[i].message, wiki.revision_text(revisions[i])});
      std::vector<std::string> lines = write_media_history(output, id, versions);
      std::move(lines.begin(), lines.end(), std::back_inserter(media_changes));
    }
    write_global_changelog(output, std::move(media_changes), "_media.changes");
  }

  if (!category_pages) return;
  // Category pages: the category's own page (when the wiki has one), then its members.
  // Categories whose pages share an id ("Foo" and "FOO" without pages of their own) share the
  // page: each lists its members there.
  std::map<std::string, std::vector<std::string>> names_by_id;
  std::set<std::string> categories;
  for (const auto& [name, list] : members) categories.insert(name);
  for (const auto& [name, text] : category_texts) categories.insert(name);
  for (const std::string& name : categories) {
    std::string id = ids.id("Category:" + name);
    if (!id.empty()) names_by_id[id].push_back(name);
  }
  for (const auto& [id, names] : names_by_id) {
    std::string text;
    for (const std::string& name : names) {
      auto own = category_texts.find(name);
      if (own != category_texts.end()) text = std::move(own->second);
    }
    if (text.empty()) {
      const PageEntry* owner = ids.owner(id);
      if (owner && !is_category_title(*owner)) {
        diagnostics.error("", 0, "category page \"Category:" + names.front() + "\" would replace page \"" +
                                     std::string(owner->title()) + "\" (DokuWiki id \"" + id + "\"); not written");
        continue;
      }
      text = "====== " + one_line("Category:" + names.front()) + " ======\n";
    }
    // The member lists go straight to the file: a category of a huge wiki lists a million pages.
    AtomicFile file(contained_path(pages_dir, page_file(id)));
    file.write(text);
    bool written = !text.empty();
    for (const std::string& name : names) {
      auto m = members.find(name);
      if (m == members.end() || m->second.empty()) continue;
      file.write(std::string(written ? "\n" : "") + "===== Pages in category " + one_line(name) + " =====\n\n");
      written = true;
      for (std::uint32_t member : m->second) {
        std::string_view member_title = pages[member].title();
        file.write("  * [[:" + ids.id(member_title) + "|" + safe_label(one_line(std::string(member_title))) + "]]\n");
      }
    }
    file.commit();
  }
}

}  // namespace wikiconv::dokuwiki
