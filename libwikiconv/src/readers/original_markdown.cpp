// Cutting a page's Markdown into runs by the source lines of its top-level nodes. A run starts
// at a node whose line starts one of cmark's top-level blocks and comes after every line of the
// nodes before it; its text ends where the next run starts, so the runs together are the page
// again, and what is between blocks (blank lines, link reference definitions, the lines of a
// category paragraph the reader took out) stays with the run before it. Footnote definitions,
// which cmark moves to the end, are runs of their own.
#include "readers/original_markdown.hpp"

#include <algorithm>
#include <climits>
#include <iterator>

namespace wikiconv {

namespace {

// The smallest and largest known line in a subtree.
std::pair<int, int> line_span(const Node& root) {
  int lo = INT_MAX, hi = 0;
  for (NodeIterator it(root); it.next();) {
    int line = it.node().line;
    if (it.event() != WalkEvent::Enter || line <= 0) continue;
    lo = std::min(lo, line);
    hi = std::max(hi, line);
  }
  return {lo, hi};
}

// Where the page's first run starts: the start of the text, or after its front matter (whose
// lines the cleaned text blanks).
std::size_t text_start(const std::string& text, const Page& page) {
  return page.metadata.empty() ? 0 : std::min(text.find_first_not_of(" \t\n"), text.size());
}

// What every cut keeps besides its runs.
std::shared_ptr<const OriginalMarkdown> finish(std::shared_ptr<OriginalMarkdown> original, std::string text,
                                               std::string front_matter, const Page& page) {
  original->page_parts = fingerprint_page_parts(page);
  original->text = std::move(text);
  original->front_matter = std::move(front_matter);
  original->metadata = page.metadata;
  return original;
}

struct Group {
  std::size_t first = 0, count = 0;  // body children
  int line = 0;                      // where its text starts
  int first_line = 0, last_line = 0; // the first and last line any of its nodes names
  bool footnote = false;
};

}  // namespace

std::shared_ptr<const OriginalMarkdown> cut_original(std::string text, std::string front_matter,
                                                     std::vector<std::pair<int, int>> block_lines, bool open,
                                                     const Page& page) {
  const std::vector<Node>& nodes = page.body.children;
  if (!page.redirect.empty() && page.redirect_line.empty()) return nullptr;
  if (nodes.empty()) {
    // Nothing but a redirect or categories: one run of no blocks that writes them.
    if (text.find_first_not_of(" \t\n") == std::string::npos) return nullptr;
    auto original = std::make_shared<OriginalMarkdown>();
    OriginalMarkdown::Run& run = original->runs.emplace_back();
    run.begin = text_start(text, page);
    run.end = text.size();
    for (std::size_t i = 0; i < page.category_links.size(); ++i) run.category_links.push_back(i);
    run.redirect = !page.redirect_line.empty();
    run.open = open;
    return finish(std::move(original), std::move(text), std::move(front_matter), page);
  }
  std::vector<int> starts;
  for (const auto& block : block_lines) starts.push_back(block.first);
  std::sort(starts.begin(), starts.end());
  auto starts_block = [&](int line) { return std::binary_search(starts.begin(), starts.end(), line); };

  // Footnote definitions come last (cmark puts them there), each a group; the other nodes group
  // where a cut keeps every line of a group before every line of the next.
  std::size_t regular = nodes.size();
  while (regular > 0 && nodes[regular - 1].type == NodeType::FootnoteDefinition) --regular;
  std::vector<std::pair<int, int>> spans;
  for (const Node& n : nodes) {
    auto span = line_span(n);
    if (n.line <= 0) return nullptr;
    spans.push_back(span);
  }
  std::vector<int> later_min(regular + 1, INT_MAX);
  for (std::size_t i = regular; i-- > 0;) later_min[i] = std::min(later_min[i + 1], spans[i].first);
  std::vector<Group> groups;
  int before_max = 0;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    bool footnote = i >= regular;
    // A node with a line before its own (a formatting element a browser reopened in it) goes
    // with the node before it.
    bool cut = i == 0 || footnote ||
               (spans[i].first == nodes[i].line && starts_block(nodes[i].line) && before_max < nodes[i].line &&
                nodes[i].line == later_min[i]);
    if (cut) groups.push_back({i, 0, spans[i].first, spans[i].first, 0, footnote});
    Group& g = groups.back();
    ++g.count;
    g.first_line = std::min(g.first_line, spans[i].first);
    g.last_line = std::max(g.last_line, spans[i].second);
    if (!footnote) before_max = std::max(before_max, spans[i].second);
    if (footnote && (spans[i].first != nodes[i].line || !starts_block(nodes[i].line))) return nullptr;
  }

  // A node that a browser moved after the lines of later ones (text out of a table) takes the
  // groups back to where its line is.
  std::vector<Group> merged;
  for (Group g : groups) {
    while (!g.footnote && g.first_line < g.line && !merged.empty() && !merged.back().footnote) {
      Group before = merged.back();
      merged.pop_back();
      before.count += g.count;
      before.first_line = std::min(before.first_line, g.first_line);
      before.last_line = std::max(before.last_line, g.last_line);
      g = before;
    }
    merged.push_back(g);
  }
  groups = std::move(merged);

  // The groups in the order of their lines; each one's text runs to the next one's first line.
  std::vector<std::size_t> by_line(groups.size());
  for (std::size_t i = 0; i < by_line.size(); ++i) by_line[i] = i;
  std::sort(by_line.begin(), by_line.end(), [&](std::size_t a, std::size_t b) { return groups[a].line < groups[b].line; });
  std::vector<std::size_t> line_offsets{0};  // where line k + 1 starts
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') line_offsets.push_back(i + 1);
  auto offset_of = [&](int line) {
    return static_cast<std::size_t>(line) <= line_offsets.size() ? line_offsets[static_cast<std::size_t>(line) - 1] : text.size();
  };
  // Lines no block covers that are not blank: link reference definitions (cmark keeps no node).
  std::vector<bool> in_block(line_offsets.size() + 2, false);
  for (const auto& [first, last] : block_lines)
    for (int line = std::max(first, 1); line <= last && static_cast<std::size_t>(line) < in_block.size(); ++line)
      in_block[static_cast<std::size_t>(line)] = true;
  auto link_definitions = [&](int first, int end) {  // of lines [first, end)
    std::string found;
    for (std::size_t line = static_cast<std::size_t>(first); line < static_cast<std::size_t>(end) && line <= line_offsets.size(); ++line) {
      if (in_block[line]) continue;
      std::size_t from = line_offsets[line - 1], to = line < line_offsets.size() ? line_offsets[line] : text.size();
      if (text.find_first_not_of(" \t\n", from) >= to) continue;
      found.append(text, from, to - from);
      if (found.back() != '\n') found += '\n';
    }
    return found;
  };

  auto original = std::make_shared<OriginalMarkdown>();
  original->runs.resize(groups.size());
  std::vector<int> run_line(groups.size());
  for (std::size_t k = 0; k < by_line.size(); ++k) {
    const Group& g = groups[by_line[k]];
    int next_line = k + 1 < by_line.size() ? groups[by_line[k + 1]].line : INT_MAX;
    if (next_line == g.line || g.last_line >= next_line || (k > 0 && g.first_line < g.line)) return nullptr;
    // A footnote definition's text is its own block alone.
    auto after = std::upper_bound(starts.begin(), starts.end(), g.line);
    if (g.footnote && after != starts.end() && *after < next_line) return nullptr;
    OriginalMarkdown::Run& run = original->runs[by_line[k]];
    // The first run starts the text, or after the front matter (blanked lines).
    run.begin = k > 0 ? offset_of(g.line) : std::min(text_start(text, page), offset_of(g.line));
    if (k == 0 && g.footnote && run.begin < offset_of(g.line)) return nullptr;
    run.end = next_line == INT_MAX ? text.size() : offset_of(next_line);
    run.next = k + 1 < by_line.size() ? by_line[k + 1] : SIZE_MAX;
    run.open = open && run.next == SIZE_MAX;
    for (std::size_t i = g.first; i < g.first + g.count; ++i) run.blocks.push_back(fingerprint(nodes[i]));
    run.link_definitions = link_definitions(k == 0 ? 1 : g.line, next_line);
    run_line[by_line[k]] = k == 0 ? 1 : g.line;
  }

  // Which run's text writes each category link and the redirect line: the last run starting at
  // or before its line.
  auto run_at = [&](int line) -> OriginalMarkdown::Run* {
    auto after = std::upper_bound(by_line.begin(), by_line.end(), line,
                                  [&](int l, std::size_t group) { return l < run_line[group]; });
    return after == by_line.begin() ? nullptr : &original->runs[*std::prev(after)];
  };
  for (std::size_t i = 0; i < page.category_links.size(); ++i) {
    OriginalMarkdown::Run* run = run_at(line_span(page.category_links[i]).first);
    if (!run || page.category_links[i].line <= 0) return nullptr;
    run->category_links.push_back(i);
  }
  if (!page.redirect_line.empty()) {
    int line = INT_MAX;
    for (const Node& n : page.redirect_line) line = std::min(line, line_span(n).first);
    OriginalMarkdown::Run* run = line == INT_MAX ? nullptr : run_at(line);
    if (!run) return nullptr;
    run->redirect = true;
  }
  return finish(std::move(original), std::move(text), std::move(front_matter), page);
}

}  // namespace wikiconv
