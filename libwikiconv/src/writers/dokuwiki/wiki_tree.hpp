// A whole wiki as the data/pages + data/media tree of a DokuWiki install: page ids and their
// collisions, media copies, and generated category pages (DokuWiki has no categories).
#pragma once

#include <filesystem>

#include "wikiconv/wiki.hpp"
#include "wikiconv/writer.hpp"
#include "writers/dokuwiki/page_renderer.hpp"

namespace wikiconv::dokuwiki {

void write_tree(const Wiki& wiki, const std::filesystem::path& output, const WriteContext& context,
                const RenderOptions& options);

}  // namespace wikiconv::dokuwiki
