// A big page's cmark tree and model are hundreds of MB of fresh memory, and on a machine where
// a page fault is costly (a VM) touching it in 4 KB pages costs more than parsing: a 4 MB page
// spent a third of its time in the kernel's fault handler. glibc 2.35+ asks the kernel for
// transparent huge pages (2 MB) for malloc's heap when the tunable glibc.malloc.hugetlb=1 is
// set, which glibc reads only at start-up: so the program sets it and executes itself once.
// A wiki of small pages neither gains nor loses, so the program executes itself again (10 ms)
// only for an input of one big file; a 4 MB page takes about 40% less CPU time.
// With huge pages, every allocation above malloc's mmap threshold (128 KB, rising as it goes)
// is a mapping of its own that the kernel clears whole, and a growing output string takes a new
// one at each doubling: a 4 MB page to wikitext spent 40% of its time clearing them. A fixed
// threshold of 32 MB (malloc's maximum) keeps such blocks in the heap, whose memory is reused,
// and the heap is not trimmed (given back, to be cleared again when it grows) as the page is freed.
#include "huge_pages.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

namespace wikiconv::cli {

namespace {
// Set for the re-executed program: the caller's GLIBC_TUNABLES ("" when it had none), restored
// there so that the tunable does not reach programs it starts.
constexpr const char* kCallerTunables = "WIKICONV_CALLER_GLIBC_TUNABLES";
constexpr const char* kTunable = "glibc.malloc.hugetlb";
constexpr const char* kSettings =
    "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=4294967295";
// Inputs from this size up are worth huge pages: a 500 KB page takes a third less time, a
// 100 KB page gains nothing.
constexpr off_t kBigInput = 512 * 1024;

// Whether an argument names a file of kBigInput bytes or more, or is "-" for a standard input
// that is not a smaller file (a pipe's size is not known). An output file is not an input.
bool has_big_input(char** argv) {
  for (char** arg = argv + 1; *arg; ++arg) {
    if (std::strcmp(*arg, "-o") == 0 || std::strcmp(*arg, "--output") == 0) {
      if (!*++arg) break;
      continue;
    }
    struct stat st;
    if (std::strcmp(*arg, "-") == 0) {
      if (::fstat(0, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size >= kBigInput) return true;
    } else if (::stat(*arg, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= kBigInput) {
      return true;
    }
  }
  return false;
}

}  // namespace

void use_transparent_huge_pages(char** argv) {
#if defined(__linux__) && defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 35))
  if (const char* caller = std::getenv(kCallerTunables)) {  // this is the re-executed program
    std::string tunables(caller);
    if (tunables.empty()) unsetenv("GLIBC_TUNABLES");
    else setenv("GLIBC_TUNABLES", tunables.c_str(), 1);
    unsetenv(kCallerTunables);
    return;
  }
  const char* current = std::getenv("GLIBC_TUNABLES");
  std::string tunables = current ? current : "";
  if (tunables.find(kTunable) != std::string::npos) return;  // the caller chose
  if (!has_big_input(argv)) return;
  // Only when the kernel gives huge pages on request (transparent_hugepage "madvise" or "always").
  std::ifstream thp("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string modes;
  if (!std::getline(thp, modes) || modes.find("[never]") != std::string::npos) return;
  // Not under valgrind: its malloc takes the place of glibc's, and the program would leave it.
  if (const char* preload = std::getenv("LD_PRELOAD"); preload && std::strstr(preload, "vgpreload")) return;
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return;
  self[n] = '\0';
  setenv(kCallerTunables, tunables.c_str(), 1);
  setenv("GLIBC_TUNABLES", (tunables.empty() ? "" : tunables + ":").append(kSettings).c_str(), 1);
  execv(self, argv);
  // Not re-executed: run as we are.
  unsetenv(kCallerTunables);
  if (current) setenv("GLIBC_TUNABLES", current, 1);
  else unsetenv("GLIBC_TUNABLES");
#else
  (void)argv;
#endif
}

}  // namespace wikiconv::cli
