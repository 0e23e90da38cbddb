// The library's front door: one conversion request, as `wikiconv convert` and Python's
// wikiconv.convert() / Wiki.write() make it, carried out with the rules users rely on: unknown
// formats and options are errors with a suggestion; the output appears complete or not at all
// (a failed or interrupted run leaves the previous output as it was, and no temporary file);
// pages that fail leave the output unwritten unless keep_going says otherwise.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "wikiconv/diagnostics.hpp"
#include "wikiconv/wiki.hpp"
#include "wikiconv/writer.hpp"

namespace wikiconv {

// Besides UsageError and OutputError (diagnostics.hpp), what a front end tells apart: the CLI
// exits 128+signal.
class Cancelled : public Error {
 public:
  explicit Cancelled(int signal_number)
      : Error("interrupted: the output was left as it was"), signal_(signal_number) {}
  int signal_number() const { return signal_; }

 private:
  int signal_;
};

struct ConversionRequest {
  // A wiki folder, one or more page files, or "-" for the one page in `text`.
  std::vector<std::string> inputs;
  std::string text;
  // A wiki already opened (Python's Wiki), converted instead of `inputs`; it must outlive the
  // call. convert() works on a copy of its index, so it may be shared.
  const Wiki* wiki_index = nullptr;
  // What opening wiki_index reported: its errors (files not read) fail this run as well.
  const Diagnostics* wiki_index_diagnostics = nullptr;
  std::string from = "markdown";  // markdown (also gfm, md) or json
  std::string to;                 // a writer's name (see writers())
  Options options;                // the writer's options (-O NAME=VALUE)
  // A file or folder; empty or "-": the result is returned in ConversionResult::text (a text
  // format of one page).
  std::string output;
  std::string title;  // the title of a single page (instead of the one its file gives)
  WikiOptions wiki;
  unsigned threads = 0;     // 0: all cores
  bool keep_going = false;  // write what converted when some pages cannot be read
  bool progress = false;    // a progress bar on stderr
  // The process ends after this conversion (the CLI): a single page's model is left to the end
  // of the process rather than freed, as compilers leave their trees (freeing a 4 MB page's
  // model was 7% of its conversion). A program that goes on leaves it false.
  bool process_ends_after = false;
  // When set and nonzero (a signal number), the conversion stops, leaving the output as it was,
  // and throws Cancelled. Set from a signal handler or another thread.
  const std::atomic<int>* cancel = nullptr;
  // Applied to every page between reading and writing (Python filters).
  std::function<void(Page&)> filter;
  // Programs every page's JSON is piped through after `filter`, in order (--filter, as
  // pandoc's): each reads the page on stdin, gets the output format as its argument and prints
  // the page (docs/json-format.md).
  std::vector<std::string> filter_programs;
};

struct ConversionResult {
  std::string text;         // the output when it is returned, not written
  std::string output;       // where it was written
  std::string format;       // the writer's name
  std::size_t pages = 0;    // pages written
  std::size_t articles = 0;  // articles, when the output counts them apart (an EPUB's chapters)
  std::size_t skipped = 0;  // pages left out (keep_going)
  // "wrote dump.xml (6 pages, mediawiki)", "wrote zine.epub (5 articles of 6 pages, epub)" ("(25
  // articles, epub)" when every page is one), for a front end's last line.
  std::string summary() const;
};

// Carries out `request`. Throws UsageError for a request that cannot be right (unknown format
// or option, no output for a binary format or a wiki), Error for input that cannot be converted,
// OutputError when the output cannot be written, Cancelled when cancelled.
ConversionResult convert(const ConversionRequest& request, Diagnostics& diagnostics);

// An input as a wiki: a folder (an Error when it holds no pages), a page file (titled `title` when
// one is given, else as its file says), or "-" for the page in `text`. What convert() opens, and
// what `wikiconv check` and Python's Wiki.load open.
Wiki open_input(const std::string& input, const std::string& text, const std::string& title,
                const WikiOptions& options, Diagnostics& diagnostics);

// The writer `to` names, made with `options`: UsageError for an unknown format, an unknown option
// (with a suggestion) or a value the writer refuses. Writing one Document (Python) checks here.
std::unique_ptr<Writer> checked_writer(const std::string& to, const Options& options);

struct RenameResult {
  std::string old_title, new_title;  // as the wiki's title rules make them
  std::string old_file, new_file;    // the page's file before and after
  std::vector<std::string> changed_files;  // other pages whose links now name the new title
  std::size_t links = 0;             // links changed (redirects and category entries included)
};

// Renames a page of the wiki folder `wiki_dir` in place: its file moves to the new title's name
// (its declared title, front matter or source-page comment, follows), and every wiki link to it,
// every redirect to it (and for a category, every page's category entry) names the new title,
// labels and #fragments kept. Links through redirects keep working through them. The pages that
// change are written back in the gfm format; the rest stay byte for byte. All or nothing: on any
// failure every file is as it was. UsageError: no such page, or the new title is taken.
RenameResult rename_page(const std::string& wiki_dir, const std::string& old_title, const std::string& new_title,
                         const WikiOptions& options, Diagnostics& diagnostics);

// "mediwiki" -> "mediawiki": the known name closest to `name` (at most 2 edits), else empty.
std::string closest_name(std::string_view name, const std::vector<std::string>& known);

}  // namespace wikiconv
