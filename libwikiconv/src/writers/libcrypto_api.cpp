#include "writers/libcrypto_api.hpp"

#include "wikiconv/diagnostics.hpp"

namespace wikiconv {

const Libcrypto& libcrypto() {
  static const LoadedLibrary<Libcrypto> loaded =
      load_library<Libcrypto>(WIKICONV_LIBCRYPTO_SONAME, "libcrypto", [](SharedLibrary& library, Libcrypto& table) {
        WIKICONV_LIBCRYPTO_FUNCTIONS(WIKICONV_LIBRARY_FIND)
      });
  if (!loaded.problem.empty()) throw Error(loaded.problem);
  return loaded.table;
}

}  // namespace wikiconv
