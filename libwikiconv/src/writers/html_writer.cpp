// HTML5: a page as a fragment (as cmark-gfm renders it) or a standalone document; a wiki as a
// folder of pages whose wiki links point at each other.
#include "util/html_tag.hpp"
#include "wiki/link_target.hpp"
#include "wiki/title.hpp"
#include "writers/html_renderer.hpp"
#include "writers/html_sanitizer.hpp"
#include "writers/line_renderer.hpp"
#include "writers/output_files.hpp"
#include "writers/registry.hpp"
#include "writers/title_heading.hpp"

namespace wikiconv {

namespace {

// "../" repeated for each folder of `from`, so that links work from nested pages.
std::string relative_prefix(std::string_view from_title) {
  std::string prefix;
  const auto rel = safe_relative_path(from_title, "");
  for (auto it = rel.begin(); it != rel.end(); ++it)
    if (std::next(it) != rel.end()) prefix += "../";
  return prefix;
}


// A relative file path as an href: percent-encoded where URLs need it, and "./" in front when
// the first segment has a ':' ("Tankie:Intro.html" would read as a URL scheme).
std::string file_href(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : path) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || c == '"' || c == '#' || c == '%' || c == '?' || c == '<' || c == '>' || c == '\\' || u == 0x7F) {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  std::size_t colon = out.find(':'), slash = out.find('/');
  if (colon != std::string::npos && (slash == std::string::npos || colon < slash)) out.insert(0, "./");
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
    // A wiki file is where it is in the wiki's folder, relative to the page's file (the HTML
    // tree mirrors the folder: copy the media beside it).
    o.image_src = [&](const Node& image) -> std::string {
      if (!is_file_target(image.target)) return is_safe_image_url(image.target) ? image.target.str() : std::string();
      const std::filesystem::path* path = wiki ? wiki->find_media(image.target) : nullptr;
      std::string_view title = image.target;
      if (title.front() == ':') title.remove_prefix(1);
      std::string name = path ? path->lexically_relative(wiki->root()).generic_string()
                              : std::string(title.substr(title.find(':') + 1));
      std::string href = file_href(name);
      if (!up.empty() && href.rfind("./", 0) == 0) href.erase(0, 2);
      return up + href;
    };
    o.wiki_href = [&](const Node& link) -> std::string {
      std::string anchor = link.anchor.empty() ? "" : "#" + link.anchor;
      if (link.target.empty()) return anchor;
      if (std::string url = interwiki_url(link.target); !url.empty()) return url + anchor;
      if (wiki) {
        if (const PageEntry* e = wiki->find(wiki->resolve(link.target))) {
          std::string href = file_href(safe_relative_path(e->title(), ".html").generic_string());
          if (!up.empty() && href.rfind("./", 0) == 0) href.erase(0, 2);
          return up + href + anchor;
        }
      }
      // A page not in the output: its title as a relative URL ("./" before a ':' in the first
      // segment, so that Special:X is no URL scheme).
      return file_href(underscored_title(link.target)) + anchor;
    };
    // A redirect (HTML has none of its own): a line linking to the target, as MediaWiki shows a
    // redirect page, and in a standalone page a refresh that takes the browser there.
    std::string redirect_href;
    Node redirect_link(NodeType::WikiLink);
    if (!page.redirect.empty()) {
      redirect_link.target = page.redirect;
      redirect_link.anchor = page.redirect_anchor;
      redirect_href = o.wiki_href(redirect_link);
    }
    // The body is written into the page's own string, after its head: no copy of it.
    std::string out;
    if (standalone_) {
      out = "<!DOCTYPE html>\n<html lang=\"" + html::escape(lang_, true) +
            "\">\n<head>\n<meta charset=\"utf-8\" />\n<title>" + html::escape(page.title) + "</title>\n";
      if (!redirect_href.empty())
        out += "<meta http-equiv=\"refresh\" content=\"0; url=" + html::escape(redirect_href, true) + "\" />\n";
      out += "</head>\n<body>\n";
      // The title as a heading unless the page starts with it (pandoc's export writes "# Title")
      // or has none (text without a title).
      if (!leading_title_heading(page) && page.title != kUntitledTitle) out += "<h1>" + html::escape(page.title) + "</h1>\n";
    }
    // Tags take more room than the text writers' markup (the bench's pages: 10% more).
    std::size_t hint = output_size_hint(page.body);
    out.reserve(out.size() + hint + hint / 4);
    if (!page.redirect.empty()) {
      std::string shown = page.redirect + (page.redirect_anchor.empty() ? "" : "#" + page.redirect_anchor);
      out += "<p class=\"redirect\">\u2192 <a href=\"" + html::escape(redirect_href, true) + "\">" +
             html::escape(shown) + "</a></p>\n";
    }
    render_html(page.body, out, o);
    if (!standalone_) return out;
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
