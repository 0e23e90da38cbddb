// The front door (wikiconv/conversion.hpp): checks a request, opens its input as a wiki, runs the
// writer into a staged output and commits it only when the run succeeded.
#include "wikiconv/conversion.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "conversion/external_filter.hpp"
#include "conversion/staged_output.hpp"

namespace fs = std::filesystem;

namespace wikiconv {

namespace {

const std::vector<std::string> kReaders = {"markdown", "gfm", "md", "json"};

std::vector<std::string> writer_names() {
  std::vector<std::string> names;
  for (const auto& w : writers()) names.emplace_back(w.name);
  return names;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string unknown(std::string_view what, std::string_view name, const std::vector<std::string>& known) {
  std::string message = "unknown " + std::string(what) + " \"" + std::string(name) + "\"";
  std::string near = closest_name(name, known);
  if (!near.empty()) message += ": did you mean " + near + "?";
  return message + " (known: " + joined(known) + ")";
}

// The option names a writer's help lists: "name=VALUE  what it does" lines, and further
// "; name=" on one line.
std::vector<std::string> writer_option_names(const WriterInfo& info) {
  std::vector<std::string> names;
  std::string_view help = info.options_help;
  auto take = [&](std::size_t at) {
    std::size_t eq = at;
    while (eq < help.size() && ((help[eq] >= 'a' && help[eq] <= 'z') || help[eq] == '-' || (help[eq] >= '0' && help[eq] <= '9')))
      ++eq;
    if (eq > at && eq < help.size() && help[eq] == '=') names.emplace_back(help.substr(at, eq - at));
  };
  for (std::size_t pos = 0; pos < help.size();) {
    std::size_t eol = help.find('\n', pos);
    if (eol == std::string_view::npos) eol = help.size();
    if (help[pos] != ' ') take(pos);
    for (std::size_t semi = help.find("; ", pos); semi != std::string_view::npos && semi < eol; semi = help.find("; ", semi + 1))
      take(semi + 2);
    pos = eol + 1;
  }
  return names;
}

void check_options(const WriterInfo& info, const Options& options) {
  std::vector<std::string> known = writer_option_names(info);
  for (const auto& [name, value] : options.values()) {
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string message = unknown("option for " + std::string(info.name), name, known);
    if (known.empty()) message = "the " + std::string(info.name) + " format has no options (got \"" + name + "\")";
    throw UsageError(message);
  }
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path, 0, "cannot read file");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Keeps `page` until the process ends, never freed (ConversionRequest::process_ends_after). The
// list is reachable from a static, so a leak checker does not report what it holds.
void leave_to_process_end(Page&& page) {
  static std::mutex mutex;
  static auto* kept = new std::vector<std::unique_ptr<Page>>;
  std::lock_guard lock(mutex);
  kept->push_back(std::make_unique<Page>(std::move(page)));
}

unsigned thread_count(unsigned requested) {
  if (requested > 0) return requested;
  unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : hw;
}

// Writes one page's text to `output`, staged.
void write_staged_file(const std::string& output, const std::string& text, const ConversionRequest& r) {
  StagedOutput staged(output, WikiOutput::File);
  std::ofstream out(staged.path(), std::ios::binary);
  if (!(out << text) || !out.flush()) throw OutputError(output, 0, "cannot write file");
  out.close();
  if (r.cancel && r.cancel->load() != 0) throw Cancelled(r.cancel->load());
  staged.commit();
}

// Distinct files named by errors added since `before` (the first `before` errors are older).
std::set<std::string> files_with_errors(const Diagnostics& diagnostics, std::size_t before) {
  std::set<std::string> files;
  std::size_t seen = 0;
  for (const auto& d : diagnostics.items()) {
    if (d.severity != Severity::Error) continue;
    if (seen++ < before) continue;
    files.insert(d.file);
  }
  return files;
}

// The position in wiki.pages() of the page whose file an error names.
std::optional<std::size_t> page_at(const Wiki& wiki, const std::string& file) {
  if (file.empty()) return std::nullopt;
  const auto& pages = wiki.pages();
  for (std::size_t i = 0; i < pages.size(); ++i)
    if (pages[i].shown_path() == file || pages[i].path() == file) return i;
  return std::nullopt;
}

// Reads every page not in `known` (without the conversion's filter: it runs once per page, when
// the page is written) and returns the positions of those that cannot be read, each error in
// `diagnostics`.
std::vector<std::size_t> pages_that_fail(const Wiki& wiki, const std::set<std::size_t>& known, unsigned threads,
                                         const std::function<void()>& cancelled, Diagnostics& diagnostics) {
  Wiki reader = wiki;
  reader.set_page_filter({});
  std::function<bool(std::size_t)> produce = [&](std::size_t i) {
    cancelled();
    if (known.count(i)) return false;
    Diagnostics scratch;  // warnings come when the page is written
    try {
      reader.load(reader.pages()[i], scratch);
    } catch (const Cancelled&) {
      throw;
    } catch (const Error& e) {
      diagnostics.add(Diagnostic{Severity::Error, e.file(), e.line(), e.message(), e.column(), {}});
      return true;
    }
    return false;
  };
  std::vector<std::size_t> failing;
  std::function<void(std::size_t, bool&&)> consume = [&](std::size_t i, bool&& failed) {
    if (failed) failing.push_back(i);
  };
  ordered_parallel<bool>(wiki.pages().size(), threads, produce, consume);
  return failing;
}

}  // namespace

std::string closest_name(std::string_view name, const std::vector<std::string>& known) {
  auto distance = [](std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      std::size_t diagonal = row[0];
      row[0] = i;
      for (std::size_t j = 1; j <= b.size(); ++j) {
        std::size_t up = row[j];
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
        diagonal = up;
      }
    }
    return row[b.size()];
  };
  std::string best;
  std::size_t best_distance = 3;
  for (const auto& k : known) {
    std::size_t d = distance(name, k);
    if (d < best_distance) {
      best_distance = d;
      best = k;
    }
  }
  return best;
}

std::string ConversionResult::summary() const {
  std::string out = "wrote " + output + " (";
  if (articles) out += std::to_string(articles) + " article" + (articles == 1 ? "" : "s");
  if (articles && articles != pages) out += " of ";
  if (!articles || articles != pages) out += std::to_string(pages) + " page" + (pages == 1 ? "" : "s");
  out += ", " + format;
  if (skipped) out += "; " + std::to_string(skipped) + " with errors left out";
  return out + ")";
}

Wiki open_input(const std::string& input, const std::string& text, const std::string& title,
                const WikiOptions& options, Diagnostics& diagnostics) {
  if (input == "-") return Wiki::from_text(text, title, options);
  std::error_code ec;
  if (fs::is_directory(input, ec)) {
    Wiki wiki = Wiki::open(input, options, diagnostics);
    if (wiki.pages().empty() && wiki.collisions().empty())
      throw Error(input, 0, "no pages here: a wiki folder holds *.md or *.markdown files");
    return wiki;
  }
  if (!fs::exists(input, ec)) throw Error(input, 0, "no such file or folder");
  // A title given for the page wins over its file name.
  if (!title.empty()) return Wiki::from_text(read_all(input), title, options);
  return Wiki::open_file(input, options, diagnostics);
}

std::unique_ptr<Writer> checked_writer(const std::string& to, const Options& options) {
  std::vector<std::string> names = writer_names();
  if (std::find(names.begin(), names.end(), to) == names.end()) throw UsageError(unknown("format", to, names));
  const WriterInfo& info = writer_info(to);
  check_options(info, options);
  // A value the writer refuses ("toc-depth=x", "lang=not a language") is a usage error too.
  try {
    return info.make(options);
  } catch (const UsageError&) {
    throw;
  } catch (const Error& e) {
    throw UsageError(e.file(), e.line(), e.message());
  }
}

ConversionResult convert(const ConversionRequest& r, Diagnostics& diagnostics) {
  const std::size_t errors_before = diagnostics.error_count();
  // Files an opened index could not read are this run's errors, as when it opens the input.
  if (r.wiki_index_diagnostics)
    for (const auto& d : r.wiki_index_diagnostics->items())
      if (d.severity == Severity::Error) diagnostics.add(d);
  if (std::find(kReaders.begin(), kReaders.end(), r.from) == kReaders.end())
    throw UsageError(unknown("input format", r.from, kReaders));
  std::unique_ptr<Writer> writer = checked_writer(r.to, r.options);
  const WriterInfo& info = writer_info(r.to);
  if (r.inputs.empty() && !r.wiki_index) throw UsageError("no input: give a wiki folder, a page file or - (stdin)");
  if (r.inputs.size() > 1) {
    // Several inputs are page files that form one wiki (pandoc joins its inputs into one document).
    for (const auto& input : r.inputs) {
      std::error_code ec;
      if (input == "-" || fs::is_directory(input, ec))
        throw UsageError("several inputs are page files of one wiki: give a wiki folder (or - for stdin) on its own");
    }
    if (!r.title.empty()) throw UsageError("--title names one page: it cannot be used with several page files");
    if (r.from == "json") throw UsageError("several inputs are read as markdown pages of one wiki, not json");
  }
  if (r.wiki_index && r.from == "json") throw UsageError("an opened wiki is read as markdown, not json");
  std::function<void()> cancelled = [&] {
    if (r.cancel && r.cancel->load() != 0) throw Cancelled(r.cancel->load());
  };

  WriteContext context;
  context.diagnostics = &diagnostics;
  context.threads = thread_count(r.threads);
  context.progress = r.progress;
  bool to_stdout = r.output.empty() || r.output == "-";
  ConversionResult result;
  result.output = to_stdout ? "-" : r.output;
  result.format = r.to;
  // A page in the writer's page form: to stdout, or staged into the output file.
  auto write_one_page = [&](Page&& page) {
    if (info.page_output == OutputKind::Binary && r.output.empty())
      throw UsageError("format " + r.to + " is binary: give -o FILE (or -o - for stdout)");
    result.text = writer->write_page(page, context);
    result.pages = 1;
    if (!to_stdout) {
      write_staged_file(r.output, result.text, r);
      result.text.clear();
    }
    if (r.process_ends_after) leave_to_process_end(std::move(page));
    return std::move(result);  // `result` is the caller's, not this lambda's: no implicit move
  };

  if (r.from == "json") {
    // One page as the json writer wrote it; its title is its own unless one is given.
    Page page = read_json(r.inputs.front() == "-" ? r.text : read_all(r.inputs.front()), r.inputs.front());
    if (!r.title.empty()) page.title = r.title;
    if (r.filter) r.filter(page);
    for (const auto& program : r.filter_programs) run_external_filter(program, r.to, page);
    cancelled();
    return write_one_page(std::move(page));
  }

  WikiOptions options = r.wiki;
  options.threads = thread_count(r.threads);
  // A copy of an opened index: the page filter below is this conversion's own.
  // The text of "-" is r's, which outlives this wiki: a huge page is not copied.
  Wiki wiki = r.wiki_index             ? *r.wiki_index
              : r.inputs.size() > 1    ? Wiki::open_files({r.inputs.begin(), r.inputs.end()}, options, diagnostics)
              : r.inputs.front() == "-" ? Wiki::from_borrowed_text(r.text, r.title, options)
                                       : open_input(r.inputs.front(), r.text, r.title, options, diagnostics);
  wiki.keep_original(writer->uses_original());
  if (!wiki.collisions().empty()) {
    const Collision& c = wiki.collisions().front();
    std::string files;
    for (const auto& f : c.files) files += (files.empty() ? "" : ", ") + f;
    throw Error(c.files.back(), 0, "files map to the same title \"" + c.title + "\": " + files + ": nothing written");
  }
  // Every page passes here on its way to the writer: the filter, and where a cancellation stops
  // the workers.
  wiki.set_page_filter([&](Page& page) {
    cancelled();
    std::string title = page.title;
    if (r.filter) r.filter(page);
    for (const auto& program : r.filter_programs) run_external_filter(program, r.to, page);
    // Links are resolved against the titles on disk, so a page renamed here loses its links.
    if (page.title != title && wiki.find(title))
      diagnostics.warn(page.source, 0, "a filter renamed \"" + title + "\" to \"" + page.title +
                                           "\": links to it still name the old title (wikiconv rename moves a page "
                                           "and its links)");
  });
  context.wiki = &wiki;

  if (wiki.single_page() && (to_stdout || info.wiki_output == WikiOutput::Directory)) {
    return write_one_page(wiki.load(wiki.pages().front(), diagnostics));
  }
  if (to_stdout && info.wiki_output == WikiOutput::Directory)
    throw UsageError("a wiki in the " + r.to + " format is a folder: give -o FOLDER");

  // The whole wiki, staged; stdout gets a dump or a book read back from its staged file.
  fs::path target = to_stdout ? fs::temp_directory_path() / "wikiconv-stdout" : fs::path(r.output);
  context.articles_written = &result.articles;
  // keep_going: a page that fails is reported and left out, and the wiki written again without
  // it. After the first failure one reading pass finds the others, so a wiki with many bad pages
  // is written at most about three times, and a wiki without any once.
  std::set<std::size_t> skipped;
  bool probed = false;
  std::optional<StagedOutput> staged;
  for (;;) {
    // Not a copy of the whole wiki when nothing is left out: its index is the memory of a huge one.
    std::optional<Wiki> cut;
    const Wiki& part = skipped.empty() ? wiki : cut.emplace(wiki.without(skipped));
    if (part.pages().empty() && !skipped.empty())
      throw Error("no page could be converted (see above): nothing written");
    Diagnostics attempt;  // a failed attempt's warnings come again in the next one
    context.diagnostics = &attempt;
    context.wiki = &part;
    staged.emplace(target, info.wiki_output);
    try {
      writer->write_wiki(part, staged->path(), context);
      diagnostics.merge(attempt);
      break;
    } catch (const Error& e) {
      bool input_error = !dynamic_cast<const Cancelled*>(&e) && !dynamic_cast<const UsageError*>(&e) &&
                         !dynamic_cast<const OutputError*>(&e);
      std::optional<std::size_t> page = input_error ? page_at(wiki, e.file()) : std::nullopt;
      if (page && !r.keep_going) {
        diagnostics.merge(attempt);
        diagnostics.add(Diagnostic{Severity::Error, e.file(), e.line(), e.message(), e.column(), {}});
        throw Error("a page could not be converted (see above): nothing written; --keep-going writes the rest");
      }
      if (!page || skipped.count(*page)) {
        diagnostics.merge(attempt);
        if (!input_error || (!e.file().empty() && e.file() != staged->path().string())) throw;
        // An error naming the output (or no file) is the output's.
        throw OutputError(r.output, 0, e.message());
      }
      diagnostics.add(Diagnostic{Severity::Error, e.file(), e.line(), e.message(), e.column(), {}});
      skipped.insert(*page);
      if (!probed) {
        probed = true;
        for (std::size_t p : pages_that_fail(wiki, skipped, context.threads, cancelled, diagnostics)) skipped.insert(p);
      }
    }
  }
  context.wiki = &wiki;
  context.diagnostics = &diagnostics;
  cancelled();
  // Files the walk could not read, and pages that failed: the output would lack them.
  std::set<std::string> failed = files_with_errors(diagnostics, errors_before);
  if (!failed.empty() && !r.keep_going)
    throw Error(std::to_string(failed.size()) + " file" + (failed.size() == 1 ? "" : "s") +
                " could not be converted (see above): nothing written; --keep-going writes the rest");
  std::size_t failed_pages = 0;
  if (!failed.empty())  // else no page failed: no path to make per page
    for (const auto& p : wiki.pages()) failed_pages += failed.count(p.shown_path());
  result.pages = wiki.pages().size() - failed_pages;
  result.skipped = failed.size();
  if (to_stdout) {
    result.text = read_all(staged->path().string());
  } else {
    staged->commit();
  }
  return result;
}

}  // namespace wikiconv
