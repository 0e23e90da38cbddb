// Names shared by the JSON writer and reader.
#pragma once

#include <string_view>

#include "wikiconv/model.hpp"

namespace wikiconv {

inline constexpr int kJsonFormatVersion = 1;

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
