// Planning which runs of a page's text as read the gfm writer writes again: matching runs to
// the body's blocks by fingerprint, then the rules that keep old text and new consistent.
#include "writers/gfm/kept_text.hpp"

#include <algorithm>
#include <unordered_map>

namespace wikiconv::gfm {

namespace {

constexpr std::size_t kNone = KeptText::kNone;

bool holds_footnotes(const Node& block) {
  for (NodeIterator it(block); it.next();)
    if (it.node().type == NodeType::FootnoteReference || it.node().type == NodeType::FootnoteDefinition) return true;
  return false;
}

class Planner {
 public:
  Planner(const Page& page, const std::function<bool(const std::vector<bool>&)>& writes_categories)
      : page_(page), original_(*page.original), children_(page.body.children), writes_categories_(writes_categories) {}

  KeptText plan() {
    const bool parts_same = original_.page_parts == fingerprint_page_parts(page_);
    kept_.run_at.assign(children_.size(), kNone);
    kept_.category_links.assign(page_.category_links.size(), false);
    const auto& runs = original_.runs;
    if (children_.empty() && runs.size() == 1 && runs[0].blocks.empty() && parts_same) {
      kept_.whole_text = true;
      kept_.category_links.assign(page_.category_links.size(), true);
      kept_.redirect = runs[0].redirect;
      return kept_;
    }
    match(parts_same);
    // Each rule below only takes runs away, which the other may then need: until neither does.
    std::vector<bool> notes(children_.size());
    for (std::size_t i = 0; i < children_.size(); ++i) notes[i] = holds_footnotes(children_[i]);
    do settle();
    while (split_notes_apart(notes) || end_open_run());
    return kept_;
  }

 private:
  // Each child that starts a run whose blocks all fingerprint as read: the run expected next,
  // else any unused run that starts with the child's fingerprint.
  void match(bool parts_same) {
    const auto& runs = original_.runs;
    std::vector<std::uint64_t> prints;
    for (const Node& n : children_) prints.push_back(fingerprint(n));
    std::unordered_multimap<std::uint64_t, std::size_t> by_first;  // run by its first block
    for (std::size_t r = 0; r < runs.size(); ++r)
      if (!runs[r].blocks.empty()) by_first.emplace(runs[r].blocks.front(), r);
    std::vector<bool> used(runs.size(), false);
    auto fits = [&](std::size_t r, std::size_t i) {
      const OriginalMarkdown::Run& run = runs[r];
      if (used[r] || run.blocks.size() > children_.size() - i) return false;
      if (!parts_same && (run.redirect || !run.category_links.empty())) return false;
      return std::equal(run.blocks.begin(), run.blocks.end(), prints.begin() + static_cast<std::ptrdiff_t>(i));
    };
    std::size_t expected = 0;  // the run after the last one matched
    for (std::size_t i = 0; i < children_.size();) {
      std::size_t r = kNone;
      if (expected < runs.size() && fits(expected, i)) {
        r = expected;
      } else {
        auto [from, to] = by_first.equal_range(prints[i]);
        for (auto it = from; it != to && r == kNone; ++it)
          if (fits(it->second, i)) r = it->second;
      }
      if (r == kNone) {
        ++i;
        continue;
      }
      used[r] = true;
      kept_.run_at[i] = r;
      i += runs[r].blocks.size();
      expected = r + 1;
    }
  }

  // What the runs written as read write besides their blocks (category links, the redirect
  // line), and the link reference definitions of the others, for those that are.
  void settle() {
    kept_.category_links.assign(page_.category_links.size(), false);
    kept_.redirect = false;
    kept_.link_definitions.clear();
    std::vector<bool> kept(original_.runs.size(), false);
    for (std::size_t r : kept_.run_at) {
      if (r == kNone) continue;
      kept[r] = true;
      for (std::size_t k : original_.runs[r].category_links) kept_.category_links[k] = true;
      kept_.redirect |= original_.runs[r].redirect;
    }
    for (std::size_t r = 0; r < original_.runs.size(); ++r)
      if (!kept[r]) kept_.link_definitions += original_.runs[r].link_definitions;
  }

  // Footnote labels, which the model does not keep, must not be split between old text and
  // new: the model numbers notes, so when a block with a note is written afresh, every block
  // with one is, and labels and definitions match. Returns whether a run was taken away.
  bool split_notes_apart(const std::vector<bool>& notes) {
    bool fresh_notes = false;
    for (std::size_t i = 0, run_end = 0; i < children_.size(); ++i) {
      if (kept_.run_at[i] != kNone) run_end = i + original_.runs[kept_.run_at[i]].blocks.size();
      fresh_notes |= notes[i] && i >= run_end;
    }
    bool taken = false;
    for (std::size_t i = 0; fresh_notes && i < children_.size(); ++i) {
      if (kept_.run_at[i] == kNone) continue;
      auto first = notes.begin() + static_cast<std::ptrdiff_t>(i);
      auto end = first + static_cast<std::ptrdiff_t>(original_.runs[kept_.run_at[i]].blocks.size());
      if (std::none_of(first, end, [](bool b) { return b; })) continue;
      kept_.run_at[i] = kNone;
      taken = true;
    }
    return taken;
  }

  // A run left open at the end of the text swallows whatever follows it: written as read only
  // when nothing does. Returns whether it was taken away.
  bool end_open_run() {
    for (std::size_t i = 0; i < children_.size(); ++i) {
      if (kept_.run_at[i] == kNone || !original_.runs[kept_.run_at[i]].open) continue;
      if (written_last(i) && kept_.link_definitions.empty() && !writes_categories_(kept_.category_links)) return false;
      kept_.run_at[i] = kNone;
      return true;
    }
    return false;
  }

  // Whether the run written as read from child `i` is the last thing the writer writes of the
  // body: the children after it, if any, are footnote definitions written as read earlier,
  // where the text has them (after the run before them in the text, written as read).
  bool written_last(std::size_t i) const {
    const auto& runs = original_.runs;
    std::vector<bool> pulled(runs.size(), false);
    for (std::size_t r : kept_.run_at)
      if (r != kNone && runs[r].next != kNone) pulled[runs[r].next] = true;
    for (std::size_t j = i + runs[kept_.run_at[i]].blocks.size(); j < children_.size();) {
      std::size_t r = kept_.run_at[j];
      if (r == kNone || children_[j].type != NodeType::FootnoteDefinition || !pulled[r]) return false;
      j += runs[r].blocks.size();
    }
    return true;
  }

  const Page& page_;
  const OriginalMarkdown& original_;
  const std::vector<Node>& children_;
  const std::function<bool(const std::vector<bool>&)>& writes_categories_;
  KeptText kept_;
};

}  // namespace

KeptText plan_kept_text(const Page& page, const std::function<bool(const std::vector<bool>&)>& writes_categories) {
  return Planner(page, writes_categories).plan();
}

}  // namespace wikiconv::gfm
