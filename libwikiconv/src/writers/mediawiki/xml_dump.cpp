// The "mediawiki" writer: Special:Export format 0.11 (docs/export-0.11.xsd of MediaWiki), which
// maintenance/importDump.php reads as it is. A page alone is a dump of that one page; a wiki is
// one dump file (optionally .gz/.bz2, optionally split by page count) written page by page, so
// memory does not grow with the wiki.
#include <bzlib.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "wiki/title.hpp"
#include "writers/author_map.hpp"
#include "writers/mediawiki/dump_time.hpp"
#include "writers/mediawiki/media_uploads.hpp"
#include "wikiconv/wikiconv.hpp"
#include "util/html_tag.hpp"
#include "writers/mediawiki/sha1_base36.hpp"
#include "writers/mediawiki/wikitext_writer.hpp"
#include "writers/output_files.hpp"
#include "writers/progress.hpp"
#include "writers/registry.hpp"

namespace wikiconv {

namespace {

constexpr int kFirstCustomNamespace = 3000;

// Characters XML 1.0 cannot carry (C0 controls other than tab and newline; a carriage return
// would be read back as a newline) become U+FFFD, before the sha1 is taken, so the sha1 is that
// of the text MediaWiki will store.
std::string xml_safe_text(std::string text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t' && c != '\n') || u == 0x7f) out += "\xEF\xBF\xBD";
    else out += c;
  }
  return out;
}

struct DumpOptions {
  WikitextOptions wikitext;
  std::string sitename = "Wiki";
  std::string dbname = "wiki";
  std::string base = "http://localhost/index.php/Main_Page";
  std::string contributor = "wikiconv";
  std::string comment = "Imported by wikiconv";
  long split = 0;  // pages per file, 0 = one file
  bool history = false;  // every git revision of each page, not only its current text
  AuthorMap authors;     // git authors -> wiki user names
  bool media = true;     // the wiki's media files as <upload>s of their File: pages
  std::map<std::string, int> namespace_ids;  // prefix -> id (0 = leave in main)
};

DumpOptions dump_options(const Options& options) {
  DumpOptions o;
  o.wikitext = wikitext_options(options);
  o.sitename = options.get("sitename", o.sitename);
  o.dbname = options.get("dbname", o.dbname);
  o.base = options.get("base", o.base);
  o.contributor = options.get("contributor", o.contributor);
  o.comment = options.get("comment", o.comment);
  o.split = options.number("split", 0);
  if (o.split < 0) throw Error("option split: expected a page count, got " + options.get("split"));
  std::string history = options.get("history", "latest");
  if (history != "latest" && history != "all")
    throw Error("option history: expected all or latest, got \"" + history + "\"");
  o.history = history == "all";
  if (options.has("authors")) o.authors = AuthorMap::read(options.get("authors"));
  std::string media = options.get("media", "embed");
  if (media != "embed" && media != "none")
    throw Error("option media: expected embed or none, got \"" + media + "\"");
  o.media = media == "embed";
  for (const std::string& entry : options.list("ns")) {
    std::size_t colon = entry.rfind(':');
    if (colon == std::string::npos || colon == 0)
      throw Error("option ns: expected PREFIX:ID or PREFIX:main, got \"" + entry + "\"");
    std::string prefix = normalize_spaces(entry.substr(0, colon));
    std::string value = entry.substr(colon + 1);
    if (value == "main") {
      o.namespace_ids[prefix] = 0;
      continue;
    }
    char* end = nullptr;
    long id = std::strtol(value.c_str(), &end, 10);
    if (value.empty() || *end != '\0' || id < 100 || id % 2 != 0)
      throw Error("option ns: \"" + entry + "\": the id must be an even number from 100 up (its talk namespace is id+1)");
    o.namespace_ids[prefix] = static_cast<int>(id);
  }
  return o;
}

struct NamespaceTable {
  std::vector<std::pair<int, std::string>> custom;  // id, name (declared in siteinfo)
  std::map<std::string, int> ids;                   // every prefix -> id

  NamespaceTable(const std::vector<std::string>& custom_prefixes, const DumpOptions& o) {
    for (const auto& ns : standard_namespaces()) ids[std::string(ns.name)] = ns.id;
    std::set<int> taken;
    for (const auto& [prefix, id] : o.namespace_ids)
      if (id != 0) taken.insert(id);
    int next = kFirstCustomNamespace;
    for (const std::string& prefix : custom_prefixes) {
      int id;
      if (auto it = o.namespace_ids.find(prefix); it != o.namespace_ids.end()) {
        id = it->second;
      } else {
        while (taken.count(next)) next += 2;
        id = next;
        taken.insert(id);
      }
      ids[prefix] = id;
      if (id != 0) custom.emplace_back(id, prefix);
    }
  }

  int id_of(std::string_view prefix) const {
    if (prefix.empty()) return 0;
    auto it = ids.find(std::string(prefix));
    return it == ids.end() ? 0 : it->second;
  }
};

std::string header(const DumpOptions& o, const NamespaceTable& namespaces) {
  std::string out =
      "<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.11/\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://www.mediawiki.org/xml/export-0.11/ "
      "http://www.mediawiki.org/xml/export-0.11.xsd\" version=\"0.11\" xml:lang=\"en\">\n"
      "  <siteinfo>\n    <sitename>";
  html::escape(out, o.sitename);
  out += "</sitename>\n    <dbname>";
  html::escape(out, o.dbname);
  out += "</dbname>\n    <base>";
  html::escape(out, o.base);
  out += "</base>\n    <generator>wikiconv " + std::string(version()) +
         "</generator>\n    <case>first-letter</case>\n    <namespaces>\n";
  auto add = [&](int id, std::string_view name) {
    out += "      <namespace key=\"" + std::to_string(id) + "\" case=\"first-letter\"";
    if (name.empty()) {
      out += " />\n";
      return;
    }
    out += '>';
    html::escape(out, name);
    out += "</namespace>\n";
  };
  std::vector<std::pair<int, std::string>> all;
  for (const auto& ns : standard_namespaces()) {
    // The project namespace is named after the site.
    if (ns.id == 4) all.emplace_back(4, o.sitename);
    else if (ns.id == 5) all.emplace_back(5, o.sitename + " talk");
    else all.emplace_back(ns.id, std::string(ns.name));
  }
  all.emplace_back(0, "");
  for (const auto& [id, name] : namespaces.custom) {
    all.emplace_back(id, name);
    all.emplace_back(id + 1, name + " talk");
  }
  std::sort(all.begin(), all.end());
  for (const auto& [id, name] : all) add(id, name);
  out += "    </namespaces>\n  </siteinfo>\n";
  return out;
}

constexpr std::string_view kFooter = "</mediawiki>\n";

// One <revision>: its metadata and text.
struct RevisionXml {
  std::uint64_t id = 0;
  std::uint64_t parent = 0;  // 0: the page's first revision
  std::int64_t timestamp = 0;
  std::string_view contributor;
  std::string_view comment;
};

std::string page_head(std::string_view title, std::string_view redirect, std::int64_t id, int ns) {
  std::string out = "  <page>\n    <title>";
  html::escape(out, title);
  out += "</title>\n    <ns>" + std::to_string(ns) + "</ns>\n    <id>" + std::to_string(id) + "</id>\n";
  if (!redirect.empty()) {
    out += "    <redirect title=\"";
    html::escape(out, redirect, true);
    out += "\" />\n";
  }
  return out;
}

constexpr std::string_view kPageEnd = "  </page>\n";

void append_revision(std::string& out, const RevisionXml& r, std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();  // as MediaWiki saves
  text = xml_safe_text(std::move(text));
  out.reserve(out.size() + text.size() + 640);
  out += "    <revision>\n      <id>" + std::to_string(r.id) + "</id>\n";
  if (r.parent) out += "      <parentid>" + std::to_string(r.parent) + "</parentid>\n";
  out += "      <timestamp>" + iso_timestamp(r.timestamp) + "</timestamp>\n      <contributor>\n        <username>";
  html::escape(out, r.contributor);
  out += "</username>\n        <id>0</id>\n      </contributor>\n";
  if (!r.comment.empty()) {
    out += "      <comment>";
    html::escape(out, r.comment);
    out += "</comment>\n";
  }
  // The main slot's origin is the revision that last changed it: this one.
  out += "      <origin>" + std::to_string(r.id) +
         "</origin>\n      <model>wikitext</model>\n      <format>text/x-wiki</format>\n"
         "      <text bytes=\"" + std::to_string(text.size()) + "\" xml:space=\"preserve\">";
  html::escape(out, text);
  out += "</text>\n      <sha1>" + sha1_base36(text) + "</sha1>\n    </revision>\n";
}

// A page with one revision: its current text, credited to the configured contributor.
std::string page_xml(const Page& page, const Wiki* wiki, std::int64_t id, std::int64_t timestamp, int ns,
                     std::string text, const DumpOptions& o) {
  std::string out = page_head(page.title, page.redirect.empty() ? "" : redirect_title(page, wiki), id, ns);
  append_revision(out, {static_cast<std::uint64_t>(id), 0, timestamp, o.contributor, o.comment}, std::move(text));
  out += kPageEnd;
  return out;
}

// A dump file being written: plain, gzip or bzip2 by its extension, atomically.
class DumpFile {
 public:
  explicit DumpFile(const std::filesystem::path& path) : buffer_(new char[kBufferSize]), file_(path) {
    // A write call per MB, not per 4 KB (glibc ignores the size unless it is given the buffer).
    std::setvbuf(file_.handle(), buffer_.get(), _IOFBF, kBufferSize);
    std::string name = path.filename().string();
    auto ends_with = [&](std::string_view ext) {
      return name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0;
    };
    if (ends_with(".gz")) {
      gzip_ = std::make_unique<z_stream>();
      *gzip_ = z_stream{};
      if (deflateInit2(gzip_.get(), 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw Error(path.string(), 0, "cannot start gzip compression");
    } else if (ends_with(".bz2")) {
      int error = 0;
      bzip_ = BZ2_bzWriteOpen(&error, file_.handle(), 9, 0, 0);
      if (error != BZ_OK) throw Error(path.string(), 0, "cannot start bzip2 compression");
    }
  }
  ~DumpFile() {
    if (gzip_) deflateEnd(gzip_.get());
    if (bzip_) {
      int error = 0;
      BZ2_bzWriteClose(&error, bzip_, 1, nullptr, nullptr);
    }
  }
  DumpFile(const DumpFile&) = delete;
  DumpFile& operator=(const DumpFile&) = delete;

  void write(std::string_view data) {
    if (gzip_) deflate_chunk(data, Z_NO_FLUSH);
    else if (bzip_) {
      int error = 0;
      BZ2_bzWrite(&error, bzip_, const_cast<char*>(data.data()), static_cast<int>(data.size()));
      if (error != BZ_OK) throw Error(file_.temp_path().string(), 0, "bzip2 write failed");
    } else {
      file_.write(data);
    }
  }

  void commit() {
    if (gzip_) {
      deflate_chunk({}, Z_FINISH);
      deflateEnd(gzip_.get());
      gzip_.reset();
    }
    if (bzip_) {
      int error = 0;
      BZ2_bzWriteClose(&error, bzip_, 0, nullptr, nullptr);
      bzip_ = nullptr;
      if (error != BZ_OK) throw Error(file_.temp_path().string(), 0, "bzip2 write failed");
    }
    file_.commit();
  }

 private:
  void deflate_chunk(std::string_view data, int flush) {
    gzip_->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    gzip_->avail_in = static_cast<uInt>(data.size());
    char buffer[1 << 15];
    int result;
    do {
      gzip_->next_out = reinterpret_cast<Bytef*>(buffer);
      gzip_->avail_out = sizeof buffer;
      result = deflate(gzip_.get(), flush);
      if (result == Z_STREAM_ERROR) throw Error(file_.temp_path().string(), 0, "gzip compression failed");
      file_.write(std::string_view(buffer, sizeof buffer - gzip_->avail_out));
    } while (gzip_->avail_out == 0 || (flush == Z_FINISH && result != Z_STREAM_END));
  }

  static constexpr std::size_t kBufferSize = 1 << 20;
  std::unique_ptr<char[]> buffer_;  // before file_: it outlives the FILE that uses it
  AtomicFile file_;
  std::unique_ptr<z_stream> gzip_;
  BZFILE* bzip_ = nullptr;
};

// "dump.xml.gz" split into parts: "dump-0001.xml.gz", "dump-0002.xml.gz", ...
std::filesystem::path part_path(const std::filesystem::path& output, std::size_t part) {
  std::string name = output.filename().string();
  std::string suffix;
  for (std::string_view ext : {".gz", ".bz2"}) {
    if (name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0) {
      suffix = std::string(ext);
      name.resize(name.size() - ext.size());
    }
  }
  std::string extension = ".xml";
  if (name.size() > 4 && name.compare(name.size() - 4, 4, ".xml") == 0) name.resize(name.size() - 4);
  char number[16];
  std::snprintf(number, sizeof number, "-%04zu", part);
  return output.parent_path() / (name + number + extension + suffix);
}

class MediaWikiDumpWriter final : public Writer {
 public:
  explicit MediaWikiDumpWriter(const Options& options) : o_(dump_options(options)) {}

  std::string write_page(const Page& page, const WriteContext& context) const override {
    std::vector<std::string> custom;
    if (context.wiki) custom = context.wiki->custom_namespaces();
    else if (!page.ns.empty() && standard_namespace(page.ns).empty()) custom.push_back(page.ns);
    NamespaceTable namespaces(custom, o_);
    std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + header(o_, namespaces);
    out += page_xml(page, context.wiki, 1, page.timestamp, namespaces.id_of(page.ns),
                    render_wikitext(page, context.wiki, o_.wikitext), o_);
    out += kFooter;
    return out;
  }

  void write_wiki(const Wiki& wiki, const std::filesystem::path& output,
                  const WriteContext& context) const override {
    Diagnostics local;
    Diagnostics& diagnostics = context.diagnostics ? *context.diagnostics : local;
    NamespaceTable namespaces(wiki.custom_namespaces(), o_);
    const std::string head = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + header(o_, namespaces);
    if (output.has_parent_path()) {
      std::error_code ec;
      std::filesystem::create_directories(output.parent_path(), ec);
      if (ec) throw Error(output.parent_path().string(), 0, "cannot create output directory: " + ec.message());
    }
    Progress progress("writing", wiki.pages().size(), context.progress);
    std::unique_ptr<DumpFile> file;
    std::size_t part = 0, in_part = 0;
    auto open_next = [&] {
      ++part;
      file = std::make_unique<DumpFile>(o_.split > 0 ? part_path(output, part) : output);
      file->write(head);
      in_part = 0;
    };
    auto close = [&] {
      file->write(kFooter);
      file->commit();
      file.reset();
    };
    auto append = [&](std::string_view xml) {
      if (!file || (o_.split > 0 && in_part >= static_cast<std::size_t>(o_.split))) {
        if (file) close();
        open_next();
      }
      file->write(xml);
      ++in_part;
    };
    // Workers render each page's whole <page> element, XML escaping and SHA-1 included; the
    // consumer only appends them in page order. A page's id is its place in the index.
    const PageEntry* first = wiki.pages().data();
    // With history, git's changes are revisions 1 .. changes; a page without history gets
    // changes + its page id, so that no two revisions share an id.
    const std::uint64_t changes = o_.history ? wiki.revision_count(diagnostics) : 0;
    const MediaFiles media(wiki, o_, changes, namespaces.id_of("File"));
    std::function<std::string(const PageEntry&)> produce = [&](const PageEntry& entry) {
      Page page = wiki.load(entry, diagnostics);
      auto id = static_cast<std::int64_t>(&entry - first) + 1;
      int ns = namespaces.id_of(page.ns);
      MediaFiles::Xml file = media.of_page(std::string(entry.title()), diagnostics);
      if (o_.history) {
        std::vector<Revision> revisions = wiki.revisions(entry, diagnostics);
        if (!revisions.empty())
          return history_xml(wiki, entry, std::move(page), revisions, id, ns, namespaces, changes, file.uploads) +
                 file.redirects;
      }
      std::string text = render_wikitext(page, &wiki, o_.wikitext);
      std::string out = page_head(page.title, page.redirect.empty() ? "" : redirect_title(page, &wiki), id, ns);
      append_revision(out, {changes + static_cast<std::uint64_t>(id), 0, wiki.timestamp(entry), o_.contributor, o_.comment},
                      std::move(text));
      out += file.uploads;
      out += kPageEnd;
      return out + file.redirects;
    };
    // File: pages of media files without a page file go between the pages, in title order.
    std::size_t next_file = 0;
    auto append_files_before = [&](std::optional<std::string_view> title) {
      for (; next_file < media.pages.size() && (!title || media.pages[next_file]->first < *title); ++next_file)
        append(media.page_xml(next_file, diagnostics));
    };
    std::function<void(const PageEntry&, std::string&&)> consume = [&](const PageEntry& entry, std::string&& xml) {
      append_files_before(entry.title());
      append(xml);
      progress.tick();
    };
    for_each_page_ordered<std::string>(wiki, context.threads, produce, consume);
    append_files_before(std::nullopt);
    if (!file) open_next();  // an empty wiki is an empty dump, not a missing file
    close();
  }

 private:
  // A page with every revision git has of it, oldest first, each converted from that version of
  // the file; and, for each title it had before a rename, a redirect page to its current title.
  std::string history_xml(const Wiki& wiki, const PageEntry& entry, Page current,
                          const std::vector<Revision>& revisions, std::int64_t id, int ns,
                          const NamespaceTable& namespaces, std::uint64_t changes, const std::string& uploads) const {
    std::string out = page_head(current.title, current.redirect.empty() ? "" : redirect_title(current, &wiki), id, ns);
    std::string redirects;
    std::set<std::string> former_titles;
    const std::uint64_t page_count = wiki.all_pages().size();
    for (std::size_t i = 0; i < revisions.size(); ++i) {
      const Revision& r = revisions[i];
      // Old versions' warnings are left out: nobody can fix a file's past.
      Diagnostics old_version;
      Page version = i + 1 == revisions.size() ? std::move(current) : wiki.load_revision(entry, r, old_version);
      std::string user = r.author.empty() ? o_.contributor : o_.authors.user(r.author, r.email);
      append_revision(out, {r.id, i ? revisions[i - 1].id : 0, r.time, user, r.message},
                      render_wikitext(version, &wiki, o_.wikitext));
      if (i == 0 || r.path == revisions[i - 1].path || revisions[i - 1].path.empty()) continue;
      std::string former = wiki.revision_title(revisions[i - 1]);
      if (former.empty() || former == entry.title() || wiki.find(former) || !former_titles.insert(former).second) continue;
      // Ids above every page's and revision's: page_count + (page) and changes + page_count +
      // (revision) the rename's id.
      TitleParts parts = normalize_title(former, wiki.custom_namespaces());
      redirects += page_head(former, entry.title(), static_cast<std::int64_t>(page_count + r.id), namespaces.id_of(parts.ns));
      append_revision(redirects, {changes + page_count + r.id, 0, r.time, user, r.message},
                      "#REDIRECT [[:" + std::string(entry.title()) + "]]");
      redirects += kPageEnd;
    }
    out += uploads;
    out += kPageEnd;
    return out + redirects;
  }

  // The wiki's media files (-O media=embed): each file's versions as <upload>s of its File: page,
  // the page file's when the wiki has one, else a page of its own with a short description.
  struct MediaFiles {
    using File = std::pair<const std::string, std::filesystem::path>;
    const Wiki& wiki;
    const DumpOptions& o;
    std::uint64_t first_id;  // above every id of a page, redirect or revision: + the file's place
    int ns;                  // the File: namespace's id
    MediaCredit credit;
    std::vector<const File*> pages;     // the files that get a page of their own, in title order
    std::vector<std::uint64_t> places;  // their places in wiki.media() (ids stay the same in parts)

    MediaFiles(const Wiki& w, const DumpOptions& options, std::uint64_t changes, int file_ns)
        : wiki(w), o(options), first_id(w.all_pages().size() + 2 * changes), ns(file_ns),
          credit{options.history, &options.authors, options.contributor, options.comment} {
      if (!o.media) return;
      // A wiki converted in parts (Wiki::shard) writes each file once: in the part whose pages
      // span its title (the first part also those before every page, the last those after).
      const std::vector<PageEntry>& all = wiki.all_pages();
      const std::vector<PageEntry>& mine = wiki.pages();
      if (!all.empty() && mine.empty()) return;
      // A part's ids count from its first page, as its pages' do (a merge of the parts adds the
      // pages before it): so ids are the whole wiki's once merged.
      if (!mine.empty()) first_id -= static_cast<std::uint64_t>(wiki.find(mine.front().title()) - all.data());
      std::optional<std::string_view> lower, upper;
      if (!mine.empty() && mine.front().title() != all.front().title()) lower = mine.front().title();
      const PageEntry* after = mine.empty() ? nullptr : wiki.find(mine.back().title()) + 1;
      if (after && after != all.data() + all.size()) upper = after->title();
      std::uint64_t place = 0;
      for (const File& file : wiki.media()) {
        ++place;
        if (wiki.find(file.first) || (lower && file.first < *lower) || (upper && !(file.first < *upper))) continue;
        pages.push_back(&file);
        places.push_back(place);
      }
    }

    std::string relpath(const std::filesystem::path& path) const {
      return path.lexically_relative(wiki.root()).generic_string();
    }

    struct Xml {
      std::string uploads;    // inside the File: page
      std::string redirects;  // pages after it: its titles before git renames, redirecting to it
    };

    // For a page file that is a media file's description page: the file's (else nothing).
    Xml of_page(const std::string& title, Diagnostics& diagnostics) const {
      if (!o.media || title.rfind("File:", 0) != 0) return {};
      auto it = wiki.media().find(title);
      if (it == wiki.media().end()) return {};
      std::vector<MediaVersion> versions = media_versions(wiki, it->second, credit, diagnostics);
      return {upload_elements(title, relpath(it->second), versions), redirects(title, versions)};
    }

    // The page of pages[i]: its description as a revision by the first version's author (as
    // uploading a file creates its page), then the versions; then its redirects.
    std::string page_xml(std::size_t i, Diagnostics& diagnostics) const {
      const auto& [title, path] = *pages[i];
      std::vector<MediaVersion> versions = media_versions(wiki, path, credit, diagnostics);
      std::string out = page_head(title, "", static_cast<std::int64_t>(first_id + places[i]), ns);
      const MediaVersion& first = versions.front();
      append_revision(out, {first_id + places[i], 0, first.time, first.user, first.comment}, file_page_text(relpath(path)));
      out += upload_elements(title, relpath(path), versions);
      out += kPageEnd;
      return out + redirects(title, versions);
    }

    // A File: title the file had before a rename in git redirects to its current one (unless a
    // page or file has that title now), credited to the renaming commit, as a page's does.
    std::string redirects(const std::string& title, const std::vector<MediaVersion>& versions) const {
      std::string out;
      std::set<std::string> done;
      for (const MediaVersion& v : versions) {
        const std::string& former = v.former_title;
        if (former.empty() || former == title || wiki.find(former) || wiki.find_media(former) || !done.insert(former).second)
          continue;
        // Ids above every file's: + the renaming change's id, distinct across files.
        const std::uint64_t id = first_id + wiki.media().size() + v.change;
        out += page_head(former, title, static_cast<std::int64_t>(id), ns);
        append_revision(out, {id, 0, v.time, v.user, v.comment}, "#REDIRECT [[:" + title + "]]");
        out += kPageEnd;
      }
      return out;
    }
  };

  DumpOptions o_;
};

}  // namespace

std::unique_ptr<Writer> make_mediawiki_writer(const Options& options) {
  return std::make_unique<MediaWikiDumpWriter>(options);
}

}  // namespace wikiconv
