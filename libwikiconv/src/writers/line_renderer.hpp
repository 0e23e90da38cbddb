// The shared line renderer of the text writers (wikitext, DokuWiki), after cmark's render.c:
// it owns the output, the column, the stack of line prefixes of nested containers ("* ",
// "> ", "  "), and pending line breaks, so a writer only says what goes where.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "wikiconv/model.hpp"

namespace wikiconv {

class LineRenderer {
 public:
  // Writes `s` as is. The first character of a line is preceded by the current prefix.
  // Newlines inside `s` start new lines (with the prefix).
  void lit(std::string_view s);
  void lit(char c) { lit(std::string_view(&c, 1)); }
  // Ends the current line unless at the start of one.
  void cr() {
    if (need_newlines_ < 1 && !at_line_start_) need_newlines_ = 1;
  }
  // Ends the current line and leaves one empty line (once, however often it is asked).
  void blank_line() {
    if (!out_.empty() || need_newlines_ > 0) need_newlines_ = 2;
  }
  // Prefixes for lines started from now on; the first line may get another (list bullets).
  void push_prefix(std::string prefix) { prefixes_.push_back(std::move(prefix)); }
  void pop_prefix() { prefixes_.pop_back(); }
  // A prefix for the next line only, replacing the pushed ones of that line ("* " for the
  // first line of an item, "  " for the rest).
  void set_first_line_prefix(std::string prefix) { first_line_prefix_ = std::move(prefix); has_first_line_prefix_ = true; }
  // Adds to the pending first-line prefix (which must be set).
  void append_first_line_prefix(std::string_view more) { first_line_prefix_ += more; }
  // Starts the pending line now (its prefixes written) even if nothing follows on it: an empty
  // list item or quote.
  void start_pending_line() {
    flush_newlines();
    if (at_line_start_) start_line();
  }
  // Writes the pending line breaks now, with the prefixes in force now (before a container
  // pushes its own).
  void flush_breaks() { flush_newlines(); }
  bool first_line_prefix_pending() const { return has_first_line_prefix_; }
  const std::string& first_line_prefix() const { return first_line_prefix_; }
  const std::vector<std::string>& prefixes() const { return prefixes_; }
  // True when nothing has been written on the current line yet (pending breaks count).
  bool at_line_start() const { return at_line_start_ || need_newlines_ > 0; }
  std::size_t column() const { return column_; }
  // The last character written, or '\n' at a line start.
  char last_char() const { return at_line_start() ? '\n' : out_.back(); }
  std::string& out() { return out_; }
  // Room for the whole output, when the writer knows about how much it is (output_size_hint).
  void reserve(std::size_t bytes) { out_.reserve(bytes); }
  // Finishes: pending breaks become one final newline.
  std::string finish();

 private:
  void flush_newlines();
  void start_line();
  std::string out_;
  std::vector<std::string> prefixes_;
  std::string first_line_prefix_;
  bool has_first_line_prefix_ = false;
  int need_newlines_ = 0;
  bool at_line_start_ = true;
  std::size_t column_ = 0;
};

// About how many bytes a text writer writes for `root`: its text and link targets, a few bytes
// a node, and an eighth more for the markup (the bench's pages: 3-7% over; a page of short list
// items and links, dense in nodes, 50%). Reserved at once, a big page's output is not copied at
// each doubling, nor are its outgrown buffers left behind (the 2 MB page to wikitext: 1.1 bytes
// less at the peak per byte of Markdown).
std::size_t output_size_hint(const Node& root);

}  // namespace wikiconv
