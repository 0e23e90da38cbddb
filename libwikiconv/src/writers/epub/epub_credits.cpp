// The book's last page, "Article sources and contributors", as mwlib/Collection's books end: for
// each article and image its source page, its authors from the git history (most edits first)
// and, at the end, the licence the wiki's text is under (CC BY-SA, like most wikis', asks for both).
#include <algorithm>
#include <map>

#include "writers/epub/epub_book.hpp"
#include "writers/html_sanitizer.hpp"

namespace wikiconv::epub {

std::vector<std::string> contributors_by_edits(const std::vector<Revision>& revisions) {
  std::map<std::string, std::size_t> edits;
  for (const Revision& r : revisions)
    if (!r.author.empty()) ++edits[r.author];
  std::vector<std::pair<std::string, std::size_t>> sorted(edits.begin(), edits.end());
  // Most edits first; equal counts by name, so the page is the same on every run.
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<std::string> names;
  for (auto& [name, count] : sorted) names.push_back(std::move(name));
  return names;
}

namespace {

// `text` as a link to `href`.
void link(std::string& out, std::string_view href, std::string_view text) {
  out += "<a href=\"";
  escape_xml(out, href, true);
  out += "\">";
  escape_xml(out, text);
  out += "</a>";
}

// An article's or image's entry: its name (linking to its chapter), source and contributors.
// Appended piece by piece: a big wiki's credits list thousands.
void credit(std::string& out, const CreditEntry& a) {
  out += "<div class=\"credit\">\n<h3>";
  if (a.href.empty()) escape_xml(out, a.heading);
  else link(out, a.href, a.heading);
  out += "</h3>\n<p><span class=\"credit-label\">Source:</span> ";
  if (a.source_url.empty()) escape_xml(out, a.title);
  else link(out, a.source_url, a.source_url);
  out += "</p>\n";
  if (a.has_history) {
    out += "<p><span class=\"credit-label\">Contributors:</span> ";
    for (std::size_t k = 0; k < a.contributors.size(); ++k) {
      if (k) out += ", ";
      escape_xml(out, a.contributors[k]);
    }
    out += "</p>\n";
  }
  out += "</div>\n";
}

}  // namespace

std::string credits_page(const BookMeta& meta, const std::vector<CreditEntry>& articles,
                         const std::vector<CreditEntry>& images, std::string_view license,
                         const std::vector<std::string>& css) {
  std::string out = xhtml_start(kCreditsTitle, meta.language, css, "backmatter");
  out += "<section class=\"credits\" epub:type=\"credits\" role=\"doc-credits\">\n<h1>" + std::string(kCreditsTitle) + "</h1>\n";
  bool any_history = std::any_of(articles.begin(), articles.end(), [](const CreditEntry& a) { return a.has_history; });
  if (!any_history)
    out += "<p class=\"credits-note\">The wiki's page histories were not available (it is not in a git repository, or "
           "its pages have uncommitted changes), so the articles' contributors are not listed.</p>\n";
  out += "<h2>Articles</h2>\n";
  for (const CreditEntry& a : articles) credit(out, a);
  if (!images.empty()) {
    out += "<h2>Images</h2>\n";
    for (const CreditEntry& image : images) credit(out, image);
  }
  if (!license.empty()) {
    out += "<h2>Licence</h2>\n<p class=\"license\">The articles' text is available under ";
    std::string scheme = url_scheme(license);
    if (!scheme.empty() && allowed_scheme(scheme) && has_valid_host(encode_url(license)))
      link(out, encode_url(license), license);
    else
      escape_xml(out, license);
    out += ".</p>\n";
  }
  out += "</section>\n";
  out += xhtml_end();
  return out;
}

}  // namespace wikiconv::epub
