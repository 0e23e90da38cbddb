// The DokuWiki writer: a page as DokuWiki text (page_renderer), a wiki as a DokuWiki data tree
// (wiki_tree), and the options both read.
#include "wikiconv/diagnostics.hpp"
#include "writers/dokuwiki/page_ids.hpp"
#include "writers/dokuwiki/page_renderer.hpp"
#include "writers/dokuwiki/wiki_tree.hpp"
#include "writers/registry.hpp"
#include "writers/title_heading.hpp"

namespace wikiconv {

namespace {

dokuwiki::RenderOptions render_options(const Options& options) {
  dokuwiki::RenderOptions out;
  std::string c = options.get("categories", "pages");
  if (c == "pages") out.categories = dokuwiki::CategoryStyle::Pages;
  else if (c == "tag") out.categories = dokuwiki::CategoryStyle::Tag;
  else if (c == "none") out.categories = dokuwiki::CategoryStyle::None;
  else throw Error("dokuwiki: categories must be pages, tag or none (not \"" + c + "\")");
  std::string typography = options.get("typography", "keep");
  if (typography != "keep" && typography != "escape")
    throw Error("dokuwiki: typography must be keep or escape (not \"" + typography + "\")");
  out.escape_quotes = typography == "escape";
  title_heading_to_drop(Page{}, options);  // checks the value
  out.keep_title_heading = options.get("title-heading", "drop") == "keep";
  out.root_url = options.get("root-url");
  std::string redirects = options.get("redirects", "link");
  if (redirects == "link") out.redirects = dokuwiki::RedirectStyle::Link;
  else if (redirects == "plugin") out.redirects = dokuwiki::RedirectStyle::PageRedirect;
  else throw Error("dokuwiki: redirects must be link or plugin (not \"" + redirects + "\")");
  std::string collisions = options.get("collisions", "suffix");
  if (collisions == "suffix") out.collisions = dokuwiki::CollisionPolicy::Suffix;
  else if (collisions == "error") out.collisions = dokuwiki::CollisionPolicy::Error;
  else throw Error("dokuwiki: collisions must be suffix or error (not \"" + collisions + "\")");
  return out;
}

dokuwiki::HistoryOptions history_options(const Options& options) {
  dokuwiki::HistoryOptions out;
  std::string history = options.get("history", "latest");
  if (history != "latest" && history != "all")
    throw Error("option history: expected all or latest, got \"" + history + "\"");
  out.all = history == "all";
  if (options.has("authors")) out.authors = AuthorMap::read(options.get("authors"));
  return out;
}

class DokuWikiWriter final : public Writer {
 public:
  explicit DokuWikiWriter(const Options& options)
      : options_(render_options(options)), history_(history_options(options)) {}

  std::string write_page(const Page& page, const WriteContext& context) const override {
    return dokuwiki::render_page(page, context, options_).text;
  }

  void write_wiki(const Wiki& wiki, const std::filesystem::path& output, const WriteContext& context) const override {
    dokuwiki::write_tree(wiki, output, context, options_, history_);
  }

 private:
  dokuwiki::RenderOptions options_;
  dokuwiki::HistoryOptions history_;
};

}  // namespace

std::vector<NameCollision> dokuwiki_id_collisions(const Wiki& wiki) {
  return dokuwiki::PageIds(wiki.all_pages(), dokuwiki::CollisionPolicy::Suffix).collisions();
}

std::unique_ptr<Writer> make_dokuwiki_writer(const Options& options) {
  return std::make_unique<DokuWikiWriter>(options);
}

}  // namespace wikiconv
