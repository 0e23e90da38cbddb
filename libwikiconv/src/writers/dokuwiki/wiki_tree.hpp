// A whole wiki as the data/pages + data/media tree of a DokuWiki install: page ids and their
// collisions, media copies, generated category pages (DokuWiki has no categories) and, with
// history=all, the pages' and media files' histories in data/attic, meta, media_attic and
// media_meta.
#pragma once

#include <filesystem>

#include "wikiconv/wiki.hpp"
#include "wikiconv/writer.hpp"
#include "writers/dokuwiki/page_history.hpp"
#include "writers/dokuwiki/page_renderer.hpp"

namespace wikiconv::dokuwiki {

// With history.all, each page's git history goes into attic/ and meta/ too (page_history.hpp).
void write_tree(const Wiki& wiki, const std::filesystem::path& output, const WriteContext& context,
                const RenderOptions& options, const HistoryOptions& history);

}  // namespace wikiconv::dokuwiki
