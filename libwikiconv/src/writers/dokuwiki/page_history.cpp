#include "writers/dokuwiki/page_history.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "wikiconv/diagnostics.hpp"
#include "writers/dokuwiki/page_id.hpp"
#include "writers/output_files.hpp"

namespace wikiconv::dokuwiki {

namespace {

// Imported changes come from no client; DokuWiki logs its own external edits with this address.
constexpr std::string_view kImportIp = "127.0.0.1";

// A changelog field: DokuWiki's buildLogLine drops tabs and newlines (they separate fields and
// lines) and cuts the summary to 255 characters.
std::string log_field(std::string_view s, std::size_t max_chars = std::string::npos) {
  std::string out;
  std::size_t chars = 0;
  for (char c : s) {
    if (c == '\t' || c == '\n' || c == '\r') continue;
    bool starts_char = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (starts_char && ++chars > max_chars) break;
    out += c;
  }
  return out;
}

// gzip as DokuWiki's io_saveFile writes the attic (gzopen); no name or time in the header, so
// the same text gives the same bytes.
std::string gzip(std::string_view data) {
  z_stream z{};
  if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw Error("cannot start gzip compression");
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int result = deflate(&z, Z_FINISH);
  deflateEnd(&z);
  if (result != Z_STREAM_END) throw Error("gzip compression failed");
  out.resize(z.total_out);
  return out;
}

// PHP's serialize(), for the .meta file (DokuWiki reads it with unserialize()).
class PhpSerializer {
 public:
  void string(std::string_view s) {
    out_ += "s:" + std::to_string(s.size()) + ":\"";
    out_ += s;
    out_ += "\";";
  }
  void integer(std::int64_t n) { out_ += "i:" + std::to_string(n) + ";"; }
  void null() { out_ += "N;"; }
  // An array key: PHP stores a key that is a decimal integer as that integer.
  void key(std::string_view s) {
    bool integer_key = !s.empty() && s.size() < 19 && (s == "0" || (s[0] != '0' && s[0] != '-')) &&
                       std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (integer_key) integer(std::stoll(std::string(s)));
    else string(s);
  }
  void entry(std::string_view k, std::string_view value) {
    key(k);
    string(value);
  }
  void entry(std::string_view k, std::int64_t value) {
    key(k);
    integer(value);
  }
  void open_array(std::size_t size) { out_ += "a:" + std::to_string(size) + ":{"; }
  void close_array() { out_ += "}"; }
  const std::string& text() const { return out_; }

 private:
  std::string out_;
};

struct LogEntry {
  std::int64_t date = 0;
  char type = 'E';
  std::string user;
  std::string summary;
  std::int64_t sizechange = 0;
};

std::string log_line(const LogEntry& e, const std::string& id) {
  return std::to_string(e.date) + "\t" + std::string(kImportIp) + "\t" + e.type + "\t" + id + "\t" + e.user + "\t" +
         e.summary + "\t\t" + std::to_string(e.sizechange) + "\n";
}

void serialize_entry(PhpSerializer& php, const LogEntry& e, const std::string& id) {
  php.open_array(8);
  php.entry("date", e.date);
  php.entry("ip", kImportIp);
  php.entry("type", std::string_view(&e.type, 1));
  php.entry("id", id);
  php.entry("user", e.user);
  php.entry("sum", e.summary);
  php.entry("extra", "");
  php.entry("sizechange", e.sizechange);
  php.close_array();
}

// The persistent metadata PageFile::updateMetadata() leaves after these changes: the creation
// (date, creator's name, user), the last non-creating change's date, every later editor as a
// contributor (user -> name), and the last change's log entry. DokuWiki renders the rest of the
// metadata ("current") itself, starting from this.
void serialize_persistent(PhpSerializer& php, const std::vector<LogEntry>& entries,
                          const std::vector<PageVersion>& versions, const std::string& id) {
  std::vector<std::pair<std::string, std::string>> contributors;
  for (std::size_t i = 1; i < entries.size(); ++i) {
    if (entries[i].user.empty()) continue;
    auto same = [&](const auto& c) { return c.first == entries[i].user; };
    if (std::find_if(contributors.begin(), contributors.end(), same) == contributors.end())
      contributors.emplace_back(entries[i].user, versions[i].name);
  }
  const bool modified = entries.size() > 1;
  const bool has_user = !entries.front().user.empty();
  php.open_array(2 + (has_user ? 2 : 0) + (contributors.empty() ? 0 : 1));
  php.key("date");
  php.open_array(modified ? 2 : 1);
  php.entry("created", entries.front().date);
  if (modified) php.entry("modified", entries.back().date);
  php.close_array();
  if (has_user) {
    php.entry("creator", versions.front().name);
    php.entry("user", entries.front().user);
  }
  if (!contributors.empty()) {
    php.key("contributor");
    php.open_array(contributors.size());
    for (const auto& [user, name] : contributors) php.entry(user, name);
    php.close_array();
  }
  php.key("last_change");
  serialize_entry(php, entries.back(), id);
  php.close_array();
}

// Dates the page file as its last version: DokuWiki takes a page file newer or older than its
// changelog's last line for an edit made outside the wiki.
void set_mtime(const std::filesystem::path& file, std::int64_t seconds) {
  struct timespec times[2];
  times[0].tv_sec = times[1].tv_sec = static_cast<time_t>(seconds);
  times[0].tv_nsec = times[1].tv_nsec = 0;
  if (utimensat(AT_FDCWD, file.c_str(), times, 0) != 0)
    throw Error(file.string(), 0, std::string("cannot set the file's time: ") + std::strerror(errno));
}

}  // namespace

std::vector<std::int64_t> revision_dates(const std::vector<Revision>& revisions) {
  std::vector<std::int64_t> dates;
  dates.reserve(revisions.size());
  for (const Revision& r : revisions) dates.push_back(dates.empty() ? r.time : std::max(r.time, dates.back() + 1));
  return dates;
}

namespace {

// The changelog's entries for `versions`: created, then edited; the size change in bytes.
std::vector<LogEntry> log_entries(const std::vector<PageVersion>& versions) {
  std::vector<LogEntry> entries;
  for (std::size_t i = 0; i < versions.size(); ++i) {
    const PageVersion& v = versions[i];
    LogEntry e;
    e.date = v.date;
    e.type = i == 0 ? 'C' : 'E';
    e.user = log_field(v.user);
    e.summary = log_field(v.summary, 255);
    e.sizechange = static_cast<std::int64_t>(v.text.size()) - (i ? static_cast<std::int64_t>(versions[i - 1].text.size()) : 0);
    entries.push_back(std::move(e));
  }
  return entries;
}

}  // namespace

std::vector<std::string> write_media_history(const std::filesystem::path& output, const std::string& id,
                                             const std::vector<PageVersion>& versions) {
  std::vector<std::string> lines;
  std::string file = media_file(id);
  std::size_t dot = file.rfind('.');
  if (versions.empty() || dot == std::string::npos || file.find('/', dot) != std::string::npos) return lines;
  std::string changes;
  std::vector<LogEntry> entries = log_entries(versions);
  for (std::size_t i = 0; i < versions.size(); ++i) {
    // mediaFN($id, $rev): the name, the date, the extension. The current version is OUT/media's.
    if (i + 1 < versions.size())
      write_file_atomic(contained_path(output / "media_attic", file.substr(0, dot) + "." + std::to_string(versions[i].date) +
                                                                    file.substr(dot)),
                        versions[i].text);
    lines.push_back(log_line(entries[i], id));
    changes += lines.back();
  }
  write_file_atomic(contained_path(output / "media_meta", file + ".changes"), changes);
  set_mtime(contained_path(output / "media", file), versions.back().date);
  return lines;
}

std::vector<std::string> write_page_history(const std::filesystem::path& output, const std::string& id,
                                            const std::vector<PageVersion>& versions) {
  std::vector<std::string> lines;
  if (versions.empty()) return lines;
  std::string base = page_file(id);
  base.resize(base.size() - 4);  // without ".txt": attic and meta files add their own endings
  std::vector<LogEntry> entries = log_entries(versions);
  std::string changes;
  for (std::size_t i = 0; i < versions.size(); ++i) {
    // DokuWiki keeps every version in the attic, the current one too (PageFile::saveOldRevision).
    write_fresh_file(contained_path(output / "attic", base + "." + std::to_string(versions[i].date) + ".txt.gz"),
                     gzip(versions[i].text));
    lines.push_back(log_line(entries[i], id));
    changes += lines.back();
  }
  write_fresh_file(contained_path(output / "meta", base + ".changes"), changes);
  PhpSerializer php;
  php.open_array(2);
  php.key("current");
  serialize_persistent(php, entries, versions, id);
  php.key("persistent");
  serialize_persistent(php, entries, versions, id);
  php.close_array();
  write_fresh_file(contained_path(output / "meta", base + ".meta"), php.text());
  set_mtime(contained_path(output / "pages", page_file(id)), versions.back().date);
  return lines;
}

void write_global_changelog(const std::filesystem::path& output, std::vector<std::string> lines, const std::string& name) {
  if (lines.empty()) return;
  // By date; lines of one date keep page order (stable), so the file is the same at any thread count.
  std::stable_sort(lines.begin(), lines.end(), [](const std::string& a, const std::string& b) {
    return std::stoll(a.substr(0, a.find('\t'))) < std::stoll(b.substr(0, b.find('\t')));
  });
  std::string text;
  for (const std::string& line : lines) text += line;
  write_file_atomic(output / "meta" / name, text);
}

}  // namespace wikiconv::dokuwiki
