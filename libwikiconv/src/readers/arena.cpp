#include "readers/arena.hpp"

#include <algorithm>
#include <cstring>

namespace wikiconv {

namespace {
thread_local int arena_users = 0;
}  // namespace

void* Arena::reallocate(void* old, std::size_t size) {
  if (!old) return allocate(size, false);
  char* p = static_cast<char*>(old) - kHeader;
  std::size_t old_size;
  std::memcpy(&old_size, p, sizeof old_size);
  Block& block = blocks_[current_];
  if (p == block.data.get() + last_ && last_ + round_up(size + kHeader) <= block.size) {
    used_ = last_ + round_up(size + kHeader);
    ASAN_UNPOISON_MEMORY_REGION(p, used_ - last_);
    std::memcpy(p, &size, sizeof size);
    return old;
  }
  void* fresh = allocate(size, false);
  std::memcpy(fresh, old, std::min(old_size, size));
  return fresh;
}

void Arena::reset() {
  current_ = 0;
  used_ = last_ = 0;
  std::size_t kept = 0;
  std::size_t i = 0;
  for (; i < blocks_.size() && kept < kKeep; ++i) kept += blocks_[i].size;
  blocks_.resize(i);
  for (const Block& block : blocks_) ASAN_POISON_MEMORY_REGION(block.data.get(), block.size);
}

void Arena::rewind(Mark mark) {
  if (mark.block >= blocks_.size()) return;  // nothing was allocated since
  for (std::size_t i = mark.block; i <= current_ && i < blocks_.size(); ++i) {
    std::size_t from = i == mark.block ? mark.used : 0;
    ASAN_POISON_MEMORY_REGION(blocks_[i].data.get() + from, blocks_[i].size - from);
  }
  current_ = mark.block;
  used_ = last_ = mark.used;
}

void Arena::next_block(std::size_t need) {
  if (current_ < blocks_.size()) ++current_;
  if (current_ == blocks_.size() || blocks_[current_].size < need) {
    std::size_t size = std::max(need, kBlock);
    blocks_.insert(blocks_.begin() + static_cast<std::ptrdiff_t>(current_),
                   Block{std::unique_ptr<char[]>(new char[size]), size});
    ASAN_POISON_MEMORY_REGION(blocks_[current_].data.get(), size);
  }
  used_ = last_ = 0;
}

ArenaUse::ArenaUse() { ++arena_users; }

ArenaUse::~ArenaUse() {
  if (--arena_users == 0) thread_arena().reset();
}

bool ArenaUse::active() { return arena_users > 0; }

}  // namespace wikiconv
