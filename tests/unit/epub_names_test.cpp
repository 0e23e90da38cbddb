// The EPUB writer's naming rules: file names, XML ids that match MediaWiki's anchors, URLs
// epubcheck accepts, name-based identifiers and zip times.
#include <gtest/gtest.h>

#include "util/html_tag.hpp"
#include "writers/epub/epub_book.hpp"
#include "writers/html_renderer.hpp"

using namespace wikiconv::epub;
using wikiconv::url_scheme;  // shared with the other writers (wiki/link_target)

TEST(EpubNames, SlugsAreShortSafeAscii) {
  EXPECT_EQ(slug("Tankie:Introduction"), "tankie-introduction");
  EXPECT_EQ(slug("Guides/Zine Making"), "guides-zine-making");
  EXPECT_EQ(slug("Ünïcode — only"), "n-code-only");
  EXPECT_EQ(slug("日本語"), "page");
  EXPECT_EQ(slug("../../etc/passwd"), "etc-passwd");
  EXPECT_LE(slug(std::string(300, 'a')).size(), 40u);
}

TEST(EpubNames, XmlIdsKeepMediaWikiAnchorsAndEncodeTheRest) {
  // A heading's id and a link's #anchor go through the same function, so they agree.
  EXPECT_EQ(xml_id(wikiconv::mediawiki_anchor("Various critiques of tankies")), "Various_critiques_of_tankies");
  EXPECT_EQ(xml_id("Various_critiques_of_tankies"), "Various_critiques_of_tankies");
  EXPECT_EQ(xml_id("Flakes (experimental)"), "Flakes_.28experimental.29");
  EXPECT_EQ(xml_id("1956"), "_1956");
  EXPECT_EQ(xml_id("-x"), "_-x");
  EXPECT_EQ(xml_id("Über_Nix"), "Über_Nix");
  EXPECT_EQ(xml_id("配置"), "配置");
  EXPECT_EQ(xml_id("a:b"), "a.3Ab");
  EXPECT_EQ(xml_id(""), "_");
  EXPECT_EQ(xml_id("v2.0"), "v2.0");
}

TEST(EpubNames, UrlsAreEncodedAndSchemesChecked) {
  EXPECT_EQ(encode_url("https://example.org/a b?q=\"x\"#frag#more"),
            "https://example.org/a%20b?q=%22x%22#frag%23more");
  EXPECT_EQ(encode_url("https://example.org/100%25/50%"), "https://example.org/100%25/50%25");
  EXPECT_EQ(encode_url("https://de.wikipedia.org/wiki/Ä"), "https://de.wikipedia.org/wiki/%C3%84");
  EXPECT_EQ(encode_url("http://x.org/socat/\\]?a[1]"), "http://x.org/socat/%5C%5D?a%5B1%5D");
  EXPECT_EQ(encode_url("http://[::1]:80/[x]"), "http://[::1]:80/%5Bx%5D");
  // Hosts epubcheck parses (RSC-020, RSC-023), from autolinks and links in real pages.
  for (std::string_view ok : {"https://example.org/", "http://a.b:8080/x", "http://user@x.org", "http://[::1]/",
                              "mailto:x@y.org", "irc://irc.libera.chat/nixos", "http://x.org."})
    EXPECT_TRUE(has_valid_host(ok)) << ok;
  for (std::string_view bad : {"http://", "https://", "http:///path", "http://www.uni-", "http://-x.org/",
                               "http://a..b/", "http://x:port/", "http://exa%20mple.org/", "https:x.org", "http://[zz]/"})
    EXPECT_FALSE(has_valid_host(bad)) << bad;
  EXPECT_EQ(url_scheme("HTTPS://x"), "https");
  EXPECT_EQ(url_scheme("Tankie:Introduction"), "tankie");
  EXPECT_EQ(url_scheme("/wiki/x:y"), "");
  EXPECT_EQ(url_scheme("1http://x"), "");
  EXPECT_TRUE(allowed_scheme("https"));
  EXPECT_TRUE(allowed_scheme("mailto"));
  EXPECT_FALSE(allowed_scheme("tankie"));
  EXPECT_FALSE(allowed_scheme("javascript"));
  EXPECT_EQ(title_url("Anti-Tankie page (x)"), "Anti-Tankie_page_(x)");
  EXPECT_EQ(title_url("C# & \"q\""), "C%23_%26_%22q%22");
}

TEST(EpubNames, IdentifiersTimesAndLanguages) {
  unsigned char digest[20];
  for (int i = 0; i < 20; ++i) digest[i] = static_cast<unsigned char>(i * 17);
  std::string urn = uuid_urn(digest);
  EXPECT_EQ(urn, "urn:uuid:00112233-4455-5677-8899-aabbccddeeff");
  EXPECT_EQ(iso_time(1700000000), "2023-11-14T22:13:20Z");
  std::uint16_t time = 0, date = 0;
  dos_time(1700000000, time, date);
  EXPECT_EQ(date, ((2023 - 1980) << 9) | (11 << 5) | 14);
  EXPECT_EQ(time, (22 << 11) | (13 << 5) | 10);
  dos_time(0, time, date);  // before 1980: clamped
  EXPECT_EQ(date, (0 << 9) | (1 << 5) | 1);
  EXPECT_EQ(title_language("Flakes/ja"), "ja");
  EXPECT_EQ(title_language("Blip.fr"), "fr");
  EXPECT_EQ(title_language("Flakes/zh-cn"), "zh-cn");
  EXPECT_EQ(title_language("Node.js"), "");
  EXPECT_EQ(title_language("Tankie"), "");
  EXPECT_TRUE(wikiconv::html::is_language_tag("en-GB"));
  EXPECT_TRUE(wikiconv::html::is_language_tag("zh-Hans-CN"));
  EXPECT_FALSE(wikiconv::html::is_language_tag("english language"));
  EXPECT_FALSE(wikiconv::html::is_language_tag("e"));
}
