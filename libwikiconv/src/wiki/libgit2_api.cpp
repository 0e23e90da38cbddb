#include "wiki/libgit2_api.hpp"

#include <mutex>

#include "util/shared_library.hpp"

namespace wikiconv {

namespace {

LoadedLibrary<Libgit2> loaded;

void load() {
  loaded = load_library<Libgit2>(WIKICONV_LIBGIT2_SONAME, "libgit2", [](SharedLibrary& library, Libgit2& table) {
    WIKICONV_LIBGIT2_FUNCTIONS(WIKICONV_LIBRARY_FIND)
  });
  if (loaded.problem.empty() && loaded.table.git_libgit2_init() < 0) loaded.problem = "libgit2 cannot be initialised";
}

}  // namespace

bool load_libgit2(std::string& problem) {
  static std::once_flag once;
  std::call_once(once, load);
  problem = loaded.problem;
  return loaded.problem.empty();
}

const Libgit2& git2() { return loaded.table; }

}  // namespace wikiconv
