// A page as DokuWiki text: the model's node events written as DokuWiki syntax that DokuWiki's
// parser renders as the same document (or, where DokuWiki has no such syntax, the nearest form
// that shows the same content; see README "DokuWiki").
#pragma once

#include <string>
#include <vector>

#include "wikiconv/model.hpp"
#include "wikiconv/writer.hpp"
#include "writers/dokuwiki/media.hpp"

namespace wikiconv::dokuwiki {

enum class CategoryStyle { Pages, Tag, None };

struct RenderOptions {
  CategoryStyle categories = CategoryStyle::Pages;
  bool escape_quotes = false;       // typography=escape: '"' kept straight with %%..%%
  bool keep_title_heading = false;  // title-heading=keep
  std::string root_url;             // root-url=: where root-relative links ("/path") point
};

struct RenderedPage {
  std::string text;
  std::vector<MediaUse> media;  // media files the page shows
};

RenderedPage render_page(const Page& page, const WriteContext& context, const RenderOptions& options);

}  // namespace wikiconv::dokuwiki
