#include <gtest/gtest.h>

#include <string>

#include "util/utf8.hpp"

using namespace wikiconv;

// first_invalid skips ASCII eight bytes at a time: a bad byte is found at every offset, before,
// inside and after such words, and a sequence cut by a word's end is still whole.
TEST(Utf8, FirstInvalidAtEveryOffset) {
  for (std::size_t at = 0; at < 40; ++at) {
    std::string s(40, 'a');
    s[at] = '\xFF';
    EXPECT_EQ(utf8::first_invalid(s), at) << at;
    std::string valid(40, 'a');
    valid.replace(at, 1, "\xC3\xA9");  // é straddles a word boundary at some offsets
    EXPECT_EQ(utf8::first_invalid(valid), std::string::npos) << at;
    std::string cut = std::string(at, 'a') + "\xE2\x82";  // a sequence the text ends inside
    EXPECT_EQ(utf8::first_invalid(cut), at) << at;
  }
  EXPECT_EQ(utf8::first_invalid(""), std::string::npos);
  EXPECT_EQ(utf8::first_invalid(std::string(64, 'x')), std::string::npos);
}
