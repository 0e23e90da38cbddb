// malloc's settings for a conversion, see malloc_tuning.cpp.
#pragma once

namespace wikiconv::cli {

// Sets malloc (mimalloc, or glibc's in a build without it) for the input named in `argv`: for a
// wiki or a big page, where the kernel gives transparent huge pages on request, huge pages on
// every thread; for a small page, memory given back as soon as it is free (mimalloc) or kept in
// the heap (glibc). Call it first in main().
void tune_malloc(char** argv);

}  // namespace wikiconv::cli
