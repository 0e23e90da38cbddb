// Errors and warnings that name a file and a line.
#pragma once

#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace wikiconv {

enum class Severity { Warning, Error };

struct Diagnostic {
  Severity severity = Severity::Warning;
  std::string file;  // may be empty (stdin, in-memory text)
  int line = 0;      // 1-based, 0 when not tied to a line
  std::string message;

  // "file:line: warning: message" (the form compilers use, so editors can jump to it).
  std::string format() const;
};

// Collects diagnostics; safe to share between worker threads.
class Diagnostics {
 public:
  void add(Severity severity, std::string file, int line, std::string message);
  void warn(std::string file, int line, std::string message) {
    add(Severity::Warning, std::move(file), line, std::move(message));
  }
  void error(std::string file, int line, std::string message) {
    add(Severity::Error, std::move(file), line, std::move(message));
  }
  std::vector<Diagnostic> items() const;
  std::size_t error_count() const;
  std::size_t warning_count() const;
  void merge(const Diagnostics& other);

 private:
  mutable std::mutex mutex_;
  std::vector<Diagnostic> items_;
};

// Thrown for input that cannot be converted, and for I/O failures; what() is Diagnostic::format().
class Error : public std::runtime_error {
 public:
  Error(std::string file, int line, const std::string& message);
  explicit Error(const std::string& message) : Error({}, 0, message) {}
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  int line_;
  std::string message_;
};

}  // namespace wikiconv
