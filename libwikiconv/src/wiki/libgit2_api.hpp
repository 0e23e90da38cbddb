// libgit2, loaded when a wiki's history is first read. Linked, it and the libraries it brings
// (Kerberos, libssh2, mbed TLS, PCRE2, ...) took 8 ms of every start of the program: more than
// converting a small page, and most runs read no history. The headers are libgit2's own; the
// functions come from the library the build found (its soname, WIKICONV_LIBGIT2_SONAME).
#pragma once

#include <git2.h>

#include <string>

#include "util/shared_library.hpp"

namespace wikiconv {

#define WIKICONV_LIBGIT2_FUNCTIONS(X)                                                               \
  X(git_libgit2_init) X(git_error_last) X(git_oid_fromstr) X(git_oid_tostr)                         \
  X(git_repository_open_ext) X(git_repository_workdir) X(git_repository_free)                       \
  X(git_reference_name_to_id) X(git_revwalk_new) X(git_revwalk_sorting) X(git_revwalk_push_head)    \
  X(git_revwalk_next) X(git_revwalk_free) X(git_mailmap_from_repository) X(git_mailmap_free)        \
  X(git_commit_lookup) X(git_commit_parent) X(git_commit_parentcount) X(git_commit_summary)         \
  X(git_commit_time) X(git_commit_tree) X(git_commit_author_with_mailmap) X(git_commit_free)        \
  X(git_tree_free) X(git_signature_free) X(git_diff_tree_to_tree) X(git_diff_find_similar)          \
  X(git_diff_num_deltas) X(git_diff_get_delta) X(git_diff_free) X(git_blob_lookup)                  \
  X(git_blob_rawcontent) X(git_blob_rawsize) X(git_blob_free) X(git_status_list_new)                \
  X(git_status_list_entrycount) X(git_status_byindex) X(git_status_list_free)

// libgit2's functions used here, one pointer each, named as the functions are.
struct Libgit2 {
  WIKICONV_LIBGIT2_FUNCTIONS(WIKICONV_LIBRARY_POINTER)
};

// Loads and initialises libgit2 once for the process (never shut down: its global state is
// reference-counted, and a shutdown while another Wiki reads would pull it away). Returns false
// with `problem` set when it cannot be loaded.
bool load_libgit2(std::string& problem);
// The loaded functions; only after load_libgit2 returned true.
const Libgit2& git2();

}  // namespace wikiconv
