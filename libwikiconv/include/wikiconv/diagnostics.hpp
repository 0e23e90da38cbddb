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
  int column = 0;    // 1-based, in characters; 0 when not known
  // What the message says without its particulars ("image not in the wiki's media"), so that
  // many alike are summarised; empty: the message itself.
  std::string kind;

  // "file:line:column: warning: message" (the form compilers use, so editors can jump to it).
  std::string format() const;
};

// The lines a front end prints for `items` (each without the "wikiconv: " prefix): every error;
// warnings up to `limit` (0: all), at most three of one kind, then one line per kind saying how
// many more there were.
std::vector<std::string> summarize(const std::vector<Diagnostic>& items, std::size_t limit);

// Collects diagnostics; safe to share between worker threads.
class Diagnostics {
 public:
  void add(Severity severity, std::string file, int line, std::string message);
  void add(Diagnostic diagnostic);
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
  Error(std::string file, int line, const std::string& message) : Error(std::move(file), line, 0, message) {}
  Error(std::string file, int line, int column, const std::string& message);
  explicit Error(const std::string& message) : Error({}, 0, message) {}
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  int column() const { return column_; }
  const std::string& message() const { return message_; }
  // As a diagnostic of `severity` (an error, or a warning under --keep-going).
  Diagnostic diagnostic(Severity severity = Severity::Error) const {
    return {severity, file_, line_, message_, column_, {}};
  }

 private:
  std::string file_;
  int line_;
  int column_;
  std::string message_;
};

// What a front end tells apart (the CLI's exit codes 2 and 3; other Errors are 1). A request
// that cannot be right: an unknown format or option, an option value that names nothing.
class UsageError : public Error {
 public:
  using Error::Error;
};
// The output cannot be written (its folder does not exist, no permission, the disk is full).
class OutputError : public Error {
 public:
  using Error::Error;
};

}  // namespace wikiconv
