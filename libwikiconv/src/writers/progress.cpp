#include "writers/progress.hpp"

#include <cstdio>

namespace wikiconv {

Progress::Progress(std::string_view label, std::size_t total, bool enabled)
    : label_(label), total_(total), enabled_(enabled && total > 0),
      start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

Progress::~Progress() { finish(); }

void Progress::finish() {
  if (!enabled_) return;
  draw(true);
  enabled_ = false;
}

void Progress::tick(std::size_t n) {
  done_ += n;
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  draw(false);
}

void Progress::draw(bool final) {
  constexpr std::size_t kWidth = 30;
  std::size_t done = done_ < total_ ? done_ : total_;
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  char bar[kWidth + 1];
  std::size_t filled = kWidth * done / total_;
  for (std::size_t i = 0; i < kWidth; ++i) bar[i] = i < filled ? '#' : '.';
  bar[kWidth] = '\0';
  char line[256];
  int len = std::snprintf(line, sizeof line, "%.*s [%s] %zu/%zu pages %3zu%%",
                          static_cast<int>(label_.size() > 40 ? 40 : label_.size()), label_.data(), bar,
                          done, total_, 100 * done / total_);
  auto append = [&](const char* format, double value) {
    if (len > 0 && static_cast<std::size_t>(len) < sizeof line)
      len += std::snprintf(line + len, sizeof line - static_cast<std::size_t>(len), format, value);
  };
  double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
  if (rate > 0) append("  %.0f pages/s", rate);
  if (final || done == total_) append("  %.1fs", secs);
  else if (rate > 0) append("  %.0fs left", static_cast<double>(total_ - done) / rate + 0.5);
  if (len < 0) return;
  std::size_t width = static_cast<std::size_t>(len) < sizeof line ? static_cast<std::size_t>(len) : sizeof line - 1;
  // Blank the tail of a longer previous line, then end the line for good on the final draw.
  std::fprintf(stderr, "\r%s%*s%s", line, static_cast<int>(last_width_ > width ? last_width_ - width : 0), "",
               final ? "\n" : "");
  std::fflush(stderr);
  last_width_ = width;
}

}  // namespace wikiconv
