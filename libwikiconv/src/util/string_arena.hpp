// Strings copied into large blocks that never move, for many small strings kept as long as their
// owner: each costs its bytes, where a std::string costs 32 bytes and a heap block of its own.
#pragma once

#include <algorithm>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace wikiconv {

class StringArena {
 public:
  // A copy of `s`, valid as long as the arena.
  std::string_view add(std::string_view s) {
    if (s.empty()) return {};
    if (s.size() > left_) {
      std::size_t size = std::max(kBlockSize, s.size());
      blocks_.push_back(std::make_unique<char[]>(size));
      next_ = blocks_.back().get();
      left_ = size;
    }
    std::memcpy(next_, s.data(), s.size());
    std::string_view copy(next_, s.size());
    next_ += s.size();
    left_ -= s.size();
    return copy;
  }

 private:
  static constexpr std::size_t kBlockSize = 64 * 1024;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* next_ = nullptr;
  std::size_t left_ = 0;
};

}  // namespace wikiconv
