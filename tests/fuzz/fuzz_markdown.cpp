// Fuzz target: the Markdown reader. Any bytes must give a page (or, under strict, a clean
// Error for invalid UTF-8) whose text is valid UTF-8, that copies and compares equal, that is
// the same (nodes, lines, diagnostics) when the HTML parser reads the page's raw HTML in pieces
// with runs of text as one character each, or the whole document plainly, and that survives the JSON round trip unchanged; with the text
// as read kept, the gfm writer's page (its blocks written as read) must read back as the same
// page. Read as a big page, its blocks finished one by one must read as cmark's whole tree.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "fuzz_support.hpp"
#include "output_checks.hpp"
#include "readers/html_reader.hpp"
#include "readers/html_text_runs.hpp"
#include "readers/markdown_reader.hpp"
#include "wikiconv/wikiconv.hpp"

using namespace wikiconv;

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) { fuzz::fail("fuzz_markdown", {}, what, detail); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ReadOptions options;
  // The last byte picks the options, so both paths are explored from one corpus.
  if (size > 0) {
    options.strict = (data[size - 1] & 1) != 0;
    options.keep_original = (data[size - 1] & 2) != 0;
  }
  Diagnostics diagnostics;
  Page page;
  try {
    page = read_markdown(text, options, diagnostics, "fuzz.md");
  } catch (const Error& e) {
    if (!options.strict) fail("Error without --strict", e.what());
    return 0;
  }
  // Another reading of the same text must give the same nodes, lines and diagnostics.
  auto expect_same = [&](const Page& a, const Diagnostics& ad, const Page& b, const Diagnostics& bd, const char* what,
                         const char* whole) {
    if (!(a.body == b.body) || a.categories != b.categories || a.category_links != b.category_links)
      fail(what, std::string("another page than ") + whole + " gives");
    NodeIterator x(a.body), y(b.body);
    while (x.next() && y.next())
      if (x.node().line != y.node().line) fail(what, std::string("another line than ") + whole + " gives");
    std::vector<Diagnostic> da = ad.items(), db = bd.items();
    bool same = da.size() == db.size();
    for (std::size_t i = 0; same && i < da.size(); ++i) same = da[i].line == db[i].line && da[i].message == db[i].message;
    if (!same) fail(what, std::string("other diagnostics than ") + whole + " gives");
  };
  {
    Diagnostics whole_diagnostics;
    set_html_pieces(HtmlPieces::Whole);
    set_html_text_runs(false);
    Page whole = read_markdown(text, options, whole_diagnostics, "fuzz.md");
    set_html_text_runs(true);
    set_html_pieces(HtmlPieces::Split);
    expect_same(page, diagnostics, whole, whole_diagnostics, "HTML in pieces", "the whole document");
  }
  {
    // Read as a big page: its blocks parsed first and finished one by one, or cmark's whole tree.
    Diagnostics blockwise_diagnostics, tree_diagnostics;
    set_big_page_reading(0, true);
    Page blockwise = read_markdown(text, options, blockwise_diagnostics, "fuzz.md");
    set_big_page_reading(0, false);
    Page tree = read_markdown(text, options, tree_diagnostics, "fuzz.md");
    set_big_page_reading(kBigPageBytes, true);
    expect_same(blockwise, blockwise_diagnostics, tree, tree_diagnostics, "blockwise parse", "cmark's whole tree");
  }
  NodeIterator it(page.body);
  while (it.next()) {
    const Node& n = it.node();
    for (const std::string* s : {&n.text, &n.target.str(), &n.anchor.str(), &n.title.str(), &n.info.str(), &n.label.str()})
      if (std::string p = checks::invalid_utf8(*s); !p.empty()) fail("model string", p);
  }
  Page copy = page;
  if (!(copy.body == page.body)) fail("copy", "differs from the original");

  Options json_options;
  json_options.set("positions", "true");
  WriteContext context;
  context.diagnostics = &diagnostics;
  std::string json = make_writer("json", json_options)->write_page(page, context);
  Page back;
  try {
    back = read_json(json, "fuzz.json");
  } catch (const Error& e) {
    fail("read_json of the json writer's output", e.what());
  }
  if (!(back.body == page.body)) fail("json round trip", "body differs");
  if (back.categories != page.categories) fail("json round trip", "categories differ");

  if (page.original) {
    std::string kept = make_writer("gfm", Options())->write_page(page, context);
    Diagnostics ignored;
    Page again = read_markdown(kept, ReadOptions(), ignored, "kept.md");
    if (!(again.body == page.body)) fail("gfm as read", "reads back as another body:\n" + kept);
    if (again.categories != page.categories || again.redirect != page.redirect) fail("gfm as read", "categories or redirect differ");
  }
  return 0;
}
