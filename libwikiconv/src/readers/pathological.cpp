#include "readers/pathological.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

namespace wikiconv {

namespace {

// Limits, measured on cmark-gfm 0.29.0.gfm.6: ~5e-8 s per (image opener x link) pair and
// ~3.5e-9 s per (row x column^2); each limit keeps one block around a second or less.
constexpr double kMaxBracketWork = 1e8;
constexpr double kMaxTableWork = 3e8;
constexpr std::size_t kMinCellsToCheck = 100000;

bool is_blank(std::string_view line) {
  for (char c : line)
    if (c != ' ' && c != '\t') return false;
  return true;
}

// Columns of a GFM delimiter row ("|---|:-:|"), or 0 when `line` is not one. Leading block
// quote markers and indentation are skipped.
std::size_t delimiter_columns(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '>')) ++i;
  line.remove_prefix(i);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  if (line.empty()) return 0;
  std::size_t pipes = 0;
  bool dash = false;
  for (char c : line) {
    if (c == '|') ++pipes;
    else if (c == '-') dash = true;
    else if (c != ':' && c != ' ' && c != '\t') return 0;
  }
  if (!dash || pipes == 0) return 0;
  std::size_t columns = pipes + 1;
  if (line.front() == '|') --columns;
  if (line.back() == '|' && line.size() > 1) --columns;
  return columns;
}

struct Line {
  std::size_t begin, end;  // [begin, end) without the newline
};

}  // namespace

std::size_t defuse_pathological_markdown(std::string& text, const std::string& source, Diagnostics& diagnostics) {
  // Insertions (an escaping backslash) are collected first and applied in one pass.
  std::vector<std::size_t> insert_at;
  std::size_t changes = 0;
  std::vector<Line> block;
  int block_first_line = 1, line_number = 0;

  auto finish_block = [&] {
    if (block.empty()) return;
    std::string_view all(text.data() + block.front().begin, block.back().end - block.front().begin);
    // Image openers and links in one paragraph-ish block.
    // Brackets are rare: found with memchr (find), not by looking at every byte.
    std::size_t images = 0, links = 0;
    for (std::size_t k = all.find('['); k != std::string_view::npos; k = all.find('[', k + 1))
      images += k > 0 && all[k - 1] == '!';
    for (std::size_t k = all.find(']'); k != std::string_view::npos; k = all.find(']', k + 1))
      links += k + 1 < all.size() && all[k + 1] == '(';
    if (static_cast<double>(images) * static_cast<double>(links) > kMaxBracketWork) {
      for (std::size_t k = 0; k + 1 < all.size(); ++k)
        if (all[k] == '!' && all[k + 1] == '[') insert_at.push_back(block.front().begin + k + 1);
      diagnostics.warn(source, block_first_line,
                       std::to_string(images) + " image openers and " + std::to_string(links) +
                           " links in one paragraph would take quadratic time to parse: its images are kept as text");
      ++changes;
    }
    // Tables: a delimiter row and the rows after it, to the end of the block.
    for (std::size_t k = 1; k < block.size(); ++k) {
      std::string_view line(text.data() + block[k].begin, block[k].end - block[k].begin);
      std::size_t columns = delimiter_columns(line);
      if (columns < 2) continue;
      std::size_t rows = block.size() - k;  // the header and the body rows
      std::size_t bytes = block.back().end - block[k - 1].begin;
      double cells = static_cast<double>(rows) * static_cast<double>(columns);
      double work = cells * static_cast<double>(columns);
      bool slow = work > kMaxTableWork;
      bool bloated = cells > static_cast<double>(kMinCellsToCheck) && cells > static_cast<double>(bytes);
      if (!slow && !bloated) continue;
      std::size_t first = line.find_first_not_of(" \t>");
      insert_at.push_back(block[k].begin + first);
      diagnostics.warn(source, block_first_line + static_cast<int>(k),
                       "table of " + std::to_string(columns) + " columns and " + std::to_string(rows) + " rows " +
                           (slow ? "would take quadratic time to parse" : "would fill in far more cells than it has text") +
                           ": kept as text");
      ++changes;
      break;  // the rest of the block is this table's rows
    }
    block.clear();
  };

  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    ++line_number;
    if (is_blank(std::string_view(text.data() + pos, eol - pos))) {
      finish_block();
    } else {
      if (block.empty()) block_first_line = line_number;
      block.push_back({pos, eol});
    }
    pos = eol + 1;
  }
  finish_block();
  if (insert_at.empty()) return changes;

  std::sort(insert_at.begin(), insert_at.end());
  std::string out;
  out.reserve(text.size() + insert_at.size());
  std::size_t from = 0;
  for (std::size_t at : insert_at) {
    out.append(text, from, at - from);
    out += '\\';
    from = at;
  }
  out.append(text, from, std::string::npos);
  text = std::move(out);
  return changes;
}

}  // namespace wikiconv
