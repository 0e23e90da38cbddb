// The registry of writers and what all page-form writers share: writing a whole wiki as one
// file per page.
#include "writers/registry.hpp"

#include <set>

#include "writers/output_files.hpp"
#include "writers/progress.hpp"

namespace wikiconv {

const std::vector<WriterInfo>& writers() {
  static const std::vector<WriterInfo> kWriters = {
      {"html", "HTML5: a page as a fragment (standalone=true for a document); a wiki as a folder of pages",
       OutputKind::Text, WikiOutput::Directory, make_html_writer,
       "standalone=BOOL  a whole HTML document instead of a fragment\nlang=CODE  the document language (en)"},
      {"json", "the document model as JSON (docs/json-format.md); a wiki as a folder of .json files",
       OutputKind::Text, WikiOutput::Directory, make_json_writer,
       "positions=BOOL  include source line numbers"},
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

Page load_page(const Wiki& wiki, const PageEntry& entry, const WriteContext& context) {
  Diagnostics local;
  return wiki.load(entry, context.diagnostics ? *context.diagnostics : local);
}

void Writer::write_wiki(const Wiki& wiki, const std::filesystem::path& output,
                        const WriteContext& context) const {
  Diagnostics local;
  Diagnostics& diagnostics = context.diagnostics ? *context.diagnostics : local;
  std::error_code ec;
  std::filesystem::create_directories(output, ec);
  if (ec) throw Error(output.string(), 0, "cannot create output directory: " + ec.message());
  WriteContext page_context = context;
  page_context.wiki = &wiki;
  page_context.diagnostics = &diagnostics;
  std::set<std::filesystem::path> written;
  Progress progress("writing", wiki.pages().size(), context.progress);
  // (title, text): the file is named after the page's title after the filter, which may rename.
  using Written = std::pair<std::string, std::string>;
  std::function<Written(const PageEntry&)> produce = [&](const PageEntry& entry) {
    Page page = load_page(wiki, entry, page_context);
    std::string text = write_page(page, page_context);
    return Written(std::move(page.title), std::move(text));
  };
  std::function<void(const PageEntry&, Written&&)> consume = [&](const PageEntry& entry,
                                                                 Written&& written_page) {
    auto rel = safe_relative_path(written_page.first, page_extension());
    auto path = contained_path(output, rel);
    if (!written.insert(path).second)
      throw Error(entry.relpath, 0, "output file " + rel.string() + " would be written twice");
    write_file_atomic(path, written_page.second);
    progress.tick();
  };
  for_each_page_ordered<Written>(wiki, context.threads, produce, consume);
}

}  // namespace wikiconv
