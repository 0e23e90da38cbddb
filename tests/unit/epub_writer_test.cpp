// The EPUB writer through the library API: a page's book opened with libzip and its XHTML
// parsed with pugixml; the renderer's XHTML mode on the constructs HTML writes differently.
#include <gtest/gtest.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include <pugixml.hpp>

#include "test_support.hpp"
#include "wikiconv/wikiconv.hpp"
#include "writers/epub/epub_book.hpp"
#include "writers/html_renderer.hpp"

using namespace wikiconv;

namespace {

struct Entry {
  std::string name;
  std::string data;
  zip_uint16_t method;
};

std::vector<Entry> unzip(const std::string& bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  EXPECT_NE(archive, nullptr);
  std::vector<Entry> out;
  if (!archive) return out;
  for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &st);
    std::string data(st.size, '\0');
    zip_file_t* f = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
    // libzip checks each entry's CRC when it reaches the end: chapters are deflated by the
    // writer's workers, not by libzip, and must still carry their own sizes and CRC.
    EXPECT_EQ(zip_fread(f, data.data(), data.size()), static_cast<zip_int64_t>(data.size())) << st.name;
    char extra;
    EXPECT_EQ(zip_fread(f, &extra, 1), 0) << st.name << ": " << zip_strerror(archive);
    zip_fclose(f);
    out.push_back({st.name, data, st.comp_method});
  }
  zip_close(archive);
  return out;
}

Page page_of(const std::string& markdown, const std::string& title) {
  Diagnostics d;
  Page page = read_markdown(markdown, ReadOptions{}, d, title + ".md");
  page.title = title;
  return page;
}

std::string xhtml_of(const std::string& markdown) {
  Diagnostics d;
  Page page = read_markdown(markdown, ReadOptions{}, d);
  HtmlRenderOptions o;
  o.xhtml = true;
  o.epub_notes = true;
  std::string out;
  render_html(page.body, out, o);
  return out;
}

}  // namespace

TEST(EpubContainer, WrittenToAFileAsInMemoryByteForByte) {
  // The file is written through a 4 MB buffer, and libzip seeks back to rewrite each entry's
  // header: a 5 MB stored entry puts its header before the buffer, small ones keep theirs in it.
  std::mt19937 random(7);
  std::string noise(5 << 20, '\0');
  for (char& c : noise) c = static_cast<char>(random());
  auto fill = [&](epub::Container& zip) {
    for (int i = 0; i < 300; ++i) zip.add("EPUB/text/a" + std::to_string(i) + ".xhtml", std::string(2000 + i, 'a' + i % 26));
    zip.add("EPUB/images/big.bin", noise, false);
    zip.add("EPUB/text/last.xhtml", "last");
  };
  epub::Container memory(0);
  fill(memory);
  std::string expected = memory.finish();

  test::TempDir temp;
  const auto& dir = temp.path();
  auto file = dir / "book.epub";
  {
    epub::Container to_file(0, file);
    fill(to_file);
    EXPECT_EQ(to_file.finish(), "");
  }
  std::ifstream in(file, std::ios::binary);
  std::string written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(written.size(), expected.size());
  EXPECT_TRUE(written == expected);
  std::vector<Entry> entries = unzip(written);
  ASSERT_EQ(entries.size(), 303u);
  EXPECT_TRUE(entries[301].data == noise);
  // Nothing but the book is left beside it (the temporary file was renamed onto it).
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()), 1);
  EXPECT_EQ(std::filesystem::status(file).permissions(), std::filesystem::perms(0644));
}

TEST(EpubContainer, AFileThatCannotBeWrittenIsAnErrorAndLeavesNothing) {
  test::TempDir temp;
  const auto& dir = temp.path();
  epub::Container zip(0, dir / "no-such-folder" / "book.epub");
  zip.add("EPUB/text/a.xhtml", "a");
  try {
    zip.finish();
    FAIL() << "wrote into a missing folder";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot write the EPUB"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "no-such-folder"));
}

TEST(EpubContainer, EntriesProvidedWhileFinishRunsAreTheSameBytes) {
  // finish() runs on another thread and waits at each later entry until it is provided.
  test::TempDir temp;
  epub::Container direct(0);
  direct.add("EPUB/a.xhtml", "a");
  direct.add("EPUB/b.css", "b { }");
  direct.add("EPUB/c.svg", "<svg/>", false);
  std::string expected = direct.finish();

  auto file = temp.path() / "book.epub";
  epub::Container zip(0, file);
  zip.add("EPUB/a.xhtml", "a");
  std::size_t b = zip.add_later("EPUB/b.css");
  std::size_t c = zip.add_later("EPUB/c.svg", false);
  std::thread finisher([&] { zip.finish(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  zip.provide(b, "b { }");
  zip.provide(c, "<svg/>");
  finisher.join();
  std::ifstream in(file, std::ios::binary);
  std::string written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(written == expected);

  // Abandoned: finish() fails instead of waiting, and leaves no file.
  auto other = temp.path() / "other.epub";
  epub::Container abandoned(0, other);
  abandoned.add_later("EPUB/b.css");
  std::thread failing([&] { EXPECT_THROW(abandoned.finish(), Error); });
  abandoned.abandon();
  failing.join();
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(temp.path()), std::filesystem::directory_iterator()), 1);
}

TEST(EpubWriter, PageFormIsAOneArticleBook) {
  Options options;
  options.set("title", "One page").set("lang", "de");
  auto writer = make_writer("epub", options);
  Page page = page_of("# Eine Seite\n\nText mit Fußnote[^1] und <b>offenem Tag.\n\n## Abschnitt\n\n[^1]: Die Note.\n",
                      "Eine Seite");
  WriteContext context;
  std::string bytes = writer->write_page(page, context);
  ASSERT_GT(bytes.size(), 100u);
  auto entries = unzip(bytes);
  ASSERT_GE(entries.size(), 6u);
  EXPECT_EQ(entries[0].name, "mimetype");
  EXPECT_EQ(entries[0].method, ZIP_CM_STORE);
  EXPECT_EQ(entries[0].data, "application/epub+zip");
  bool chapter_seen = false;
  for (const auto& e : entries) {
    if (e.name.size() > 6 && (e.name.ends_with(".xhtml") || e.name.ends_with(".opf") || e.name.ends_with(".ncx"))) {
      pugi::xml_document doc;
      ASSERT_TRUE(doc.load_buffer(e.data.data(), e.data.size())) << e.name;
      if (e.name.find("/a1-") != std::string::npos || e.name.find("/a01-") != std::string::npos) {
        chapter_seen = true;
        EXPECT_EQ(e.method, ZIP_CM_DEFLATE);
        EXPECT_STREQ(doc.child("html").attribute("lang").value(), "de");
        EXPECT_STREQ(doc.select_node("//header/h1").node().child_value(), "Eine Seite");
        EXPECT_TRUE(doc.select_node("//aside[@id='fn-1']"));
        EXPECT_TRUE(doc.select_node("//h2[@id='Abschnitt']"));
      }
      if (e.name.ends_with(".opf")) {
        EXPECT_STREQ(doc.select_node("//*[local-name()='title']").node().child_value(), "One page");
      }
    }
  }
  EXPECT_TRUE(chapter_seen);
  // Same page, same options: same bytes.
  EXPECT_EQ(writer->write_page(page, context), bytes);
}

TEST(EpubWriter, RegisteredAsABinaryBookWriter) {
  const WriterInfo& info = writer_info("epub");
  EXPECT_EQ(info.page_output, OutputKind::Binary);
  EXPECT_EQ(info.wiki_output, WikiOutput::File);
  for (std::string_view option : {"title=", "author=", "lang=", "description=", "cover=", "pages=", "toc-depth=",
                                  "css=", "base-url="})
    EXPECT_NE(info.options_help.find(option), std::string_view::npos) << option;
  Options bad;
  bad.set("lang", "not a language");
  EXPECT_THROW(make_writer("epub", bad), Error);
}

TEST(HtmlRendererXhtml, DiffersFromHtmlOnlyWhereXhtmlNeedsIt) {
  // Alignment as classes (align= is not XHTML5), tasks as glyphs, no link inside a link.
  std::string table = xhtml_of("| a | b |\n|:-:|--:|\n| 1 | 2 |\n");
  EXPECT_NE(table.find("<th class=\"align-center\">a</th>"), std::string::npos) << table;
  EXPECT_EQ(table.find("align=\""), std::string::npos);
  std::string tasks = xhtml_of("- [x] done\n- [ ] open\n");
  EXPECT_NE(tasks.find("\xE2\x98\x91"), std::string::npos);
  EXPECT_EQ(tasks.find("<input"), std::string::npos);
  // (The reader never nests links, as browsers do not: a tree from JSON or Python may.)
  Node inner(NodeType::Link), outer(NodeType::Link), para(NodeType::Paragraph), root(NodeType::Document);
  inner.target = "https://b";
  inner.children.emplace_back(NodeType::Text, "inner");
  outer.target = "https://a";
  outer.children.emplace_back(NodeType::Text, "outer ");
  outer.children.push_back(inner);
  para.children.push_back(outer);
  root.children.push_back(para);
  HtmlRenderOptions o;
  o.xhtml = true;
  std::string nested;
  render_html(root, nested, o);
  EXPECT_EQ(nested, "<p><a href=\"https://a\">outer inner</a></p>\n");
  // A note referred to twice gets two reference ids and two back links; a missing one is text.
  std::string notes = xhtml_of("a[^n] b[^n] c[^missing]\n\n[^n]: note\n");
  EXPECT_NE(notes.find("id=\"fnref-1\""), std::string::npos) << notes;
  EXPECT_NE(notes.find("id=\"fnref-1-2\""), std::string::npos) << notes;
  EXPECT_NE(notes.find("href=\"#fnref-1-2\""), std::string::npos) << notes;
  EXPECT_EQ(notes.find("href=\"#fn-missing\""), std::string::npos) << notes;
  pugi::xml_document doc;
  std::string wrapped = "<r xmlns:epub=\"http://www.idpf.org/2007/ops\">" + table + tasks + nested + notes + "</r>";
  EXPECT_TRUE(doc.load_string(wrapped.c_str())) << wrapped;
}
