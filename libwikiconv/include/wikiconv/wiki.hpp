// The wiki layer: a directory of Markdown pages as one wiki, with MediaWiki's title rules,
// namespaces, link resolution and a report. Pages are indexed up front and parsed on demand,
// so memory stays flat however large the wiki is.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "wikiconv/diagnostics.hpp"
#include "wikiconv/model.hpp"
#include "wikiconv/reader.hpp"

namespace wikiconv {

class GitHistory;
class HeadReader;
struct TitleParts;

// Where a page file's title comes from when the file does not declare one (front matter
// `title:` or the "<!-- Source page: Title -->" comment always wins).
enum class TitleSource {
  Path,  // folders are subpages: Guides/Zine_Making.md is "Guides/Zine Making"
  Name,  // folders only sort the files: Characters/@Attack.md is "@Attack"
};

struct WikiOptions {
  ReadOptions read;
  TitleSource titles = TitleSource::Path;
  // Namespace prefixes to declare besides the standard ones and those the page files use.
  std::vector<std::string> namespaces;
  // Prefixes to leave in the main namespace ("Tankie:Intro" stays one main-namespace title).
  std::vector<std::string> main_namespace_prefixes;
  // Threads that read the page files' heads while indexing (0: all cores).
  unsigned threads = 0;
};

// One page file of the wiki, known before it is parsed. 40 bytes: its title and relative path
// are views of the wiki's one store of text (entries of strings cost a wiki of a million pages
// 400 MB), its absolute and shown paths are made from the folder's when asked for. Entries and
// the views they give live as long as their Wiki (or a shard of it).
class PageEntry {
 public:
  // Where a page comes from and what it rarely has: shared by every page of a folder, its own for
  // a page given as a file or as text or whose title had to change.
  struct Source {
    std::string path;        // the folder's absolute path, or (file) the file's; "" for text
    std::string shown_path;  // the folder or the file as the user gave it, for messages
    bool folder = false;     // the file is below the folder at relpath()
    std::vector<std::string> title_problems;  // how the title had to be changed to be legal
  };

  std::string_view title() const { return {title_, title_size_}; }  // normalized full title
  std::string_view ns() const { return title().substr(0, ns_size_); }  // namespace prefix, empty for main
  std::string relpath() const;  // below the wiki root (titles come from it)
  std::string path() const;  // absolute path of the file ("" for a page given as text)
  // The file as the user can open it, for messages: the wiki folder as it was given joined with
  // relpath ("../wikis/owasp/Main.md"), the page file as given, or "-" for text.
  std::string shown_path() const;
  std::int64_t mtime() const { return mtime_; }  // file modification time (seconds)
  const std::vector<std::string>& title_problems() const { return source_->title_problems; }

 private:
  friend class Wiki;  // entries come from a wiki's index
  PageEntry() = default;
  // The relative path as stored; after the index is made, a page whose path is its title's file
  // name ("Guides/Foo_Bar.md" of "Guides/Foo Bar": most pages of an export) keeps none
  // (relpath_ null), and relpath() makes it again: a million pages' paths are 25 MB.
  std::string_view stored_relpath() const { return {relpath_, relpath_size_}; }
  const char* title_ = "";
  const char* relpath_ = "";
  std::uint32_t relpath_size_ = 0;
  std::uint16_t title_size_ = 0;  // titles are at most 255 bytes (normalize_title)
  std::uint16_t ns_size_ = 0;
  std::int64_t mtime_ = 0;
  const Source* source_ = nullptr;
};

// One commit that changed a page file (Wiki::revisions), read from the git repository the wiki
// lives in.
struct Revision {
  std::uint64_t id = 0;     // the change's place in the repository's history (1, 2, ...): new
                            // commits add higher ids, so a newer history keeps the older ones
  std::string commit;       // the commit's id (40 hex digits)
  std::string blob;         // the file's blob id at that commit (its text: Wiki::revision_text)
  std::string path;         // the file's path then, relative to the wiki root (a rename changes
                            // it; empty when the file was outside the wiki's folder)
  std::string author;       // the author's name and email, as .mailmap maps them
  std::string email;
  std::int64_t time = 0;    // author time, seconds since the epoch
  std::string message;      // the commit's subject line
};

struct Collision {
  std::string title;
  std::vector<std::string> files;  // every file that maps to `title`
};

// Titles that a target format writes under one name (DokuWiki folds "Layer" and "LAYER" into
// the page id "layer"; a case-insensitive file system sees Layer.html and LAYER.html as one).
struct NameCollision {
  std::string name;                 // the shared name
  std::vector<std::string> titles;  // in title order: the first keeps the name
  std::vector<std::string> names;   // what each title is written as (names[0] is `name`), when
                                    // the target renames the later ones; else empty
};

// The title of a page given as text with none of its own (no title given, none declared).
inline constexpr std::string_view kUntitledTitle = "Untitled";

class Wiki {
 public:
  // Indexes the pages below `root` (*.md, *.markdown). Symlinks that leave `root` are not
  // followed; unreadable entries are reported. Throws Error when `root` is not a directory.
  static Wiki open(const std::filesystem::path& root, const WikiOptions& options,
                   Diagnostics& diagnostics);
  // A wiki of the page files `files` (several inputs on the command line): their root is their
  // nearest common folder, their media the other files in their folders.
  static Wiki open_files(const std::vector<std::filesystem::path>& files, const WikiOptions& options,
                         Diagnostics& diagnostics);
  // A wiki of one page file.
  static Wiki open_file(const std::filesystem::path& file, const WikiOptions& options,
                        Diagnostics& diagnostics);
  // A wiki of one page given as text (stdin, Python strings).
  static Wiki from_text(std::string text, std::string title, const WikiOptions& options);
  // The same without a copy of `text`, which must outlive the wiki and its copies (a huge
  // page held by the caller anyway).
  static Wiki from_borrowed_text(std::string_view text, std::string title, const WikiOptions& options);

  const std::filesystem::path& root() const { return root_; }
  // Opened from one page file or text (open_file, from_text), not from a folder.
  bool single_page() const { return single_page_; }
  // Pages sorted by title.
  const std::vector<PageEntry>& pages() const { return pages_; }
  // Every page of the wiki: pages(), or for a shard the whole wiki's (names that depend on
  // other titles, like suffixed ids, must come out the same in every part).
  const std::vector<PageEntry>& all_pages() const { return all_pages_ ? *all_pages_ : pages_; }
  const PageEntry* find(std::string_view title) const;
  // The canonical title a link target names in this wiki ("tankie_intro" -> "Tankie intro",
  // "Special:MyLanguage/ZFS" -> "ZFS"); interwiki targets are returned unchanged.
  std::string resolve(std::string_view link_target) const;
  bool exists(std::string_view link_target) const { return find(resolve(link_target)) != nullptr; }
  // Namespace prefixes the wiki uses that are not standard MediaWiki namespaces.
  const std::vector<std::string>& custom_namespaces() const { return custom_namespaces_; }
  const std::vector<Collision>& collisions() const { return collisions_; }
  // Media files (anything that is not a page), by File: title ("File:Logo.png").
  const std::map<std::string, std::filesystem::path>& media() const { return media_; }
  const std::filesystem::path* find_media(std::string_view file_title) const;

  // Reads and parses one page (title, namespace, categories, body). Errors name the file.
  Page load(const PageEntry& entry, Diagnostics& diagnostics) const;
  // Last change of each page: the author time of the page file's last git commit when the wiki
  // is in a git work tree and the file has no uncommitted change, else its mtime;
  // SOURCE_DATE_EPOCH, when set, overrides both.
  std::int64_t timestamp(const PageEntry& entry) const;

  const WikiOptions& options() const { return options_; }

  // History from git: the commits that changed the page's file, oldest first, following renames.
  // Empty when the wiki is in no git work tree, or the file is not committed or has uncommitted
  // changes (its text is then only the file's). The first call reads the repository's history
  // and says once in `diagnostics` why pages have none.
  std::vector<Revision> revisions(const PageEntry& entry, Diagnostics& diagnostics) const;
  // The page file's text at a revision.
  std::string revision_text(const Revision& revision) const;
  // The page as it was at a revision (its title stays the current one).
  Page load_revision(const PageEntry& entry, const Revision& revision, Diagnostics& diagnostics) const;
  // How many file changes the history holds (the highest Revision::id); 0 without history.
  std::uint64_t revision_count(Diagnostics& diagnostics) const;
  // The title the page had at a revision: the one its text declared, else its path's (a page
  // renamed in git had another). Empty when the file was outside the wiki then.
  std::string revision_title(const Revision& revision) const;

  // History of a media file (a path media() holds) from git, as revisions() for a page file:
  // the commits that changed it, oldest first, following renames; Wiki::revision_text is the
  // file's bytes at each. Empty when it has none (no git, not committed, changed since).
  std::vector<Revision> media_revisions(const std::filesystem::path& file, Diagnostics& diagnostics) const;
  // Last change of a media file, as timestamp() dates a page file.
  std::int64_t media_timestamp(const std::filesystem::path& file) const;

  // A function load() applies to every page it returns (Python's filter hook, the role pandoc
  // filters play), so every writer sees the filtered pages. It may rename a page (the index,
  // and so link resolution, keeps the titles on disk). Called from worker threads concurrently.
  void set_page_filter(std::function<void(Page&)> filter) { page_filter_ = std::move(filter); }
  // Whether load() keeps each page's Markdown as read (ReadOptions::keep_original): for a
  // writer that uses it, on a copy of an index opened without it.
  void keep_original(bool keep) { options_.read.keep_original = keep; }

  // This wiki with pages() cut down to [first, last) (positions in pages(), title order), while
  // find(), exists() and links still see every page: one part of a wiki converted in parts
  // (the Dask example), whose outputs concatenate to the whole wiki's.
  Wiki shard(std::size_t first, std::size_t last) const;
  // This wiki with the pages at `positions` (in pages()) left out of pages(), while find(),
  // exists() and links still see them: the pages that failed in a keep-going conversion.
  Wiki without(const std::set<std::size_t>& positions) const;

 private:
  struct Store;
  Wiki part(std::vector<PageEntry> pages) const;
  static PageEntry new_entry(std::string_view relpath, const PageEntry::Source& source);
  void name_entry(PageEntry& entry, TitleParts parts, Diagnostics& diagnostics);
  void take_heads(HeadReader& heads, const PageEntry::Source* folder, Diagnostics& diagnostics);
  void index_entries(Diagnostics& diagnostics);
  void settle_relpaths(bool copy);
  void finish_index(Diagnostics& diagnostics);
  const GitHistory* history(Diagnostics* diagnostics) const;
  void report_history(Diagnostics& diagnostics) const;
  Page finish_load(Page page, const PageEntry& entry, std::int64_t timestamp) const;
  std::int64_t file_timestamp(const std::string& path, std::int64_t mtime) const;

  std::filesystem::path root_;
  bool single_page_ = false;
  WikiOptions options_;
  std::vector<PageEntry> pages_;
  std::shared_ptr<Store> store_;  // the entries' text and sources; shared with shards
  // Open-addressing table of positions in the full page list, by title hash: 8 bytes a page
  // (a map of title strings would hold a second copy of every title).
  std::vector<std::uint32_t> title_slots_;
  std::vector<std::string> custom_namespaces_;
  std::vector<Collision> collisions_;
  std::map<std::string, std::filesystem::path> media_;
  // The page's text (from_text, from_borrowed_text), held by text_owner_ (shared by copies of
  // the wiki) or by the caller.
  std::optional<std::string_view> text_;
  std::shared_ptr<const std::string> text_owner_;
  std::function<void(Page&)> page_filter_;
  // Read on first use; shared with shards.
  struct HistoryCache;
  std::shared_ptr<HistoryCache> history_;
  std::shared_ptr<const std::vector<PageEntry>> all_pages_;  // every page, when this is a shard
};

// Runs `produce` for every page on `threads` threads, the calling thread one of them, and hands
// the results to `consume` in page order on the calling thread. At most a window of results is
// held at once (128 per thread and 32 MB, a result's size being its bytes() when it has one).
// Exceptions from `produce` are rethrown by this function after the workers stop.
template <typename T>
void for_each_page_ordered(const Wiki& wiki, unsigned threads,
                           const std::function<T(const PageEntry&)>& produce,
                           const std::function<void(const PageEntry&, T&&)>& consume);

// The same for items 0..n-1 of any sequence (a book's articles in reading order).
template <typename T>
void ordered_parallel(std::size_t n, unsigned threads, const std::function<T(std::size_t)>& produce,
                      const std::function<void(std::size_t, T&&)>& consume);

// What `wikiconv check` prints.
struct BrokenLink {
  std::string page;
  std::string file;
  int line = 0;
  std::string target;
};
struct Redirect {
  std::string page;
  std::string file;
  std::string target;  // the title it names, resolved
  bool double_redirect = false;  // the target is a redirect itself
  bool missing = false;          // no page has the target's title
};
struct Report {
  std::size_t page_count = 0;
  std::vector<Redirect> redirects;
  // Broken links that name a page in a folder by its file name alone ("@Attack" for
  // Characters/@Attack.md): when most broken links are such, the folders only sort the files
  // (--titles=name).
  std::size_t broken_links_named_by_file = 0;
  std::size_t link_count = 0;  // wiki links between pages
  std::map<std::string, std::vector<std::string>> categories;  // category -> member titles
  std::vector<BrokenLink> broken_links;
  std::vector<BrokenLink> missing_images;  // images not in the wiki's media (target: as written)
  std::vector<Collision> collisions;
  std::vector<std::pair<std::string, std::vector<std::string>>> renamed_titles;  // file, problems
  std::vector<std::string> namespaces;
  // With a target format (check -t): the titles it would write under one name.
  std::string target;
  std::vector<NameCollision> target_collisions;
  std::size_t errors = 0;

  std::string to_text() const;
  std::string to_json() const;
};
// `target`: a writer's name whose name collisions to report too (empty: none).
Report build_report(const Wiki& wiki, unsigned threads, Diagnostics& diagnostics, std::string_view target = {});

}  // namespace wikiconv

#include "wikiconv/detail/pipeline.hpp"
