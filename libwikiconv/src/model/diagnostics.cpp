#include "wikiconv/diagnostics.hpp"

namespace wikiconv {

namespace {
std::string format_location(const std::string& file, int line, const char* kind,
                            const std::string& message) {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (line > 0) out += ':' + std::to_string(line);
    out += ": ";
  } else if (line > 0) {
    out += "line " + std::to_string(line) + ": ";
  }
  if (kind) out += kind;
  out += message;
  return out;
}
}  // namespace

std::string Diagnostic::format() const {
  return format_location(file, line, severity == Severity::Error ? "error: " : "warning: ", message);
}

void Diagnostics::add(Severity severity, std::string file, int line, std::string message) {
  std::lock_guard lock(mutex_);
  items_.push_back({severity, std::move(file), line, std::move(message)});
}

std::vector<Diagnostic> Diagnostics::items() const {
  std::lock_guard lock(mutex_);
  return items_;
}

std::size_t Diagnostics::error_count() const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& d : items_) n += d.severity == Severity::Error;
  return n;
}

std::size_t Diagnostics::warning_count() const {
  std::lock_guard lock(mutex_);
  return items_.size() - [&] {
    std::size_t n = 0;
    for (const auto& d : items_) n += d.severity == Severity::Error;
    return n;
  }();
}

void Diagnostics::merge(const Diagnostics& other) {
  if (&other == this) return;
  auto theirs = other.items();
  std::lock_guard lock(mutex_);
  items_.insert(items_.end(), theirs.begin(), theirs.end());
}

Error::Error(std::string file, int line, const std::string& message)
    : std::runtime_error(format_location(file, line, nullptr, message)),
      file_(std::move(file)),
      line_(line),
      message_(message) {}

}  // namespace wikiconv
