// Factories of the registered writers (each defined in its writer's file), and what writers of
// a folder of page files share.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "wikiconv/writer.hpp"

namespace wikiconv {

std::unique_ptr<Writer> make_html_writer(const Options& options);
std::unique_ptr<Writer> make_json_writer(const Options& options);
std::unique_ptr<Writer> make_epub_writer(const Options& options);
std::unique_ptr<Writer> make_wikitext_writer(const Options& options);
std::unique_ptr<Writer> make_mediawiki_writer(const Options& options);
std::unique_ptr<Writer> make_dokuwiki_writer(const Options& options);
std::unique_ptr<Writer> make_gfm_writer(const Options& options);

// Name collisions (WriterInfo::name_collisions): titles that share a DokuWiki page id, and
// titles whose page files (the default write_wiki's) differ only in case.
std::vector<NameCollision> dokuwiki_id_collisions(const Wiki& wiki);
std::vector<NameCollision> file_name_collisions(const Wiki& wiki);

// A page's file below the output folder, and its text.
struct PageFileText {
  std::filesystem::path rel;
  std::string text;
};

// Writes the wiki as a folder of page files (creating `output`) on context.threads threads: each
// page is loaded and given to `render` with a context that names the wiki; workers write the
// files, and a second page for one file is an error (PageFiles). The default write_wiki's, and
// gfm's.
void write_page_files(const Wiki& wiki, const std::filesystem::path& output, const WriteContext& context,
                      const std::function<PageFileText(const PageEntry&, const Page&, const WriteContext&)>& render);

}  // namespace wikiconv
