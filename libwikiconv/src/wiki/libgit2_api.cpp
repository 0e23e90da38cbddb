#include "wiki/libgit2_api.hpp"

#include <mutex>

#include "util/shared_library.hpp"

namespace wikiconv {

namespace {

Libgit2 table;
std::string load_problem;

void load() {
  SharedLibrary library(WIKICONV_LIBGIT2_SONAME, "libgit2");
  WIKICONV_LIBGIT2_FUNCTIONS(WIKICONV_LIBRARY_FIND)
  load_problem = library.problem();
  if (load_problem.empty() && table.git_libgit2_init() < 0) load_problem = "libgit2 cannot be initialised";
}

}  // namespace

bool load_libgit2(std::string& problem) {
  static std::once_flag once;
  std::call_once(once, load);
  problem = load_problem;
  return load_problem.empty();
}

const Libgit2& git2() { return table; }

}  // namespace wikiconv
