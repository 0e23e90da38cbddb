// malloc's settings for a conversion, see malloc_tuning.cpp.
#pragma once

namespace wikiconv::cli {

// Keeps big blocks in malloc's heaps and the heaps untrimmed; for a wiki or a big page, where the
// kernel gives transparent huge pages on request, also grows malloc's heap by what the input
// will need in huge pages, and gives each thread the library starts huge pages for its arena.
// Call it first in main().
void tune_malloc(char** argv);

}  // namespace wikiconv::cli
