// Writers: one per target format, found by name in a registry. A writer turns one Page into
// text (or bytes, for EPUB) and a whole Wiki into a file or a directory.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "wikiconv/diagnostics.hpp"
#include "wikiconv/model.hpp"
#include "wikiconv/wiki.hpp"

namespace wikiconv {

// Writer options as the CLI and Python pass them: names to string values.
class Options {
 public:
  Options() = default;
  Options& set(std::string key, std::string value);
  bool has(std::string_view key) const;
  std::string get(std::string_view key, std::string_view fallback = {}) const;
  bool flag(std::string_view key, bool fallback = false) const;
  long number(std::string_view key, long fallback) const;
  // A comma-separated value as a list (empty entries dropped).
  std::vector<std::string> list(std::string_view key) const;
  const std::map<std::string, std::string, std::less<>>& values() const { return values_; }

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

// What a writer needs besides the page: the wiki (for links), where to report, threads.
struct WriteContext {
  const Wiki* wiki = nullptr;  // null for a page on its own: links are not checked
  Diagnostics* diagnostics = nullptr;
  unsigned threads = 1;
  bool progress = false;  // a progress bar on stderr for whole-wiki writes
  // Where a writer whose output holds other units than pages counts them (the EPUB its
  // articles: no Category: pages, or the chosen ones); null: nobody asks.
  std::size_t* articles_written = nullptr;
};

// wiki.load(entry) reporting to the context's diagnostics (a local sink when it has none).
Page load_page(const Wiki& wiki, const PageEntry& entry, const WriteContext& context);

enum class OutputKind {
  Text,       // page form is text (stdout when there is no -o)
  Binary,     // page form is bytes (EPUB): needs -o
};
enum class WikiOutput {
  File,       // the whole wiki is one file (a dump, a book)
  Directory,  // the whole wiki is a tree of files
};

class Writer {
 public:
  virtual ~Writer() = default;
  // One page in the target format. `page` is complete (title, categories, body).
  virtual std::string write_page(const Page& page, const WriteContext& context) const = 0;
  // The whole wiki into `output`: a file or a directory as wiki_output() says. Files are written
  // atomically (temporary name, then rename); nothing is written outside `output`.
  virtual void write_wiki(const Wiki& wiki, const std::filesystem::path& output,
                          const WriteContext& context) const;
  // Whether it writes pages from the Markdown they were read from where they are unchanged
  // (Page::original): the front door then has the reader keep it (ReadOptions::keep_original).
  virtual bool uses_original() const { return false; }

 protected:
  // For the default write_wiki: the extension of one page's file (".html").
  virtual std::string page_extension() const { return ".txt"; }
};

struct WriterInfo {
  std::string_view name;
  std::string_view description;
  OutputKind page_output;
  WikiOutput wiki_output;
  std::unique_ptr<Writer> (*make)(const Options&);
  // The options this writer reads, one "name=VALUE  what it does" per line (for --help).
  std::string_view options_help = {};
  // Titles of `wiki` this format writes under one name (check -t); null when it has none.
  std::vector<NameCollision> (*name_collisions)(const Wiki& wiki) = nullptr;
};

// Every registered writer, in a stable order.
const std::vector<WriterInfo>& writers();
// The writer registered as `name`; throws Error listing the known names when there is none.
const WriterInfo& writer_info(std::string_view name);
std::unique_ptr<Writer> make_writer(std::string_view name, const Options& options);
// Titles of `wiki` the format `name` writes under one name (what check -t reports).
std::vector<NameCollision> name_collisions(const Wiki& wiki, std::string_view name);

}  // namespace wikiconv
