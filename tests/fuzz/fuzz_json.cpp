// Fuzz target: the JSON reader. Any bytes give a page or a clean Error, and a page it accepts
// (any tree the model allows, not only what the Markdown reader builds) is written by every
// registered writer into well-formed, safe output.
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "output_checks.hpp"

#include "wikiconv/wikiconv.hpp"

using namespace wikiconv;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Page page;
  try {
    page = read_json(text, "fuzz.json");
  } catch (const Error&) {
    return 0;
  }
  Diagnostics diagnostics;
  WriteContext context;
  context.diagnostics = &diagnostics;
  for (const auto& info : writers()) {
    std::string out;
    try {
      out = info.make(Options{})->write_page(page, context);
    } catch (const Error&) {
      continue;  // a clear error for a model a writer cannot express is fine; a crash is not
    }
    std::string problem = checks::writer_output_problems(info.name, info.page_output == OutputKind::Binary, out);
    if (!problem.empty()) fuzz::fail("fuzz_json", info.name, "output", problem);
  }
  return 0;
}
