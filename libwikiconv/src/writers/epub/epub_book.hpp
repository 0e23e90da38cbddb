// Internals of the EPUB writer: the zip container, the package document, navigation and title
// pages, the stylesheet, and the naming rules (file names, XML ids, URLs) they share.
#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "wiki/link_target.hpp"  // url_scheme
#include "wikiconv/model.hpp"
#include "wikiconv/wiki.hpp"  // Revision

struct zip;
struct zip_source;

namespace wikiconv::epub {

// ---- naming (epub_names.cpp) ----

// An ASCII slug for file names ("Tankie:Introduction" -> "tankie-introduction"), at most
// `max` characters, never empty.
std::string slug(std::string_view title, std::size_t max = 40);
// `anchor` as an XML id (an NCName: what epubcheck accepts): characters an id cannot hold are
// written as .XX (MediaWiki's legacy anchor encoding), and a leading digit, '-' or '.' gets a
// '_' in front. The same anchor always gives the same id, so links and headings agree.
std::string xml_id(std::string_view anchor);
// A URL epubcheck accepts: spaces, controls, non-ASCII bytes and the characters URLs cannot
// hold as such are percent-encoded; a '%' that starts no escape becomes %25.
std::string encode_url(std::string_view url);
// False for a URL whose scheme names a host ("http://", "https://x y/", "ftp://[1") when the host
// is missing or not one epubcheck can parse (RSC-020, RSC-023); true for other URLs.
bool has_valid_host(std::string_view url);
// Schemes epubcheck knows (others are reported as HTM-025) and that make sense in a book.
bool allowed_scheme(std::string_view scheme);
// A page title as the path of a MediaWiki URL ("Anti-Tankie#x y" -> "Anti-Tankie#x_y").
std::string title_url(std::string_view title);
// The media type of an image file by its extension, empty when EPUB 3.2 has no core type for it.
std::string image_media_type(const std::filesystem::path& path);
// "urn:uuid:..." made from a SHA-1 digest (a name-based, version 5 UUID).
std::string uuid_urn(const unsigned char (&sha1)[20]);
// YYYY-MM-DDThh:mm:ssZ.
std::string iso_time(std::int64_t seconds);
// The ZIP (MS-DOS) time and date of `seconds` in UTC, clamped to 1980..2107.
void dos_time(std::int64_t seconds, std::uint16_t& time, std::uint16_t& date);
// The language of a page whose title ends in a translation suffix ("Flakes/ja", "Blip.fr").
std::string title_language(std::string_view title);
// The title a translation subpage shows: "Appimage/ru" -> "Appimage (русский)", the language by
// its own name; any other title as it is.
std::string display_title(std::string_view title);

// ---- typography (epub_typography.cpp) ----

// Typographic quotes and apostrophes in the prose under `root` (never in code, URLs or
// attributes), as pandoc's `smart` extension sets them.
void smart_quotes(Node& root);

// ---- the book's documents (epub_package.cpp) ----

struct TocEntry {
  int depth = 0;      // 0 = an article, 1 = its sections, ...
  std::string label;  // plain text
  std::string href;   // relative to the package document's folder ("text/c01-x.xhtml#id")
};

struct ManifestItem {
  std::string id;
  std::string href;  // relative to the package document's folder
  std::string media_type;
  std::string properties;
  bool in_spine = false;
  bool linear = true;
};

struct BookMeta {
  std::string title;
  std::string creator;
  std::string language;
  std::string description;
  std::string identifier;  // urn:uuid:...
  std::int64_t modified = 0;
  std::string cover_image_id;  // manifest id of the cover image, empty without one
  std::string rights;          // the licence (license=), as dc:rights; empty: none stated
};

struct Landmark {
  std::string type;   // cover, titlepage, toc, bodymatter
  std::string label;
  std::string href;
};

std::string container_xml();
std::string package_document(const BookMeta& meta, const std::vector<ManifestItem>& items);
std::string nav_document(const BookMeta& meta, const std::vector<TocEntry>& toc,
                         const std::vector<Landmark>& landmarks);
std::string ncx_document(const BookMeta& meta, const std::vector<TocEntry>& toc);
// The start of an XHTML content document up to and including <body...>; `css` hrefs are
// relative to the document.
std::string xhtml_start(std::string_view title, std::string_view lang, const std::vector<std::string>& css,
                        std::string_view body_type = {});
std::string xhtml_end();
std::string title_page(const BookMeta& meta, std::size_t articles, const std::vector<std::string>& css);
std::string cover_page(const BookMeta& meta, std::string_view image_href, const std::vector<std::string>& css);
// The zine stylesheet.
std::string_view zine_css();
// The cover made when none is given: the title, `subtitle` and `footer` (the wiki's name) set
// in an SVG page.
std::string generated_cover_svg(const BookMeta& meta, std::string_view subtitle, std::string_view footer);

// ---- the credits page (epub_credits.cpp) ----

inline constexpr std::string_view kCreditsTitle = "Article sources and contributors";

// One article or image on the credits page.
struct CreditEntry {
  std::string title;       // the page title ("File:Logo.png" for an image)
  std::string heading;     // the title the article shows
  std::string href;        // its chapter, relative to the credits page (empty for an image)
  std::string source_url;  // the page on the wiki (base-url=), empty without one
  bool has_history = false;               // its git history was read
  std::vector<std::string> contributors;  // authors' names, most edits first
};

// The authors of `revisions` by their number of edits, most first (names only: no emails).
std::vector<std::string> contributors_by_edits(const std::vector<Revision>& revisions);
// "Article sources and contributors": each article's source and contributors, the images' the
// same way, then `license` (a URL becomes a link); says so when no article has a history.
std::string credits_page(const BookMeta& meta, const std::vector<CreditEntry>& articles,
                         const std::vector<CreditEntry>& images, std::string_view license,
                         const std::vector<std::string>& css);

// ---- the container (epub_zip.cpp) ----

// An entry's bytes deflated ahead of time, on a worker thread: zip_close would otherwise
// compress every chapter of the book on one thread.
struct DeflatedEntry {
  std::string bytes;       // raw deflate stream, as a zip entry holds it
  std::uint64_t size = 0;  // uncompressed size
  std::uint32_t crc = 0;   // CRC-32 of the uncompressed bytes
};
DeflatedEntry deflate_entry(std::string_view data);

// Bytes set aside in an unnamed temporary file until the zip is written, so that a book's
// memory does not grow with its articles (chapters waiting for their links to settle, and
// chapters deflated ahead of time). Appends from one thread; reads from any.
class Spill {
 public:
  struct Span {
    std::uint64_t offset = 0, size = 0;
  };
  Spill();
  ~Spill();
  Spill(const Spill&) = delete;
  Spill& operator=(const Spill&) = delete;
  Span append(std::string_view bytes);
  std::string read(Span span) const;
  // Reads up to `length` bytes of `span` from `from` into `out`; returns how many.
  std::size_t read_at(Span span, std::uint64_t from, char* out, std::size_t length) const;

 private:
  int fd_ = -1;
  std::uint64_t end_ = 0;
};

// A DeflatedEntry whose bytes are in a Spill.
struct SpilledEntry {
  Spill::Span bytes;
  std::uint64_t size = 0;
  std::uint32_t crc = 0;
};

// An EPUB's zip: `mimetype` first and stored, every entry with the same fixed time, entries in
// the order they were added. Data handed in is kept until finish(). Written to `file` when one
// is given (under a temporary name beside it, renamed onto it at the end), else built in memory.
class Container {
 public:
  explicit Container(std::int64_t mtime, const std::filesystem::path& file = {});
  ~Container();
  Container(const Container&) = delete;
  Container& operator=(const Container&) = delete;
  void add(std::string name, std::string data, bool compress = true);
  // An entry deflate_entry compressed: copied into the zip as it is.
  void add_deflated(std::string name, DeflatedEntry entry);
  // An entry deflate_entry compressed and set aside in `spill` (which outlives finish()).
  // Returns a handle for set_spilled.
  std::size_t add_spilled(std::string name, const Spill& spill, SpilledEntry entry);
  // The bytes of an entry added before they were ready (libzip reads them in finish()).
  void set_spilled(std::size_t handle, SpilledEntry entry);
  // A file read when the zip is written (images: stored, they are compressed already).
  void add_file(std::string name, const std::filesystem::path& path, bool compress = false);
  // An entry whose bytes come later, from provide(), which may run while finish() does on
  // another thread: finish() waits for them when it reaches the entry. Returns a handle.
  std::size_t add_later(std::string name, bool compress = true);
  void provide(std::size_t handle, std::string data);
  // The bytes of the entries not provided yet will not come: finish() fails, not waits.
  void abandon();
  // Writes the zip: to the file, or into memory, whose bytes it returns.
  std::string finish();

 private:
  // Adds `source` as `name` (or frees it and throws): its index.
  std::int64_t add_entry(const std::string& name, zip_source* source);
  void set_entry(std::int64_t index, bool compress);
  void set_attributes(std::int64_t index);

  struct FileSink;
  std::unique_ptr<FileSink> sink_;  // the file's writer (outlives archive_)
  zip_source* buffer_ = nullptr;
  zip* archive_ = nullptr;
  std::uint16_t dos_time_ = 0, dos_date_ = 0;
  std::deque<std::string> data_;  // stable storage for the entries' bytes
  struct LateSource;
  std::vector<std::unique_ptr<LateSource>> late_;  // add_later's (kept until the end: see provide)
  struct DeflatedSource;
  std::vector<std::unique_ptr<DeflatedSource>> deflated_;  // sources of add_deflated's entries
  void add_source(std::string name, DeflatedSource& stored);
};

}  // namespace wikiconv::epub
