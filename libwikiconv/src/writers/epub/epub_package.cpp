// The EPUB's fixed documents: container.xml, the package document, the navigation document and
// its EPUB 2 twin (toc.ncx), the title and cover pages, the start and end of content documents.
#include <algorithm>

#include "writers/epub/epub_book.hpp"
#include "writers/html_sanitizer.hpp"

namespace wikiconv::epub {

namespace {

std::string esc(std::string_view s, bool attribute = false) {
  std::string out;
  out.reserve(s.size() + 8);
  escape_xml(out, s, attribute);
  return out;
}

constexpr std::string_view kXmlDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

// Depths as a list can nest them: each entry at most one deeper than the one before.
std::vector<int> nested_depths(const std::vector<TocEntry>& toc) {
  std::vector<int> depths;
  int previous = -1;
  for (const auto& e : toc) {
    int d = std::clamp(e.depth, 0, previous + 1);
    depths.push_back(d);
    previous = d;
  }
  return depths;
}

}  // namespace

std::string container_xml() {
  return std::string(kXmlDecl) +
         "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
         "  <rootfiles>\n"
         "    <rootfile full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"/>\n"
         "  </rootfiles>\n"
         "</container>\n";
}

std::string package_document(const BookMeta& meta, const std::vector<ManifestItem>& items) {
  std::string out(kXmlDecl);
  out += "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"book-id\" xml:lang=\"" +
         esc(meta.language, true) + "\">\n";
  out += "  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n";
  out += "    <dc:identifier id=\"book-id\">" + esc(meta.identifier) + "</dc:identifier>\n";
  out += "    <dc:title>" + esc(meta.title) + "</dc:title>\n";
  out += "    <dc:language>" + esc(meta.language) + "</dc:language>\n";
  out += "    <dc:creator id=\"creator\">" + esc(meta.creator) + "</dc:creator>\n";
  if (!meta.description.empty()) out += "    <dc:description>" + esc(meta.description) + "</dc:description>\n";
  if (!meta.rights.empty()) out += "    <dc:rights>" + esc(meta.rights) + "</dc:rights>\n";
  out += "    <dc:date>" + iso_time(meta.modified) + "</dc:date>\n";
  out += "    <meta property=\"dcterms:modified\">" + iso_time(meta.modified) + "</meta>\n";
  if (!meta.cover_image_id.empty()) out += "    <meta name=\"cover\" content=\"" + esc(meta.cover_image_id, true) + "\"/>\n";
  out += "  </metadata>\n  <manifest>\n";
  for (const auto& item : items) {
    out += "    <item id=\"" + esc(item.id, true) + "\" href=\"" + esc(item.href, true) + "\" media-type=\"" +
           esc(item.media_type, true) + "\"";
    if (!item.properties.empty()) out += " properties=\"" + esc(item.properties, true) + "\"";
    out += "/>\n";
  }
  out += "  </manifest>\n  <spine toc=\"ncx\">\n";
  for (const auto& item : items)
    if (item.in_spine)
      out += "    <itemref idref=\"" + esc(item.id, true) + "\"" + (item.linear ? "" : " linear=\"no\"") + "/>\n";
  out += "  </spine>\n</package>\n";
  return out;
}

std::string xhtml_start(std::string_view title, std::string_view lang, const std::vector<std::string>& css,
                        std::string_view body_type) {
  std::string out(kXmlDecl);
  out += "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\"";
  out += " lang=\"" + esc(lang, true) + "\" xml:lang=\"" + esc(lang, true) + "\">\n<head>\n<title>" + esc(title) +
         "</title>\n";
  for (const auto& href : css) out += "<link rel=\"stylesheet\" type=\"text/css\" href=\"" + esc(href, true) + "\"/>\n";
  out += "</head>\n<body";
  if (!body_type.empty()) out += " epub:type=\"" + esc(body_type, true) + "\"";
  out += ">\n";
  return out;
}

std::string xhtml_end() { return "</body>\n</html>\n"; }

std::string nav_document(const BookMeta& meta, const std::vector<TocEntry>& toc, const std::vector<Landmark>& landmarks) {
  std::vector<std::string> css = {"css/zine.css"};
  std::string out = xhtml_start("Contents", meta.language, css, "frontmatter");
  out += "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\" class=\"contents\">\n<h1>Contents</h1>\n";
  std::vector<int> depths = nested_depths(toc);
  int depth = -1;
  for (std::size_t i = 0; i < toc.size(); ++i) {
    int d = depths[i];
    if (d > depth) {
      out += d == 0 ? "<ol>\n" : "\n<ol>\n";
    } else {
      out += "</li>\n";
      for (; depth > d; --depth) out += "</ol>\n</li>\n";
    }
    depth = d;
    // Appended piece by piece: a big wiki's contents list tens of thousands of entries.
    out += d == 0 ? "<li class=\"article\"><a href=\"" : "<li><a href=\"";
    escape_xml(out, toc[i].href, true);
    out += "\">";
    escape_xml(out, toc[i].label);
    out += "</a>";
  }
  if (depth >= 0) {
    out += "</li>\n";
    for (; depth > 0; --depth) out += "</ol>\n</li>\n";
    out += "</ol>\n";
  }
  out += "</nav>\n";
  if (!landmarks.empty()) {
    out += "<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<h2>Landmarks</h2>\n<ol>\n";
    for (const auto& l : landmarks)
      out += "<li><a epub:type=\"" + esc(l.type, true) + "\" href=\"" + esc(l.href, true) + "\">" + esc(l.label) +
             "</a></li>\n";
    out += "</ol>\n</nav>\n";
  }
  out += xhtml_end();
  return out;
}

std::string ncx_document(const BookMeta& meta, const std::vector<TocEntry>& all_entries) {
  // The NCX serves EPUB 2 reading systems only (EPUB 3 ones read nav.xhtml, which keeps every
  // level). A big book's NCX lists its articles alone: thousands of nested navPoints help no
  // reader, and epubcheck's NCX checks take time quadratic in them (minutes for a wiki of
  // 7,000 pages with 21,000 sections).
  constexpr std::size_t kMaxNcxEntries = 2000;
  std::vector<TocEntry> articles;
  if (all_entries.size() > kMaxNcxEntries)
    for (const TocEntry& e : all_entries)
      if (e.depth == 0) articles.push_back(e);
  const std::vector<TocEntry>& toc = all_entries.size() > kMaxNcxEntries ? articles : all_entries;
  std::vector<int> depths = nested_depths(toc);
  int max_depth = 0;
  for (int d : depths) max_depth = std::max(max_depth, d + 1);
  std::string out(kXmlDecl);
  out += "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"" + esc(meta.language, true) +
         "\">\n<head>\n";
  out += "<meta name=\"dtb:uid\" content=\"" + esc(meta.identifier, true) + "\"/>\n";
  out += "<meta name=\"dtb:depth\" content=\"" + std::to_string(std::max(1, max_depth)) + "\"/>\n";
  out += "<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n";
  out += "</head>\n<docTitle><text>" + esc(meta.title) + "</text></docTitle>\n<navMap>\n";
  int depth = -1;
  for (std::size_t i = 0; i < toc.size(); ++i) {
    int d = depths[i];
    if (d <= depth)
      for (; depth >= d; --depth) out += "</navPoint>\n";
    depth = d;
    std::string n = std::to_string(i + 1);
    out += "<navPoint id=\"np-" + n + "\" playOrder=\"" + n + "\"><navLabel><text>" + esc(toc[i].label) +
           "</text></navLabel><content src=\"" + esc(toc[i].href, true) + "\"/>\n";
  }
  for (; depth >= 0; --depth) out += "</navPoint>\n";
  out += "</navMap>\n</ncx>\n";
  return out;
}

std::string title_page(const BookMeta& meta, std::size_t articles, const std::vector<std::string>& css) {
  std::string out = xhtml_start(meta.title, meta.language, css, "frontmatter");
  out += "<section class=\"titlepage\" epub:type=\"titlepage\">\n";
  out += "<p class=\"zine-label\">a zine</p>\n";
  out += "<h1 class=\"book-title\">" + esc(meta.title) + "</h1>\n";
  if (!meta.description.empty()) out += "<p class=\"book-description\">" + esc(meta.description) + "</p>\n";
  out += "<p class=\"book-creator\">" + esc(meta.creator) + "</p>\n";
  out += "<p class=\"book-facts\">" + std::to_string(articles) + (articles == 1 ? " article" : " articles") +
         " \xC2\xB7 " + iso_time(meta.modified).substr(0, 10) + "</p>\n";
  out += "<p class=\"cut\">\xE2\x9C\x82 - - - - - - - - - - - - - -</p>\n";
  out += "</section>\n";
  out += xhtml_end();
  return out;
}

namespace {

// `text` broken at spaces into lines of at most `width` characters (a longer word is a line of
// its own), at most `max_lines` of them, the last ending in "…" when text is left over.
std::vector<std::string> wrap_words(std::string_view text, std::size_t width, std::size_t max_lines) {
  auto length = [](std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
  };
  std::vector<std::string> lines;
  std::string line;
  std::size_t at = 0;
  bool cut = false;
  while (at < text.size()) {
    std::size_t space = text.find(' ', at);
    std::string_view word = text.substr(at, space == std::string_view::npos ? std::string_view::npos : space - at);
    at = space == std::string_view::npos ? text.size() : space + 1;
    if (word.empty()) continue;
    if (!line.empty() && length(line) + 1 + length(word) > width) {
      if (lines.size() + 1 == max_lines) {
        cut = true;
        break;
      }
      lines.push_back(std::move(line));
      line.clear();
    }
    line += line.empty() ? "" : " ";
    line += word;
  }
  if (!line.empty()) lines.push_back(std::move(line));
  if (cut && !lines.empty()) lines.back() += "\u2026";
  return lines;
}

}  // namespace

std::string generated_cover_svg(const BookMeta& meta, std::string_view subtitle, std::string_view footer) {
  // A photocopied zine's cover: black on off-white, the title large, a rule, the subtitle, and
  // the wiki's name at the foot. 600x900, the proportions of a book page.
  std::string out(kXmlDecl);
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"600\" height=\"900\" viewBox=\"0 0 600 900\">\n";
  out += "<title>" + esc(meta.title) + "</title>\n";
  out += "<rect width=\"600\" height=\"900\" fill=\"#f4f1ea\"/>\n";
  out += "<rect x=\"30\" y=\"30\" width=\"540\" height=\"840\" fill=\"none\" stroke=\"#111\" stroke-width=\"6\"/>\n";
  auto block = [&](const std::vector<std::string>& lines, int y, int size, const char* weight, const char* family) {
    out += "<text x=\"300\" y=\"" + std::to_string(y) + "\" text-anchor=\"middle\" font-family=\"" + family +
           "\" font-size=\"" + std::to_string(size) + "\" font-weight=\"" + weight + "\" fill=\"#111\">";
    for (std::size_t i = 0; i < lines.size(); ++i)
      out += "<tspan x=\"300\" dy=\"" + std::string(i == 0 ? "0" : std::to_string(size * 6 / 5)) + "\">" + esc(lines[i]) + "</tspan>";
    out += "</text>\n";
    return y + static_cast<int>(lines.size()) * size * 6 / 5;
  };
  int y = block(wrap_words(meta.title, 13, 5), 200, 64, "bold", "serif");
  out += "<rect x=\"150\" y=\"" + std::to_string(y) + "\" width=\"300\" height=\"6\" fill=\"#c0392b\"/>\n";
  if (!subtitle.empty()) block(wrap_words(subtitle, 30, 4), y + 70, 28, "normal", "serif");
  if (!footer.empty()) block(wrap_words(footer, 30, 2), 800, 26, "normal", "sans-serif");
  out += "</svg>\n";
  return out;
}

std::string cover_page(const BookMeta& meta, std::string_view image_href, const std::vector<std::string>& css) {
  std::string out = xhtml_start(meta.title, meta.language, css, "cover");
  out += "<section class=\"cover\" epub:type=\"cover\">\n<img src=\"" + esc(image_href, true) + "\" alt=\"" +
         esc(meta.title, true) + "\"/>\n</section>\n";
  out += xhtml_end();
  return out;
}

std::string_view zine_css() {
  return R"css(/* wikiconv zine: a small-press look for small screens. */

html { font-size: 100%; }
body {
  margin: 0 4%;
  font-family: Georgia, "Iowan Old Style", "Palatino Linotype", Palatino, "DejaVu Serif", serif;
  line-height: 1.5;
  color: #111;
  background: #fffdf7;
  hyphens: auto;
  -webkit-hyphens: auto;
  overflow-wrap: break-word;
  word-wrap: break-word;
  widows: 2;
  orphans: 2;
}

/* Headings: heavy grotesque, like letters cut from a poster. */
h1, h2, h3, h4, h5, h6, .zine-label, .kicker, .categories, nav.contents h1 {
  font-family: "Helvetica Neue", Helvetica, Arial, "DejaVu Sans", "Liberation Sans", sans-serif;
}
h1, h2, h3, h4, h5, h6 {
  line-height: 1.15;
  hyphens: manual;
  -webkit-hyphens: manual;
  page-break-after: avoid;
  break-after: avoid;
}
h2 {
  font-size: 1.35em;
  margin: 1.6em 0 0.5em;
  padding-bottom: 0.15em;
  border-bottom: 3px solid #111;
}
h3 { font-size: 1.15em; margin: 1.3em 0 0.4em; }
h4, h5, h6 { font-size: 1em; margin: 1.1em 0 0.3em; text-transform: uppercase; letter-spacing: 0.05em; }
p { margin: 0 0 0.8em; }

/* Article openings. */
.article-head { margin: 1.5em 0 1.5em; page-break-inside: avoid; }
.kicker {
  display: inline-block;
  margin: 0 0 0.6em;
  padding: 0.15em 0.6em;
  background: #111;
  color: #fffdf7;
  font-size: 0.75em;
  font-weight: bold;
  text-transform: uppercase;
  letter-spacing: 0.15em;
  transform: rotate(-1.5deg);
}
.article-head h1 {
  margin: 0;
  font-size: 2.3em;
  font-weight: 900;
  letter-spacing: -0.02em;
  text-transform: uppercase;
  border-bottom: 6px double #111;
  padding-bottom: 0.2em;
}
.article-head + p::first-letter {
  float: left;
  font-family: "Helvetica Neue", Helvetica, Arial, sans-serif;
  font-weight: 900;
  font-size: 3.1em;
  line-height: 0.85;
  margin: 0.05em 0.08em 0 0;
}

a { color: #111; text-decoration: underline; text-decoration-color: #c0392b; }
a.wikilink { text-decoration-style: dotted; }

/* Quotes: a pasted-in clipping. */
blockquote {
  margin: 1.2em 0;
  padding: 0.6em 1em;
  border-left: 6px solid #111;
  background: #f1ede1;
  font-style: italic;
}
blockquote p:last-child { margin-bottom: 0; }

/* Code: typewriter. A block keeps its lines whole (a command copied by hand must be the
   command): a long line scrolls sideways inside the block, and a shadow at the edge shows there
   is more (the covers move with the text, the shadows stay: once scrolled to the end, the
   shadow on that side is covered). Inline code in prose may break anywhere rather than push
   the page wider than the screen. */
code, kbd, samp, pre {
  font-family: "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace;
  font-size: 0.85em;
}
code { background: #ece7d8; padding: 0 0.2em; border-radius: 2px; overflow-wrap: anywhere; word-break: break-word; }
pre {
  margin: 1em 0;
  padding: 0.7em 0.8em;
  color: #f5f1e6;
  white-space: pre;
  word-wrap: normal;
  overflow-wrap: normal;
  hyphens: none;
  -webkit-hyphens: none;
  overflow-x: auto;
  line-height: 1.35;
  border-left: 4px solid #c0392b;
  background-color: #1d1d1d;
  background-image:
    linear-gradient(to right, #1d1d1d, rgba(29, 29, 29, 0)),
    linear-gradient(to left, #1d1d1d, rgba(29, 29, 29, 0)),
    linear-gradient(to right, rgba(192, 57, 43, 0.9), rgba(192, 57, 43, 0)),
    linear-gradient(to left, rgba(192, 57, 43, 0.9), rgba(192, 57, 43, 0));
  background-position: left center, right center, left center, right center;
  background-repeat: no-repeat;
  background-size: 1.5em 100%, 1.5em 100%, 0.5em 100%, 0.5em 100%;
  background-attachment: local, local, scroll, scroll;
}
pre code { background: none; padding: 0; font-size: 1em; color: inherit; overflow-wrap: normal; word-break: normal; white-space: inherit; }

/* Tables: a table keeps its grid (rows are compared across); one wider than the screen scrolls
   sideways inside its box, with a shadow on the side where more is (as for code). Cells break
   long words only where nothing else fits, never inside a name a cell must show whole. */
.table-wrap {
  margin: 1em 0;
  max-width: 100%;
  overflow-x: auto;
  background-color: #fffdf7;
  background-image:
    linear-gradient(to right, #fffdf7, rgba(255, 253, 247, 0)),
    linear-gradient(to left, #fffdf7, rgba(255, 253, 247, 0)),
    linear-gradient(to right, rgba(17, 17, 17, 0.35), rgba(17, 17, 17, 0)),
    linear-gradient(to left, rgba(17, 17, 17, 0.35), rgba(17, 17, 17, 0));
  background-position: left center, right center, left center, right center;
  background-repeat: no-repeat;
  background-size: 2em 100%, 2em 100%, 0.7em 100%, 0.7em 100%;
  background-attachment: local, local, scroll, scroll;
}
.table-wrap > table { margin: 0; }
table {
  border-collapse: collapse;
  margin: 1em 0;
  width: 100%;
  font-size: 0.85em;
  line-height: 1.3;
  hyphens: manual;
  -webkit-hyphens: manual;
}
th, td { border: 1px solid #111; padding: 0.3em 0.45em; vertical-align: top; }
th { background: #111; color: #fffdf7; text-align: left; }
tbody tr:nth-child(even) td { background: rgba(120, 100, 40, 0.1); }
caption { font-weight: bold; margin-bottom: 0.3em; }
.align-left { text-align: left; }
.align-center { text-align: center; }
.align-right { text-align: right; }
.align-justify { text-align: justify; }
th > p:first-child, td > p:first-child { margin-top: 0; }
th > p:last-child, td > p:last-child { margin-bottom: 0; }

ul, ol { margin: 0 0 0.8em; padding-left: 1.4em; }
li { margin: 0.15em 0; }
li > ul, li > ol { margin-bottom: 0; }
.task { font-family: "DejaVu Sans", sans-serif; }
dt { font-weight: bold; }
dd { margin: 0 0 0.5em 1.2em; }

hr {
  border: 0;
  border-top: 2px dashed #111;
  margin: 1.8em 15%;
}

/* Images: one alone in its paragraph (or in a figure) is a block, scaled to the column with its
   caption below it and kept on one page with it; one in a line of text is sized to the line
   (the source's width, meant for a wiki page, would open a gap in the paragraph). */
img { max-width: 100%; height: auto; }
img.block-image { display: block; margin: 0.6em auto; }
img.inline-image { width: auto; max-height: 1.3em; vertical-align: middle; }
figure { margin: 1em 0; text-align: center; page-break-inside: avoid; break-inside: avoid; }
figure img { max-width: 100%; height: auto; }
figcaption { font-size: 0.85em; font-style: italic; margin-top: 0.3em; }

/* What obsolete HTML elements of the source looked like. */
.big { font-size: larger; }
.nobr { white-space: nowrap; }
.summary { font-weight: bold; }

sup, sub { line-height: 0; font-size: 0.75em; }

/* Notes at the end of an article. */
section.footnotes {
  margin-top: 2em;
  padding-top: 0.6em;
  border-top: 2px solid #111;
  font-size: 0.85em;
}
section.footnotes aside { margin: 0 0 0.5em; }
section.footnotes aside p { margin: 0 0 0.3em; }
a.footnote-backref { text-decoration: none; }
.note-number { font-weight: bold; margin-right: 0.2em; }

.categories {
  margin-top: 2.5em;
  padding-top: 0.5em;
  border-top: 1px dashed #111;
  font-size: 0.75em;
  text-transform: uppercase;
  letter-spacing: 0.08em;
}

/* The credits page: small print at the back. */
.credits h2 { font-size: 1.05em; margin: 1.2em 0 0.3em; border-bottom-width: 1px; }
.credits p { margin: 0 0 0.3em; font-size: 0.9em; }
.credits a { overflow-wrap: anywhere; word-break: break-word; }
.credit-label, .credits-note { font-style: italic; }

/* The title page: a photocopied cover. */
.titlepage { text-align: center; padding-top: 18%; }
.zine-label {
  display: inline-block;
  padding: 0.2em 0.8em;
  border: 2px solid #111;
  font-size: 0.8em;
  font-weight: bold;
  text-transform: uppercase;
  letter-spacing: 0.3em;
}
.book-title {
  margin: 0.6em 0 0.4em;
  padding: 0.35em 0.3em;
  background: #111;
  color: #fffdf7;
  font-size: 2.6em;
  font-weight: 900;
  text-transform: uppercase;
  letter-spacing: -0.01em;
  line-height: 1.05;
  transform: rotate(-2deg);
}
.book-description { font-size: 1.15em; font-style: italic; margin: 1.2em 8% 0.8em; }
.book-creator { font-weight: bold; font-size: 1.1em; margin-top: 1.5em; }
.book-facts { font-size: 0.8em; letter-spacing: 0.1em; text-transform: uppercase; }
.cut { margin-top: 3em; color: #777; letter-spacing: 0.1em; }
.cover { text-align: center; margin: 0; padding: 0; }
.cover img { max-height: 100%; max-width: 100%; height: auto; }

/* Contents. */
nav.contents h1 { font-size: 1.8em; text-transform: uppercase; border-bottom: 6px double #111; }
nav.contents ol { list-style: none; padding-left: 0; }
nav.contents ol ol { padding-left: 1.2em; margin: 0.2em 0 0.4em; font-size: 0.9em; }
nav.contents li.article { margin: 0.5em 0; font-weight: bold; }
nav.contents li.article li { font-weight: normal; }
nav.contents a { text-decoration: none; }
)css";
}

}  // namespace wikiconv::epub
