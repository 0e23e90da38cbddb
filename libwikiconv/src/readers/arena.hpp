// One thread's memory for reading one page: cmark's tree (a page up to 64 KB) and gumbo's trees
// are carved out of a few blocks that live until the read ends and are reused for the next page
// on the thread, so parsing does not call malloc once the blocks are there; each gumbo tree
// gives its memory back when its piece of the page is read (Arena::rewind). (cmark's own arena
// is one global and cannot serve several threads.) Under AddressSanitizer what is not handed
// out is poisoned, so a use of a tree after its read ended (or after its rewind) is reported, as
// a use of freed memory would be.
#pragma once

#include <sanitizer/asan_interface.h>

#include <cstddef>
#include <cstring>
#include <memory>
#include <vector>

namespace wikiconv {

class Arena {
 public:
  // Inline: cmark and gumbo call it for every node and buffer.
  void* allocate(std::size_t size, bool zero) {
    std::size_t need = round_up(size + kHeader);
    if (current_ == blocks_.size() || used_ + need > blocks_[current_].size) next_block(need);
    char* p = blocks_[current_].data.get() + used_;
    ASAN_UNPOISON_MEMORY_REGION(p, need);
    last_ = used_;
    used_ += need;
    std::memcpy(p, &size, sizeof size);
    if (zero) std::memset(p + kHeader, 0, size);
    return p + kHeader;
  }
  // Grows the newest allocation in place when it can (cmark's buffers grow this way).
  void* reallocate(void* old, std::size_t size);
  // Everything allocated so far is dead: start again at the first block. Blocks beyond a few
  // MB (left by one huge page) go back to the system.
  void reset();

  // A point to come back to: what is allocated after a mark dies at once when the arena is
  // rewound to it (a tree read and dropped), while what came before lives on. Marks are
  // rewound to in the reverse order of their making.
  struct Mark {
    std::size_t block, used;
  };
  Mark mark() const { return {current_, used_}; }
  void rewind(Mark mark);

 private:
  static constexpr std::size_t kHeader = 16;  // the size, keeping 16-byte alignment
  static constexpr std::size_t kBlock = 256 * 1024;
  static constexpr std::size_t kKeep = 4 * 1024 * 1024;
  struct Block {
    std::unique_ptr<char[]> data;
    std::size_t size;
  };
  static std::size_t round_up(std::size_t n) { return (n + 15) & ~std::size_t(15); }
  void next_block(std::size_t need);
  std::vector<Block> blocks_;
  std::size_t current_ = 0, used_ = 0, last_ = 0;
};

// The calling thread's arena.
inline Arena& thread_arena() {
  static thread_local Arena arena;
  return arena;
}

// Holds the thread's arena for one read: what was allocated from it lives until the outermost
// ArenaUse on the thread ends (a filter may read a page while a page is being read).
class ArenaUse {
 public:
  ArenaUse();
  ~ArenaUse();
  ArenaUse(const ArenaUse&) = delete;
  ArenaUse& operator=(const ArenaUse&) = delete;
  // Whether an ArenaUse is alive on this thread.
  static bool active();
};

}  // namespace wikiconv
