// Fuzz target: a whole wiki through every registered writer, on one thread and on three.
// The input is split at lines starting "@@@ " into at most 8 page files; the rest of such a line
// names the file (made tame here: the file system is not what is fuzzed), and a page may declare
// its title in front matter, so colliding and hostile titles, category pages and links between
// pages are fuzzed. Checks: a write finishes or throws wikiconv::Error; one thread and three
// write the same files with the same bytes; nothing appears beside the output (no temporary
// file left behind, nothing written outside it).
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string_view>

#include "fuzz_support.hpp"
#include "wikiconv/wikiconv.hpp"

using namespace wikiconv;
namespace fs = std::filesystem;

namespace {

fs::path g_scratch;
constexpr std::string_view kSeparator = "@@@ ";
constexpr std::size_t kMaxPages = 8;

[[noreturn]] void fail(std::string_view format, const char* what, const std::string& detail) {
  fuzz::fail("fuzz_wiki", format, what, detail);
}

// A file name from the separator line: letters, digits, space, '_', '-', ':' and ',' kept.
std::string file_name(std::string_view line, std::size_t index) {
  std::string name;
  for (char c : line.substr(0, 40)) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' ||
                c == '_' || c == '-' || c == ':' || c == ',';
    name += keep ? c : '_';
  }
  if (name.empty()) name = "Page " + std::to_string(index);
  return name + ".md";
}

// Writes the input's pages into `dir`.
void write_pages(std::string_view text, const fs::path& dir) {
  std::size_t index = 0, pos = 0;
  std::string name = "Main Page.md";
  while (index < kMaxPages) {
    std::size_t next = pos;
    for (;;) {  // the next separator at the start of a line
      next = text.find(kSeparator, next);
      if (next == std::string_view::npos || next == 0 || text[next - 1] == '\n') break;
      ++next;
    }
    std::string_view body = text.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos);
    if (pos > 0 || !body.empty()) std::ofstream(dir / name, std::ios::binary) << body;
    if (next == std::string_view::npos) break;
    std::size_t eol = text.find('\n', next);
    std::string_view line = text.substr(next + kSeparator.size(),
                                        eol == std::string_view::npos ? std::string_view::npos : eol - next - kSeparator.size());
    name = file_name(line, ++index);
    pos = eol == std::string_view::npos ? text.size() : eol + 1;
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  setenv("SOURCE_DATE_EPOCH", "1700000000", 1);  // times from the input, not the clock or git
  g_scratch = fuzz::scratch_folder("wikiconv-fuzz-wiki-");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const fs::path wiki_dir = g_scratch / "wiki";
  std::error_code ec;
  fs::remove_all(wiki_dir, ec);
  fs::create_directories(wiki_dir);
  write_pages(text, wiki_dir);
  Diagnostics open_diagnostics;
  WikiOptions wiki_options;
  wiki_options.threads = 2;
  Wiki wiki = Wiki::open(wiki_dir, wiki_options, open_diagnostics);
  for (const WriterInfo& info : writers()) {
    std::map<std::string, std::string> outputs[2];
    bool failed[2] = {false, false};
    const unsigned threads[2] = {1, 3};
    for (int k = 0; k < 2; ++k) {
      const fs::path run = g_scratch / "run";
      fs::remove_all(run, ec);
      fs::create_directories(run);
      const fs::path target = run / (info.wiki_output == WikiOutput::File ? "out.file" : "out");
      Diagnostics diagnostics;
      WriteContext context;
      context.diagnostics = &diagnostics;
      context.threads = threads[k];
      try {
        info.make(Options{})->write_wiki(wiki, target, context);
      } catch (const Error&) {
        failed[k] = true;  // a clear error is an outcome
      }
      for (const auto& entry : fs::directory_iterator(run))
        if (entry.path() != target) fail(info.name, "written beside the output", entry.path().string());
      if (!failed[k]) outputs[k] = fuzz::read_tree(target);
    }
    if (failed[0] != failed[1]) fail(info.name, "threads", "one thread and three disagree on failing");
    if (outputs[0] != outputs[1]) {
      std::string which;
      for (const auto& [name, bytes] : outputs[0]) {
        auto other = outputs[1].find(name);
        if (other == outputs[1].end() || other->second != bytes) which += " " + name;
      }
      fail(info.name, "threads", "one thread and three write different output:" + which);
    }
  }
  return 0;
}
