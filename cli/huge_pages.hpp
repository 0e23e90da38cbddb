// Transparent huge pages for malloc's heap when the input is big, see huge_pages.cpp.
#pragma once

namespace wikiconv::cli {

// For an input of a big page: grows malloc's heap by what the page will need, in transparent
// huge pages where the kernel gives them, and keeps big blocks in it. Call it first in main().
void use_transparent_huge_pages(char** argv);

}  // namespace wikiconv::cli
