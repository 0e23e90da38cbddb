#include "writers/dokuwiki/table_layout.hpp"

#include <algorithm>
#include <charconv>
#include <string_view>

namespace wikiconv::dokuwiki {

namespace {

std::size_t span_attr(const Node& cell, std::string_view name, std::size_t limit) {
  std::string_view v = cell.attr(name);
  std::size_t n = 1;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || n < 1) return 1;
  return std::min(n, limit);
}

}  // namespace

TableLayout layout_table(const Node& table) {
  TableLayout layout;
  std::size_t row_count = 0;
  for (const Node& row : table.children) row_count += row.type == NodeType::TableRow;
  // For each grid column, a cell from a row above that still covers it: the rows left, and
  // whether this column is where that cell starts (its ":::" is written there, once).
  struct Cover {
    std::size_t rows_left = 0;
    std::size_t width = 0;  // > 0 in the cell's first column
    bool header = false;
  };
  std::vector<Cover> cover;
  std::size_t row_index = 0;
  for (const Node& row : table.children) {
    if (row.type != NodeType::TableRow) continue;
    std::vector<TableSlot>& slots = layout.rows.emplace_back();
    std::size_t column = 0;
    auto covered_slots = [&] {
      while (column < cover.size() && cover[column].rows_left > 0) {
        if (cover[column].width > 0)
          slots.push_back({TableSlot::Kind::RowSpan, cover[column].header, 0, column, cover[column].width});
        ++column;
      }
    };
    for (std::size_t i = 0; i < row.children.size(); ++i) {
      const Node& cell = row.children[i];
      if (cell.type != NodeType::TableCell) continue;
      covered_slots();
      std::size_t colspan = span_attr(cell, "colspan", kMaxColspan);
      std::size_t rowspan = span_attr(cell, "rowspan", row_count - row_index);
      bool header = cell.header || row.header;
      slots.push_back({TableSlot::Kind::Cell, header, i, column, colspan});
      if (cover.size() < column + colspan) cover.resize(column + colspan);
      for (std::size_t k = 0; k < colspan; ++k)
        cover[column + k] = {rowspan, k == 0 ? colspan : 0, header};
      column += colspan;
    }
    // After the row's own cells: the columns still covered from above, with empty cells
    // before them where the row has none (a row may be short).
    for (std::size_t k = column; k < cover.size(); ++k) {
      if (cover[k].rows_left == 0 || cover[k].width == 0) continue;
      for (; column < k; ++column) slots.push_back({TableSlot::Kind::Empty, false, 0, column, 1});
      covered_slots();
    }
    // Rows of this row end here: what covers a column covers one row less.
    for (Cover& c : cover)
      if (c.rows_left > 0) --c.rows_left;
    ++row_index;
  }
  return layout;
}

}  // namespace wikiconv::dokuwiki
