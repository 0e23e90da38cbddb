// malloc's settings for a conversion, which allocates and frees a page's tree at a time.
//
// The program's malloc is mimalloc (Debian's libmimalloc, linked ahead of the C library so that
// cmark-gfm, gumbo and the C++ library allocate from it too; cli/CMakeLists.txt), except in the
// sanitizer builds, whose malloc is the sanitizer's, and where the build was told not to use
// it; glibc's malloc is then tuned as below. mimalloc takes a page's tree of small blocks from
// per-size pages of 64 KB and gives them back without searching bins: on a 4 MB page glibc
// spent 15% of the time in _int_malloc, _int_free and unlink_chunk (the cmark tree is freed block
// by block while the model is built, which leaves glibc's bins fragmented).
//
// Memory a thread touches first costs a page fault per 4 KB, and on a VM a fault is dear (12 us
// here: 6 MB touched in 18 ms, or in 0.4 ms as 2 MB pages). A big page's cmark tree and model are
// hundreds of MB of fresh memory (a 4 MB page spent a third of its time in the fault handler).
// So where the kernel gives transparent huge pages on request ("madvise" or "always"):
// - mimalloc: a big page (kBigInput or more, or standard input that is not a file) and a wiki
//   get large OS pages (mi_option_large_os_pages: each new 32 MB segment advised MADV_HUGEPAGE),
//   a thread's first segment included (eager_commit_delay 0: a worker thread faulted 4 KB at a
//   time, 5,600 faults for the OWASP wiki at -j2, 900 so), and the segment made before main()
//   (static constructors allocate) is advised here, as the program's first allocations fill it
//   (without: the 4 MB page took 1.6 times as long). A smaller page gets none, and mimalloc
//   gives its emptied pages back at once (page_reset, no delay): a 100 KB page's peak is then 19
//   bytes per byte of Markdown above an empty page's, not 26 (mimalloc keeps a page per size).
// - glibc: big blocks stay in malloc's heaps and the heaps are not trimmed, for every input:
//   above malloc's mmap threshold (128 KB, rising as it goes) every allocation is a mapping of
//   its own, cleared anew by the kernel, and a growing output string takes a new one at each
//   doubling (a 4 MB page to wikitext spent 40% of its time so); and a heap trimmed after each
//   page is faulted in again for the next (a worker thread's arena is a heap of its own that
//   glibc shrinks and grows page by page). A fixed threshold of 32 MB (malloc's maximum) and no
//   trimming cost no peak memory: what is kept is reused by the next page. As glibc's tunable
//   glibc.malloc.hugetlb=1 would (which glibc reads only at start-up, and which leaves a
//   thread's arena out), the main heap is grown once by what the input will need (a big page's
//   size times 24, 64 MB for a wiki), and that range advised MADV_HUGEPAGE: address space, not
//   memory, until touched (a page under kBigInput gets none: it touches less than a huge page);
//   a thread the library starts (worker_thread_started) advises its arena's heap, which glibc
//   maps as 64 MB aligned to its size and makes writable as it grows: by 16 MB at first
//   (M_TOP_PAD), so that the thread's first 2 MB ranges are whole in the writable part, where a
//   huge page can be.
#include "malloc_tuning.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "wikiconv/detail/worker_threads.hpp"

#ifdef WIKICONV_MIMALLOC
#include <mimalloc.h>
#endif

namespace wikiconv::cli {

namespace {

// Inputs from this size up get a heap reserved by their size: a 500 KB page takes a third less
// time with huge pages.
constexpr off_t kBigInput = 512 * 1024;
// What a page needs at most, per byte of Markdown (measured: 16-17), with room; what a standard
// input of unknown size (a pipe) is given; and what a wiki is (the OWASP wiki's 7,265 pages
// peak at 14 MB). Address space only: what is not touched costs no memory.
constexpr std::size_t kHeapPerInputByte = 24;
constexpr std::size_t kPipeReserve = std::size_t(512) << 20;
constexpr std::size_t kWikiReserve = std::size_t(64) << 20;
// Where malloc puts a small block now: in the calling thread's heap (glibc's arena, or mimalloc's
// segment), the heap to advise.
std::uintptr_t small_block_address() {
  void* volatile block = std::malloc(1);  // volatile: the compiler may drop a malloc/free pair
  auto at = reinterpret_cast<std::uintptr_t>(block);
  std::free(block);
  return at;
}

#ifdef WIKICONV_MIMALLOC
// mimalloc 2's segment on 64-bit (MI_SEGMENT_SIZE, which its public header does not name),
// aligned to its size; a wrong guess advises a range too small or too big, never wrong memory.
constexpr std::uintptr_t kMimallocSegment = std::uintptr_t(32) << 20;
#else
constexpr std::size_t kHugePage = std::size_t(2) << 20;
// glibc's heap of a thread's arena: HEAP_MAX_SIZE on 64-bit, the heap aligned to it.
constexpr std::uintptr_t kArenaHeap = std::uintptr_t(64) << 20;
// How much of a new arena's heap glibc makes writable at once (it grows it later by what a
// request needs, a 4 KB page at a time).
constexpr int kArenaTopPad = 16 << 20;
// MADV_COLLAPSE (Linux 6.1), which glibc 2.36's headers do not name; older kernels refuse it.
constexpr int kMadviseCollapse = 25;

// The main heap's end once grown (sbrk(0)): a block below it and near is the main arena's.
std::atomic<std::uintptr_t> main_heap_end{0};

// The first thing on a thread the library starts: advises the heap of the thread's arena.
void advise_thread_heap() {
  std::uintptr_t at = small_block_address();
  // A thread past glibc's count of arenas shares one, maybe the main heap's (advised already);
  // a wrong guess only advises a range again, or leaves one in 4 KB pages.
  std::uintptr_t end = main_heap_end.load(std::memory_order_relaxed);
  if (at < end && end - at < (std::uintptr_t(1) << 36)) return;
  auto* heap = reinterpret_cast<char*>(at & ~(kArenaHeap - 1));
  ::madvise(heap, kArenaHeap, MADV_HUGEPAGE);
  // glibc wrote the arena's own state at the heap's start before this: its first 2 MB are 4 KB
  // pages already, and would stay so. Linux 6.1 and later make them one huge page on request.
  ::madvise(heap, kHugePage, kMadviseCollapse);
}
#endif

// Whether the kernel gives transparent huge pages on request (its mode "madvise" or "always").
bool huge_pages_on_request() {
  int fd = ::open("/sys/kernel/mm/transparent_hugepage/enabled", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char modes[128];
  ssize_t n = ::read(fd, modes, sizeof modes - 1);
  ::close(fd);
  if (n <= 0) return false;
  modes[n] = '\0';
  return std::strstr(modes, "[never]") == nullptr;
}

// How much heap the input arguments will need, 0 when none needs its own: a big page (a file of
// kBigInput bytes or more, or standard input that is not a file) by its size, a wiki (a folder)
// kWikiReserve. A small page touches less than a huge page. An output path is not an input.
std::size_t heap_reserve(char** argv) {
  std::size_t reserve = 0;
  for (char** arg = argv + 1; *arg; ++arg) {
    if (std::strcmp(*arg, "-o") == 0 || std::strcmp(*arg, "--output") == 0) {
      if (!*++arg) break;
      continue;
    }
    struct stat st;
    bool is_stdin = std::strcmp(*arg, "-") == 0;
    if (is_stdin ? ::fstat(0, &st) != 0 : ::stat(*arg, &st) != 0) continue;
    std::size_t need = 0;
    if (is_stdin && !S_ISREG(st.st_mode)) need = kPipeReserve;
    else if (S_ISREG(st.st_mode) && st.st_size >= kBigInput) need = std::size_t(st.st_size) * kHeapPerInputByte;
    else if (S_ISDIR(st.st_mode)) need = kWikiReserve;
    reserve = std::max(reserve, need);
  }
  return std::min<std::size_t>(reserve, INT_MAX);
}

#ifdef WIKICONV_MIMALLOC
// mimalloc reads its MIMALLOC_ variables before main(); an option set in one is the caller's.
bool set_by_caller(const char* variable) { return std::getenv(variable) != nullptr; }
#endif

}  // namespace

#ifdef WIKICONV_MIMALLOC
void tune_malloc(char** argv) {
  if (heap_reserve(argv) == 0) {  // a small page (or no input)
    if (!set_by_caller("MIMALLOC_PAGE_RESET")) mi_option_enable(mi_option_page_reset);
    if (!set_by_caller("MIMALLOC_DECOMMIT_DELAY")) mi_option_set(mi_option_decommit_delay, 0);
    return;
  }
  if (set_by_caller("MIMALLOC_LARGE_OS_PAGES") || !huge_pages_on_request()) return;
  mi_option_enable(mi_option_large_os_pages);
  // A thread's first segment is committed as it is used, not at once (eager_commit_delay 1),
  // and so not in huge pages: a worker's would fault 4 KB at a time.
  if (!set_by_caller("MIMALLOC_EAGER_COMMIT_DELAY")) mi_option_set(mi_option_eager_commit_delay, 0);
  std::uintptr_t segment = small_block_address() & ~(kMimallocSegment - 1);
  ::madvise(reinterpret_cast<void*>(segment), kMimallocSegment, MADV_HUGEPAGE);
}
#else
void tune_malloc(char** argv) {
#if defined(__linux__) && defined(__GLIBC__) && UINTPTR_MAX == UINT64_MAX
  // The caller's own malloc settings win.
  if (const char* tunables = std::getenv("GLIBC_TUNABLES"); tunables && std::strstr(tunables, "glibc.malloc")) return;
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, INT_MAX);
  std::size_t reserve = heap_reserve(argv);
  if (reserve == 0 || !huge_pages_on_request()) return;
  // Grow the heap once by all the input will need (an allocation bigger than its free top, with
  // that much padding), then advise the new range.
  mallopt(M_TOP_PAD, static_cast<int>(reserve));
  auto* before = static_cast<char*>(sbrk(0));
  void* volatile block = std::malloc(1 << 20);  // volatile: the compiler may drop a malloc/free pair
  std::free(block);
  auto* after = static_cast<char*>(sbrk(0));
  mallopt(M_TOP_PAD, kArenaTopPad);
  // Not when malloc is not glibc's (valgrind's does not use the heap) or the heap did not grow.
  auto start = (reinterpret_cast<std::uintptr_t>(before) + kHugePage - 1) & ~(kHugePage - 1);
  auto end = reinterpret_cast<std::uintptr_t>(after);
  if (before == reinterpret_cast<char*>(-1) || end <= start + kHugePage) return;
  ::madvise(reinterpret_cast<void*>(start), end - start, MADV_HUGEPAGE);
  main_heap_end.store(end, std::memory_order_relaxed);
  set_worker_start_hook(advise_thread_heap);
#else
  (void)argv;
#endif
}
#endif

}  // namespace wikiconv::cli
