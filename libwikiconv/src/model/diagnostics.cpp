#include "wikiconv/diagnostics.hpp"

#include <map>

namespace wikiconv {

namespace {
std::string format_location(const std::string& file, int line, int column, const char* kind,
                            const std::string& message) {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (line > 0) out += ':' + std::to_string(line);
    if (line > 0 && column > 0) out += ':' + std::to_string(column);
    out += ": ";
  } else if (line > 0) {
    out += "line " + std::to_string(line) + (column > 0 ? ":" + std::to_string(column) : "") + ": ";
  }
  if (kind) out += kind;
  out += message;
  return out;
}
}  // namespace

std::string Diagnostic::format() const {
  return format_location(file, line, column, severity == Severity::Error ? "error: " : "warning: ", message);
}

std::vector<std::string> summarize(const std::vector<Diagnostic>& items, std::size_t limit) {
  constexpr std::size_t kPerKind = 3;
  std::vector<std::string> lines;
  std::map<std::string, std::size_t> seen, more;  // by kind
  std::vector<std::string> kinds_in_order;
  std::size_t shown = 0, over_limit = 0;
  for (const auto& d : items) {
    if (d.severity == Severity::Error) {
      lines.push_back(d.format());
      continue;
    }
    const std::string& kind = d.kind.empty() ? d.message : d.kind;
    if (++seen[kind] > kPerKind && limit != 0) {
      if (more[kind]++ == 0) kinds_in_order.push_back(kind);
    } else if (limit != 0 && shown >= limit) {
      ++over_limit;
    } else {
      lines.push_back(d.format());
      ++shown;
    }
  }
  for (const auto& kind : kinds_in_order)
    lines.push_back("warning: ... and " + std::to_string(more[kind]) + " more like this: " + kind);
  if (over_limit)
    lines.push_back("warning: ... and " + std::to_string(over_limit) + " more warnings (--verbose shows them)");
  return lines;
}

void Diagnostics::add(Severity severity, std::string file, int line, std::string message) {
  std::lock_guard lock(mutex_);
  items_.push_back({severity, std::move(file), line, std::move(message), 0, {}});
}

void Diagnostics::add(Diagnostic diagnostic) {
  std::lock_guard lock(mutex_);
  items_.push_back(std::move(diagnostic));
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

Error::Error(std::string file, int line, int column, const std::string& message)
    : std::runtime_error(format_location(file, line, column, nullptr, message)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      message_(message) {}

}  // namespace wikiconv
