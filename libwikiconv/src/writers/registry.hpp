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

}  // namespace wikiconv
