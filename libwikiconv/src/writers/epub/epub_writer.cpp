// EPUB 3: the wiki's articles as a book (a zine). One pass renders the chosen pages in book
// order on worker threads; a link to "Page#Section" in a later article cannot be checked yet, so
// it is written with a marker and settled once every article's ids are known (a dangling
// fragment is an epubcheck error). Parsed pages are not kept; the rendered chapters wait for the
// zip in a temporary file (epub_zip.cpp's Spill), so memory does not grow with the book.
// pages=category:NAME needs one more pass first, to learn the categories.
#include <algorithm>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "util/html_tag.hpp"
#include "util/utf8.hpp"
#include "wiki/link_target.hpp"
#include "wikiconv/detail/worker_threads.hpp"
#include "writers/epub/epub_book.hpp"
#include "writers/html_renderer.hpp"
#include "writers/html_sanitizer.hpp"
#include "writers/libcrypto_api.hpp"
#include "writers/progress.hpp"
#include "writers/redirect_map.hpp"
#include "writers/registry.hpp"

namespace wikiconv {

namespace {

using namespace epub;


class Sha1 {
 public:
  Sha1() : crypto_(libcrypto()), ctx_(crypto_.EVP_MD_CTX_new()) {
    crypto_.EVP_DigestInit_ex(ctx_, crypto_.EVP_sha1(), nullptr);
  }
  ~Sha1() { crypto_.EVP_MD_CTX_free(ctx_); }
  Sha1(const Sha1&) = delete;
  Sha1& operator=(const Sha1&) = delete;
  void add(std::string_view s) {
    crypto_.EVP_DigestUpdate(ctx_, s.data(), s.size());
    crypto_.EVP_DigestUpdate(ctx_, "\0", 1);
  }
  void digest(unsigned char (&out)[20]) {
    unsigned int len = 0;
    crypto_.EVP_DigestFinal_ex(ctx_, out, &len);
  }
  static std::string of(std::string_view s) {
    Sha1 sha;
    sha.add(s);
    unsigned char out[20];
    sha.digest(out);
    return std::string(reinterpret_cast<const char*>(out), sizeof out);
  }

 private:
  const Libcrypto& crypto_;
  EVP_MD_CTX* ctx_;
};

// Standard namespaces whose pages are not articles.
bool article_namespace(std::string_view ns) {
  static constexpr std::string_view kNot[] = {"Category", "File", "Image", "Template", "MediaWiki",
                                              "Module",   "Special", "User", "Media"};
  if (std::find(std::begin(kNot), std::end(kNot), ns) != std::end(kNot)) return false;
  return !(ns == "Talk" || (ns.size() > 5 && ns.substr(ns.size() - 5) == " talk"));
}

// "foo_bar" / "foo bar" -> "Foo bar": category names as the reader stores them.
std::string category_key(std::string_view name) {
  std::string s(name);
  std::replace(s.begin(), s.end(), '_', ' ');
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return utf8::upper_first(s);
}

std::string read_file(const std::filesystem::path& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path.string(), 0, "cannot read the " + std::string(what));
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The ids of one article: headings' first, in document order, MediaWiki style ("Usage",
// "Usage_2"); then, as the renderer writes them, the ids the source gave elements (a repeated
// one is left out). `written` is what the chapter holds in the end: what links may point at.
struct ArticleIds {
  std::unordered_map<const Node*, std::string> headings;
  std::unordered_set<std::string> used;
  std::unordered_set<std::string> written;

  static bool reserved(std::string_view id) { return id.rfind("fn-", 0) == 0 || id.rfind("fnref-", 0) == 0; }
  std::string unique(std::string id) {
    if (reserved(id)) id.insert(0, "h-");  // fn-* and fnref-* are the notes' ids
    std::string candidate = id;
    for (int n = 2; used.count(candidate); ++n) candidate = id + "_" + std::to_string(n);
    used.insert(candidate);
    return candidate;
  }
  // The id an element of the source is written with, or empty.
  std::string element(std::string_view source_id) {
    std::string id = xml_id(source_id);
    if (reserved(id) || !used.insert(id).second) return {};
    written.insert(id);
    return id;
  }
};

// A page made ready for the book: the leading level-1 heading (the article's own title, as
// pandoc writes it) taken out, ids assigned.
struct Prepared {
  Page page;
  std::unique_ptr<Node> title_heading;
  ArticleIds ids;
};

void assign_heading_ids(const Node& root, ArticleIds& ids) {
  NodeIterator it(root);
  while (it.next()) {
    const Node& n = it.node();
    if (it.event() != WalkEvent::Enter) continue;
    if (n.type == NodeType::FootnoteDefinition) {
      it.skip_children();  // rendered after the body, without ids
    } else if (n.type == NodeType::Heading) {
      ids.headings.emplace(&n, ids.unique(xml_id(mediawiki_anchor(n.plain_text()))));
      it.skip_children();
    }
  }
}

Prepared prepare(Page page) {
  Prepared p;
  p.page = std::move(page);
  auto& children = p.page.body.children;
  if (!children.empty() && children.front().type == NodeType::Heading && children.front().level == 1) {
    p.title_heading = std::make_unique<Node>(std::move(children.front()));
    children.erase(children.begin());
  }
  if (p.title_heading) assign_heading_ids(*p.title_heading, p.ids);
  assign_heading_ids(p.page.body, p.ids);
  return p;
}

struct TocHeading {
  int level;
  std::string id;
  std::string text;
};

// What the book needs to know of an article besides its XHTML: headings for the contents, ids
// for links into it, categories, time.
struct ArticleInfo {
  std::string title;    // the page title
  std::string ns;
  std::string heading;  // the title the article shows
  std::vector<TocHeading> headings;
  std::unordered_set<std::string> anchors;
  std::vector<std::string> categories;
  std::vector<std::string> links;  // wiki link targets in order (read for index:PAGE only)
  std::int64_t timestamp = 0;
  bool has_history = false;               // the page's git history was read (the credits page)
  std::vector<std::string> contributors;  // its authors, most edits first
};

// The title an article shows: its leading level-1 heading, else the page's name, a translation
// subpage's with its language ("Appimage (русский)", not "Appimage/ru").
std::string display_heading(const Prepared& p) {
  std::string heading = p.title_heading ? p.title_heading->plain_text() : display_title(p.page.name());
  return heading.empty() ? display_title(p.page.title) : heading;
}

ArticleInfo summarize(Prepared& p, bool want_links) {
  ArticleInfo info;
  info.title = p.page.title;
  info.ns = p.page.ns;
  info.categories = p.page.categories;
  info.timestamp = p.page.timestamp;
  info.heading = display_heading(p);
  NodeIterator it(p.page.body);
  while (it.next()) {
    const Node& n = it.node();
    if (it.event() != WalkEvent::Enter) continue;
    if (n.type == NodeType::FootnoteDefinition) {
      it.skip_children();
    } else if (n.type == NodeType::Heading) {
      // Only the headings the chapter shows with their id (not one inside a hidden element).
      auto id = p.ids.headings.find(&n);
      if (id != p.ids.headings.end() && p.ids.written.count(id->second))
        info.headings.push_back({n.level, id->second, n.plain_text()});
    } else if (n.type == NodeType::WikiLink && want_links) {
      info.links.push_back(n.target);
    }
  }
  info.anchors = std::move(p.ids.written);
  return info;
}

struct Settings {
  std::string title, creator, language, description, cover, css, base_url, pages;
  std::string license;  // the text's licence: on the credits page and as dc:rights
  std::string wiki_name;  // the wiki folder's name, on a generated cover
  int toc_depth = 2;
  bool smart = true;  // typographic quotes and apostrophes in prose
};

// One article of the book.
struct Article {
  const PageEntry* entry = nullptr;  // null: the page given to write_page
  ArticleInfo info;
  std::string id;    // manifest id, "a01"
  std::string file;  // in text/: "a01-tankie-introduction.xhtml"
};

struct MediaFile {
  std::string title;  // File:Logo.png
  std::filesystem::path path;
  std::string href;   // images/m3-logo.png
  std::string media_type;
};

struct Rendered {
  std::string xhtml;  // empty once packed
  DeflatedEntry packed;  // the chapter compressed, when no link waits for settle_anchors
  std::string digest;    // SHA-1 of the chapter (the book's identifier is made of these)
  ArticleInfo info;
  bool pending = false;  // holds links to other articles' ids, to be checked
  std::vector<std::size_t> media;  // indices into Book::media_
  std::vector<Diagnostic> diagnostics;  // handed on in book order
  std::size_t bytes() const { return xhtml.size() + packed.bytes.size(); }  // while it waits
  void warn(const std::string& file, int line, std::string message, std::string kind = {}) {
    diagnostics.push_back({Severity::Warning, file, line, std::move(message), 0, std::move(kind)});
  }
};

// The article being rendered, as link resolution sees it.
struct RenderState {
  std::size_t index;
  Rendered* rendered;
};

// Brackets a fragment to check later: U+E000 and U+E001 (private use) survive XML escaping.
constexpr std::string_view kMarkOpen = "\xEE\x80\x80";
constexpr std::string_view kMarkClose = "\xEE\x80\x81";

class Book {
 public:
  Book(const Settings& settings, const Wiki* wiki, const WriteContext& context)
      : s_(settings), wiki_(wiki), context_(context) {
    if (wiki_) {
      for (const auto& [title, path] : wiki_->media()) {
        MediaFile m{title, path, {}, image_media_type(path)};
        std::string ext = utf8::to_lower(path.extension().string());
        m.href = "images/m" + std::to_string(media_.size() + 1) + "-" + slug(path.stem().string(), 30) + ext;
        media_by_title_.emplace(title, media_.size());
        media_.push_back(std::move(m));
      }
    }
  }

  // The book of a whole wiki (or the part `pages=` chooses), written to `file`.
  void build_wiki(const std::filesystem::path& file) {
    redirects_.emplace(*wiki_, context_);
    std::vector<const PageEntry*> candidates = choose_candidates();
    if (!category_.empty()) {
      category_members(candidates);
    } else {
      for (const PageEntry* e : candidates) {
        Article a;
        a.entry = e;
        a.info.title = e->title();
        articles_.push_back(std::move(a));
      }
    }
    // A pages= that chooses nothing is a mistake in the request, not in the wiki.
    if (articles_.empty() && !category_.empty())
      throw UsageError("epub: pages=" + s_.pages + ": no page is in the category \"" + s_.pages.substr(9) +
                       "\", so the book would have no articles");
    if (articles_.empty()) throw UsageError("epub: pages=" + s_.pages + ": the book would have no articles");
    name_articles();
    std::int64_t newest = 0;
    for (const Article& a : articles_) newest = std::max(newest, wiki_->timestamp(*a.entry));
    build([&](std::size_t i) { return load(*articles_[i].entry); }, newest, file);
  }

  std::size_t articles() const { return articles_.size(); }

  // The book of one page.
  std::string build_page(const Page& page) {
    Article a;
    a.info.title = page.title;
    articles_.push_back(std::move(a));
    name_articles();
    return build([&](std::size_t) { return page; }, page.timestamp);
  }

 private:
  Page load(const PageEntry& entry) const {
    return load_page(*wiki_, entry, context_);
  }

  // ---- choosing the articles ----

  std::vector<const PageEntry*> choose_candidates() {
    std::string pages = s_.pages.empty() ? "all" : s_.pages;
    std::vector<const PageEntry*> out;
    std::string lower = utf8::to_lower(pages.substr(0, std::min<std::size_t>(pages.size(), 9)));
    if (pages == "all" || lower.rfind("category:", 0) == 0) {
      if (pages != "all") category_ = category_key(pages.substr(9));
      // Redirects are no articles: links to them go on to their targets.
      for (const auto& e : wiki_->pages())
        if (article_namespace(e.ns()) && !redirects_->is_redirect(std::string(e.title()))) out.push_back(&e);
      return out;
    }
    if (lower.rfind("index:", 0) == 0) {
      const PageEntry* index = wiki_->find(wiki_->resolve(pages.substr(6)));
      if (!index) throw UsageError("epub: pages=" + pages + ": there is no page \"" + pages.substr(6) + "\"");
      Diagnostics scratch;
      WriteContext quiet = context_;
      quiet.diagnostics = &scratch;
      Prepared p = prepare(load_page(*wiki_, *index, quiet));
      ArticleInfo info = summarize(p, true);
      out.push_back(index);
      std::unordered_set<const PageEntry*> seen{index};
      for (const auto& target : info.links) {
        const PageEntry* e = wiki_->find(redirects_->follow(wiki_->resolve(target), {}).title);
        if (e && article_namespace(e->ns()) && seen.insert(e).second) out.push_back(e);
      }
      return out;
    }
    std::unordered_set<const PageEntry*> seen;
    std::string missing;
    Options list;
    list.set("pages", pages);
    for (const auto& title : list.list("pages")) {
      std::string t = title;
      while (!t.empty() && t.front() == ' ') t.erase(t.begin());
      while (!t.empty() && t.back() == ' ') t.pop_back();
      const PageEntry* e = wiki_->find(redirects_->follow(wiki_->resolve(t), {}).title);
      if (!e) missing += (missing.empty() ? "\"" : ", \"") + t + "\"";
      else if (seen.insert(e).second) out.push_back(e);
    }
    // A book without a chapter the list names is not the book asked for.
    if (!missing.empty()) throw UsageError("epub: pages: there is no page " + missing + " in the wiki");
    return out;
  }

  // Keeps the candidates in the category as articles (their categories are known once parsed).
  void category_members(const std::vector<const PageEntry*>& candidates) {
    std::function<bool(std::size_t)> produce = [&](std::size_t i) {
      Diagnostics scratch;  // the rendering pass reports the page's problems
      WriteContext quiet = context_;
      quiet.diagnostics = &scratch;
      Page page = load_page(*wiki_, *candidates[i], quiet);
      bool member = false;
      for (const auto& c : page.categories) member |= category_key(c) == category_;
      return member;
    };
    std::function<void(std::size_t, bool&&)> consume = [&](std::size_t i, bool&& member) {
      if (!member) return;
      Article a;
      a.entry = candidates[i];
      a.info.title = candidates[i]->title();
      articles_.push_back(std::move(a));
    };
    ordered_parallel<bool>(candidates.size(), context_.threads, produce, consume);
  }

  void name_articles() {
    std::size_t width = std::to_string(articles_.size()).size();
    for (std::size_t i = 0; i < articles_.size(); ++i) {
      std::string number = std::to_string(i + 1);
      number.insert(0, std::max<std::size_t>(2, width) - number.size(), '0');
      articles_[i].id = "a" + number;
      articles_[i].file = articles_[i].id + "-" + slug(articles_[i].info.title) + ".xhtml";
      by_title_.emplace(articles_[i].info.title, i);
    }
  }

  // ---- links ----

  std::string page_url(std::string_view title, std::string_view anchor) const {
    if (s_.base_url.empty()) return {};
    std::string path = title_url(title);
    std::string url = s_.base_url;
    std::size_t placeholder = url.find("$1");
    if (placeholder != std::string::npos) url.replace(placeholder, 2, path);
    else url += (url.back() == '/' || url.back() == '=' ? "" : "/") + path;
    if (!anchor.empty()) url += "#" + title_url(anchor);
    return encode_url(url);
  }

  // The href of a wiki link from the article being rendered; empty: written as text.
  std::string wiki_href(const Node& link, const RenderState& from) const {
    std::string anchor = link.anchor;
    std::replace(anchor.begin(), anchor.end(), ' ', '_');
    if (link.target.empty()) return in_book(from.index, anchor, from);
    if (std::string url = interwiki_url(link.target); !url.empty()) {
      std::string scheme = url_scheme(url);
      return allowed_scheme(scheme) ? encode_url(url + (anchor.empty() ? "" : "#" + anchor)) : std::string();
    }
    std::string title = wiki_ ? wiki_->resolve(link.target) : link.target.str();
    if (redirects_ && !by_title_.count(title)) {
      RedirectTarget end = redirects_->follow(title, anchor);
      title = std::move(end.title);
      anchor = std::move(end.anchor);
      std::replace(anchor.begin(), anchor.end(), ' ', '_');
    }
    auto it = by_title_.find(title);
    if (it != by_title_.end()) return in_book(it->second, anchor, from);
    return page_url(title, anchor);
  }

  std::string in_book(std::size_t to, const std::string& anchor, const RenderState& from) const {
    const Article& a = articles_[to];
    std::string id = anchor.empty() ? std::string() : xml_id(anchor);
    if (id.empty()) return to == from.index ? std::string() : a.file;
    // Ids are known once written (this article's when it is rendered, another's when all are):
    // settle_anchors() checks the fragment then.
    from.rendered->pending = true;
    std::string mark = std::string(kMarkOpen) + std::to_string(to) + ":" + id + std::string(kMarkClose);
    return to == from.index ? "#" + mark : a.file + "#" + mark;
  }

  // The href of a URL from the source (Markdown links, raw <a>); empty: written as text.
  std::string url_href(std::string_view url, const RenderState& from) const {
    if (url.empty()) return {};
    if (url.front() == '#') return in_book(from.index, std::string(url.substr(1)), from);
    std::string scheme = url_scheme(url);
    if (scheme.empty()) {
      // A relative URL names a wiki page ("Tankie", "/wiki/Tankie", "./Tankie").
      std::string_view path = url;
      for (std::string_view prefix : {"/wiki/", "./", "/"})
        if (path.rfind(prefix, 0) == 0) path.remove_prefix(prefix.size());
      if (path.empty() || path.find("://") != std::string_view::npos) return {};
      Node link = make_wiki_link(path);
      return wiki_href(link, from);
    }
    if (!allowed_scheme(scheme)) return {};
    std::string encoded = encode_url(url);
    return has_valid_host(encoded) ? encoded : std::string();  // "http://" is no link (RSC-020)
  }

  // The src of an image; empty: its alt text is shown. Reports what cannot be embedded.
  std::string image_src(std::string_view target, const Page& page, int line, Rendered& r) const {
    std::string title = image_media_title(target);
    if (title.empty()) return {};  // a remote image: not in the book
    const std::filesystem::path* path = wiki_ ? wiki_->find_media(title) : nullptr;
    std::size_t index = std::string::npos;
    if (path) {
      auto it = media_by_title_.find(title);
      if (it == media_by_title_.end()) {
        for (std::size_t k = 0; k < media_.size(); ++k)
          if (media_[k].path == *path) index = k;
      } else {
        index = it->second;
      }
    }
    if (index == std::string::npos) {
      r.warn(page.source, line, "epub: image " + std::string(target) + " not found in the wiki's media; its alt text is shown",
             "epub: an image not in the wiki's media (its alt text is shown)");
      return {};
    }
    if (media_[index].media_type.empty()) {
      r.warn(page.source, line, "epub: image " + std::string(target) + " is not PNG, JPEG, GIF or SVG; its alt text is shown",
             "epub: an image not PNG, JPEG, GIF or SVG (its alt text is shown)");
      return {};
    }
    r.media.push_back(index);
    return "../" + media_[index].href;
  }

  // ---- the second pass ----

  Rendered render(Prepared& p, std::size_t index) const {
    Rendered r;
    const Page& page = p.page;
    HtmlRenderOptions o;
    o.xhtml = true;
    o.epub_notes = true;
    o.comments = false;
    o.wrap_tables = true;    // a wide table scrolls in its box, not off the page
    o.image_classes = true;  // an image in a line of text is sized to the line
    o.heading_id = [&](const Node& h) {
      auto it = p.ids.headings.find(&h);
      if (it == p.ids.headings.end()) return std::string();
      p.ids.written.insert(it->second);
      return it->second;
    };
    o.element_id = [&](const Node&, std::string_view id) { return p.ids.element(id); };
    RenderState state{index, &r};
    o.wiki_href = [&](const Node& link) { return wiki_href(link, state); };
    o.link_href = [&](const Node& link) { return url_href(link.target, state); };
    o.image_src = [&](const Node& image) { return image_src(image.target, page, image.line, r); };

    std::string lang = title_language(page.title);
    if (lang.empty()) lang = s_.language;
    std::string& out = r.xhtml;
    out.reserve(4096);
    std::string heading = display_heading(p);
    out = xhtml_start(heading, lang, css_links("../"), "bodymatter");
    out += "<section class=\"article\" epub:type=\"chapter\" role=\"doc-chapter\">\n<header class=\"article-head\">\n";
    out += "<p class=\"kicker\">No. " + std::to_string(index + 1);
    if (!page.ns.empty()) {
      out += " \xC2\xB7 ";
      escape_xml(out, page.ns);
    }
    out += "</p>\n";
    if (p.title_heading) {
      render_html(*p.title_heading, out, o);
    } else {
      out += "<h1>";
      escape_xml(out, heading);
      out += "</h1>\n";
    }
    out += "</header>\n";
    render_html(page.body, out, o);
    if (!page.categories.empty()) {
      out += "<p class=\"categories\">Filed under: ";
      for (std::size_t k = 0; k < page.categories.size(); ++k) {
        if (k) out += " \xC2\xB7 ";
        escape_xml(out, page.categories[k]);
      }
      out += "</p>\n";
    }
    out += "</section>\n";
    out += xhtml_end();
    if (r.pending) {
      // Links within the article settle now; links into others wait for the whole book.
      r.pending = settle_anchors(out, [&](std::size_t to, std::string_view id) {
        if (to != index) return Anchor::Unknown;
        return p.ids.written.count(std::string(id)) ? Anchor::Found : Anchor::Missing;
      });
    }
    return r;
  }

  std::vector<std::string> css_links(std::string_view up) const {
    std::vector<std::string> css = {std::string(up) + "css/zine.css"};
    if (!s_.css.empty()) css.push_back(std::string(up) + "css/extra.css");
    return css;
  }

  // Where the book's files after its chapters go: into the zip as they are made, or to the
  // entries registered for them (later_entry) while the zip is being written.
  struct TailFiles {
    Container& zip;
    std::map<std::string, std::size_t> later;
    void later_entry(const std::string& name, bool compress) { later[name] = zip.add_later(name, compress); }
    void put(std::string name, std::string data, bool compress = true) {
      if (later.empty()) zip.add(std::move(name), std::move(data), compress);
      else zip.provide(later.at(name), std::move(data));
    }
    void add_image(const MediaFile& f) { zip.add_file("EPUB/" + f.href, f.path, f.media_type == "image/svg+xml"); }
    void image(const MediaFile& f) {
      if (later.empty()) add_image(f);  // else added with the registered entries, in order
    }
  };

  // The cover=, as the book holds it: its href and media type ("" for no image a book can hold).
  std::pair<std::string, std::string> given_cover() const {
    std::filesystem::path cover = s_.cover;
    return {"images/cover" + utf8::to_lower(cover.extension().string()), image_media_type(cover)};
  }

  // The entries book_files() will put, in its order (images are added here: they are files).
  void register_book_files(TailFiles& out, const std::vector<std::size_t>& media_order) const {
    if (s_.cover.empty()) {
      out.later_entry("EPUB/images/cover.svg", true);
    } else {
      auto [href, type] = given_cover();
      out.later_entry("EPUB/" + href, type == "image/svg+xml");
    }
    out.later_entry("EPUB/text/cover.xhtml", true);
    out.later_entry("EPUB/css/zine.css", true);
    if (!s_.css.empty()) out.later_entry("EPUB/css/extra.css", true);
    for (std::size_t m : media_order) out.add_image(media_[m]);
    if (articles_.front().entry) out.later_entry("EPUB/text/credits.xhtml", true);
    for (const char* name : {"EPUB/text/title.xhtml", "EPUB/nav.xhtml", "EPUB/toc.ncx", "EPUB/package.opf"})
      out.later_entry(name, true);
  }

  // The book's files after its chapters, in the zip's order: cover, stylesheets, images,
  // credits, title page, contents, package.
  void book_files(TailFiles& out, const std::vector<std::string>& digests, const std::vector<std::size_t>& media_order,
                  std::int64_t modified) const {
    Sha1 sha;
    sha.add("wikiconv-epub-1");
    for (const std::string* s : {&s_.title, &s_.creator, &s_.language, &s_.description}) sha.add(*s);
    std::vector<ManifestItem> items;
    std::vector<TocEntry> toc;
    for (std::size_t i = 0; i < articles_.size(); ++i) {
      const Article& a = articles_[i];
      sha.add(a.info.title);
      sha.add(digests[i]);
      items.push_back({a.id, "text/" + a.file, "application/xhtml+xml", {}, true, true});
      add_toc(a, toc);
    }

    // Cover, stylesheets, images.
    BookMeta meta;
    meta.title = s_.title;
    meta.creator = s_.creator;
    meta.language = s_.language;
    meta.description = s_.description;
    meta.modified = modified;
    meta.rights = s_.license;
    std::vector<ManifestItem> front;
    std::vector<Landmark> landmarks;
    if (s_.cover.empty()) {
      // No cover given: one is set from the title, the description and the wiki's name.
      std::string footer = s_.wiki_name.empty() ? s_.creator : s_.wiki_name;
      std::string svg = generated_cover_svg(meta, s_.description, footer);
      sha.add(svg);
      out.put("EPUB/images/cover.svg", std::move(svg), true);
      meta.cover_image_id = "cover-image";
      front.push_back({"cover-image", "images/cover.svg", "image/svg+xml", "cover-image", false, true});
      out.put("EPUB/text/cover.xhtml", cover_page(meta, "../images/cover.svg", css_links("../")));
      front.push_back({"cover", "text/cover.xhtml", "application/xhtml+xml", {}, true, true});
      landmarks.push_back({"cover", "Cover", "text/cover.xhtml"});
    } else {
      auto [href, type] = given_cover();
      if (type.empty()) throw Error(s_.cover, 0, "the cover must be a PNG, JPEG, GIF or SVG image");
      std::string bytes = read_file(s_.cover, "cover image");
      sha.add(bytes);
      out.put("EPUB/" + href, std::move(bytes), type == "image/svg+xml");
      meta.cover_image_id = "cover-image";
      front.push_back({"cover-image", href, type, "cover-image", false, true});
      out.put("EPUB/text/cover.xhtml", cover_page(meta, "../" + href, css_links("../")));
      front.push_back({"cover", "text/cover.xhtml", "application/xhtml+xml", {}, true, true});
      landmarks.push_back({"cover", "Cover", "text/cover.xhtml"});
    }
    out.put("EPUB/css/zine.css", std::string(zine_css()));
    front.push_back({"css", "css/zine.css", "text/css", {}, false, true});
    if (!s_.css.empty()) {
      std::string css = read_file(s_.css, "stylesheet");
      sha.add(css);
      out.put("EPUB/css/extra.css", std::move(css));
      front.push_back({"css-extra", "css/extra.css", "text/css", {}, false, true});
    }
    for (std::size_t m : media_order) {
      const MediaFile& f = media_[m];
      std::error_code ec;
      auto size = std::filesystem::file_size(f.path, ec);
      sha.add(f.href);
      sha.add(std::to_string(ec ? 0 : size));
      out.image(f);
      items.push_back({"m" + std::to_string(m + 1), f.href, f.media_type, {}, false, true});
    }

    // The credits page ends a wiki's book (a page given as text has no source or history).
    if (articles_.front().entry) {
      std::vector<CreditEntry> credits;
      for (const Article& a : articles_)
        credits.push_back({a.info.title, a.info.heading, a.file, page_url(a.info.title, {}), a.info.has_history,
                           a.info.contributors});
      std::vector<CreditEntry> images;
      for (std::size_t m : media_order) {
        Diagnostics quiet;
        std::vector<Revision> revisions = wiki_->media_revisions(media_[m].path, quiet);
        images.push_back({media_[m].title, media_[m].title, {}, page_url(media_[m].title, {}), !revisions.empty(),
                          contributors_by_edits(revisions)});
      }
      std::string page = credits_page(meta, credits, images, s_.license, css_links("../"));
      sha.add(page);
      out.put("EPUB/text/credits.xhtml", std::move(page));
      items.push_back({"credits", "text/credits.xhtml", "application/xhtml+xml", {}, true, true});
      toc.push_back({0, std::string(kCreditsTitle), "credits.xhtml"});
    }

    unsigned char digest[20];
    sha.digest(digest);
    meta.identifier = uuid_urn(digest);

    out.put("EPUB/text/title.xhtml", title_page(meta, articles_.size(), css_links("../")));
    front.push_back({"title-page", "text/title.xhtml", "application/xhtml+xml", {}, true, true});
    landmarks.push_back({"titlepage", "Title page", "text/title.xhtml"});
    landmarks.push_back({"toc", "Contents", "nav.xhtml#toc"});
    landmarks.push_back({"bodymatter", "Start of content", "text/" + articles_.front().file});
    front.push_back({"nav", "nav.xhtml", "application/xhtml+xml", "nav", true, true});
    front.push_back({"ncx", "toc.ncx", "application/x-dtbncx+xml", {}, false, true});
    std::vector<TocEntry> nav_toc;
    nav_toc.reserve(toc.size());
    for (const auto& e : toc) nav_toc.push_back({e.depth, e.label, "text/" + e.href});
    out.put("EPUB/nav.xhtml", nav_document(meta, nav_toc, landmarks));
    out.put("EPUB/toc.ncx", ncx_document(meta, nav_toc));
    front.insert(front.end(), std::make_move_iterator(items.begin()), std::make_move_iterator(items.end()));
    out.put("EPUB/package.opf", package_document(meta, front));
  }

  // The book of the articles `loader` gives, the newest of them from `newest` (a time): written
  // to `file` when one is given, else returned.
  std::string build(const std::function<Page(std::size_t)>& loader, std::int64_t newest,
                    const std::filesystem::path& file = {}) {
    // The book's time: SOURCE_DATE_EPOCH (Wiki::timestamp honours it) or the newest article.
    std::int64_t modified = newest;
    if (const char* sde = std::getenv("SOURCE_DATE_EPOCH"); sde && *sde) modified = std::atoll(sde);
    // Chapters are compressed and hashed by the workers (zip_close would deflate them all on
    // one thread); those whose links wait for every article's anchors, once settled.
    // Both wait in a temporary file, not in memory: a book's memory does not grow with its
    // articles. Each chapter joins the zip as it comes, in order, while the workers go on:
    // added at the end, 7,265 entries took a twentieth of the OWASP book's time on one thread.
    Spill spill;  // before the zip, which reads it until it is finished
    Container zip(modified, file);
    zip.add("META-INF/container.xml", container_xml());
    std::vector<std::size_t> entries(articles_.size());  // the chapters' entries in the zip
    std::vector<Spill::Span> chapters(articles_.size());
    std::vector<std::string> digests(articles_.size());
    std::vector<char> pending(articles_.size(), 0);
    std::vector<char> media_used(media_.size(), 0);
    std::vector<std::size_t> media_order;
    Progress progress("epub", articles_.size(), context_.progress);

    std::function<Rendered(std::size_t)> produce = [&](std::size_t i) {
      Page page = loader(i);
      if (articles_[i].entry) page.timestamp = wiki_->timestamp(*articles_[i].entry);
      Prepared p = prepare(std::move(page));  // heading ids from the text as written
      if (s_.smart) {
        smart_quotes(p.page.body);
        if (p.title_heading) smart_quotes(*p.title_heading);
      }
      Rendered r = render(p, i);
      r.info = summarize(p, false);
      if (articles_[i].entry) {
        // A wiki outside git has no history: the credits page says so (no warning per book).
        Diagnostics quiet;
        std::vector<Revision> revisions = wiki_->revisions(*articles_[i].entry, quiet);
        r.info.has_history = !revisions.empty();
        r.info.contributors = contributors_by_edits(revisions);
      }
      if (!r.pending) {
        r.digest = Sha1::of(r.xhtml);
        r.packed = deflate_entry(r.xhtml);
        r.xhtml = std::string();
      }
      return r;
    };
    std::function<void(std::size_t, Rendered&&)> consume = [&](std::size_t i, Rendered&& r) {
      articles_[i].info = std::move(r.info);
      SpilledEntry packed;  // a pending chapter's comes once settled
      if (r.pending) chapters[i] = spill.append(r.xhtml);
      else packed = {spill.append(r.packed.bytes), r.packed.size, r.packed.crc};
      entries[i] = zip.add_spilled("EPUB/text/" + articles_[i].file, spill, packed);
      digests[i] = std::move(r.digest);
      pending[i] = r.pending;
      for (std::size_t m : r.media)
        if (!media_used[m]) {
          media_used[m] = 1;
          media_order.push_back(m);
        }
      if (context_.diagnostics)
        for (auto& d : r.diagnostics) context_.diagnostics->add(std::move(d));
      progress.tick();
    };
    ordered_parallel<Rendered>(articles_.size(), context_.threads, produce, consume);
    std::vector<std::size_t> unsettled;
    for (std::size_t i = 0; i < articles_.size(); ++i)
      if (pending[i]) unsettled.push_back(i);
    std::function<DeflatedEntry(std::size_t)> settle = [&](std::size_t k) {
      std::string xhtml = spill.read(chapters[unsettled[k]]);
      settle_anchors(xhtml, [&](std::size_t to, std::string_view id) {
        return to < articles_.size() && articles_[to].info.anchors.count(std::string(id)) ? Anchor::Found : Anchor::Missing;
      });
      digests[unsettled[k]] = Sha1::of(xhtml);  // each worker its own chapter
      return deflate_entry(xhtml);
    };
    ordered_parallel<DeflatedEntry>(unsettled.size(), context_.threads, settle, [&](std::size_t k, DeflatedEntry&& d) {
      zip.set_spilled(entries[unsettled[k]], {spill.append(d.bytes), d.size, d.crc});
    });

    std::sort(media_order.begin(), media_order.end());

    // With a second thread, zip_close writes the chapters while this one makes the book's last
    // files (contents, credits, package: 0.07 s of the OWASP book, after everything else): each
    // is registered now, in the zip's order, and provided when made; zip_close waits at the
    // first one not made yet.
    TailFiles out{zip, {}};
    const bool cover_ok = s_.cover.empty() || !given_cover().second.empty();  // else book_files' error
    if (!file.empty() && context_.threads > 1 && cover_ok) register_book_files(out, media_order);
    std::exception_ptr finish_error;
    std::thread finisher;
    if (!out.later.empty()) {
      finisher = std::thread([&] {
        worker_thread_started();
        try {
          zip.finish();
        } catch (...) {
          finish_error = std::current_exception();
        }
      });
    }
    try {
      book_files(out, digests, media_order, modified);
    } catch (...) {
      if (finisher.joinable()) {
        zip.abandon();
        finisher.join();
      }
      throw;
    }
    if (!finisher.joinable()) return zip.finish();
    finisher.join();
    if (finish_error) std::rethrow_exception(finish_error);
    return {};
  }

  // Marked fragments (file#<mark>N:id</mark>, or #<mark>N:id</mark> within article N) become
  // #id when `look` finds the id, and go when it does not: a link into another article then
  // leads to that article, a link within the article becomes its text. Returns whether marks
  // `look` cannot tell yet remain.
  enum class Anchor : std::uint8_t { Unknown, Found, Missing };
  static bool settle_anchors(std::string& xhtml, const std::function<Anchor(std::size_t, std::string_view)>& look) {
    std::string out;
    out.reserve(xhtml.size());
    bool unknown = false;
    std::size_t pos = 0;
    for (;;) {
      std::size_t open = xhtml.find(kMarkOpen, pos);
      std::size_t close = open == std::string::npos ? open : xhtml.find(kMarkClose, open);
      if (close == std::string::npos) break;
      std::string_view mark(xhtml.data() + open + kMarkOpen.size(), close - open - kMarkOpen.size());
      std::size_t colon = mark.find(':');
      std::size_t to = colon == std::string_view::npos ? std::string::npos
                                                        : std::strtoul(std::string(mark.substr(0, colon)).c_str(), nullptr, 10);
      std::string_view id = colon == std::string_view::npos ? std::string_view() : mark.substr(colon + 1);
      Anchor found = look(to, id);
      std::size_t end = close + kMarkClose.size();
      if (found == Anchor::Unknown) {
        unknown = true;
        out.append(xhtml, pos, end - pos);
      } else if (found == Anchor::Found) {
        out.append(xhtml, pos, open - pos);
        out += id;
      } else if (open >= 2 && xhtml.compare(open - 2, 2, "\"#") == 0) {
        // href="#<mark>": the link within the article goes, its text stays (links never nest,
        // so the next </a> is its end).
        std::size_t tag = xhtml.rfind("<a ", open);
        std::size_t tag_end = xhtml.find('>', end) + 1;
        std::size_t end_a = xhtml.find("</a>", tag_end);
        out.append(xhtml, pos, tag - pos);
        out.append(xhtml, tag_end, end_a - tag_end);
        end = end_a + 4;
      } else {
        out.append(xhtml, pos, open - 1 - pos);  // without the '#'
      }
      pos = end;
    }
    out.append(xhtml, pos, std::string::npos);
    xhtml = std::move(out);
    return unknown;
  }

  // The article and its headings down to toc-depth (1: articles only).
  void add_toc(const Article& a, std::vector<TocEntry>& toc) const {
    toc.push_back({0, a.info.heading, a.file});
    if (s_.toc_depth <= 1 || a.info.headings.empty()) return;
    int base = 7;
    for (const auto& h : a.info.headings) base = std::min(base, h.level);
    // Nesting follows the heading levels; a level skipped (h2 then h4) nests one step.
    std::vector<int> levels;
    for (const auto& h : a.info.headings) {
      while (!levels.empty() && levels.back() >= h.level) levels.pop_back();
      levels.push_back(h.level);
      int depth = static_cast<int>(levels.size());
      if (depth > s_.toc_depth - 1 || h.level < base) continue;
      std::string label = h.text.empty() ? h.id : h.text;
      toc.push_back({depth, label, a.file + "#" + h.id});
    }
  }

  const Settings& s_;
  const Wiki* wiki_;
  const WriteContext& context_;
  std::vector<Article> articles_;
  std::unordered_map<std::string, std::size_t> by_title_;
  std::optional<RedirectMap> redirects_;  // a whole wiki's book only
  std::string category_;
  std::vector<MediaFile> media_;
  std::unordered_map<std::string, std::size_t> media_by_title_;
};

class EpubWriter final : public Writer {
 public:
  explicit EpubWriter(const Options& options) {
    s_.title = options.get("title");
    s_.creator = options.get("author", options.get("creator", "Wiki contributors"));
    s_.language = options.get("lang", "en");
    s_.description = options.get("description");
    s_.cover = options.get("cover");
    s_.css = options.get("css");
    s_.base_url = options.get("base-url");
    s_.license = options.get("license");
    s_.pages = options.get("pages", "all");
    s_.toc_depth = static_cast<int>(options.number("toc-depth", 2));
    s_.smart = options.flag("smart", true);
    if (!html::is_language_tag(s_.language)) throw Error("epub: lang=" + s_.language + " is not a language tag (en, de, pt-BR)");
    if (s_.toc_depth < 1) s_.toc_depth = 1;
    if (!s_.base_url.empty() && !allowed_scheme(url_scheme(s_.base_url)))
      throw Error("epub: base-url=" + s_.base_url + " is not an http(s) URL");
  }

  std::string write_page(const Page& page, const WriteContext& context) const override {
    Settings s = s_;
    if (s.title.empty()) s.title = page.title;
    Book book(s, context.wiki, context);
    return book.build_page(page);
  }

  void write_wiki(const Wiki& wiki, const std::filesystem::path& output, const WriteContext& context) const override {
    std::error_code ec;
    if (std::filesystem::is_directory(output, ec))
      throw Error(output.string(), 0, "is a folder: the EPUB writer writes one file");
    Settings s = s_;
    // A wiki of several pages is named after its folder: on the cover, and as the default title.
    if (wiki.pages().size() > 1) {
      std::filesystem::path root = wiki.root();
      s.wiki_name = (root.has_filename() ? root.filename() : root.parent_path().filename()).string();
    }
    if (s.title.empty()) {
      if (wiki.pages().size() == 1) {
        s.title = wiki.pages().front().title();
      } else {
        std::string name = s.wiki_name;
        std::replace(name.begin(), name.end(), '_', ' ');
        s.title = name.empty() ? "Wiki" : utf8::upper_first(name);
      }
    }
    WriteContext c = context;
    c.wiki = &wiki;
    Diagnostics local;
    if (!c.diagnostics) c.diagnostics = &local;
    Book book(s, &wiki, c);
    if (output.has_parent_path()) {
      std::error_code ec;
      std::filesystem::create_directories(output.parent_path(), ec);
      if (ec) throw Error(output.parent_path().string(), 0, "cannot create output directory: " + ec.message());
    }
    book.build_wiki(output);
    if (context.articles_written) *context.articles_written = book.articles();
  }

 private:
  Settings s_;
};

}  // namespace

std::unique_ptr<Writer> make_epub_writer(const Options& options) { return std::make_unique<EpubWriter>(options); }

}  // namespace wikiconv
