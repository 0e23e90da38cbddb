// libzip, loaded when the first EPUB is written (see util/shared_library.hpp): linked, it and
// the libraries it brings (OpenSSL's libcrypto, libbz2) were loaded at every start of the
// program. The headers are libzip's own; the functions come from the library the build found
// (its soname, WIKICONV_LIBZIP_SONAME).
#pragma once

#include <zip.h>

#include "util/shared_library.hpp"

namespace wikiconv::epub {

#define WIKICONV_LIBZIP_FUNCTIONS(X)                                                                 \
  X(zip_close) X(zip_discard) X(zip_error_fini) X(zip_error_init) X(zip_error_set)                   \
  X(zip_error_strerror) X(zip_error_to_data) X(zip_file_add) X(zip_file_set_dostime)                 \
  X(zip_file_set_external_attributes) X(zip_get_error) X(zip_open_from_source)                       \
  X(zip_set_file_compression) X(zip_source_buffer) X(zip_source_buffer_create) X(zip_source_close)   \
  X(zip_source_error) X(zip_source_file) X(zip_source_free) X(zip_source_function)                   \
  X(zip_source_function_create) X(zip_source_keep) X(zip_source_make_command_bitmap)                 \
  X(zip_source_open) X(zip_source_read) X(zip_source_stat) X(zip_stat_init)

// libzip's functions used here, one pointer each, named as the functions are.
struct Libzip {
  WIKICONV_LIBZIP_FUNCTIONS(WIKICONV_LIBRARY_POINTER)
};

// The functions, libzip loaded at the first call. Throws Error when it cannot be loaded.
const Libzip& libzip();

}  // namespace wikiconv::epub
