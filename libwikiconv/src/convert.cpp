#include "wikiconv/wikiconv.hpp"

#include "wiki/title.hpp"

#ifndef WIKICONV_VERSION
#define WIKICONV_VERSION "0.0.0"
#endif

namespace wikiconv {

std::string_view version() { return WIKICONV_VERSION; }

Page read_page(std::string_view text, std::string_view from, const ReadOptions& options,
               Diagnostics& diagnostics, const std::string& title) {
  Page page;
  if (from == "markdown" || from == "gfm" || from == "md") {
    page = read_markdown(text, options, diagnostics, title);
  } else if (from == "json") {
    page = read_json(text, title);
  } else {
    throw Error("unknown input format \"" + std::string(from) + "\" (known: markdown, json)");
  }
  if (!title.empty() || page.title.empty()) {
    WikiOptions wo;
    Wiki wiki = Wiki::from_text({}, title.empty() ? std::string(kUntitledTitle) : title, wo);
    page.title = wiki.pages().front().title();
    page.ns = wiki.pages().front().ns();
  }
  return page;
}

std::string convert(std::string_view text, std::string_view from, std::string_view to,
                    const Options& options, Diagnostics& diagnostics, const std::string& title) {
  ConversionRequest request;
  request.inputs = {"-"};
  request.text = std::string(text);
  request.from = std::string(from);
  request.to = std::string(to);
  request.options = options;
  request.title = title;
  request.output = "-";
  request.threads = 1;
  return convert(request, diagnostics).text;
}

}  // namespace wikiconv
