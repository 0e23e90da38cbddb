// The wikiconv command: a thin layer over libwikiconv.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <thread>

#include "wikiconv/wikiconv.hpp"

namespace fs = std::filesystem;
using namespace wikiconv;

namespace {

// Exit codes (README "Exit codes").
constexpr int kExitOk = 0;
constexpr int kExitErrors = 1;   // check found errors; conversion refused or failed on input
constexpr int kExitUsage = 2;    // bad command line
constexpr int kExitOutput = 3;   // output could not be written

struct Common {
  std::string input;
  bool strict = false;
  unsigned threads = 0;
  std::vector<std::string> namespaces;
  std::vector<std::string> main_prefixes;
  std::string title;
  TitleSource titles = TitleSource::Path;
};

void add_common(CLI::App* cmd, Common& c) {
  cmd->add_option("INPUT", c.input, "a wiki folder, one page file, or - for one page on stdin")->required();
  cmd->add_flag("--strict", c.strict, "invalid UTF-8 is an error, not a warning");
  cmd->add_option("-j,--threads", c.threads, "worker threads (default: all cores)");
  cmd->add_option("--namespace", c.namespaces, "declare a namespace prefix (repeatable)");
  cmd->add_option("--main-namespace", c.main_prefixes,
                  "keep titles with this prefix in the main namespace (repeatable)");
  cmd->add_option("--title", c.title, "title of a page read from a file or stdin");
  cmd->add_option("--titles", c.titles,
                  "titles of pages that declare none: 'path' (folders are subpages, the default) or 'name' "
                  "(folders only sort the files)")
      ->transform(CLI::CheckedTransformer(std::map<std::string, TitleSource>{{"path", TitleSource::Path},
                                                                          {"name", TitleSource::Name}}));
}

unsigned thread_count(unsigned requested) {
  if (requested > 0) return requested;
  unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : hw;
}

Wiki open_input(const Common& c, Diagnostics& diagnostics) {
  WikiOptions options;
  options.read.strict = c.strict;
  options.namespaces = c.namespaces;
  options.main_namespace_prefixes = c.main_prefixes;
  options.titles = c.titles;
  options.threads = thread_count(c.threads);
  if (c.input == "-") {
    std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    return Wiki::from_text(std::move(text), c.title.empty() ? "Untitled" : c.title, options);
  }
  std::error_code ec;
  if (fs::is_directory(c.input, ec)) return Wiki::open(c.input, options, diagnostics);
  if (!fs::exists(c.input, ec)) throw Error(c.input, 0, "no such file or folder");
  Wiki wiki = Wiki::open_file(c.input, options, diagnostics);
  if (!c.title.empty()) {
    // A title given on the command line wins over the file name.
    std::string text;
    std::ifstream in(c.input, std::ios::binary);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return Wiki::from_text(std::move(text), c.title, options);
  }
  return wiki;
}

void print_diagnostics(const Diagnostics& diagnostics) {
  for (const auto& d : diagnostics.items()) std::cerr << "wikiconv: " << d.format() << "\n";
}

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
  CLI::App app{"wikiconv: convert a wiki of Markdown pages (as pandoc writes them for MediaWiki) to\n"
               "MediaWiki, DokuWiki, EPUB, HTML and JSON."};
  app.set_version_flag("--version", std::string("wikiconv ") + std::string(version()));
  app.require_subcommand(1);
  app.footer("Exit codes: 0 ok, 1 errors in the input (or check found errors), 2 bad usage, 3 output not written.");

  Common conv;
  std::string format, output, from = "markdown";
  std::vector<std::string> option_pairs;
  bool quiet = false, progress = false;
  CLI::App* convert = app.add_subcommand("convert", "convert a wiki or one page");
  add_common(convert, conv);
  convert->add_option("-t,--to", format, "output format (see `wikiconv formats`)")->required();
  convert->add_option("-f,--from", from, "input format of a single page: markdown (default) or json");
  convert->add_option("-o,--output", output, "output file or folder (a page of text goes to stdout without it)");
  convert->add_option("-O,--option", option_pairs, "writer option NAME=VALUE (repeatable; see `wikiconv formats`)");
  convert->add_flag("-q,--quiet", quiet, "no progress bar and no summary line");
  convert->add_flag("--progress", progress, "show a progress bar even when stderr is not a terminal");

  Common chk;
  bool json = false;
  CLI::App* check = app.add_subcommand("check", "report pages, categories, broken links and collisions");
  add_common(check, chk);
  check->add_flag("--json", json, "print the report as JSON");

  CLI::App* formats = app.add_subcommand("formats", "list output formats and their options");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }

  Diagnostics diagnostics;
  try {
    if (*formats) {
      std::cout << formats_help();
      return kExitOk;
    }
    if (*check) {
      Wiki wiki = open_input(chk, diagnostics);
      Report report = build_report(wiki, thread_count(chk.threads), diagnostics);
      std::cout << (json ? report.to_json() : report.to_text());
      print_diagnostics(diagnostics);
      return (report.errors > 0 || diagnostics.error_count() > 0) ? kExitErrors : kExitOk;
    }

    Options options;
    for (const auto& kv : option_pairs) {
      std::size_t eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) {
        std::cerr << "wikiconv: -O expects NAME=VALUE, got \"" << kv << "\"\n";
        return kExitUsage;
      }
      options.set(kv.substr(0, eq), kv.substr(eq + 1));
    }
    const WriterInfo& info = writer_info(format);
    auto writer = info.make(options);
    WriteContext context;
    context.diagnostics = &diagnostics;
    context.threads = thread_count(conv.threads);
    context.progress = !quiet && (progress || isatty(STDERR_FILENO));

    if (from == "json") {
      std::string text;
      if (conv.input == "-") text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
      else {
        std::ifstream in(conv.input, std::ios::binary);
        if (!in) throw Error(conv.input, 0, "cannot read file");
        text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      }
      Page page = read_json(text, conv.input);
      std::string result = writer->write_page(page, context);
      if (output.empty()) std::cout << result;
      else {
        std::ofstream out(output, std::ios::binary);
        out << result;
      }
      print_diagnostics(diagnostics);
      return kExitOk;
    }

    Wiki wiki = open_input(conv, diagnostics);
    if (!wiki.collisions().empty()) {
      print_diagnostics(diagnostics);
      std::cerr << "wikiconv: refusing to convert: two or more files map to one title (see above)\n";
      return kExitErrors;
    }
    bool single_page = conv.input == "-" || !fs::is_directory(conv.input);
    context.wiki = &wiki;
    if (output.empty()) {
      if (!single_page) {
        std::cerr << "wikiconv: converting a wiki folder needs -o OUTPUT\n";
        return kExitUsage;
      }
      if (info.page_output == OutputKind::Binary) {
        std::cerr << "wikiconv: format " << format << " is binary: give -o OUTPUT\n";
        return kExitUsage;
      }
      Page page = wiki.load(wiki.pages().front(), diagnostics);
      std::string text = writer->write_page(page, context);
      std::fwrite(text.data(), 1, text.size(), stdout);
      print_diagnostics(diagnostics);
      return diagnostics.error_count() ? kExitErrors : kExitOk;
    }
    try {
      if (single_page && info.wiki_output == WikiOutput::Directory) {
        Page page = wiki.load(wiki.pages().front(), diagnostics);
        std::string text = writer->write_page(page, context);
        std::ofstream out(output, std::ios::binary);
        if (!out || !(out << text)) throw Error(output, 0, "cannot write file");
      } else {
        writer->write_wiki(wiki, output, context);
      }
    } catch (const Error& e) {
      print_diagnostics(diagnostics);
      std::cerr << "wikiconv: error: " << e.what() << "\n";
      return e.file() == output || e.file().empty() ? kExitOutput : kExitErrors;
    }
    print_diagnostics(diagnostics);
    if (!quiet)
      std::cerr << "wikiconv: wrote " << output << " (" << wiki.pages().size() << " page"
                << (wiki.pages().size() == 1 ? "" : "s") << ", " << format << ")\n";
    return diagnostics.error_count() ? kExitErrors : kExitOk;
  } catch (const Error& e) {
    print_diagnostics(diagnostics);
    std::cerr << "wikiconv: error: " << e.what() << "\n";
    return kExitErrors;
  } catch (const std::exception& e) {
    print_diagnostics(diagnostics);
    std::cerr << "wikiconv: error: " << e.what() << "\n";
    return kExitErrors;
  }
}
