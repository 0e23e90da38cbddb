// OpenSSL's libcrypto (SHA-1 and base64), loaded when a writer first needs it: a MediaWiki dump
// (each revision's sha1), its media uploads, an EPUB's identifier. See util/shared_library.hpp:
// linked, it was loaded and relocated at every start of the program, for every format. The
// headers are OpenSSL's own; the functions come from the library the build found
// (WIKICONV_LIBCRYPTO_SONAME).
#pragma once

#include <openssl/evp.h>
#include <openssl/sha.h>

#include "util/shared_library.hpp"

namespace wikiconv {

#define WIKICONV_LIBCRYPTO_FUNCTIONS(X)                                                            \
  X(SHA1) X(EVP_EncodeBlock) X(EVP_MD_CTX_new) X(EVP_MD_CTX_free) X(EVP_DigestInit_ex)             \
  X(EVP_DigestUpdate) X(EVP_DigestFinal_ex) X(EVP_sha1)

// libcrypto's functions used here, one pointer each, named as the functions are.
struct Libcrypto {
  WIKICONV_LIBCRYPTO_FUNCTIONS(WIKICONV_LIBRARY_POINTER)
};

// The functions, libcrypto loaded at the first call. Throws Error when it cannot be loaded.
const Libcrypto& libcrypto();

}  // namespace wikiconv
