#include <gtest/gtest.h>

#include <cstring>

#include "readers/arena.hpp"

using namespace wikiconv;

TEST(Arena, RewindGivesBackWhatCameAfterTheMarkOnly) {
  Arena arena;
  auto* kept = static_cast<char*>(arena.allocate(100, false));
  std::memset(kept, 'k', 100);
  Arena::Mark mark = arena.mark();
  void* first = arena.allocate(64, false);
  // More than a block: the arena moves on to new blocks, which the rewind gives back too.
  for (int i = 0; i < 3; ++i) std::memset(arena.allocate(300 * 1024, false), 'x', 300 * 1024);
  arena.rewind(mark);
  EXPECT_EQ(arena.allocate(64, false), first);  // the same memory again
  for (int i = 0; i < 100; ++i) EXPECT_EQ(kept[i], 'k');
  // What came before the mark still grows (moved, as it is no longer the newest).
  auto* grown = static_cast<char*>(arena.reallocate(kept, 200));
  for (int i = 0; i < 100; ++i) EXPECT_EQ(grown[i], 'k');
}

TEST(Arena, MarksRewoundInTurnReuseOneStretch) {
  // A page's pieces: each tree made and dropped in turn takes the memory of the one before.
  Arena arena;
  arena.allocate(10, true);
  void* seen = nullptr;
  for (int piece = 0; piece < 5; ++piece) {
    Arena::Mark mark = arena.mark();
    void* p = arena.allocate(4096, true);
    for (int i = 0; i < 50; ++i) arena.allocate(1000, false);
    if (seen) EXPECT_EQ(p, seen);
    seen = p;
    arena.rewind(mark);
  }
}

TEST(Arena, RewindToAMarkOfAnEmptyArena) {
  Arena arena;
  Arena::Mark mark = arena.mark();
  void* p = arena.allocate(32, true);
  arena.rewind(mark);
  EXPECT_EQ(arena.allocate(32, true), p);
  Arena fresh;
  fresh.rewind(fresh.mark());  // nothing allocated: nothing to do
  EXPECT_NE(fresh.allocate(8, false), nullptr);
}
