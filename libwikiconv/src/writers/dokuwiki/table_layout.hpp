// Where the cells of a table sit in DokuWiki's grid. DokuWiki spans columns with empty cells
// after the spanning one ("^ a ^^") and rows with ":::" cells below it, so a row is written as
// a sequence of slots: its own cells and the ":::" of cells from rows above.
#pragma once

#include <cstddef>
#include <vector>

#include "wikiconv/model.hpp"

namespace wikiconv::dokuwiki {

struct TableSlot {
  enum class Kind { Cell, RowSpan, Empty } kind = Kind::Cell;  // own cell, ":::" of a cell above,
                                                              // or an empty cell before a ":::"
  bool header = false;       // written with '^' (a header cell, or below one)
  std::size_t cell = 0;      // the cell's index among the row's children (own cells)
  std::size_t column = 0;    // the grid column it starts in
  std::size_t colspan = 1;   // grid columns it covers
};

struct TableLayout {
  std::vector<std::vector<TableSlot>> rows;  // one per TableRow child, in order
};

// Colspans above this are written as this (HTML's own limit is 1,000).
constexpr std::size_t kMaxColspan = 1000;

// The layout of `table`'s rows (its TableRow children; other children have no slots). A cell's
// header flag is its own or its row's; colspan/rowspan come from its attrs.
TableLayout layout_table(const Node& table);

}  // namespace wikiconv::dokuwiki
