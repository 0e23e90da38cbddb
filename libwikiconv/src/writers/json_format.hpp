// Names shared by the JSON writer and reader.
#pragma once

#include <string_view>

#include "wikiconv/model.hpp"

namespace wikiconv {

// 2: raw HTML as elements (HtmlBlock/HtmlInline with info and children), Plain, Figure,
// Caption, definition lists, comments, Underline, info on Span/Div/Code, header on TableCell.
// The reader also reads 1.
inline constexpr int kJsonFormatVersion = 2;

inline std::string_view task_state_name(TaskState s) {
  return s == TaskState::Checked ? "checked" : s == TaskState::Unchecked ? "unchecked" : "none";
}
inline std::string_view alignment_name(Alignment a) {
  switch (a) {
    case Alignment::Left: return "left";
    case Alignment::Center: return "center";
    case Alignment::Right: return "right";
    default: return "none";
  }
}

}  // namespace wikiconv
