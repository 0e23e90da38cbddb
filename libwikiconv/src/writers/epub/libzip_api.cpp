#include "writers/epub/libzip_api.hpp"

#include "wikiconv/diagnostics.hpp"

namespace wikiconv::epub {

const Libzip& libzip() {
  static const LoadedLibrary<Libzip> loaded =
      load_library<Libzip>(WIKICONV_LIBZIP_SONAME, "libzip", [](SharedLibrary& library, Libzip& table) {
        WIKICONV_LIBZIP_FUNCTIONS(WIKICONV_LIBRARY_FIND)
      });
  if (!loaded.problem.empty()) throw Error(loaded.problem + ": no EPUB can be written");
  return loaded.table;
}

}  // namespace wikiconv::epub
