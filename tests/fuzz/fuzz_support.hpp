// What the fuzz targets share besides the output checks: reporting a finding, reading a file.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

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

}  // namespace wikiconv::fuzz
