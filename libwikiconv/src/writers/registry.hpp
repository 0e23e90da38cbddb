// Factories of the registered writers (each defined in its writer's file).
#pragma once

#include <memory>

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

}  // namespace wikiconv
