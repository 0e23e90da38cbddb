// A one-line progress bar on stderr for whole-wiki conversions.
#pragma once

#include <chrono>
#include <cstddef>
#include <string_view>

namespace wikiconv {

class Progress {
 public:
  Progress(std::string_view label, std::size_t total, bool enabled);
  ~Progress();
  void tick(std::size_t n = 1);

 private:
  void draw(bool final);
  std::string_view label_;
  std::size_t total_, done_ = 0;
  bool enabled_;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace wikiconv
