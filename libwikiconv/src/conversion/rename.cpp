// Renaming a page of a wiki folder in place (rename_page, conversion.hpp): the page moves and
// every link to it follows; the pages that change are written back by the gfm writer, all of
// them or none.
#include <algorithm>
#include <filesystem>

#include "wiki/title.hpp"
#include "wikiconv/conversion.hpp"
#include "writers/output_files.hpp"
#include "writers/registry.hpp"

namespace fs = std::filesystem;

namespace wikiconv {

namespace {

// Points the page's links (and its redirect, and its categories when `old_title` is a category)
// at `new_title`, keeping their labels and fragments. Returns how many it changed.
std::size_t retarget(Page& page, const Wiki& wiki, const std::string& old_title, const std::string& new_title) {
  std::size_t changed = 0;
  walk_mutable(page.body, [&](Node& n, WalkEvent event) {
    if (event == WalkEvent::Enter && n.type == NodeType::WikiLink && !n.target.empty() && wiki.resolve(n.target) == old_title) {
      n.target = new_title;
      // pandoc 3's title attribute names the target too; a title of its own stays.
      if (!n.title.empty() && n.title != "wikilink" && wiki.resolve(n.title) == old_title) n.title = new_title;
      ++changed;
    }
    return true;
  });
  if (!page.redirect.empty() && wiki.resolve(page.redirect) == old_title) {
    page.redirect = new_title;
    ++changed;
    // The redirect line as written follows, its word kept ("redirect", "REDIRECT").
    for (Node& n : page.redirect_line)
      if (n.type == NodeType::WikiLink && wiki.resolve(n.target) == old_title) n.target = new_title;
  }
  constexpr std::string_view kCategory = "Category:";
  if (old_title.compare(0, kCategory.size(), kCategory) == 0 && new_title.compare(0, kCategory.size(), kCategory) == 0) {
    for (auto& c : page.categories)
      if ("Category:" + c == old_title) {
        c = new_title.substr(kCategory.size());
        ++changed;
      }
  }
  return changed;
}

// The page's own declarations of its title: front matter `title:` and the source-page comment.
void retitle(Page& page, const std::string& old_title, const std::string& new_title) {
  page.title = new_title;
  for (auto& [key, value] : page.metadata)
    if (key == "title") value = new_title;
  for (Node& n : page.body.children) {
    if (n.type != NodeType::CommentBlock) continue;
    std::size_t at = n.text.find("Source page: ");
    if (at == std::string::npos) continue;
    n.text = n.text.substr(0, at) + "Source page: " + new_title + " ";
    break;
  }
}

// Files replaced as a unit: each new text is written beside its target first; then the old
// files are kept under backup names (hard links) while the new ones are renamed into place, and
// put back if any step fails.
class FileSwap {
 public:
  void write(const fs::path& target, const std::string& text) {
    auto file = std::make_unique<AtomicFile>(target);
    file->write(text);
    file->close();
    files_.push_back({target, std::move(file)});
  }
  void remove(const fs::path& target) { removed_.push_back(target); }

  void commit() {
    std::vector<std::pair<fs::path, fs::path>> backups;  // original -> backup
    std::vector<fs::path> created;
    auto roll_back = [&] {
      std::error_code ec;
      for (const auto& path : created) fs::remove(path, ec);
      for (const auto& [original, backup] : backups) {
        // Not replaced yet: both names are one file (rename() would do nothing), the backup goes.
        if (fs::equivalent(original, backup, ec)) fs::remove(backup, ec);
        else fs::rename(backup, original, ec);
      }
    };
    try {
      std::vector<fs::path> originals = removed_;
      for (const auto& f : files_) originals.push_back(f.target);
      for (const auto& original : originals) {
        std::error_code ec;
        if (!fs::exists(original, ec)) continue;
        fs::path backup = original.parent_path() / ("." + original.filename().string() + ".wikiconv-backup");
        fs::remove(backup, ec);
        fs::create_hard_link(original, backup);
        backups.emplace_back(original, backup);
      }
      for (auto& f : files_) {
        bool existed = fs::exists(f.target);
        f.file->commit();
        if (!existed) created.push_back(f.target);
      }
      for (const auto& path : removed_)
        if (std::find_if(files_.begin(), files_.end(), [&](const Entry& e) { return e.target == path; }) == files_.end())
          fs::remove(path);
    } catch (const std::exception& e) {
      roll_back();
      throw OutputError(e.what());
    }
    std::error_code ec;
    for (const auto& [original, backup] : backups) fs::remove(backup, ec);
  }

 private:
  struct Entry {
    fs::path target;
    std::unique_ptr<AtomicFile> file;
  };
  std::vector<Entry> files_;
  std::vector<fs::path> removed_;
};

}  // namespace

RenameResult rename_page(const std::string& wiki_dir, const std::string& old_name, const std::string& new_name,
                         const WikiOptions& options, Diagnostics& diagnostics) {
  Wiki wiki = Wiki::open(wiki_dir, options, diagnostics);
  if (diagnostics.error_count() > 0) throw Error(wiki_dir, 0, "the wiki could not be read (see above): nothing renamed");
  // The pages that change keep every block the rename does not touch as it was written.
  wiki.keep_original(true);
  RenameResult result;
  result.old_title = wiki.resolve(old_name);
  const PageEntry* moved = wiki.find(result.old_title);
  if (!moved) throw UsageError("no page \"" + old_name + "\" in " + wiki_dir);
  // The new title as the wiki's rules make it: resolve() normalizes a title no page has yet.
  result.new_title = wiki.resolve(new_name);
  if (result.new_title.empty()) throw UsageError("\"" + new_name + "\" is no title");
  if (result.new_title == result.old_title) throw UsageError("\"" + new_name + "\" is the page's title already");
  if (wiki.find(result.new_title)) throw UsageError("a page \"" + result.new_title + "\" exists already");

  std::unique_ptr<Writer> writer = make_gfm_writer(Options());
  WriteContext context;
  context.wiki = &wiki;
  context.diagnostics = &diagnostics;
  FileSwap swap;
  for (const PageEntry& entry : wiki.pages()) {
    Page page = wiki.load(entry, diagnostics);
    std::size_t links = retarget(page, wiki, result.old_title, result.new_title);
    bool is_moved = &entry == moved;
    if (links == 0 && !is_moved) continue;
    result.links += links;
    const fs::path path = entry.path();
    fs::path target = path;
    if (is_moved) {
      retitle(page, result.old_title, result.new_title);
      fs::path rel = safe_relative_path(underscored_title(result.new_title), path.extension().string());
      target = contained_path(wiki.root(), rel);
      result.old_file = entry.shown_path();
      result.new_file = (fs::path(wiki_dir) / rel).string();
      if (fs::exists(target) && !fs::equivalent(target, path))
        throw UsageError("the file " + result.new_file + " exists already");
      swap.remove(path);
    } else {
      result.changed_files.push_back(entry.shown_path());
    }
    swap.write(target, writer->write_page(page, context));
  }
  if (diagnostics.error_count() > 0) throw Error(wiki_dir, 0, "pages could not be read (see above): nothing renamed");
  swap.commit();
  return result;
}

}  // namespace wikiconv
