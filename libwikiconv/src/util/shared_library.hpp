// A library opened when it is first needed rather than at the program's start (dlopen). Its
// functions come as a table of pointers named as the functions are, filled from an X-macro list:
//
//   #define LIBZIP_FUNCTIONS(X) X(zip_close) X(zip_open_from_source)
//   struct Libzip { LIBZIP_FUNCTIONS(WIKICONV_LIBRARY_POINTER) };
//   Libzip table;
//   SharedLibrary library(soname, "libzip");
//   LIBZIP_FUNCTIONS(WIKICONV_LIBRARY_FIND)  // then library.problem() says whether all are there
//
// Linked, a library and the ones it brings are loaded and relocated at every start: libzip and
// OpenSSL's libcrypto took 4 ms of each run, more than converting a small page, for formats
// that use neither.
#pragma once

#include <string>

namespace wikiconv {

// A pointer member named and typed as the library's function `name` (its header declares it).
#define WIKICONV_LIBRARY_POINTER(name) decltype(&::name) name = nullptr;
// Resolves `table.name` from `library` (both names in scope where the list is expanded).
#define WIKICONV_LIBRARY_FIND(name) library.find(table.name, #name);

class SharedLibrary {
 public:
  // Opens `soname` with its symbols kept to itself; `what` names it in problems ("libzip").
  SharedLibrary(const char* soname, const char* what);
  SharedLibrary(const SharedLibrary&) = delete;
  SharedLibrary& operator=(const SharedLibrary&) = delete;

  // Sets `pointer` to the function `name`, or records the problem (nothing when the library did
  // not open). The library stays loaded for the rest of the process.
  template <typename Function>
  void find(Function& pointer, const char* name) {
    pointer = reinterpret_cast<Function>(symbol(name));
  }
  // Empty when the library opened and had every function asked for.
  const std::string& problem() const { return problem_; }

 private:
  void* symbol(const char* name);
  void* handle_ = nullptr;
  std::string soname_, what_, problem_;
};

// A library's table as loaded once for the process, and why it could not be (empty when it was).
template <typename Table>
struct LoadedLibrary {
  Table table;
  std::string problem;
};

// Loads `soname`'s functions into a Table through `find_all(library, table)` (which expands the
// list with WIKICONV_LIBRARY_FIND).
template <typename Table, typename FindAll>
LoadedLibrary<Table> load_library(const char* soname, const char* what, FindAll find_all) {
  LoadedLibrary<Table> loaded;
  SharedLibrary library(soname, what);
  find_all(library, loaded.table);
  loaded.problem = library.problem();
  return loaded;
}

}  // namespace wikiconv
