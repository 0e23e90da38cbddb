#include "util/shared_library.hpp"

#include <dlfcn.h>

namespace wikiconv {

SharedLibrary::SharedLibrary(const char* soname, const char* what) : soname_(soname), what_(what) {
  handle_ = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (!handle_) {
    const char* error = dlerror();
    problem_ = what_ + " cannot be loaded (" + (error ? error : soname_) + ")";
  }
}

void* SharedLibrary::symbol(const char* name) {
  if (!handle_) return nullptr;
  void* found = dlsym(handle_, name);
  if (!found && problem_.empty()) problem_ = what_ + " (" + soname_ + ") has no function " + name;
  return found;
}

}  // namespace wikiconv
