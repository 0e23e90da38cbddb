// Safe output (issue 8): raw HTML and links from the source never carry script, event handlers
// or javascript: URLs into HTML or EPUB output. The check (tests/fuzz/output_checks.hpp) reads
// the output the way a browser's tokenizer does, independently of the writers' sanitizer.
#include <gtest/gtest.h>

#include "../fuzz/output_checks.hpp"
#include "test_support.hpp"

using namespace wikiconv;

namespace {

// Payloads from the usual XSS filter-evasion lists, in the forms a wiki page can carry them:
// raw HTML blocks and inlines, Markdown links and images, pandoc's wikilinks, entities.
const std::vector<std::string>& payloads() {
  static const std::vector<std::string> kPayloads = {
      "<script>alert(1)</script>",
      "<SCRIPT SRC=//x.example/x.js></SCRIPT>",
      "text <script>alert(1)</script> inline",
      "<img src=x onerror=alert(1)>",
      "<img/onerror=alert(1) src=x>",
      "<IMG SRC=\"javascript:alert(1);\">",
      "<IMG SRC=JaVaScRiPt:alert(1)>",
      "<img src=\"jav&#x09;ascript:alert(1);\">",
      "<img src=\"&#14;  javascript:alert(1);\">",
      "<a href=\"javascript:alert(1)\">x</a>",
      "<a href=\"&#1;javascript:alert(1)\">x</a>",
      "<a href=\"&#x6A;avascript&#x3A;alert(1)\">x</a>",
      "<a href=\" javascript:alert(1)\">x</a>",
      "<a href=\"java\nscript:alert(1)\">x</a>",
      "<a href=\"vbscript:msgbox(1)\">x</a>",
      "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
      "<a href=\"x\" onclick=\"alert(1)\">x</a>",
      "<a href=\"javascript:alert(1)\" class=\"wikilink\" title=\"x\">wikilink</a>",
      "[x](javascript:alert(1))",
      "[x](<javascript:alert(1)>)",
      "[x](JAVASCRIPT:alert(1) \"t\")",
      "![x](javascript:alert(1))",
      "[x]: javascript:alert(1)\n\n[x]",
      "<javascript:alert(1)>",
      "<div onmouseover=\"alert(1)\">x</div>",
      "<div style=\"x\" onclick=alert(1)>\n\n*md*\n\n</div>",
      "<span onclick=\"alert(1)\">x</span>",
      "<body onload=alert(1)>",
      "<svg onload=alert(1)>",
      "<svg><script>alert(1)</script></svg>",
      "<svg><a><animate attributeName=href values=javascript:alert(1) /><text>x</text></a></svg>",
      "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
      "<math><maction actiontype=statusline xlink:href=javascript:alert(1)>x</maction></math>",
      "<iframe src=\"javascript:alert(1)\"></iframe>",
      "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
      "<object data=\"javascript:alert(1)\"></object>",
      "<embed src=\"javascript:alert(1)\">",
      "<form action=\"javascript:alert(1)\"><button>x</button></form>",
      "<button formaction=\"javascript:alert(1)\">x</button>",
      "<input onfocus=alert(1) autofocus>",
      "<details open ontoggle=alert(1)>",
      "<video><source onerror=\"alert(1)\"></video>",
      "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
      "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
      "<base href=\"javascript:alert(1)//\">",
      "<link rel=stylesheet href=\"javascript:alert(1)\">",
      "<style>@import 'javascript:alert(1)';</style>",
      "<scr<script>ipt>alert(1)</scr</script>ipt>",
      "<<script>alert(1)//<</script>",
      "<script\n>alert(1)</script\n>",
      "<!--<script>-->alert(1)<!--</script>-->",
      "<span title=\"\"><script>alert(1)</script>\">x</span>",
      "<a title='\"' onclick='alert(1)'>x</a>",
      "<p a=\"\" onclick=\"alert(1)\">x</p>",
      "<x onclick=alert(1)>x</x>",
      "<a href=\"x\"\nonclick=alert(1)>x</a>",
      "<a href=\"x\"/onclick=alert(1)>x</a>",
      "| a | <img src=x onerror=alert(1)> |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
      "- <span onclick=alert(1)>item</span>\n- [x](javascript:alert(1))",
      "> <a href=\"javascript:alert(1)\">quoted</a>",
      "text[^1]\n\n[^1]: <img src=x onerror=alert(1)> and [x](javascript:alert(1))",
  };
  return kPayloads;
}

// Writers whose output a browser or e-reader renders as HTML.
bool renders_html(std::string_view name) { return name == "html" || name == "epub" || name == "xhtml"; }

}  // namespace

TEST(Security, RawHtmlAndLinksNeverCarryScriptIntoHtmlOutput) {
  int writers_checked = 0;
  for (const auto& info : writers()) {
    if (!renders_html(info.name)) continue;
    ++writers_checked;
    for (const std::string& standalone : {"false", "true"}) {
      Options options;
      options.set("standalone", standalone);
      auto writer = info.make(options);
      for (const std::string& payload : payloads()) {
        SCOPED_TRACE(std::string(info.name) + " standalone=" + standalone + ": " + payload);
        WikiOptions wo;
        Wiki wiki = Wiki::from_text(payload + "\n", "Payload", wo);
        Diagnostics d;
        Page page = wiki.load(wiki.pages().front(), d);
        WriteContext context;
        context.wiki = &wiki;
        context.diagnostics = &d;
        std::string out = writer->write_page(page, context);
        if (out.compare(0, 4, "PK\x03\x04") == 0) {
          EXPECT_EQ(checks::epub_problems(out), "");
        } else {
          EXPECT_EQ(checks::unsafe_html(out), "") << out;
        }
      }
    }
  }
  EXPECT_GE(writers_checked, 1);
}

// The checker itself must see what a browser sees, or the test above proves nothing.
TEST(Security, CheckerFindsScriptWhereABrowserWould) {
  EXPECT_NE(checks::unsafe_html("<p><script>x</script></p>"), "");
  EXPECT_NE(checks::unsafe_html("<img src=x onerror=alert(1)>"), "");
  EXPECT_NE(checks::unsafe_html("<img/onerror=alert(1)>"), "");
  EXPECT_NE(checks::unsafe_html("<a href=\"&#1;javascript:x\">"), "");
  EXPECT_NE(checks::unsafe_html("<a href=\"jav&#x09;ascript:x\">"), "");
  EXPECT_NE(checks::unsafe_html("<a href='JavaScript&colon;x'>"), "");
  EXPECT_NE(checks::unsafe_html("<animate values=javascript:x>"), "");
  EXPECT_EQ(checks::unsafe_html("<p title=\"onclick=x javascript:y\">&lt;script&gt;</p>"), "");
  EXPECT_EQ(checks::unsafe_html("<a href=\"https://x.org/javascript:y\">ok</a> <!-- <script> -->"), "");
  EXPECT_NE(checks::malformed_xml("<a><b></a>"), "");
  EXPECT_EQ(checks::malformed_xml("<?xml version=\"1.0\"?><a><b/></a>"), "");
  EXPECT_NE(checks::invalid_utf8("a\xC0\xAF"), "");
  EXPECT_EQ(checks::invalid_utf8("\xE2\x82\xAC"), "");
}

TEST(Security, CliHtmlOfAHostilePageIsSafe) {
  std::string page;
  for (const auto& p : payloads()) page += p + "\n\n";
  auto r = wikiconv::test::run_cli("convert - -t html -O standalone=true", page);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(checks::unsafe_html(r.out), "");
}

// A page read from JSON (or built in Python) can hold any label, size or info string: they are
// escaped or checked, never pasted into markup.
TEST(Security, ModelStringsFromJsonCannotInjectMarkup) {
  std::string json = R"JSON({"wikiconv-json":1,"title":"T","namespace":"","categories":[],"metadata":{},"body":
    {"t":"Document","c":[{"t":"Paragraph","c":[{"t":"FootnoteReference","label":"x\" onmouseover=\"alert(1)"},
    {"t":"Span","attrs":[["onclick","alert(1)"],["xlink:href","javascript:alert(1)"]],"c":[{"t":"Text","text":"s"}]},
    {"t":"Link","target":"\u0001javascript:alert(1)","c":[{"t":"Text","text":"l"}]},
    {"t":"WikiLink","target":"javascript:alert(1)","c":[]}]},
    {"t":"FootnoteDefinition","label":"x\" onmouseover=\"alert(1)","c":[]},
    {"t":"Image","target":"javascript:alert(1)","size":"1\" onerror=\"alert(1)px","c":[]},
    {"t":"CodeBlock","info":"a\" onclick=\"b","text":"x"},
    {"t":"Div","attrs":[["style","x"],["onload","alert(1)"]],"c":[]}]}})JSON";
  Page page = read_json(json, "evil.json");
  Diagnostics d;
  WriteContext context;
  context.diagnostics = &d;
  for (const auto& info : writers()) {
    std::string out = info.make(Options{})->write_page(page, context);
    EXPECT_EQ(checks::writer_output_problems(info.name, info.page_output == OutputKind::Binary, out), "")
        << info.name << ":\n" << out;
  }
}

// Found by fuzz_json: a page whose namespace is not a prefix of its title (JSON, Python) made
// Page::name() throw std::out_of_range inside the EPUB writer.
TEST(Security, EveryWriterTakesAPageWhoseNamespaceDoesNotMatchItsTitle) {
  Page page = read_json(R"({"wikiconv-json":1,"title":"BOINC","namespace":"- [ ] ","categories":["A"],
    "metadata":{},"body":{"t":"Document","c":[{"t":"Paragraph","c":[{"t":"Text","text":"x"}]}]}})", "ns.json");
  EXPECT_EQ(page.name(), "BOINC");
  Diagnostics d;
  WriteContext context;
  context.diagnostics = &d;
  for (const auto& info : writers()) {
    std::string out;
    EXPECT_NO_THROW(out = info.make(Options{})->write_page(page, context)) << info.name;
    EXPECT_EQ(checks::writer_output_problems(info.name, info.page_output == OutputKind::Binary, out), "") << info.name;
  }
}
