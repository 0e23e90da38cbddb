#include "writers/dokuwiki/page_ids.hpp"

#include <algorithm>
#include <functional>

#include "writers/dokuwiki/page_id.hpp"

namespace wikiconv::dokuwiki {

std::uint32_t PageIds::hash(std::string_view id) {
  std::uint64_t h = std::hash<std::string_view>{}(id);
  return static_cast<std::uint32_t>(h ^ (h >> 32));
}

PageIds::PageIds(const std::vector<PageEntry>& pages, CollisionPolicy policy) : pages_(pages), policy_(policy) {
  owners_.reserve(pages_.size());  // not grown by doubling: on a huge wiki the slack is megabytes
  for (std::size_t i = 0; i < pages_.size(); ++i) {
    std::string id = clean_id(pages_[i].title());
    if (id.empty()) {
      empty_.emplace_back(pages_[i].title());
      unwritten_.emplace(pages_[i].title());
    } else {
      owners_.push_back({hash(id), static_cast<std::uint32_t>(i)});
    }
  }
  std::sort(owners_.begin(), owners_.end());
  // Pages sharing a hash, in page (title) order: those sharing the id too are one collision.
  for (std::size_t a = 0; a < owners_.size();) {
    std::size_t b = a + 1;
    while (b < owners_.size() && owners_[b].hash == owners_[a].hash) ++b;
    if (b - a > 1) {
      std::vector<NameCollision> groups;
      for (std::size_t k = a; k < b; ++k) {
        std::string title(pages_[owners_[k].page].title());
        std::string id = clean_id(title);
        auto group = std::find_if(groups.begin(), groups.end(), [&](const NameCollision& c) { return c.name == id; });
        if (group == groups.end()) groups.push_back({id, {title}, {id}});
        else group->titles.push_back(std::move(title));
      }
      for (NameCollision& group : groups)
        if (group.titles.size() > 1) collisions_.push_back(std::move(group));
    }
    a = b;
  }
  // In title order, so that the ids do not depend on hash values.
  std::sort(collisions_.begin(), collisions_.end(),
            [](const NameCollision& x, const NameCollision& y) { return x.titles.front() < y.titles.front(); });
  plan_suffixes();
}

void PageIds::plan_suffixes() {
  std::set<std::string> suffixed;  // ids given so far
  for (NameCollision& collision : collisions_) {
    for (std::size_t k = 1; k < collision.titles.size(); ++k) {
      // The next "_N" that no title has as its own id and no earlier collision was given.
      std::string candidate;
      for (std::size_t n = 2;; ++n) {
        candidate = collision.name + "_" + std::to_string(n);
        if (!first_with_id(candidate) && !suffixed.count(candidate)) break;
      }
      const std::string& title = collision.titles[k];
      collision.names.push_back(candidate);
      suffixed.insert(candidate);
      if (policy_ == CollisionPolicy::Suffix) {
        renamed_.emplace(title, candidate);
        auto page = std::lower_bound(pages_.begin(), pages_.end(), title,
                                     [](const PageEntry& e, const std::string& t) { return e.title() < t; });
        renamed_owner_.emplace(candidate, static_cast<std::size_t>(page - pages_.begin()));
      } else {
        unwritten_.insert(title);
      }
    }
  }
}

std::string PageIds::id(std::string_view title) const {
  auto renamed = renamed_.find(title);
  return renamed != renamed_.end() ? renamed->second : clean_id(title);
}

const PageEntry* PageIds::first_with_id(const std::string& id) const {
  Owner key{hash(id), 0};
  for (auto it = std::lower_bound(owners_.begin(), owners_.end(), key); it != owners_.end() && it->hash == key.hash; ++it)
    if (clean_id(pages_[it->page].title()) == id) return &pages_[it->page];
  return nullptr;
}

const PageEntry* PageIds::owner(const std::string& id) const {
  auto renamed = renamed_owner_.find(id);
  if (renamed != renamed_owner_.end()) return &pages_[renamed->second];
  return first_with_id(id);
}

}  // namespace wikiconv::dokuwiki
