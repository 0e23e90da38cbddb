// A one-line progress bar on stderr for whole-wiki conversions:
//   writing [############..................] 4100/10000 pages  41%  2390 pages/s  2.5s left
// Redrawn in place (carriage return) at most ten times a second and once at the end. The CLI
// enables it when stderr is a terminal or with --progress, never with --quiet; writers create
// one per whole-wiki write and tick it from the thread that consumes pages in order.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace wikiconv {

class Progress {
 public:
  Progress(std::string_view label, std::size_t total, bool enabled);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  void tick(std::size_t n = 1);
  // Ends the line now (before a message that must not be overwritten); later ticks are silent.
  void finish();

 private:
  void draw(bool final);
  std::string label_;
  std::size_t total_, done_ = 0;
  bool enabled_;
  std::size_t last_width_ = 0;  // characters of the last drawing, to blank what a shorter one leaves
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace wikiconv
