// Transparent huge pages for malloc (glibc's glibc.malloc.hugetlb tunable), see huge_pages.cpp.
#pragma once

namespace wikiconv::cli {

// Re-executes the program once with malloc's heap in transparent huge pages, unless it already
// runs so or cannot. Returns only when it does not re-execute; call it first in main().
void use_transparent_huge_pages(char** argv);

}  // namespace wikiconv::cli
