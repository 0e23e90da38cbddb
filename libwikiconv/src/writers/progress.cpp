#include "writers/progress.hpp"

#include <cstdio>
#include <string>

namespace wikiconv {

Progress::Progress(std::string_view label, std::size_t total, bool enabled)
    : label_(label), total_(total), enabled_(enabled && total > 0),
      start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

Progress::~Progress() {
  if (enabled_) draw(true);
}

void Progress::tick(std::size_t n) {
  done_ += n;
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100) && done_ < total_) return;
  last_draw_ = now;
  draw(false);
}

void Progress::draw(bool final) {
  constexpr int kWidth = 30;
  int filled = static_cast<int>(kWidth * done_ / total_);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(kWidth, '.');
  std::fprintf(stderr, "\r%.*s [%s] %zu/%zu pages %.1fs%s", static_cast<int>(label_.size()), label_.data(),
               bar.c_str(), done_, total_, secs, final ? "\n" : "");
  std::fflush(stderr);
}

}  // namespace wikiconv
