#include "wiki/libgit2_api.hpp"

#include <dlfcn.h>

#include <mutex>

namespace wikiconv {

namespace {

Libgit2 functions;
std::string load_problem;

void load() {
  void* library = dlopen(WIKICONV_LIBGIT2_SONAME, RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    const char* error = dlerror();
    load_problem = std::string("libgit2 cannot be loaded (") + (error ? error : WIKICONV_LIBGIT2_SONAME) + ")";
    return;
  }
#define WIKICONV_LIBGIT2_LOOKUP(name)                                                    \
  functions.name = reinterpret_cast<decltype(functions.name)>(dlsym(library, #name));   \
  if (!functions.name) {                                                                 \
    load_problem = "libgit2 (" WIKICONV_LIBGIT2_SONAME ") has no function " #name;       \
    return;                                                                              \
  }
  WIKICONV_LIBGIT2_FUNCTIONS(WIKICONV_LIBGIT2_LOOKUP)
#undef WIKICONV_LIBGIT2_LOOKUP
  if (functions.git_libgit2_init() < 0) load_problem = "libgit2 cannot be initialised";
}

}  // namespace

bool load_libgit2(std::string& problem) {
  static std::once_flag once;
  std::call_once(once, load);
  problem = load_problem;
  return load_problem.empty();
}

const Libgit2& git2() { return functions; }

}  // namespace wikiconv
