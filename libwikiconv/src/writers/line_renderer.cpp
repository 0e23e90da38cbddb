#include "writers/line_renderer.hpp"

namespace wikiconv {

void LineRenderer::flush_newlines() {
  if (need_newlines_ == 0) return;
  if (!out_.empty()) {
    for (int i = 0; i < need_newlines_; ++i) {
      if (i > 0) {
        // An empty line inside containers keeps the containers' prefixes, trimmed.
        std::string prefix;
        for (const auto& p : prefixes_) prefix += p;
        while (!prefix.empty() && prefix.back() == ' ') prefix.pop_back();
        out_ += prefix;
      }
      out_ += '\n';
    }
  }
  need_newlines_ = 0;
  at_line_start_ = true;
  column_ = 0;
}

void LineRenderer::start_line() {
  if (has_first_line_prefix_) {
    out_ += first_line_prefix_;
    column_ += first_line_prefix_.size();
    has_first_line_prefix_ = false;
  } else {
    for (const auto& p : prefixes_) {
      out_ += p;
      column_ += p.size();
    }
  }
  at_line_start_ = false;
}

void LineRenderer::lit(std::string_view s) {
  std::size_t pos = 0;
  while (pos < s.size()) {
    flush_newlines();
    std::size_t nl = s.find('\n', pos);
    std::string_view chunk = s.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (!chunk.empty()) {
      if (at_line_start_) start_line();
      out_.append(chunk);
      column_ += chunk.size();
    }
    if (nl == std::string_view::npos) break;
    if (at_line_start_) start_line();  // an empty line still carries the prefix
    out_ += '\n';
    at_line_start_ = true;
    column_ = 0;
    pos = nl + 1;
  }
}

std::string LineRenderer::finish() {
  if (!out_.empty() && !at_line_start_) out_ += '\n';
  need_newlines_ = 0;
  return std::move(out_);
}

std::size_t output_size_hint(const Node& root) {
  std::size_t bytes = 0;
  NodeIterator it(root);
  while (it.next())
    if (it.event() == WalkEvent::Enter) bytes += it.node().text.size() + it.node().target.size() + 4;
  return bytes + bytes / 8;
}

}  // namespace wikiconv
