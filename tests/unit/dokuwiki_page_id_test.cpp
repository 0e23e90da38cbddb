// cleanID() and file names as DokuWiki 2022-07-31 computes them at its default configuration
// (the expected values were printed by DokuWiki's own cleanID/utf8_encodeFN; the integration
// test checks the same against the live PHP code).
#include <gtest/gtest.h>

#include "writers/dokuwiki/page_id.hpp"

using wikiconv::dokuwiki::clean_id;
using wikiconv::dokuwiki::page_file;

TEST(DokuWikiPageId, CleanIdMatchesDokuWiki) {
  struct Case {
    const char* raw;
    const char* id;
    const char* file;
  };
  const Case cases[] = {
      {"Zürich Straße", "zuerich_strasse", "zuerich_strasse.txt"},
      {"Ça va? Oui!", "ca_va_oui", "ca_va_oui.txt"},
      {"  Tankie:Introduction ", "tankie:introduction", "tankie/introduction.txt"},
      {"Guides/Zine Making", "guides_zine_making", "guides_zine_making.txt"},
      {"a;b/c", "a:b_c", "a/b_c.txt"},
      {"İstanbul", "i\xCC\x87stanbul", "i%CC%87stanbul.txt"},
      {"Ærø", "aero", "aero.txt"},
      {"日本語のページ", "日本語のページ", "%E6%97%A5%E6%9C%AC%E8%AA%9E%E3%81%AE%E3%83%9A%E3%83%BC%E3%82%B8.txt"},
      {"C++ (language)", "c_language", "c_language.txt"},
      {"__init__", "init", "init.txt"},
      {"..hidden..", "hidden", "hidden.txt"},
      {"a:.b:_c", "a:b:c", "a/b/c.txt"},
      {"x -- y", "x_--_y", "x_--_y.txt"},
      {"Ωmega", "ωmega", "%CF%89mega.txt"},
      {"100% pure", "100_pure", "100_pure.txt"},
      {"Nix vs. Linux Standard Base", "nix_vs._linux_standard_base", "nix_vs._linux_standard_base.txt"},
      {"a__b::c", "a_b:c", "a_b/c.txt"},
      {"-_.", "", ".txt"},
      {"Crème brûlée", "creme_brulee", "creme_brulee.txt"},
      {"ŁÓDŹ", "lodz", "lodz.txt"},
      {"tab\there", "tab_here", "tab_here.txt"},
      {"A*B", "a_b", "a_b.txt"},
      {"ǅungla", "ǆungla", "%C7%86ungla.txt"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(clean_id(c.raw), c.id) << c.raw;
    EXPECT_EQ(page_file(clean_id(c.raw)), c.file) << c.raw;
  }
}

TEST(DokuWikiPageId, SectionIdMatchesDokuWiki) {
  // DokuWiki's sectionID() of each heading
  EXPECT_EQ(wikiconv::dokuwiki::section_id("Section"), "section");
  EXPECT_EQ(wikiconv::dokuwiki::section_id("Various Critiques of Tankies"), "various_critiques_of_tankies");
  EXPECT_EQ(wikiconv::dokuwiki::section_id("1.2 Setup: v2.0"), "setupv20");
  EXPECT_EQ(wikiconv::dokuwiki::section_id("2024"), "section2024");
  EXPECT_EQ(wikiconv::dokuwiki::section_id("Straße"), "strasse");
}
