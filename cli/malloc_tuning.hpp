// malloc's settings for a conversion, see malloc_tuning.cpp.
#pragma once

namespace wikiconv::cli {

// Keeps big blocks in malloc's heaps and the heaps untrimmed; for an input of a big page, also
// grows malloc's heap by what the page will need, in transparent huge pages where the kernel
// gives them. Call it first in main().
void tune_malloc(char** argv);

}  // namespace wikiconv::cli
