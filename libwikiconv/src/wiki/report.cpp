// `wikiconv check`: pages, categories, broken links, collisions and renamed titles.
#include <nlohmann/json.hpp>
#include <algorithm>
#include <unordered_set>
#include <sstream>

#include "wiki/link_target.hpp"
#include "wiki/title.hpp"
#include "wikiconv/wiki.hpp"
#include "wikiconv/writer.hpp"

namespace wikiconv {

namespace {

struct PageFacts {
  std::string title;
  std::vector<std::string> categories;
  std::vector<std::pair<int, std::string>> broken;  // line, target
  std::vector<std::pair<int, std::string>> missing_images;  // line, target
  std::size_t links = 0;
  bool failed = false;
  std::string redirect;  // resolved target, for a redirect
};

}  // namespace

Report build_report(const Wiki& wiki, unsigned threads, Diagnostics& diagnostics, std::string_view target) {
  Report report;
  if (!target.empty()) {  // first: an unknown format throws before the pages are read
    report.target_collisions = name_collisions(wiki, target);
    report.target = target;
  }
  report.page_count = wiki.pages().size();
  report.collisions = wiki.collisions();
  report.namespaces = wiki.custom_namespaces();
  for (const auto& p : wiki.pages())
    if (!p.title_problems().empty()) report.renamed_titles.emplace_back(p.shown_path(), p.title_problems());

  std::function<PageFacts(const PageEntry&)> produce = [&](const PageEntry& entry) {
    PageFacts facts;
    facts.title = entry.title();
    Page page;
    try {
      page = wiki.load(entry, diagnostics);
    } catch (const Error& e) {
      diagnostics.add({Severity::Error, entry.shown_path(), e.line(), e.message(), e.column(), {}});
      facts.failed = true;
      return facts;
    }
    facts.categories = page.categories;
    if (!page.redirect.empty()) facts.redirect = wiki.resolve(page.redirect);
    NodeIterator it(page.body);
    while (it.next()) {
      const Node& n = it.node();
      if (it.event() == WalkEvent::Enter && n.type == NodeType::Image) {
        std::string media = image_media_title(n.target);
        if (!media.empty() && !wiki.find_media(media)) facts.missing_images.emplace_back(n.line, n.target);
        continue;
      }
      if (it.event() != WalkEvent::Enter || n.type != NodeType::WikiLink) continue;
      if (is_interwiki(n.target)) continue;
      ++facts.links;
      std::string category;
      if (n.target.empty()) continue;  // same-page #anchor link
      if (wiki.exists(n.target)) continue;
      if (category_name(n.target, category)) continue;  // category pages are generated
      facts.broken.emplace_back(n.line, n.target);
    }
    return facts;
  };
  std::function<void(const PageEntry&, PageFacts&&)> consume = [&](const PageEntry& entry, PageFacts&& facts) {
    report.errors += facts.failed;
    report.link_count += facts.links;
    for (const auto& c : facts.categories) report.categories[c].push_back(facts.title);
    for (auto& [line, target] : facts.broken)
      report.broken_links.push_back({facts.title, entry.shown_path(), line, std::move(target)});
    for (auto& [line, target] : facts.missing_images)
      report.missing_images.push_back({facts.title, entry.shown_path(), line, std::move(target)});
    if (!facts.redirect.empty()) report.redirects.push_back({facts.title, entry.shown_path(), std::move(facts.redirect)});
  };
  for_each_page_ordered<PageFacts>(wiki, threads, produce, consume);
  // Titles the pages in folders would have by file name alone (--titles=name).
  std::unordered_set<std::string> by_file_name;
  for (const auto& p : wiki.pages()) {
    std::string rel = p.relpath();
    std::size_t slash = rel.rfind('/');
    if (slash == std::string_view::npos) continue;
    std::string_view name = std::string_view(rel).substr(slash + 1);
    name = name.substr(0, name.rfind('.'));
    if (name == "index") continue;
    by_file_name.insert(normalize_title(name, wiki.custom_namespaces()).title);
  }
  for (const auto& b : report.broken_links)
    report.broken_links_named_by_file += by_file_name.count(wiki.resolve(b.target));
  // Redirects whose target is a redirect too (MediaWiki follows one step only), or missing.
  std::vector<const std::string*> redirect_titles;
  for (const auto& r : report.redirects) redirect_titles.push_back(&r.page);
  auto is_redirect = [&](const std::string& title) {
    auto it = std::lower_bound(redirect_titles.begin(), redirect_titles.end(), title,
                               [](const std::string* a, const std::string& b) { return *a < b; });
    return it != redirect_titles.end() && **it == title;
  };
  for (auto& r : report.redirects) {
    std::string category;
    bool category_page = category_name(r.target, category) && report.categories.count(category);
    r.missing = !wiki.find(r.target) && !category_page;
    r.double_redirect = !r.missing && is_redirect(r.target);
  }
  report.errors += report.collisions.size();
  return report;
}

std::string Report::to_text() const {
  std::ostringstream out;
  out << "pages: " << page_count << "\n";
  out << "wiki links: " << link_count << " (" << broken_links.size() << " broken)\n";
  out << "categories: " << categories.size() << "\n";
  if (!missing_images.empty()) out << "missing images: " << missing_images.size() << "\n";
  if (!redirects.empty()) {
    std::size_t doubles = 0, missing = 0;
    for (const auto& r : redirects) {
      doubles += r.double_redirect;
      missing += r.missing;
    }
    out << "redirects: " << redirects.size() << " (" << doubles << " to redirects, " << missing << " to missing pages)\n";
    for (const auto& r : redirects)
      if (r.double_redirect || r.missing)
        out << "  " << r.file << ": -> [[" << r.target << "]] " << (r.missing ? "(missing)" : "(a redirect: MediaWiki follows one step)") << "\n";
  }
  for (const auto& [name, members] : categories) out << "  Category:" << name << " (" << members.size() << ")\n";
  if (!namespaces.empty()) {
    out << "namespaces:";
    for (const auto& ns : namespaces) out << " " << ns;
    out << "\n";
  }
  if (broken_links_named_by_file >= 2 && broken_links_named_by_file * 2 > broken_links.size())
    out << "hint: " << broken_links_named_by_file << " of the " << broken_links.size()
        << " broken links name a page in a folder by its file name alone: if the folders only sort the "
           "files, read titles from file names (--titles=name)\n";
  if (!broken_links.empty()) {
    out << "broken links:\n";
    for (const auto& b : broken_links)
      out << "  " << b.file << ":" << b.line << ": [[" << b.target << "]] (from " << b.page << ")\n";
  }
  if (!missing_images.empty()) {
    out << "missing images (not in the wiki's media):\n";
    for (const auto& m : missing_images)
      out << "  " << m.file << ":" << m.line << ": " << m.target << " (in " << m.page << ")\n";
  }
  if (!renamed_titles.empty()) {
    out << "renamed titles:\n";
    for (const auto& [file, problems] : renamed_titles)
      for (const auto& p : problems) out << "  " << file << ": " << p << "\n";
  }
  if (!target_collisions.empty()) {
    bool renames = !target_collisions.front().names.empty();
    out << target << ": " << target_collisions.size() << (target_collisions.size() == 1 ? " name" : " names") << " shared by several titles"
        << (renames ? " (collisions=suffix, the default, writes the later titles under the names after ->)"
                    : " (one file on a case-insensitive file system: Windows, macOS)")
        << ":\n";
    for (const auto& c : target_collisions) {
      out << "  " << c.name << ":";
      for (std::size_t k = 0; k < c.titles.size(); ++k) {
        out << (k ? ", " : " ") << "\"" << c.titles[k] << "\"";
        if (k > 0 && k < c.names.size()) out << " -> " << c.names[k];
      }
      out << "\n";
    }
  }
  if (!collisions.empty()) {
    out << "collisions:\n";
    for (const auto& c : collisions) {
      out << "  \"" << c.title << "\":";
      for (const auto& f : c.files) out << " " << f;
      out << "\n";
    }
  }
  return out.str();
}

std::string Report::to_json() const {
  nlohmann::ordered_json j;
  j["pages"] = page_count;
  j["links"] = link_count;
  j["categories"] = categories;
  j["namespaces"] = namespaces;
  auto& broken = j["broken_links"] = nlohmann::ordered_json::array();
  for (const auto& b : broken_links)
    broken.push_back({{"page", b.page}, {"file", b.file}, {"line", b.line}, {"target", b.target}});
  auto& images = j["missing_images"] = nlohmann::ordered_json::array();
  for (const auto& m : missing_images)
    images.push_back({{"page", m.page}, {"file", m.file}, {"line", m.line}, {"target", m.target}});
  auto& redirs = j["redirects"] = nlohmann::ordered_json::array();
  for (const auto& r : redirects)
    redirs.push_back({{"page", r.page}, {"file", r.file}, {"target", r.target}, {"double", r.double_redirect}, {"missing", r.missing}});
  auto& coll = j["collisions"] = nlohmann::ordered_json::array();
  for (const auto& c : collisions) coll.push_back({{"title", c.title}, {"files", c.files}});
  if (!target.empty()) {
    j["target"] = target;
    auto& shared = j["target_collisions"] = nlohmann::ordered_json::array();
    for (const auto& c : target_collisions) shared.push_back({{"name", c.name}, {"titles", c.titles}, {"names", c.names}});
  }
  auto& renamed = j["renamed_titles"] = nlohmann::ordered_json::array();
  for (const auto& [file, problems] : renamed_titles) renamed.push_back({{"file", file}, {"problems", problems}});
  j["broken_links_named_by_file"] = broken_links_named_by_file;
  j["errors"] = errors;
  return j.dump(2) + "\n";
}

}  // namespace wikiconv
