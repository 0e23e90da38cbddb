// A page as DokuWiki text: the model's node events written as DokuWiki syntax that DokuWiki's
// parser renders as the same document (or, where DokuWiki has no such syntax, the nearest form
// that shows the same content; see README "DokuWiki").
#pragma once

#include <string>
#include <vector>

#include "wikiconv/model.hpp"
#include "wikiconv/writer.hpp"
#include "writers/dokuwiki/media.hpp"
#include "writers/dokuwiki/page_ids.hpp"

namespace wikiconv::dokuwiki {

enum class CategoryStyle { Pages, Tag, None };
enum class RedirectStyle {
  Link,          // a stock install: a line linking to the target
  PageRedirect,  // the pageredirect plugin's ~~REDIRECT>id~~
};

struct RenderOptions {
  CategoryStyle categories = CategoryStyle::Pages;
  bool escape_quotes = false;       // typography=escape: '"' kept straight with %%..%%
  bool keep_title_heading = false;  // title-heading=keep
  std::string root_url;             // root-url=: where root-relative links ("/path") point
  RedirectStyle redirects = RedirectStyle::Link;
  CollisionPolicy collisions = CollisionPolicy::Suffix;
  // The ids of the wiki's pages when the whole wiki is written (collisions resolved); without
  // it a title's id is its clean id.
  const PageIds* ids = nullptr;
};

struct RenderedPage {
  std::string text;
  std::vector<MediaUse> media;  // media files the page shows
};

RenderedPage render_page(const Page& page, const WriteContext& context, const RenderOptions& options);

}  // namespace wikiconv::dokuwiki
