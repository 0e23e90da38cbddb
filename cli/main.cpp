// The wikiconv command: parses the command line into a ConversionRequest (or a check) and hands
// it to the library's front door; here are only the terminal's concerns: signals, what is
// printed, exit codes.
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <thread>

#include "malloc_tuning.hpp"
#include "wikiconv/conversion.hpp"
#include "wikiconv/wikiconv.hpp"

using namespace wikiconv;

namespace {

// Exit codes (README "Exit codes").
constexpr int kExitOk = 0;
constexpr int kExitErrors = 1;   // errors in the input; check found errors
constexpr int kExitUsage = 2;    // bad command line
constexpr int kExitOutput = 3;   // output could not be written

// The signal that asks the run to stop (0: none). A second one ends the process at once.
std::atomic<int> g_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void on_signal(int sig) {
  g_signal.store(sig);
  std::signal(sig, SIG_DFL);
}

void catch_signals() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, on_signal);
}

const char* signal_name(int sig) {
  switch (sig) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    default: return "a signal";
  }
}

struct Common {
  std::vector<std::string> inputs;
  bool strict = false;
  unsigned threads = 0;
  std::vector<std::string> namespaces;
  std::vector<std::string> main_prefixes;
  std::string title;
  TitleSource titles = TitleSource::Path;
};

void add_common(CLI::App* cmd, Common& c) {
  cmd->add_option("INPUT", c.inputs, "a wiki folder, page files (several form one wiki), or - for one page on stdin")->required();
  cmd->add_flag("--strict", c.strict, "invalid UTF-8 is an error, not a warning");
  cmd->add_option("-j,--threads", c.threads, "worker threads (default: all cores)");
  cmd->add_option("--namespace", c.namespaces, "declare a namespace prefix (repeatable)");
  cmd->add_option("--main-namespace", c.main_prefixes,
                  "keep titles with this prefix in the main namespace (repeatable)");
  cmd->add_option("--title", c.title, "title of a page read from a file or stdin");
  cmd->add_option("--titles", c.titles,
                  "titles of pages that declare none: path (folders are subpages, the default) or name "
                  "(folders only sort the files)")
      ->transform(CLI::CheckedTransformer(std::map<std::string, TitleSource>{{"path", TitleSource::Path},
                                                                          {"name", TitleSource::Name}})
                      .description("path|name"));
}

WikiOptions wiki_options(const Common& c) {
  WikiOptions options;
  options.read.strict = c.strict;
  options.namespaces = c.namespaces;
  options.main_namespace_prefixes = c.main_prefixes;
  options.titles = c.titles;
  options.threads = c.threads;
  return options;
}

// With read(2) in large pieces: std::cin goes through stdio a character at a time, a seventh
// of the time of a 4 MB page. A file on stdin is read into a string of its size, without the
// copies and slack of a growing one.
std::string read_stdin() {
  std::string text;
  struct stat st;
  if (fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode)) text.reserve(static_cast<std::size_t>(st.st_size));
  char piece[1 << 16];
  for (;;) {
    ssize_t n = read(STDIN_FILENO, piece, sizeof piece);
    if (n > 0) text.append(piece, static_cast<std::size_t>(n));
    else if (n == 0) return text;
    else if (errno != EINTR) throw Error("-", 0, std::string("stdin could not be read: ") + std::strerror(errno));
  }
}

enum class Verbosity { Quiet, Normal, Verbose };

// Diagnostics in one form, `wikiconv: PATH:LINE:COL: error|warning: ...`: every error; warnings
// up to a screenful (all with --verbose, none with --quiet), repeated kinds summarised.
void print_diagnostics(const Diagnostics& diagnostics, Verbosity verbosity) {
  constexpr std::size_t kWarnings = 25;
  std::vector<Diagnostic> items = diagnostics.items();
  if (verbosity == Verbosity::Quiet)
    std::erase_if(items, [](const Diagnostic& d) { return d.severity == Severity::Warning; });
  for (const auto& line : summarize(items, verbosity == Verbosity::Verbose ? 0 : kWarnings))
    std::cerr << "wikiconv: " << line << "\n";
}

void print_error(const Error& e) { std::cerr << "wikiconv: " << e.diagnostic().format() << "\n"; }

std::string formats_help() {
  std::string out = "Formats (-t):\n";
  for (const auto& w : writers()) {
    out += "  " + std::string(w.name) + ": " + std::string(w.description) + "\n";
    std::string_view opts = w.options_help;
    while (!opts.empty()) {
      std::size_t nl = opts.find('\n');
      std::string_view line = opts.substr(0, nl);
      out += (line.substr(0, 1) == " " ? "         " : "      -O ") + std::string(line) + "\n";
      if (nl == std::string_view::npos) break;
      opts.remove_prefix(nl + 1);
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  cli::tune_malloc(argv);
  CLI::App app{"wikiconv: convert a wiki of Markdown pages (as pandoc writes them for MediaWiki) to\n"
               "MediaWiki, DokuWiki, EPUB, HTML and JSON."};
  app.set_version_flag("--version", std::string("wikiconv ") + std::string(version()));
  app.require_subcommand(1);
  app.footer("Exit codes: 0 ok, 1 errors in the input (or check found errors), 2 bad usage, 3 output not written,\n"
             "128+N interrupted by signal N (the output is left as it was).");

  Common conv;
  ConversionRequest request;
  std::vector<std::string> option_pairs;
  bool quiet = false, verbose = false, progress = false, standalone = false, fail_if_warnings = false;
  CLI::App* convert = app.add_subcommand("convert", "convert a wiki or one page");
  add_common(convert, conv);
  convert->add_option("-t,--to", request.to, "output format (see `wikiconv formats`)")->required();
  convert->add_option("-f,--from", request.from, "input format of a single page: markdown (default) or json");
  convert->add_option("-o,--output", request.output,
                      "output file or folder; - or none: stdout (a page of text, or a dump or book as bytes)");
  convert->add_option("-O,--option", option_pairs, "writer option NAME=VALUE (repeatable; see `wikiconv formats`)");
  convert->add_flag("-s,--standalone", standalone, "html: a whole document (the other formats always are)");
  convert->add_flag("-q,--quiet", quiet, "print errors only: no warnings, progress bar or summary");
  convert->add_flag("-v,--verbose", verbose, "print every warning (default: the first 25)");
  convert->add_flag("--progress", progress, "show a progress bar even when stderr is not a terminal");
  convert->add_option("--filter", request.filter_programs,
                      "pipe each page's JSON through PROG (repeatable; docs/json-format.md), as pandoc's --filter");
  convert->add_flag("--keep-going", request.keep_going,
                    "write the pages that converted when others cannot be (default: write nothing)");
  convert->add_flag("--fail-if-warnings", fail_if_warnings, "exit 1 when there were warnings");

  Common chk;
  bool json = false;
  CLI::App* check = app.add_subcommand("check", "report pages, categories, redirects, broken links and collisions");
  add_common(check, chk);
  check->add_flag("--json", json, "print the report as JSON");
  std::string check_target;
  std::vector<std::string> format_names;
  for (const auto& w : writers()) format_names.emplace_back(w.name);
  check->add_option("-t,--to", check_target, "also report titles this format would write under one name")
      ->check(CLI::IsMember(format_names));

  CLI::App* formats = app.add_subcommand("formats", "list output formats and their options");

  std::string rename_wiki, rename_old, rename_new;
  CLI::App* rename = app.add_subcommand(
      "rename", "rename a page of a wiki folder in place: its file moves and every link to it follows");
  rename->add_option("WIKI", rename_wiki, "the wiki folder")->required();
  rename->add_option("OLD", rename_old, "the page's title")->required();
  rename->add_option("NEW", rename_new, "its new title")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    // An unknown subcommand: suggest the nearest one.
    for (int i = 1; code != 0 && i < argc; ++i) {
      std::string arg = argv[i];
      if (arg.empty() || arg[0] == '-') continue;
      std::string near = closest_name(arg, {"convert", "check", "formats", "rename"});
      if (!near.empty() && near != arg) std::cerr << "wikiconv: did you mean " << near << "?\n";
      break;
    }
    return code == 0 ? kExitOk : kExitUsage;
  }

  Diagnostics diagnostics;
  Verbosity verbosity = quiet ? Verbosity::Quiet : verbose ? Verbosity::Verbose : Verbosity::Normal;
  try {
    if (*formats) {
      std::cout << formats_help();
      return kExitOk;
    }
    if (*rename) {
      RenameResult renamed = rename_page(rename_wiki, rename_old, rename_new, WikiOptions(), diagnostics);
      print_diagnostics(diagnostics, verbosity);
      std::cerr << "wikiconv: renamed " << renamed.old_title << " to " << renamed.new_title << " (" << renamed.old_file
                << " -> " << renamed.new_file << "); " << renamed.links << " link" << (renamed.links == 1 ? "" : "s")
                << " in " << renamed.changed_files.size() << " other page" << (renamed.changed_files.size() == 1 ? "" : "s")
                << " changed\n";
      return kExitOk;
    }
    if (*check) {
      WikiOptions options = wiki_options(chk);
      const std::string& input = chk.inputs.front();
      Wiki wiki = chk.inputs.size() > 1 ? Wiki::open_files({chk.inputs.begin(), chk.inputs.end()}, options, diagnostics)
                  : open_input(input, input == "-" ? read_stdin() : std::string(), chk.title, options, diagnostics);
      Report report = build_report(wiki, options.threads, diagnostics, check_target);
      std::cout << (json ? report.to_json() : report.to_text());
      print_diagnostics(diagnostics, Verbosity::Normal);
      return (report.errors > 0 || diagnostics.error_count() > 0) ? kExitErrors : kExitOk;
    }

    for (const auto& kv : option_pairs) {
      std::size_t eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) throw UsageError("-O expects NAME=VALUE, got \"" + kv + "\"");
      request.options.set(kv.substr(0, eq), kv.substr(eq + 1));
    }
    if (standalone && request.to == "html") request.options.set("standalone", "true");
    request.inputs = conv.inputs;
    request.title = conv.title;
    request.wiki = wiki_options(conv);
    request.threads = conv.threads;
    request.progress = !quiet && (progress || isatty(STDERR_FILENO));
    request.cancel = &g_signal;
    if (request.inputs.size() == 1 && request.inputs.front() == "-") request.text = read_stdin();
    if (request.output == "-" && isatty(STDOUT_FILENO)) {
      auto info = std::find_if(writers().begin(), writers().end(), [&](const WriterInfo& w) { return w.name == request.to; });
      if (info != writers().end() && info->page_output == OutputKind::Binary)
        throw UsageError("format " + request.to + " is binary: not written to a terminal (redirect stdout)");
    }
    catch_signals();
    request.process_ends_after = true;  // this command converts once, then ends
    ConversionResult result = wikiconv::convert(request, diagnostics);
    if (!result.text.empty()) std::fwrite(result.text.data(), 1, result.text.size(), stdout);
    std::fflush(stdout);
    print_diagnostics(diagnostics, verbosity);
    if (!quiet && result.output != "-") std::cerr << "wikiconv: " << result.summary() << "\n";
    if (diagnostics.error_count() > 0) return kExitErrors;
    if (fail_if_warnings && diagnostics.warning_count() > 0) {
      std::cerr << "wikiconv: " << diagnostics.warning_count() << " warnings (--fail-if-warnings)\n";
      return kExitErrors;
    }
    return kExitOk;
  } catch (const Cancelled& e) {
    print_diagnostics(diagnostics, verbosity);
    std::cerr << "wikiconv: interrupted (" << signal_name(e.signal_number()) << "): "
              << (request.output.empty() || request.output == "-" ? "nothing written" : request.output + " left as it was")
              << "\n";
    return 128 + e.signal_number();
  } catch (const UsageError& e) {
    print_diagnostics(diagnostics, verbosity);
    print_error(e);
    return kExitUsage;
  } catch (const OutputError& e) {
    print_diagnostics(diagnostics, verbosity);
    print_error(e);
    return kExitOutput;
  } catch (const Error& e) {
    print_diagnostics(diagnostics, verbosity);
    print_error(e);
    return kExitErrors;
  } catch (const std::exception& e) {
    print_diagnostics(diagnostics, verbosity);
    std::cerr << "wikiconv: error: " << e.what() << "\n";
    return kExitErrors;
  }
}
