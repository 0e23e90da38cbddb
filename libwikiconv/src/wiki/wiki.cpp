#include "wikiconv/wiki.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "readers/input_text.hpp"
#include "readers/markdown_reader.hpp"
#include "util/path_join.hpp"
#include "util/string_arena.hpp"
#include "util/utf8.hpp"
#include "wiki/git_history.hpp"
#include "wiki/head_reader.hpp"
#include "wiki/link_target.hpp"
#include "wiki/title.hpp"
#include "wikiconv/detail/worker_threads.hpp"

namespace fs = std::filesystem;

namespace wikiconv {

// The git history, read once for the wiki and its shards.
struct Wiki::HistoryCache {
  std::once_flag read, reported;
  std::unique_ptr<GitHistory> history;
  std::string problem;  // why there is none
};

// What the page entries point at; shared with shards.
struct Wiki::Store {
  StringArena text;                        // titles and relative paths
  StringArena declared_titles;             // the titles page files declare (HeadReader's)
  std::deque<PageEntry::Source> sources;   // a deque: entries point at its elements
};

static_assert(sizeof(void*) != 8 || sizeof(PageEntry) == 40, "an entry per page: keep it small");

namespace {

// The file a title has in an export: its underscored form and ".md" (the form pandoc's
// MediaWiki exports and wikiconv's own GFM writer use).
std::string title_file_name(std::string_view title) { return underscored_title(title) + ".md"; }

}  // namespace

std::string PageEntry::relpath() const {
  return relpath_ ? std::string(relpath_, relpath_size_) : title_file_name(title());
}

std::string PageEntry::path() const {
  return source_->folder ? join_path(source_->path, relpath()) : source_->path;
}

std::string PageEntry::shown_path() const {
  return source_->folder ? join_path(source_->shown_path, relpath()) : source_->shown_path;
}

namespace {

// The extension of a file name as std::filesystem::path::extension() has it: from the last dot,
// unless that dot starts the name (".md" is a hidden file's name, not an extension).
std::string_view name_extension(std::string_view name) {
  std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || name == "..") return {};
  return name.substr(dot);
}

// The last component of a clean path string (no trailing separator): a string_view, where
// fs::path::filename() builds and parses a path, once for every entry the walk meets.
std::string_view last_component(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool is_page_name(std::string_view name) {
  std::string ext = utf8::to_lower(name_extension(name));
  return ext == ".md" || ext == ".markdown";
}

bool is_page_file(const fs::path& p) { return is_page_name(p.filename().native()); }

// The title a page file declares: front matter `title:`, or the "Source page:" comment that
// MediaWiki-to-Markdown mirrors put at the top of each file.
std::string declared_title(std::string_view head) {
  for (const auto& [k, v] : scan_front_matter(head))
    if (k == "title" && !v.empty()) return v;
  std::size_t pos = 0;
  for (int lines = 0; lines < 6 && pos < head.size(); ++lines) {
    std::size_t eol = head.find('\n', pos);
    std::string_view line = head.substr(pos, eol == std::string_view::npos ? head.size() - pos : eol - pos);
    constexpr std::string_view kMarker = "<!-- Source page: ";
    if (line.substr(0, kMarker.size()) == kMarker && line.size() > kMarker.size() + 4 &&
        line.substr(line.size() - 4) == " -->")
      return std::string(line.substr(kMarker.size(), line.size() - kMarker.size() - 4));
    if (eol == std::string_view::npos) break;
    pos = eol + 1;
  }
  return {};
}

// POSIX reads: an ifstream costs an 8 KB buffer and a locale per file, and the index opens
// every page file. O_NONBLOCK: a FIFO swapped in after the walk must not block the open.
class InputFile {
 public:
  explicit InputFile(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd_ < 0) fail("cannot read file");
  }
  ~InputFile() { ::close(fd_); }
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  struct stat status() {
    struct stat st;
    if (::fstat(fd_, &st) != 0) fail("cannot read file");
    if (!S_ISREG(st.st_mode)) throw Error(path_, 0, "cannot read file: not a regular file");
    return st;
  }
  // The whole file, whose size fstat gave as `known_size`. A read that stops short exactly at
  // that size is the end: no read only to find it (one system call less per page). A file that
  // grew is read to its new end; a short read before that size (a FUSE file system may give
  // one) is not taken for the end.
  std::string read_whole(std::size_t known_size) {
    std::string data;
    std::size_t size = 0;
    // +1: room to see that the file did not grow.
    data.resize(std::max<std::size_t>(known_size + 1, 4096));
    for (;;) {
      if (size == data.size()) data.resize(data.size() * 2);
      std::size_t wanted = data.size() - size;
      std::size_t got = read_some(data.data() + size, wanted);
      size += got;
      if (got == 0 || (got < wanted && size == known_size)) break;
    }
    data.resize(size);
    return data;
  }
  // Up to `size` bytes from the start into `data`, for a head that needs no string of its own
  // (a string's resize writes zeros over the 4 KB first, for every page of the index).
  std::size_t read_into(char* data, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
      std::size_t got = read_some(data + done, size - done);
      if (got == 0) break;
      done += got;
    }
    return done;
  }

 private:
  std::size_t read_some(char* data, std::size_t size) {
    for (;;) {
      ssize_t got = ::read(fd_, data, size);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) fail("read error");
      return static_cast<std::size_t>(got);
    }
  }
  [[noreturn]] void fail(const char* what) { throw Error(path_, 0, std::string(what) + ": " + std::strerror(errno)); }
  const std::string& path_;
  int fd_ = -1;
};

// A file's size as fstat gave it.
std::size_t file_size(const struct stat& st) { return static_cast<std::size_t>(std::max<off_t>(st.st_size, 0)); }

std::string read_file(const std::string& path) {
  InputFile file(path);
  struct stat st = file.status();
  return file.read_whole(file_size(st));
}

constexpr std::size_t kHeadBytes = 4096;  // where a page declares its title

// The title page file `path` declares in its head ("" for none), and its modification time. A
// file smaller than the head is read by the size fstat gave (no read only to find the end: one
// system call less per page).
std::string read_declared_title(const std::string& path, std::int64_t& mtime) {
  InputFile file(path);
  struct stat st = file.status();
  mtime = static_cast<std::int64_t>(st.st_mtime);
  char head[kHeadBytes];
  return declared_title(std::string_view(head, file.read_into(head, std::min(kHeadBytes, file_size(st)))));
}

constexpr std::uint32_t kNoPage = 0xFFFFFFFF;  // an empty slot of the title table

// Runs `block(first, last)` over items 0..count-1 in blocks of kBlockSize on up to `threads`
// threads, a thread per block at most (starting one costs more than a block's work). Throws
// the Error the lowest block threw, once every thread is done.
constexpr std::size_t kBlockSize = 256;
void run_in_blocks(std::size_t count, unsigned threads,
                   const std::function<void(std::size_t, std::size_t)>& block) {
  std::mutex mutex;
  std::optional<std::pair<std::size_t, Error>> failure;
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t first; (first = next.fetch_add(kBlockSize, std::memory_order_relaxed)) < count;) {
      try {
        block(first, std::min(count, first + kBlockSize));
      } catch (const Error& error) {
        std::lock_guard lock(mutex);
        if (!failure || first < failure->first) failure.emplace(first, error);
      }
    }
  };
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, (count + kBlockSize - 1) / kBlockSize));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t)
    pool.emplace_back([&] {
      worker_thread_started();
      work();
    });
  work();
  for (auto& t : pool) t.join();
  if (failure) throw failure->second;
}

// The title a path names: "A/B.md" -> "A/B", "A/index.md" -> "A"; by file name alone, "B".
std::string path_title_of_any_path(const fs::path& rel, TitleSource source) {
  fs::path p = rel;
  p.replace_extension();
  if (p.filename() == "index" && p.has_parent_path()) p = p.parent_path();
  return source == TitleSource::Name ? p.filename().string() : p.generic_string();
}

// The same of a relative path as the walk stores it, with string operations: fs::path split
// and joined every path again, twice per page, on one thread before any page converts (a sixth
// of the instructions that open the OWASP wiki). A path of another shape (empty components, "." or "..") takes
// fs::path's rules.
std::string path_title(std::string_view rel, TitleSource source = TitleSource::Path) {
  bool plain = !rel.empty() && rel.front() != '/' && rel.back() != '/' && rel.find("//") == std::string_view::npos;
  for (std::size_t start = 0; plain && start < rel.size();) {
    std::size_t end = std::min(rel.find('/', start), rel.size());
    std::string_view component = rel.substr(start, end - start);
    plain = component != "." && component != "..";
    start = end + 1;
  }
  if (!plain) return path_title_of_any_path(fs::path(rel), source);
  std::string_view p = rel.substr(0, rel.size() - name_extension(last_component(rel)).size());
  if (std::size_t slash = p.rfind('/'); slash != std::string_view::npos && p.substr(slash + 1) == "index")
    p = p.substr(0, slash);
  return std::string(source == TitleSource::Name ? last_component(p) : p);
}

// Files a wiki folder holds that are not its pages: editors' and systems' leftovers.
// Returns the reason, or empty for a page or media file. Pages whose title starts with a dot
// (".NET Security.md") are pages.
std::string_view leftover_reason(std::string_view name) {
  if (name.size() >= 2 && name[0] == '.' && name[1] == '#') return "an editor's lock file";
  if (name.size() >= 2 && name[0] == '.' && name[1] == '_') return "macOS resource data";
  if (name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".swo") || name.ends_with(".tmp"))
    return "an editor's temporary file";
  if (name == ".DS_Store" || name == "Thumbs.db" || name == "desktop.ini") return "system data";
  if (name.size() > 1 && name[0] == '.' && !is_page_name(name)) return "a hidden file";
  return {};
}

bool inside(const fs::path& root, const fs::path& p) {
  auto r = root.begin(), q = p.begin();
  for (; r != root.end(); ++r, ++q)
    if (q == p.end() || *r != *q) return false;
  return true;
}

std::string special_mylanguage_stripped(std::string_view t) {
  constexpr std::string_view kPrefix = "special:mylanguage/";
  if (t.size() > kPrefix.size() && utf8::to_lower(t.substr(0, kPrefix.size())) == kPrefix)
    return std::string(t.substr(kPrefix.size()));
  return std::string(t);
}

}  // namespace

Wiki Wiki::open(const fs::path& root, const WikiOptions& options, Diagnostics& diagnostics) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) throw Error(root.string(), 0, "not a directory");
  Wiki wiki;
  wiki.options_ = options;
  wiki.root_ = fs::canonical(root, ec);
  if (ec) throw Error(root.string(), 0, "cannot open: " + ec.message());

  // The walk stores page files' relative paths; the index is then made in one allocation of the
  // exact size (a vector of entries doubling as the walk goes would hold 1.5 copies of the index
  // at its last step: the peak memory of a huge wiki). Titles are normalized once every namespace
  // is known.
  wiki.store_ = std::make_shared<Store>();
  Store& store = *wiki.store_;
  // Paths are root + "/" + the relative path (the walk appends names to the canonical root).
  const std::size_t prefix = wiki.root_.string().size() + (wiki.root_.string().ends_with('/') ? 0 : 1);
  // Heads are read while the walk goes on (on helper threads), from its relative paths, which
  // the store keeps only where they are not their titles' file names (settle_relpaths).
  StringArena walk_paths;
  HeadReader heads(wiki.root_.string(), options.threads, store.declared_titles, read_declared_title);
  auto it = fs::recursive_directory_iterator(wiki.root_, fs::directory_options::skip_permission_denied, ec);
  if (ec) throw Error(root.string(), 0, "cannot list: " + ec.message());
  for (auto end = fs::recursive_directory_iterator(); it != end; it.increment(ec)) {
    if (ec) {
      diagnostics.warn(root.string(), 0, "cannot list a folder: " + ec.message());
      ec.clear();
      continue;
    }
    const fs::directory_entry& de = *it;
    std::string_view name = last_component(de.path().native());
    // For messages, as the user can open it: the folder as given joined with the path inside it
    // (lexically: fs::relative would resolve a symlink and name its target).
    auto rel = [&] { return (root / de.path().lexically_relative(wiki.root_)).generic_string(); };
    if (!name.empty() && name[0] == '.' && de.is_directory(ec)) {  // .git, .obsidian, ...
      it.disable_recursion_pending();
      diagnostics.warn(rel(), 0, "not read: a hidden folder");
      continue;
    }
    if (std::string_view reason = leftover_reason(name); !reason.empty()) {
      diagnostics.warn(rel(), 0, "not read: " + std::string(reason));
      continue;
    }
    if (de.is_symlink(ec)) {
      fs::path target = fs::weakly_canonical(de.path(), ec);
      if (ec || !inside(wiki.root_, target)) {
        diagnostics.warn(rel(), 0, "symlink to outside the wiki not followed");
        continue;
      }
      if (fs::is_directory(target, ec)) continue;  // its pages are reached through their real path
      if (!fs::exists(target, ec)) {
        diagnostics.error(rel(), 0, "cannot read file: dangling symlink");
        continue;
      }
    }
    if (de.is_directory(ec) && ::access(de.path().c_str(), R_OK | X_OK) != 0) {
      // skip_permission_denied would pass over it in silence; its pages would be lost unnoticed.
      diagnostics.error(rel(), 0, std::string("cannot list folder: ") + std::strerror(errno));
      it.disable_recursion_pending();
      continue;
    }
    if (!de.is_regular_file(ec)) {
      // FIFOs, sockets and devices: reading one could block or never end; never read, reported.
      if (!de.is_directory(ec))
        diagnostics.error(rel(), 0, "cannot read file: not a regular file (FIFO, socket or device)");
      continue;
    }
    if (!is_page_name(name)) {
      wiki.media_.emplace(media_title(name), de.path());
      continue;
    }
    heads.add(walk_paths.add(std::string_view(de.path().native()).substr(prefix)));
  }
  heads.finish();
  const PageEntry::Source& folder = store.sources.emplace_back(
      PageEntry::Source{wiki.root_.string(), root.string(), true, {}});
  wiki.take_heads(heads, &folder, diagnostics);
  wiki.index_entries(diagnostics);
  wiki.settle_relpaths(true);
  return wiki;
}

Wiki Wiki::open_files(const std::vector<fs::path>& files, const WikiOptions& options, Diagnostics& diagnostics) {
  if (files.empty()) throw Error("no page files");
  Wiki wiki;
  wiki.options_ = options;
  std::error_code ec;
  std::vector<fs::path> paths;
  for (const auto& file : files) {
    if (!fs::is_regular_file(file, ec)) throw Error(file.string(), 0, "not a readable file");
    if (!is_page_file(file)) throw Error(file.string(), 0, "not a page file: pages are *.md or *.markdown files");
    paths.push_back(fs::canonical(file, ec));
    if (ec) throw Error(file.string(), 0, "cannot open: " + ec.message());
  }
  // The root is the pages' nearest common folder: titles are their paths below it, as when
  // that folder is converted whole.
  fs::path root = paths.front().parent_path();
  for (const auto& p : paths)
    while (!inside(root, p)) root = root.parent_path();
  wiki.root_ = root;
  wiki.store_ = std::make_shared<Store>();
  std::set<fs::path> seen, folders;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (!seen.insert(paths[i]).second) throw UsageError(files[i].string(), 0, "this page file is given twice");
    const PageEntry::Source& source = wiki.store_->sources.emplace_back(
        PageEntry::Source{paths[i].string(), files[i].generic_string(), false, {}});
    wiki.pages_.push_back(
        wiki.new_entry(wiki.store_->text.add(paths[i].lexically_relative(root).generic_string()), source));
    folders.insert(paths[i].parent_path());
  }
  // Media: the other files in the pages' own folders (not below them: the root may be far up).
  for (const auto& folder : folders)
    for (const auto& de : fs::directory_iterator(folder, fs::directory_options::skip_permission_denied, ec)) {
      std::string name = de.path().filename().string();
      if (name.empty() || name[0] == '.' || !leftover_reason(name).empty() || is_page_file(de.path())) continue;
      if (de.is_regular_file(ec)) wiki.media_.emplace("File:" + utf8::upper_first(normalize_spaces(name)), de.path());
    }
  HeadReader heads(root.string(), options.threads, wiki.store_->declared_titles, read_declared_title);
  for (const PageEntry& entry : wiki.pages_) heads.add(entry.stored_relpath());
  heads.finish();
  wiki.take_heads(heads, nullptr, diagnostics);
  wiki.index_entries(diagnostics);
  wiki.settle_relpaths(false);
  return wiki;
}

PageEntry Wiki::new_entry(std::string_view relpath, const PageEntry::Source& source) {
  PageEntry entry;
  entry.relpath_ = relpath.data();
  entry.relpath_size_ = static_cast<std::uint32_t>(relpath.size());
  entry.source_ = &source;
  return entry;
}

// Gives `entry` its normalized title (kept where it equals the title the entry has, as the one
// a file declares mostly does), its namespace and, when the title had to change, a source of its
// own that says how.
void Wiki::name_entry(PageEntry& entry, TitleParts parts, Diagnostics& diagnostics) {
  Store& store = *store_;
  std::string_view title = parts.title == entry.title() ? entry.title() : store.text.add(parts.title);
  entry.title_ = title.data();
  entry.title_size_ = static_cast<std::uint16_t>(title.size());
  entry.ns_size_ = static_cast<std::uint16_t>(parts.ns.size());
  if (parts.problems.empty()) return;
  PageEntry::Source& source = store.sources.emplace_back(*entry.source_);
  source.title_problems = std::move(parts.problems);
  entry.source_ = &source;
  for (const auto& problem : source.title_problems)
    diagnostics.add({Severity::Warning, entry.shown_path(), 0, "title \"" + parts.title + "\": " + problem, 0,
                     "a title changed to be legal"});
}

// The entries of the files `heads` read (finished): made here, one per file of a folder's walk
// (`folder`, their source), else pages_[i] is the i-th file already. Each takes the title its
// file declares (empty for none; at most kHeadBytes) and its modification time; the entries
// whose files could not be read are dropped, each with its error. The reader's list is emptied
// as the entries are made (a million files' list is 24 MB, which was held beside all of the
// entries), and its memory is reused for the titles.
void Wiki::take_heads(HeadReader& heads, const PageEntry::Source* folder, Diagnostics& diagnostics) {
  std::deque<HeadReader::File>& files = heads.files();
  if (folder) pages_.reserve(files.size());
  for (std::size_t i = 0; !files.empty(); ++i) {
    const HeadReader::File& file = files.front();
    if (folder) pages_.push_back(new_entry(HeadReader::relpath(file), *folder));
    std::string_view title = heads.title(file);
    pages_[i].title_ = title.data();
    pages_[i].title_size_ = static_cast<std::uint16_t>(title.size());
    pages_[i].mtime_ = file.mtime;
    files.pop_front();  // frees the list's blocks as they empty
  }
  std::deque<HeadReader::File>().swap(files);
  const auto& failures = heads.failures();
  if (failures.empty()) return;
  std::size_t kept = 0, next_failure = 0;
  for (std::size_t i = 0; i < pages_.size(); ++i) {
    if (next_failure < failures.size() && failures[next_failure].first == i) {
      diagnostics.error(pages_[i].shown_path(), 0, failures[next_failure++].second);
      continue;
    }
    pages_[kept++] = pages_[i];
  }
  pages_.erase(pages_.begin() + static_cast<std::ptrdiff_t>(kept), pages_.end());
}

// Completes an index whose pages_ hold paths and the titles their files declare: else their
// paths' titles; the namespaces they use; normalized titles; the lookup table.
void Wiki::index_entries(Diagnostics& diagnostics) {
  std::vector<PageEntry>& entries = pages_;
  const WikiOptions& options = options_;
  // The title each file names before normalization: its own, else its path's.
  auto raw_title = [&](const PageEntry& e) {
    return e.title().empty() ? path_title(e.relpath(), options.titles) : std::string(e.title());
  };

  // Namespaces: the standard ones, the declared ones, and every prefix a page file uses.
  std::set<std::string> custom(options.namespaces.begin(), options.namespaces.end());
  for (const auto& r : entries) {
    std::string title = raw_title(r);
    std::size_t colon = title.find(':');
    if (colon == std::string::npos || colon == 0) continue;
    std::string prefix = normalize_spaces(std::string_view(title).substr(0, colon));
    if (prefix.empty() || !standard_namespace(prefix).empty() || is_interwiki(title)) continue;
    if (std::find(options.main_namespace_prefixes.begin(), options.main_namespace_prefixes.end(),
                  prefix) != options.main_namespace_prefixes.end())
      continue;
    custom.insert(utf8::upper_first(prefix));
  }
  custom_namespaces_.assign(custom.begin(), custom.end());
  // Titles are normalized on every thread (on one, the OWASP wiki's 7,265 took as long as 20
  // pages' conversion, before any page converts), then named a block at a time under one lock
  // (taken for each title, two threads took twice as long as one). A title with problems (rare)
  // is named after the others, in the walk's order, so that its warnings come in one order at
  // any thread count.
  std::mutex mutex;  // for name_entry, which may add to the store, and with_problems
  std::vector<std::size_t> with_problems;
  run_in_blocks(entries.size(), options.threads, [&](std::size_t first, std::size_t last) {
    std::vector<TitleParts> parts;
    parts.reserve(last - first);
    for (std::size_t i = first; i < last; ++i) {
      try {
        parts.push_back(normalize_title(raw_title(entries[i]), custom_namespaces_));
      } catch (const Error& error) {
        throw Error(entries[i].shown_path(), 0, error.message());
      }
    }
    std::lock_guard lock(mutex);
    for (std::size_t i = first; i < last; ++i) {
      if (parts[i - first].problems.empty())
        name_entry(entries[i], std::move(parts[i - first]), diagnostics);  // no diagnostic without problems
      else
        with_problems.push_back(i);
    }
  });
  std::sort(with_problems.begin(), with_problems.end());
  for (std::size_t i : with_problems)
    name_entry(entries[i], normalize_title(raw_title(entries[i]), custom_namespaces_), diagnostics);
  finish_index(diagnostics);
  history_ = std::make_shared<HistoryCache>();
}

Wiki Wiki::open_file(const fs::path& file, const WikiOptions& options, Diagnostics& diagnostics) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) throw Error(file.string(), 0, "not a readable file");
  Wiki wiki;
  wiki.options_ = options;
  wiki.root_ = fs::canonical(file, ec).parent_path();
  wiki.store_ = std::make_shared<Store>();
  const PageEntry::Source& source = wiki.store_->sources.emplace_back(
      PageEntry::Source{fs::canonical(file, ec).string(), file.string(), false, {}});
  PageEntry entry = wiki.new_entry(wiki.store_->text.add(file.string()), source);
  wiki.single_page_ = true;
  std::string title = read_declared_title(source.path, entry.mtime_);
  if (title.empty()) title = path_title(file.filename().native());
  TitleParts parts = normalize_title(title, options.namespaces);
  if (parts.ns.empty() && title.find(':') != std::string::npos) {
    std::string prefix = normalize_spaces(std::string_view(title).substr(0, title.find(':')));
    if (!prefix.empty() && !is_interwiki(title)) {
      wiki.custom_namespaces_.push_back(utf8::upper_first(prefix));
      parts = normalize_title(title, wiki.custom_namespaces_);
    }
  }
  wiki.name_entry(entry, std::move(parts), diagnostics);
  wiki.pages_.push_back(entry);
  wiki.finish_index(diagnostics);
  wiki.history_ = std::make_shared<HistoryCache>();
  return wiki;
}

Wiki Wiki::from_text(std::string text, std::string title, const WikiOptions& options) {
  auto owner = std::make_shared<const std::string>(std::move(text));
  Wiki wiki = from_borrowed_text(*owner, std::move(title), options);
  wiki.text_owner_ = std::move(owner);
  return wiki;
}

Wiki Wiki::from_borrowed_text(std::string_view text, std::string title, const WikiOptions& options) {
  Wiki wiki;
  wiki.options_ = options;
  Diagnostics ignored;
  if (title.empty()) title = declared_title(text.substr(0, kHeadBytes));
  if (title.empty()) title = kUntitledTitle;
  wiki.store_ = std::make_shared<Store>();
  const PageEntry::Source& source = wiki.store_->sources.emplace_back(PageEntry::Source{"", "-", false, {}});
  PageEntry entry = wiki.new_entry(wiki.store_->text.add("-"), source);
  wiki.name_entry(entry, normalize_title(title, options.namespaces), ignored);
  wiki.single_page_ = true;
  wiki.text_ = text;
  wiki.pages_.push_back(entry);
  wiki.finish_index(ignored);
  return wiki;
}

// Once titles are final: entries whose relative path is their title's file name drop it (relpath()
// makes it again); the others' paths are copied into the store when `copy` (they are in the
// walk's arena, freed when open() returns).
void Wiki::settle_relpaths(bool copy) {
  for (PageEntry& e : pages_) {
    std::string_view rel = e.stored_relpath();
    if (!e.title().empty() && rel == title_file_name(e.title())) e.relpath_ = nullptr;
    else if (copy) e.relpath_ = store_->text.add(rel).data();
  }
}

void Wiki::finish_index(Diagnostics& diagnostics) {
  std::sort(pages_.begin(), pages_.end(), [](const PageEntry& a, const PageEntry& b) {
    return a.title() != b.title() ? a.title() < b.title() : a.relpath() < b.relpath();
  });
  // Two files with one title: an error naming every file; only the first is kept as the page.
  // Done in place: a second vector of every entry would double the index's peak memory.
  std::size_t kept = 0;
  for (std::size_t i = 0; i < pages_.size(); ++i) {
    PageEntry& e = pages_[i];
    if (kept > 0 && pages_[kept - 1].title() == e.title()) {
      if (collisions_.empty() || collisions_.back().title != e.title())
        collisions_.push_back({std::string(e.title()), {pages_[kept - 1].shown_path()}});
      collisions_.back().files.push_back(e.shown_path());
      continue;
    }
    if (kept != i) pages_[kept] = e;
    ++kept;
  }
  pages_.erase(pages_.begin() + static_cast<std::ptrdiff_t>(kept), pages_.end());
  for (const auto& c : collisions_) {
    std::string files;
    for (const auto& f : c.files) files += (files.empty() ? "" : ", ") + f;
    diagnostics.error(c.files.back(), 0, "files map to the same title \"" + c.title + "\": " + files);
  }
  if (pages_.size() >= kNoPage) throw Error(root_.string(), 0, "too many pages for one wiki");
  std::size_t slots = 16;
  while (slots < pages_.size() * 2) slots *= 2;  // at most half full: short probes
  title_slots_.assign(slots, kNoPage);
  for (std::size_t i = 0; i < pages_.size(); ++i) {
    std::size_t s = std::hash<std::string_view>{}(pages_[i].title()) & (slots - 1);
    while (title_slots_[s] != kNoPage) s = (s + 1) & (slots - 1);
    title_slots_[s] = static_cast<std::uint32_t>(i);
  }
}

const PageEntry* Wiki::find(std::string_view title) const {
  const std::vector<PageEntry>& all = all_pages();
  if (title_slots_.empty()) return nullptr;
  const std::size_t mask = title_slots_.size() - 1;
  for (std::size_t s = std::hash<std::string_view>{}(title) & mask; title_slots_[s] != kNoPage; s = (s + 1) & mask)
    if (all[title_slots_[s]].title() == title) return &all[title_slots_[s]];
  return nullptr;
}

Wiki Wiki::shard(std::size_t first, std::size_t last) const {
  last = std::min(last, pages_.size());
  first = std::min(first, last);
  return part({pages_.begin() + static_cast<std::ptrdiff_t>(first), pages_.begin() + static_cast<std::ptrdiff_t>(last)});
}

Wiki Wiki::without(const std::set<std::size_t>& positions) const {
  std::vector<PageEntry> kept;
  kept.reserve(pages_.size());
  for (std::size_t i = 0; i < pages_.size(); ++i)
    if (!positions.count(i)) kept.push_back(pages_[i]);
  return part(std::move(kept));
}

// A wiki of `pages` that resolves titles and links as this one does.
Wiki Wiki::part(std::vector<PageEntry> pages) const {
  Wiki part;
  part.root_ = root_;
  part.single_page_ = single_page_;
  part.options_ = options_;
  part.store_ = store_;
  part.all_pages_ = all_pages_ ? all_pages_ : std::make_shared<const std::vector<PageEntry>>(pages_);
  part.pages_ = std::move(pages);
  part.title_slots_ = title_slots_;
  part.custom_namespaces_ = custom_namespaces_;
  part.collisions_ = collisions_;
  part.media_ = media_;
  part.text_ = text_;
  part.text_owner_ = text_owner_;
  part.page_filter_ = page_filter_;
  part.history_ = history_;
  return part;
}

std::string Wiki::resolve(std::string_view link_target) const {
  // Special:MyLanguage/ and interwiki prefixes end in a colon.
  if (link_target.find(':') == std::string_view::npos) return normalize_title(link_target, custom_namespaces_).title;
  std::string t = special_mylanguage_stripped(link_target);
  if (is_interwiki(t)) return t;
  return normalize_title(t, custom_namespaces_).title;
}

const fs::path* Wiki::find_media(std::string_view file_title) const {
  std::string_view name = file_title.substr(file_title.find(':') + 1);
  auto it = media_.find("File:" + utf8::upper_first(normalize_spaces(name)));
  return it == media_.end() ? nullptr : &it->second;
}

Page Wiki::load(const PageEntry& entry, Diagnostics& diagnostics) const {
  Page page = text_ ? read_markdown(*text_, options_.read, diagnostics, entry.shown_path())
                    : read_owned_markdown(read_file(entry.path()), options_.read, diagnostics, entry.shown_path());
  return finish_load(std::move(page), entry, timestamp(entry));
}

Page Wiki::finish_load(Page page, const PageEntry& entry, std::int64_t timestamp) const {
  page.title = entry.title();
  page.ns = entry.ns();
  page.timestamp = timestamp;
  if (page_filter_) page_filter_(page);
  return page;
}

const GitHistory* Wiki::history(Diagnostics* diagnostics) const {
  if (!history_) return nullptr;  // from_text: no files, no history
  HistoryCache& cache = *history_;
  std::call_once(cache.read, [&] {
    try {
      cache.history = GitHistory::read(root_, cache.problem);
    } catch (const Error& error) {  // a damaged repository: the pages are still their files
      cache.problem = "in a git repository that cannot be read (" + error.message() + ")";
    }
  });
  if (diagnostics) std::call_once(cache.reported, [&] { report_history(*diagnostics); });
  return cache.history.get();
}

// Says why pages have no history: once, when history is first asked for (a conversion that
// only dates its pages by git says nothing).
void Wiki::report_history(Diagnostics& diagnostics) const {
  if (!history_->history) {
    diagnostics.warn(root_.string(), 0, "no history: the wiki is " + history_->problem + " (each page is its current text)");
    return;
  }
  const auto& uncommitted = history_->history->uncommitted();
  if (uncommitted.empty()) return;
  std::string files;
  for (std::size_t i = 0; i < uncommitted.size() && i < 5; ++i) files += (i ? ", " : "") + uncommitted[i];
  if (uncommitted.size() > 5) files += ", ...";
  diagnostics.warn(root_.string(), 0, std::to_string(uncommitted.size()) +
                   " files have uncommitted changes or are not committed; their history is left out (each is its "
                   "current text): " + files);
}

std::vector<Revision> Wiki::revisions(const PageEntry& entry, Diagnostics& diagnostics) const {
  const GitHistory* git = history(&diagnostics);
  const std::string path = entry.path();
  if (!git || path.empty()) return {};
  const std::vector<Revision>* found = git->find(path);
  return found ? *found : std::vector<Revision>{};
}

std::string Wiki::revision_text(const Revision& revision) const {
  const GitHistory* git = history(nullptr);
  if (!git) throw Error(revision.path, 0, "the wiki has no git history");
  return git->text(revision);
}

Page Wiki::load_revision(const PageEntry& entry, const Revision& revision, Diagnostics& diagnostics) const {
  std::string where = entry.shown_path() + "@" + revision.commit.substr(0, 12);
  return finish_load(read_owned_markdown(revision_text(revision), options_.read, diagnostics, where), entry,
                     revision.time);
}

std::uint64_t Wiki::revision_count(Diagnostics& diagnostics) const {
  const GitHistory* git = history(&diagnostics);
  return git ? git->change_count() : 0;
}

std::string Wiki::revision_title(const Revision& revision) const {
  if (revision.path.empty()) return {};
  std::string title = declared_title(std::string_view(revision_text(revision)).substr(0, kHeadBytes));
  if (title.empty()) title = path_title(std::string_view(revision.path), options_.titles);
  return normalize_title(title, custom_namespaces_).title;
}

std::vector<Revision> Wiki::media_revisions(const fs::path& file, Diagnostics& diagnostics) const {
  const GitHistory* git = history(&diagnostics);
  if (!git || file.empty()) return {};
  const std::vector<Revision>* found = git->find(file);
  return found ? *found : std::vector<Revision>{};
}

std::int64_t Wiki::timestamp(const PageEntry& entry) const { return file_timestamp(entry.path(), entry.mtime()); }

std::int64_t Wiki::media_timestamp(const fs::path& file) const {
  struct stat st {};
  std::int64_t mtime = ::stat(file.c_str(), &st) == 0 ? static_cast<std::int64_t>(st.st_mtime) : 0;
  return file_timestamp(file.string(), mtime);
}

std::int64_t Wiki::file_timestamp(const std::string& path, std::int64_t mtime) const {
  if (const char* sde = std::getenv("SOURCE_DATE_EPOCH"); sde && *sde) {
    char* end = nullptr;
    long long v = std::strtoll(sde, &end, 10);
    if (end && *end == '\0' && v >= 0) return v;
  }
  // The author time, as history=all dates the same version: a dump of the latest texts and one
  // of the whole history agree on it, so importing one after the other adds no duplicate.
  const GitHistory* git = history(nullptr);
  if (const std::vector<Revision>* revisions = git && !path.empty() ? git->find(path) : nullptr)
    return revisions->back().time;
  return mtime;
}

}  // namespace wikiconv
