// What the fuzz targets (and some unit tests) share besides the output checks: reporting a
// finding, reading a file or a written tree, a scratch folder.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <string_view>

#include <unistd.h>

namespace wikiconv::fuzz {

// Prints "target [format]: what: detail" and aborts, so that libFuzzer keeps the input.
[[noreturn]] inline void fail(std::string_view target, std::string_view format, std::string_view what,
                              const std::string& detail) {
  std::fprintf(stderr, "%.*s%s%.*s%s: %.*s: %s\n", static_cast<int>(target.size()), target.data(),
               format.empty() ? "" : " [", static_cast<int>(format.size()), format.data(), format.empty() ? "" : "]",
               static_cast<int>(what.size()), what.data(), detail.c_str());
  std::abort();
}

inline std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Every file below `root` (or `root` itself when it is a file), relative name -> bytes.
inline std::map<std::string, std::string> read_tree(const std::filesystem::path& root) {
  std::map<std::string, std::string> out;
  if (std::filesystem::is_regular_file(root)) {
    out[""] = read_all(root);
    return out;
  }
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file()) out[it->path().lexically_relative(root).generic_string()] = read_all(it->path());
  return out;
}

// A fresh folder in the temporary folder for this process's outputs, removed when it exits
// (libFuzzer ends a timed run with exit(); after a crash the folder stays, to be looked at).
inline std::filesystem::path scratch_folder(const std::string& prefix) {
  static std::filesystem::path folder;
  folder = std::filesystem::temp_directory_path() / (prefix + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  std::atexit([] {
    std::error_code ec;
    std::filesystem::remove_all(folder, ec);
  });
  return folder;
}

}  // namespace wikiconv::fuzz
