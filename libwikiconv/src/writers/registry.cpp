// The registry of writers and what all page-form writers share: writing a whole wiki as one
// file per page.
#include "writers/registry.hpp"

#include <algorithm>
#include <map>
#include <memory>

#include "util/utf8.hpp"
#include "writers/output_files.hpp"
#include "writers/progress.hpp"

namespace wikiconv {

namespace {
constexpr std::string_view kGfmOptions =
    "wikilinks=auto|html|markdown  the form of wiki links a page does not record one for (categories, links a\n"
    "    filter made; read links keep theirs): auto (default) the form most of the wiki's pages use, html (pandoc 3)\n"
    "    <a href=\"T\" class=\"wikilink\" title=\"T\">, markdown (older pandoc) [label](T \"wikilink\")\n"
    "rewrite=changed|all  changed (default): the blocks of a page that nobody changed are written as they were\n"
    "    read, byte for byte, so that an edit changes the file only where it changed the page; all: every block\n"
    "    written afresh from the model";
}  // namespace

const std::vector<WriterInfo>& writers() {
  static const std::vector<WriterInfo> kWriters = {
      {"html", "HTML5: a page as a fragment (standalone=true for a document); a wiki as a folder of pages",
       OutputKind::Text, WikiOutput::Directory, make_html_writer,
       "standalone=BOOL  a whole HTML document instead of a fragment\nlang=CODE  the document language (en)",
       file_name_collisions},
      {"dokuwiki", "DokuWiki: a page as DokuWiki text; a wiki as OUT/pages and OUT/media (DokuWiki's data/pages, data/media)",
       OutputKind::Text, WikiOutput::Directory, make_dokuwiki_writer,
       "categories=pages|tag|none  pages (default): each page ends with links to generated pages in the\n"
       "    category: namespace that list their members; tag: the tag plugin's {{tag>a b}}; none: dropped\n"
       "typography=keep|escape  keep (default): quotes as typed (DokuWiki curls them); escape: %%\"%% keeps them straight\n"
       "title-heading=drop|keep  drop (default) a leading level-1 heading that repeats the page title (DokuWiki shows it)\n"
       "root-url=URL  the site root-relative links (/path) were on: they link to URL/path; without it their label\n"
       "    is plain text (/wiki/Title, /index.php?title=Title and /doku.php?id=x are pages of the wiki)\n"
       "collisions=suffix|error  titles DokuWiki folds into one page id (Layer, LAYER): suffix (default): the first\n"
       "    in title order keeps the id, the others get layer_2, layer_3, ... and links follow; error: not written\n"
       "redirects=link|plugin  a redirect page as a line linking to its target (default, stock DokuWiki) or as\n"
       "    ~~REDIRECT>id~~ for the pageredirect plugin\n"
       "history=latest|all  latest (default): the current pages only; all: also every git commit that changed a\n"
       "    page's file (renames followed) as its old revisions: OUT/attic/ID.DATE.txt.gz, a line each in\n"
       "    OUT/meta/ID.changes (author, date, subject) and OUT/meta/_dokuwiki.changes, the page's OUT/meta/ID.meta;\n"
       "    the media files' old versions in OUT/media_attic and their changes in OUT/media_meta\n"
       "authors=FILE  git authors to wiki users, a line each: Name <email> = WikiUser (history=all)",
       dokuwiki_id_collisions},
      {"mediawiki", "MediaWiki XML dump (Special:Export 0.11) for importDump.php: a page as a dump of that page; a wiki as one dump file (.gz/.bz2 by extension)",
       OutputKind::Text, WikiOutput::File, make_mediawiki_writer,
       "code=syntaxhighlight|pre  code blocks with a known language as <syntaxhighlight lang=..> (default) or always <pre>\n"
       "title-heading=drop|keep  a leading level-1 heading that repeats the page title: dropped (default) or kept\n"
       "sitename=NAME  siteinfo sitename (Wiki); dbname=NAME (wiki); base=URL  the main page's URL; root-relative\n"
       "    links (/path) that are no article path become links on its host\n"
       "contributor=NAME  the revisions' user name (wikiconv); comment=TEXT  the edit summary\n"
       "history=latest|all  latest (default): each page's current text as one revision; all: every git commit\n"
       "    that changed the page's file (renames followed), oldest first, credited to its author, dated and\n"
       "    summarised by the commit (a page with uncommitted changes or outside git: one revision)\n"
       "authors=FILE  git authors to wiki users, a line each: Name <email> = WikiUser (history=all)\n"
       "media=embed|none  embed (default): the wiki's media files as <upload>s of their File: pages, with the\n"
       "    bytes in the dump (every git version with history=all, credited to its author), which\n"
       "    importDump.php --uploads stores; none: no files (File: pages only from page files)\n"
       "split=N  write N pages per file: OUT-0001.xml, OUT-0002.xml, ...\n"
       "ns=PREFIX:ID|PREFIX:main,...  namespace id for a prefix (even, >= 100; default 3000, 3002, ...) or main to leave\n"
       "    its pages in the main namespace"},
      {"wikitext", "MediaWiki wikitext: a page as wikitext; a wiki as a folder of .wiki files",
       OutputKind::Text, WikiOutput::Directory, make_wikitext_writer,
       "code=syntaxhighlight|pre  code blocks with a known language as <syntaxhighlight lang=..> (default) or always <pre>\n"
       "title-heading=drop|keep  a leading level-1 heading that repeats the page title: dropped (default) or kept\n"
       "base=URL  the wiki's main page URL: root-relative links (/path) that are no article path become links\n"
       "    on its host (without it, their text)",
       file_name_collisions},
      {"epub", "EPUB 3 zine: a page as a one-article book; a wiki as a book of its articles (needs -o)",
       OutputKind::Binary, WikiOutput::File, make_epub_writer,
       "title=TEXT  the book's title (default: the wiki folder's name)\n"
       "author=NAME  the book's creator (Wiki contributors); description=TEXT  a line for the title page\n"
       "lang=CODE  the book's language (en); pages ending in /xx or .xx (Flakes/ja) get their own\n"
       "pages=all|category:NAME|TITLE,TITLE,...|index:TITLE  which articles, in which order: all (by title),\n"
       "    a category's members, a list, or the index page followed by the pages it links to, in link order\n"
       "toc-depth=N  levels in the table of contents: 1 articles only, 2 (default) their sections, ...\n"
       "cover=IMAGE  a cover image (PNG, JPEG, GIF, SVG); the generated title page follows it\n"
       "css=FILE  an extra stylesheet, after the zine stylesheet\n"
       "smart=BOOL  typographic quotes and apostrophes in prose (default true; never in code, URLs or attributes)\n"
       "base-url=URL  the wiki's page URL (https://wiki.example.org/wiki/ or .../index.php?title=$1): links to\n"
       "    pages not in the book point there, and the credits page names each article's source page with it\n"
       "license=TEXT|URL  the articles' licence (CC BY-SA 4.0, https://creativecommons.org/licenses/by-sa/4.0/): on\n"
       "    the last page, \"Article sources and contributors\" (each article's source and its git authors, most\n"
       "    edits first), and as the book's dc:rights"},
      {"gfm", "GitHub-flavoured Markdown as pandoc writes a MediaWiki export (the wiki's own form): a page as Markdown; a wiki as a folder laid out as the source, media copied",
       OutputKind::Text, WikiOutput::Directory, make_gfm_writer, kGfmOptions, file_name_collisions},
      {"markdown", "the gfm format (an alias)", OutputKind::Text, WikiOutput::Directory, make_gfm_writer, kGfmOptions,
       file_name_collisions},
      {"json", "the document model as JSON (docs/json-format.md); a wiki as a folder of .json files",
       OutputKind::Text, WikiOutput::Directory, make_json_writer,
       "positions=BOOL  include source line numbers", file_name_collisions},
  };
  return kWriters;
}

const WriterInfo& writer_info(std::string_view name) {
  for (const auto& w : writers())
    if (w.name == name) return w;
  std::string known;
  for (const auto& w : writers()) known += (known.empty() ? "" : ", ") + std::string(w.name);
  throw Error("unknown format \"" + std::string(name) + "\" (known: " + known + ")");
}

std::unique_ptr<Writer> make_writer(std::string_view name, const Options& options) {
  return writer_info(name).make(options);
}

std::vector<NameCollision> name_collisions(const Wiki& wiki, std::string_view name) {
  const WriterInfo& info = writer_info(name);
  return info.name_collisions ? info.name_collisions(wiki) : std::vector<NameCollision>{};
}

std::vector<NameCollision> file_name_collisions(const Wiki& wiki) {
  // Folded file name -> titles, in title order.
  std::map<std::string, std::vector<std::string>> by_name;
  for (const PageEntry& p : wiki.all_pages())
    by_name[utf8::to_lower(safe_relative_path(p.title(), "").generic_string())].emplace_back(p.title());
  std::vector<NameCollision> out;
  for (auto& [name, titles] : by_name)
    if (titles.size() > 1) out.push_back({safe_relative_path(titles.front(), "").generic_string(), std::move(titles), {}});
  std::sort(out.begin(), out.end(), [](const NameCollision& a, const NameCollision& b) { return a.titles < b.titles; });
  return out;
}

Page load_page(const Wiki& wiki, const PageEntry& entry, const WriteContext& context) {
  Diagnostics local;
  return wiki.load(entry, context.diagnostics ? *context.diagnostics : local);
}

void write_page_files(const Wiki& wiki, const std::filesystem::path& output, const WriteContext& context,
                      const std::function<PageFileText(const PageEntry&, const Page&, const WriteContext&)>& render) {
  Diagnostics local;
  Diagnostics& diagnostics = context.diagnostics ? *context.diagnostics : local;
  std::error_code ec;
  std::filesystem::create_directories(output, ec);
  if (ec) throw Error(output.string(), 0, "cannot create output directory: " + ec.message());
  WriteContext page_context = context;
  page_context.wiki = &wiki;
  page_context.diagnostics = &diagnostics;
  PageFiles files;
  Progress progress("writing", wiki.pages().size(), context.progress);
  std::function<PageFile(const PageEntry&)> produce = [&](const PageEntry& entry) {
    Page page = load_page(wiki, entry, page_context);
    PageFileText out = render(entry, page, page_context);
    return write_page_file(output, std::move(out.rel), std::move(out.text));
  };
  std::function<void(const PageEntry&, PageFile&&)> consume = [&](const PageEntry& entry, PageFile&& file) {
    files.settle(file, [&] { return entry.shown_path(); });
    progress.tick();
  };
  for_each_page_ordered<PageFile>(wiki, context.threads, produce, consume);
}

// A file per page, named after the page's title after the filter (which may rename it).
void Writer::write_wiki(const Wiki& wiki, const std::filesystem::path& output,
                        const WriteContext& context) const {
  write_page_files(wiki, output, context, [&](const PageEntry&, const Page& page, const WriteContext& page_context) {
    return PageFileText{safe_relative_path(page.title, page_extension()), write_page(page, page_context)};
  });
}

}  // namespace wikiconv
