// pandoc's --filter for wikiconv: a page's JSON (docs/json-format.md) piped through a program,
// whose standard output is the page's new JSON.
#pragma once

#include <string>

#include "wikiconv/model.hpp"

namespace wikiconv {

// Runs `program` (a path, or a name looked up in PATH; a .py file runs with python3) with the
// page's JSON on its stdin and the target format as its one argument, as pandoc does, and
// replaces `page` with the page its stdout holds. Throws Error naming the page's file when the
// program cannot run, fails, or prints something that is not a page.
void run_external_filter(const std::string& program, const std::string& format, Page& page);

}  // namespace wikiconv
