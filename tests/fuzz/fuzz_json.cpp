// Fuzz target: the JSON reader. Any bytes give a page or a clean Error, and a page it accepts
// can be written by every registered writer.
#include <cstdint>
#include <string_view>

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
    try {
      (void)info.make(Options{})->write_page(page, context);
    } catch (const Error&) {
      // A clear error for a model a writer cannot express is fine; a crash is not.
    }
  }
  return 0;
}
