// malloc's settings for a conversion, which allocates and frees a page's tree at a time.
//
// Big blocks stay in malloc's heaps and the heaps are not trimmed, for every input: above
// malloc's mmap threshold (128 KB, rising as it goes) every allocation is a mapping of its own,
// cleared anew by the kernel, and a growing output string takes a new one at each doubling (a 4
// MB page to wikitext spent 40% of its time so); and a heap trimmed after each page is faulted in
// again for the next (a worker thread's arena is a heap of its own that glibc shrinks and grows
// page by page): -j2 on the OWASP wiki takes 2% less time so. A fixed threshold of 32 MB
// (malloc's maximum) and no trimming cost no peak memory: what is kept is reused by the next
// page.
//
// A big page's cmark tree and model are hundreds of MB of fresh memory, and on a machine where
// a page fault is costly (a VM) touching it in 4 KB pages costs more than parsing: a 4 MB page
// spent a third of its time in the kernel's fault handler. So for a big input the program asks
// the kernel for transparent huge pages (2 MB) for malloc's heap, as glibc's tunable
// glibc.malloc.hugetlb=1 would (which glibc reads only at start-up: it would take executing the
// program again, 17 ms): the heap is grown once by what the page will need, and that range
// advised MADV_HUGEPAGE. A 4 MB page takes about 40% less CPU time; a wiki of small pages
// neither gains nor loses by huge pages, and gets none.
#include "malloc_tuning.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

namespace wikiconv::cli {

namespace {

// Inputs from this size up are worth huge pages: a 500 KB page takes a third less time, a
// 100 KB page gains nothing.
constexpr off_t kBigInput = 512 * 1024;
// What a page needs at most, per byte of Markdown (measured: 16-17), with room; and what a
// standard input of unknown size (a pipe) is given. Address space only: what is not touched
// costs no memory.
constexpr std::size_t kHeapPerInputByte = 24;
constexpr std::size_t kPipeReserve = std::size_t(512) << 20;
constexpr std::size_t kHugePage = std::size_t(2) << 20;

// The size of the biggest input argument of kBigInput bytes or more (a file, or "-" for standard
// input), 0 when there is none. An output file is not an input.
std::size_t big_input_size(char** argv) {
  std::size_t biggest = 0;
  for (char** arg = argv + 1; *arg; ++arg) {
    if (std::strcmp(*arg, "-o") == 0 || std::strcmp(*arg, "--output") == 0) {
      if (!*++arg) break;
      continue;
    }
    struct stat st;
    bool is_stdin = std::strcmp(*arg, "-") == 0;
    if (is_stdin ? ::fstat(0, &st) != 0 : ::stat(*arg, &st) != 0) continue;
    if (is_stdin && !S_ISREG(st.st_mode)) biggest = std::max(biggest, kPipeReserve / kHeapPerInputByte);
    else if (S_ISREG(st.st_mode) && st.st_size >= kBigInput) biggest = std::max(biggest, std::size_t(st.st_size));
  }
  return biggest;
}

}  // namespace

void tune_malloc(char** argv) {
#if defined(__linux__) && defined(__GLIBC__)
  // The caller's own malloc settings win.
  if (const char* tunables = std::getenv("GLIBC_TUNABLES"); tunables && std::strstr(tunables, "glibc.malloc")) return;
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, INT_MAX);
  std::size_t input = big_input_size(argv);
  if (input == 0) return;
  // Only when the kernel gives huge pages on request (transparent_hugepage "madvise" or "always").
  std::ifstream thp("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string modes;
  if (!std::getline(thp, modes) || modes.find("[never]") != std::string::npos) return;
  // Grow the heap once by all the page will need (an allocation bigger than its free top, with
  // that much padding), then advise the new range.
  std::size_t reserve = std::min<std::size_t>(input * kHeapPerInputByte, INT_MAX);
  mallopt(M_TOP_PAD, static_cast<int>(reserve));
  auto* before = static_cast<char*>(sbrk(0));
  void* volatile block = std::malloc(1 << 20);  // volatile: the compiler may drop a malloc/free pair
  std::free(block);
  auto* after = static_cast<char*>(sbrk(0));
  mallopt(M_TOP_PAD, 128 * 1024);  // malloc's default
  // Not when malloc is not glibc's (valgrind's does not use the heap) or the heap did not grow.
  auto start = (reinterpret_cast<std::uintptr_t>(before) + kHugePage - 1) & ~(kHugePage - 1);
  auto end = reinterpret_cast<std::uintptr_t>(after);
  if (before == reinterpret_cast<char*>(-1) || end <= start + kHugePage) return;
  ::madvise(reinterpret_cast<void*>(start), end - start, MADV_HUGEPAGE);
#else
  (void)argv;
#endif
}

}  // namespace wikiconv::cli
