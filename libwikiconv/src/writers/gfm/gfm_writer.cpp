// The gfm writer (also registered as "markdown"): pages back into the wiki's own Markdown, and a
// whole wiki into a folder laid out as the source (same file names, media copied), so that a
// script can edit the wiki itself.
#include <filesystem>
#include <algorithm>
#include <fstream>
#include <mutex>
#include <optional>

#include "wiki/title.hpp"
#include "writers/gfm/gfm_renderer.hpp"
#include "writers/output_files.hpp"
#include "writers/registry.hpp"

namespace fs = std::filesystem;

namespace wikiconv {

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path.string(), 0, "cannot read file");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class GfmWriter : public Writer {
 public:
  explicit GfmWriter(const Options& options) {
    std::string form = options.get("wikilinks", "auto");
    if (form == "markdown") form_ = gfm::WikiLinkForm::Markdown;
    else if (form == "html") form_ = gfm::WikiLinkForm::Html;
    else if (form != "auto") throw UsageError("wikilinks=" + form + ": auto, html or markdown");
    std::string rewrite = options.get("rewrite", "changed");
    if (rewrite != "changed" && rewrite != "all") throw UsageError("rewrite=" + rewrite + ": changed or all");
    keep_unchanged_ = rewrite == "changed";
  }

  bool uses_original() const override { return keep_unchanged_; }

  std::string write_page(const Page& page, const WriteContext& context) const override {
    if (form_ || !context.wiki) return gfm::render_page(page, form_ ? *form_ : gfm::WikiLinkForm::Html, keep_unchanged_);
    // Worked out once per writer (a rename writes many pages of one wiki).
    std::call_once(wiki_form_once_, [&] { wiki_form_ = wiki_form(*context.wiki); });
    return gfm::render_page(page, wiki_form_, keep_unchanged_);
  }

  // The form most of the wiki's pages were written in (by one pandoc), from a sample of them:
  // what a page that records none (categories only) takes.
  static gfm::WikiLinkForm wiki_form(const Wiki& wiki) {
    const auto& pages = wiki.all_pages();
    std::size_t step = std::max<std::size_t>(1, pages.size() / 32), html = 0, markdown = 0;
    for (std::size_t i = 0; i < pages.size(); i += step) {
      Diagnostics ignored;
      Page page;
      try {
        page = wiki.load(pages[i], ignored);
      } catch (const Error&) {
        continue;
      }
      // Unfiltered forms would be better, but load() filters; a filter rarely changes forms.
      auto html_form = gfm::page_form(page, gfm::WikiLinkForm::Html), md_form = gfm::page_form(page, gfm::WikiLinkForm::Markdown);
      if (html_form != md_form) continue;  // records none
      (html_form == gfm::WikiLinkForm::Html ? html : markdown)++;
    }
    return markdown > html ? gfm::WikiLinkForm::Markdown : gfm::WikiLinkForm::Html;
  }

  // The page files where the source has them (a page a filter renamed goes where its new title
  // says), and every media file copied beside them.
  void write_wiki(const Wiki& wiki, const fs::path& output, const WriteContext& context) const override {
    const gfm::WikiLinkForm form = form_ ? *form_ : wiki_form(wiki);
    write_page_files(wiki, output, context, [&](const PageEntry& entry, const Page& page, const WriteContext&) {
      fs::path rel = page.title == entry.title() && !entry.relpath().empty() ? fs::path(entry.relpath())
                                                                               : safe_relative_path(underscored_title(page.title), ".md");
      return PageFileText{std::move(rel), gfm::render_page(page, form, keep_unchanged_)};
    });
    for (const auto& [title, source] : wiki.media()) {
      fs::path rel = source.lexically_relative(wiki.root());
      if (rel.empty() || *rel.begin() == "..") continue;
      fs::path target = contained_path(output, rel);
      fs::create_directories(target.parent_path());
      write_file_atomic(target, read_file(source));
    }
  }

 protected:
  std::string page_extension() const override { return ".md"; }

 private:
  std::optional<gfm::WikiLinkForm> form_;  // auto: the wiki's
  bool keep_unchanged_ = true;             // rewrite=changed
  mutable std::once_flag wiki_form_once_;
  mutable gfm::WikiLinkForm wiki_form_ = gfm::WikiLinkForm::Html;
};

}  // namespace

std::unique_ptr<Writer> make_gfm_writer(const Options& options) { return std::make_unique<GfmWriter>(options); }

}  // namespace wikiconv
