// Which id each title gets when DokuWiki's cleanID folds titles together: collisions=suffix
// renames the later titles (in title order) to free ids; collisions=error leaves them unwritten.
#include <gtest/gtest.h>

#include <unordered_map>

#include "test_support.hpp"
#include "writers/dokuwiki/page_id.hpp"
#include "writers/dokuwiki/page_ids.hpp"

using wikiconv::Diagnostics;
using wikiconv::Wiki;
using wikiconv::WikiOptions;
using wikiconv::test::TempDir;
using wikiconv::dokuwiki::CollisionPolicy;
using wikiconv::dokuwiki::PageIds;

namespace {

// A wiki whose pages declare `titles` (its pages() in title order, as PageIds takes them).
Wiki wiki_of(const TempDir& dir, const std::vector<std::string>& titles) {
  for (std::size_t i = 0; i < titles.size(); ++i)
    dir.write("page" + std::to_string(i) + ".md", "---\ntitle: " + titles[i] + "\n---\nText.\n");
  Diagnostics diagnostics;
  Wiki wiki = Wiki::open(dir.path(), WikiOptions{}, diagnostics);
  EXPECT_EQ(wiki.pages().size(), titles.size());
  return wiki;
}

}  // namespace

TEST(DokuWikiPageIds, SuffixGivesLaterTitlesFreeIds) {
  TempDir dir;
  Wiki wiki = wiki_of(dir, {"Layer", "LAYER", "Layer 2", "@Effect", "EFFECT", "Effect!", "Other", "Ns:Layer", "Ns:LAYER"});
  PageIds ids(wiki.pages(), CollisionPolicy::Suffix);
  // title order: "LAYER" < "Layer"; "layer_2" is "Layer 2"'s own id
  EXPECT_EQ(ids.id("LAYER"), "layer");
  EXPECT_EQ(ids.id("Layer"), "layer_3");
  EXPECT_EQ(ids.id("Layer 2"), "layer_2");
  EXPECT_EQ(ids.id("@Effect"), "effect");
  EXPECT_EQ(ids.id("EFFECT"), "effect_2");
  EXPECT_EQ(ids.id("Effect!"), "effect_3");
  EXPECT_EQ(ids.id("Ns:Layer"), "ns:layer_2");
  EXPECT_EQ(ids.id("Other"), "other");
  EXPECT_EQ(ids.id("Not a page"), "not_a_page");
  for (const auto& p : wiki.pages()) EXPECT_TRUE(ids.written(p.title())) << p.title();
  ASSERT_EQ(ids.collisions().size(), 3u);
  EXPECT_EQ(ids.collisions()[0].titles, (std::vector<std::string>{"@Effect", "EFFECT", "Effect!"}));
  EXPECT_EQ(ids.collisions()[0].names, (std::vector<std::string>{"effect", "effect_2", "effect_3"}));
  EXPECT_EQ(ids.collisions()[1].name, "layer");
  EXPECT_EQ(ids.owner("layer_3")->title(), "Layer");
  EXPECT_EQ(ids.owner("layer")->title(), "LAYER");
  EXPECT_EQ(ids.owner("layer_9"), nullptr);
}

TEST(DokuWikiPageIds, ErrorLeavesLaterTitlesUnwritten) {
  TempDir dir;
  Wiki wiki = wiki_of(dir, {"Layer", "LAYER", "Other", "@@"});
  PageIds ids(wiki.pages(), CollisionPolicy::Error);
  EXPECT_TRUE(ids.written("LAYER"));
  EXPECT_FALSE(ids.written("Layer"));
  EXPECT_FALSE(ids.written("@@"));  // an empty id
  EXPECT_EQ(ids.empty_ids(), (std::vector<std::string>{"@@"}));
  EXPECT_EQ(ids.id("Layer"), "layer");  // links to it land on the page that has the id
  EXPECT_EQ(ids.owner("layer")->title(), "LAYER");
  // what suffix would do, for the message
  ASSERT_EQ(ids.collisions().size(), 1u);
  EXPECT_EQ(ids.collisions()[0].names, (std::vector<std::string>{"layer", "layer_2"}));
}

// Ids are indexed by a 32-bit hash: on a wiki of a million pages some distinct ids share one
// (about a hundred pairs). Such pages are no collision: each keeps its own id and owns it.
TEST(DokuWikiPageIds, DistinctIdsSharingAHashStayApart) {
  std::unordered_map<std::uint32_t, std::string> seen;
  std::string first, second;
  for (int n = 0; n < 2'000'000 && first.empty(); ++n) {
    std::string title = "Page " + std::to_string(n);
    std::string id = "page_" + std::to_string(n);
    auto [it, added] = seen.emplace(PageIds::hash(id), title);
    if (!added) first = it->second, second = title;
  }
  ASSERT_FALSE(first.empty()) << "no two ids of two million share a hash";
  std::string first_id = wikiconv::dokuwiki::clean_id(first), second_id = wikiconv::dokuwiki::clean_id(second);
  ASSERT_NE(first_id, second_id);
  ASSERT_EQ(PageIds::hash(first_id), PageIds::hash(second_id));

  // With a title that does share the first one's id ("PAGE n"), in the same hash group.
  std::string upper = "PAGE" + first.substr(4);
  TempDir dir;
  Wiki wiki = wiki_of(dir, {first, second, upper});
  PageIds ids(wiki.pages(), CollisionPolicy::Suffix);
  EXPECT_EQ(ids.id(second), second_id);
  EXPECT_EQ(ids.owner(second_id)->title(), second);
  // "PAGE n" comes first in title order and keeps the id; "Page n" is renamed.
  EXPECT_EQ(ids.id(upper), first_id);
  EXPECT_EQ(ids.id(first), first_id + "_2");
  EXPECT_EQ(ids.owner(first_id)->title(), upper);
  EXPECT_EQ(ids.owner(first_id + "_2")->title(), first);
  ASSERT_EQ(ids.collisions().size(), 1u);
  EXPECT_EQ(ids.collisions()[0].titles, (std::vector<std::string>{upper, first}));
}
