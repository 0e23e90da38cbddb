// Which DokuWiki page id each title of a wiki is written under. DokuWiki's cleanID folds titles
// that MediaWiki keeps apart ("Layer" and "LAYER", "@Effect" and "EFFECT") into one id; the
// collision policy decides what the later titles of such a group become, so that no page is
// lost without a word and every link names the page it meant.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "wikiconv/wiki.hpp"

namespace wikiconv::dokuwiki {

enum class CollisionPolicy {
  Suffix,  // the first title (in title order) keeps the id, later ones get id_2, id_3, ...
  Error,   // later titles are not written (an error each)
};

class PageIds {
 public:
  // Indexes the ids of `pages` (every page of the wiki, in title order).
  PageIds(const std::vector<PageEntry>& pages, CollisionPolicy policy);

  // The id `title` is written under (links use it too): clean_id(title) unless a collision
  // renamed it. Titles that are no page of the wiki keep their clean id.
  std::string id(std::string_view title) const;
  // False for a title whose id is empty, and under Error for the later titles of a collision.
  bool written(std::string_view title) const { return unwritten_.count(std::string(title)) == 0; }
  // The page written under `id`, if any.
  const PageEntry* owner(const std::string& id) const;

  // Titles sharing a clean id, in title order, with the ids collisions=suffix gives them.
  const std::vector<NameCollision>& collisions() const { return collisions_; }
  // Titles whose id is empty (no page can be written for them).
  const std::vector<std::string>& empty_ids() const { return empty_; }
  CollisionPolicy policy() const { return policy_; }

  // What the index is sorted by: a hash of a clean id, 32 bits (distinct ids may share it).
  static std::uint32_t hash(std::string_view id);

 private:
  // (hash of clean id, page) for every page with an id, sorted: 8 bytes a page where a map of
  // id strings costs more than ten times that. A hash shared by two ids (a million pages:
  // about a hundred pairs) is resolved by computing the ids again.
  struct Owner {
    std::uint32_t hash;
    std::uint32_t page;  // a wiki has fewer than 2^32 pages (Wiki's index counts them so)
    bool operator<(const Owner& o) const { return hash != o.hash ? hash < o.hash : page < o.page; }
  };
  // The first page (in title order) whose clean id is `id`.
  const PageEntry* first_with_id(const std::string& id) const;
  void plan_suffixes();

  const std::vector<PageEntry>& pages_;
  CollisionPolicy policy_;
  std::vector<Owner> owners_;
  std::vector<NameCollision> collisions_;
  std::vector<std::string> empty_;
  // The exceptions, few on any real wiki: renamed titles and their ids, and titles not written.
  std::map<std::string, std::string, std::less<>> renamed_;
  std::map<std::string, std::size_t> renamed_owner_;  // suffixed id -> page
  std::set<std::string> unwritten_;
};

}  // namespace wikiconv::dokuwiki
