// Joining a relative path below a folder as a string, as std::filesystem::path's operator/ joins
// them, without parsing either into components (done for every page: its file, its name in
// messages, its output file).
#pragma once

#include <string>
#include <string_view>

namespace wikiconv {

// `folder` + "/" + `relative`, the separator left out after a trailing one or an empty folder.
inline std::string join_path(std::string_view folder, std::string_view relative) {
  std::string joined;
  joined.reserve(folder.size() + 1 + relative.size());
  joined += folder;
  if (!folder.empty() && !folder.ends_with('/')) joined += '/';
  joined += relative;
  return joined;
}

}  // namespace wikiconv
