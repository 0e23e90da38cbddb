#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "../fuzz/fuzz_support.hpp"
#include "test_support.hpp"
#include "util/shared_library.hpp"

using wikiconv::SharedLibrary;
using wikiconv::test::run_cli;
using wikiconv::test::TempDir;

TEST(SharedLibrary, SaysWhyALibraryOrAFunctionIsMissing) {
  SharedLibrary none("libwikiconv-no-such-library.so.0", "nolib");
  EXPECT_EQ(none.problem().rfind("nolib cannot be loaded (", 0), 0u) << none.problem();
  decltype(&::strlen) from_none = nullptr;
  none.find(from_none, "strlen");
  EXPECT_EQ(from_none, nullptr);

  SharedLibrary libc("libc.so.6", "libc");
  decltype(&::strlen) length = nullptr;
  libc.find(length, "strlen");
  ASSERT_TRUE(libc.problem().empty()) << libc.problem();
  ASSERT_NE(length, nullptr);
  EXPECT_EQ(length("four"), 4u);
  decltype(&::strlen) missing = nullptr;
  libc.find(missing, "wikiconv_no_such_function");
  EXPECT_EQ(missing, nullptr);
  EXPECT_EQ(libc.problem(), "libc (libc.so.6) has no function wikiconv_no_such_function");
}

// The program starts without libzip and libcrypto (loading them took 4 ms of every start); the
// writers that use them load them when they run: the dump (SHA-1) and the EPUB (the zip).
TEST(SharedLibrary, TheProgramLoadsZipAndCryptoOnlyForTheFormatsThatUseThem) {
  auto libraries_loaded = [](const std::string& args) {
    TempDir log;
    // The dynamic linker's own account of the files it opens, one file per process.
    setenv("LD_DEBUG", "files", 1);
    setenv("LD_DEBUG_OUTPUT", (log.path() / "ld").c_str(), 1);
    auto r = run_cli(args, "# Page\n\nSome text.\n");
    unsetenv("LD_DEBUG");
    unsetenv("LD_DEBUG_OUTPUT");
    EXPECT_EQ(r.exit_code, 0) << args << ": " << r.err;
    std::string files;
    for (const auto& entry : std::filesystem::directory_iterator(log.path()))
      files += wikiconv::fuzz::read_all(entry.path());
    return files;
  };
  std::string text = libraries_loaded("convert - -t wikitext");
  ASSERT_NE(text.find("libcmark-gfm"), std::string::npos) << "no account of the loaded files:\n" << text;
  EXPECT_EQ(text.find("libzip"), std::string::npos);
  EXPECT_EQ(text.find("libcrypto"), std::string::npos);
  std::string dump = libraries_loaded("convert - -t mediawiki");
  EXPECT_NE(dump.find("libcrypto"), std::string::npos);
  EXPECT_EQ(dump.find("libzip"), std::string::npos);
  TempDir out;
  std::string book = libraries_loaded("convert - -t epub -O title=Book -o '" + (out.path() / "b.epub").string() + "'");
  EXPECT_NE(book.find("libzip"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(out.path() / "b.epub"));
}
