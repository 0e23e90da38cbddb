// HTML5: a page as a fragment (as cmark-gfm renders it) or a standalone document; a wiki as a
// folder of pages whose wiki links point at each other.
#include "util/html_tag.hpp"
#include "wiki/link_target.hpp"
#include "writers/html_renderer.hpp"
#include "writers/html_sanitizer.hpp"
#include "writers/output_files.hpp"
#include "writers/registry.hpp"

namespace wikiconv {

namespace {

// "../" repeated for each folder of `from`, so that links work from nested pages.
std::string relative_prefix(std::string_view from_title) {
  std::string prefix;
  auto rel = safe_relative_path(from_title, "");
  for (auto it = rel.begin(); it != rel.end(); ++it)
    if (std::next(it) != rel.end()) prefix += "../";
  return prefix;
}

std::string title_url(std::string_view title) {
  std::string out;
  for (char c : title) {
    if (c == ' ') out += '_';
    else if (c == '"' || c == '?' || c == '%') {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += '%';
      out += kHex[static_cast<unsigned char>(c) >> 4];
      out += kHex[static_cast<unsigned char>(c) & 15];
    } else out += c;
  }
  return out;
}

class HtmlWriter final : public Writer {
 public:
  explicit HtmlWriter(const Options& options)
      : standalone_(options.flag("standalone", false)), lang_(options.get("lang", "en")) {}

  std::string write_page(const Page& page, const WriteContext& context) const override {
    HtmlRenderOptions o;
    const Wiki* wiki = context.wiki;
    std::string up = relative_prefix(page.title);
    o.wiki_href = [&](const Node& link) -> std::string {
      std::string anchor = link.anchor.empty() ? "" : "#" + link.anchor;
      if (link.target.empty()) return anchor;
      if (std::string url = interwiki_url(link.target); !url.empty()) return url + anchor;
      if (wiki) {
        if (const PageEntry* e = wiki->find(wiki->resolve(link.target)))
          return up + title_url(safe_relative_path(e->title, ".html").generic_string()) + anchor;
      }
      return title_url(link.target) + anchor;
    };
    o.raw_html = [](std::string_view raw, bool) { return sanitize_html(raw); };
    std::string body;
    body.reserve(page.body.children.size() * 64 + 256);
    render_html(page.body, body, o);
    if (!standalone_) return body;
    std::string out = "<!DOCTYPE html>\n<html lang=\"" + html::escape(lang_, true) +
                      "\">\n<head>\n<meta charset=\"utf-8\" />\n<title>" + html::escape(page.title) +
                      "</title>\n</head>\n<body>\n<h1>" + html::escape(page.title) + "</h1>\n";
    out += body;
    if (!page.categories.empty()) {
      out += "<p class=\"categories\">Categories:";
      for (const auto& c : page.categories) out += " <span class=\"category\">" + html::escape(c) + "</span>";
      out += "</p>\n";
    }
    out += "</body>\n</html>\n";
    return out;
  }

 protected:
  std::string page_extension() const override { return ".html"; }

 private:
  bool standalone_;
  std::string lang_;
};

}  // namespace

std::unique_ptr<Writer> make_html_writer(const Options& options) { return std::make_unique<HtmlWriter>(options); }

}  // namespace wikiconv
