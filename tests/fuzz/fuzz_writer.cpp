// Fuzz target: Markdown in, a writer's output out. $WIKICONV_FUZZ_FORMAT names the writer
// ("all" or unset: every registered writer), so writers registered later are fuzzed without
// changes here. Checks: text output is valid UTF-8; XML output (and, for whole-file writers such
// as the MediaWiki dump, the written file) is well-formed; json parses back to the same page;
// html and EPUB content carry no script; an EPUB's members are well-formed XML.
// WIKICONV_FUZZ_LIST=1 prints the registered writer names and exits (scripts/fuzz uses it).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "output_checks.hpp"
#include "fuzz_support.hpp"
#include "wikiconv/wikiconv.hpp"

using namespace wikiconv;
namespace fs = std::filesystem;

namespace {

std::vector<const WriterInfo*> g_writers;
fs::path g_scratch;

[[noreturn]] void fail(std::string_view format, const char* what, const std::string& detail) {
  fuzz::fail("fuzz_writer", format, what, detail);
}
using fuzz::read_all;

void check_output(const WriterInfo& info, const Page& page, const std::string& out) {
  std::string_view name = info.name;
  if (std::string p = checks::writer_output_problems(name, info.page_output == OutputKind::Binary, out); !p.empty())
    fail(name, "output", p);
  // The MediaWiki dump must be well-formed even when written without an XML declaration.
  if (name == "mediawiki" && !checks::looks_like_xml(out) && out.find("<mediawiki") != std::string::npos)
    if (std::string p = checks::malformed_xml(out); !p.empty()) fail(name, "XML", p);
  if (name == "json") {
    Page back;
    try {
      back = read_json(out, "fuzz.json");
    } catch (const Error& e) {
      fail(name, "read_json", e.what());
    }
    if (!(back.body == page.body)) fail(name, "round trip", "body differs");
    if (back.title != page.title) fail(name, "round trip", "title differs: " + back.title);
  }
}

// Whole-file writers (the MediaWiki dump, the EPUB book): write the wiki of this one page and
// check the file, so the dump path is fuzzed too.
void check_wiki_file(const WriterInfo& info, const Writer& writer, const Wiki& wiki, const WriteContext& context) {
  fs::path out = g_scratch / (std::string("out.") + std::string(info.name));
  std::error_code ec;
  fs::remove_all(out, ec);
  try {
    writer.write_wiki(wiki, out, context);
  } catch (const Error&) {
    return;  // a clear error is an outcome
  }
  if (!fs::is_regular_file(out)) return;
  std::string data = read_all(out);
  if (data.size() >= 4 && data.compare(0, 4, "PK\x03\x04") == 0) {
    if (std::string p = checks::epub_problems(data); !p.empty()) fail(info.name, "EPUB file", p);
  } else if (checks::looks_like_xml(data) || (!data.empty() && data[0] == '<')) {
    if (std::string p = checks::malformed_xml(data); !p.empty()) fail(info.name, "XML file", p);
  }
  for (const auto& entry : fs::directory_iterator(g_scratch))
    if (entry.path().filename().string().find(".tmp") != std::string::npos)
      fail(info.name, "temporary file left behind", entry.path().string());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* format = std::getenv("WIKICONV_FUZZ_FORMAT");
  std::string_view wanted = format && *format ? format : "all";
  if (const char* list = std::getenv("WIKICONV_FUZZ_LIST"); list && *list == '1') {
    for (const auto& w : writers()) std::printf("%.*s\n", static_cast<int>(w.name.size()), w.name.data());
    std::exit(0);
  }
  for (const auto& w : writers())
    if (wanted == "all" || w.name == wanted) g_writers.push_back(&w);
  if (g_writers.empty()) {
    std::fprintf(stderr, "fuzz_writer: no writer named %.*s\n", static_cast<int>(wanted.size()), wanted.data());
    std::exit(2);
  }
  g_scratch = fuzz::scratch_folder("wikiconv-fuzz-");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  // The page is a wiki of its own; its title comes from front matter when the input has one,
  // so hostile titles are fuzzed as well.
  WikiOptions wiki_options;
  Wiki wiki = Wiki::from_text(text, {}, wiki_options);
  Diagnostics diagnostics;
  Page page = wiki.load(wiki.pages().front(), diagnostics);
  for (const WriterInfo* info : g_writers) {
    Options options;
    if (info->name == "json") options.set("positions", "true");
    std::unique_ptr<Writer> writer = info->make(options);
    WriteContext context;
    context.wiki = &wiki;
    context.diagnostics = &diagnostics;
    std::string out;
    try {
      out = writer->write_page(page, context);
    } catch (const Error&) {
      continue;
    }
    check_output(*info, page, out);
    if (info->wiki_output == WikiOutput::File) check_wiki_file(*info, *writer, wiki, context);
  }
  return 0;
}
