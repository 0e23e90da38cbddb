"""EPUB zine: books of the sample wiki, of the NixOS corpus, of the seed page and of hostile
pages, checked by epubcheck (0 errors, 0 warnings) and opened the way reading software opens
them: the zip layout, the package document's spine, the navigation, every in-book link landing
on a file and an id, the notes and the images. epubcheck starts a JVM per book, so every book is
built first and all are checked in one parallel batch."""

from __future__ import annotations

import concurrent.futures
import json
import os
import posixpath
import subprocess
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from common import CORPUS, FIXTURE_WIKI, SEED_PAGE, WIKICONV, need_corpus, need_tool, run_cli

EPUBCHECK = "/usr/bin/epubcheck"
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z
XHTML = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
X = "{%s}" % XHTML
EPUB_TYPE = "{%s}type" % EPUB_NS

HOSTILE_PAGE = """# Hostile

<div onclick="alert(1)" style="color:red" align="center">Unclosed <b>bold <i>and italic
<script>alert('x')</script>

Text with a stray & and a <nixpkgs> path, 3 < 4, &nbsp;, &bogus; and &#x1F600;.

<a href="javascript:alert(1)" onmouseover="x()">js link</a> and
<a href="Other_page" class="wikilink" title="Other page">other page</a>

<span id="1 bad id">span one</span> <span id="dup">a</span> <span id="dup">b</span>

<table border=1><td>cell without row<tr><th colspan=2 style="x">head</table>

<ul><p>para in list</ul>

<center>centered <font color=red>red</font> <tt>tt</tt></center>

<img src="https://example.org/x.png" alt="remote image"> <img src="File:Missing.png" alt="missing one">

![alt of missing two](Missing2.png)

A note[^a], the same note again[^a] and no note[^zzz].

[^a]: The note, referred to twice.

[Relative link](Some/Page) [anchor link](#Section_two) [bad anchor](#nope)
[outer <a href="https://inner.example">inner](https://outer.example), an <a href="https://open.example">unclosed link

[irc](irc://irc.libera.chat/nixos) [git](git://example.org/repo) [space](<https://example.org/a b>)

## Section two

## Section two

## 1956 (events)

<embed src="https://evil.example"><style>body{}</style><object data="x"></object>
<svg><circle r="1"/></svg><form><input value="x"><button>press</button></form>

<a href="Category:Hostile" class="wikilink" title="Category:Hostile">Category:Hostile</a>
"""

OTHER_PAGE = """Links back: <a href="Hostile#1956_(events)" class="wikilink" title="Hostile">events</a>,
<a href="Hostile#Section_two_2" class="wikilink" title="Hostile">second section two</a>,
<a href="Hostile#No_such_section" class="wikilink" title="Hostile">missing section</a> and
<a href="Not_in_the_book" class="wikilink" title="Not in the book">absent page</a>.
"""


# Raw HTML as pandoc's GFM export of a MediaWiki writes it, through the real reader.
RAW_HTML_PAGE = """# Raw HTML

<figure>
<img src="Logo.png" title="The logo" alt="The logo" /><figcaption>The logo, <em>captioned</em></figcaption>
</figure>

<table>
<caption>Options compared</caption>
<thead>
<tr class="header">
<th style="text-align: left;">Option</th>
<th style="text-align: center;">Example</th>
</tr>
</thead>
<tbody>
<tr class="odd">
<td style="text-align: left;"><p>Flakes</p>
<ul>
<li>pinned</li>
<li>pure</li>
</ul></td>
<td style="text-align: center;"><div class="sourceCode" id="cb1"><pre class="sourceCode nix"><code class="sourceCode nix"><span id="cb1-1"><a href="#cb1-1" aria-hidden="true" tabindex="-1"></a>x = <span class="dv">1</span>;</span></code></pre></div></td>
</tr>
<tr class="even">
<td colspan="2" rowspan="1">spans both</td>
</tr>
</tbody>
</table>

<dl>
<dt>Term</dt>
<dd>Its definition, with <kbd>Ctrl</kbd>+<kbd>C</kbd> and <u>underline</u></dd>
</dl>

<details><summary>More</summary>
Hidden <mark>detail</mark> and <small>small print</small>.
</details>

<languages/>
<translate>Translated text <tvar name="1">kept</tvar>.</translate>

<center>Centred <font color="red">red</font> <big>big</big> <tt>tt</tt></center>

<div lang="ar" dir="rtl">نص</div> <abbr title="HyperText">HTML</abbr> <q>quoted</q> <ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby>

<video src="https://example.org/v.webm">Your reader shows this instead.</video>
<object data="https://www.youtube.com/embed/x" title="A talk"></object>

<!-- a comment -- with dashes -->
Autolink with no host: <http://> and <https://>.

<span id="anchor">target</span> and <a href="#anchor">a link to it</a>, <a name="old">old anchor</a> <a href="#old">to it</a>.
"""


def text(s):
    return {"t": "Text", "text": s}


def el(t, *children, **fields):
    node = {"t": t, **fields}
    if children or t not in ("Text", "Code", "CodeBlock", "ThematicBreak", "SoftBreak", "LineBreak",
                             "FootnoteReference", "CommentBlock", "CommentInline"):
        node["c"] = list(children)
    return node


# Every node type of the model (JSON version 2), also where HTML would not have it.
EVERY_NODE_PAGE = {"wikiconv-json": 2, "title": "Every node", "body": el("Document",
    el("Heading", text("Every node"), level=1),
    el("Heading", text("Inlines"), level=2, attrs=[["id", "inl"]]),
    el("Paragraph", text("a "), el("Emphasis", text("e")), el("Strong", text("s")),
       el("Strikethrough", text("d")), el("Underline", text("u")), el("Superscript", text("2")),
       el("Subscript", text("i")), el("Code", text="x"), el("Code", text="k", info="kbd"),
       el("Code", text="o", info="samp"), el("SoftBreak"), el("LineBreak"),
       el("Link", text("site"), target="https://example.org/", title="tip"),
       el("Link", text("nohost"), target="http://"),
       el("WikiLink", text("self"), target="", anchor="Blocks"),
       el("Image", text("alt"), target="File:Missing.png"),
       el("FootnoteReference", label="n"),
       el("Span", text("m"), info="mark", attrs=[["class", "x"], ["onclick", "y()"], ["style", "color: red"]]),
       el("Span", text("f"), info="font"), el("Span", el("Span", text("d"), info="dfn"), info="dfn"),
       el("Span", text("r"), info="rt"), el("Span", text("b"), info="bdo"),
       el("HtmlInline", text("unknown"), info="nixpkgs"), el("HtmlInline", info="script", text="alert(1)"),
       el("HtmlInline", info="input"), el("HtmlInline", info="iframe", attrs=[["src", "https://example.org/e"]]),
       el("CommentInline", text="c -- d")),
    el("Heading", text("Blocks"), level=2),
    el("Plain", text("plain")),
    el("BulletList", el("ListItem", el("Paragraph", text("item")), task="checked"), el("Paragraph", text("no item"))),
    el("OrderedList", el("ListItem", el("Paragraph", text("one"))), start=3),
    el("BlockQuote", el("Paragraph", text("q"))),
    el("CodeBlock", text="code\n", info="nix"),
    el("ThematicBreak"),
    el("Table", el("Caption", text("cap")),
       el("TableRow", el("TableCell", text("h"), header=True, attrs=[["colspan", "2"]]), header=True),
       el("TableRow", el("TableCell", el("Paragraph", text("p")), el("Table", el("TableRow", el("TableCell", text("nested")))),
                         attrs=[["align", "right"], ["rowspan", "2"]]),
          el("TableCell", text("c"), header=True)),
       el("TableRow"), text("stray"), aligns=["none", "none"]),
    el("Figure", el("Plain", el("Image", text("fig"), target="https://example.org/x.png")), el("Caption", text("figcap")),
       attrs=[["id", "fig"]]),
    el("Figure", el("Caption", el("Paragraph", text("first"))), el("Paragraph", text("body")), el("Caption", text("second"))),
    el("DefinitionList", el("DefinitionDetails", el("Paragraph", text("no term"))), el("DefinitionTerm", text("t")),
       el("DefinitionDetails", el("Plain", text("d"))), el("DefinitionTerm", text("last term"))),
    el("CommentBlock", text="block -- comment"),
    el("Div", el("Plain", text("centred")), info="center"),
    el("Div", el("Div", el("Plain", text("sum")), info="summary"), el("Paragraph", text("det")), info="details"),
    el("Div", el("Div", el("Paragraph", text("h")), info="header"), info="header"),
    el("Div", el("Paragraph", text("sec")), info="section", attrs=[["id", "inl"], ["lang", "de"]]),
    el("HtmlBlock", el("Paragraph", text("translated")), info="translate"),
    el("HtmlBlock", info="style", text="p {}"),
    el("HtmlBlock", el("Paragraph", text("fallback")), info="object", attrs=[["data", "https://example.org/d.pdf"]]),
    el("Paragraph", text("p"), el("Div", el("Paragraph", text("div in p"))), el("BulletList", el("ListItem", el("Plain", text("list in p"))))),
    el("ListItem", el("Paragraph", text("stray item"))),
    el("FootnoteDefinition", el("Paragraph", text("note")), label="n"),
)}


def epubcheck(book: Path) -> dict:
    out = book.with_suffix(".json")
    subprocess.run(["java", "-jar", EPUBCHECK, str(book), "--json", str(out)], capture_output=True,
                   timeout=600)
    return json.loads(out.read_text())


def convert(wiki, out: Path, *options: str, jobs: str = "2", env_epoch: str = EPOCH):
    env = dict(os.environ, SOURCE_DATE_EPOCH=env_epoch)
    args = ["convert", str(wiki), "-t", "epub", "-o", str(out), "-j", jobs]  # not -q: tests read the warnings
    if str(wiki).endswith(".json"):
        args += ["-f", "json"]
    for o in options:
        args += ["-O", o]
    proc = subprocess.run([WIKICONV, *args], capture_output=True, text=True, env=env,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr
    return proc


class Book:
    """An EPUB opened as reading software opens it."""

    def __init__(self, path: Path):
        self.path = path
        self.zip = zipfile.ZipFile(path)
        self.names = set(self.zip.namelist())
        container = ET.fromstring(self.zip.read("META-INF/container.xml"))
        self.opf_path = container.find(".//{urn:oasis:names:tc:opendocument:xmlns:container}rootfile").get("full-path")
        self.root = posixpath.dirname(self.opf_path)
        self.opf = ET.fromstring(self.zip.read(self.opf_path))
        self.manifest = {}
        for item in self.opf.iter("{%s}item" % OPF):
            self.manifest[item.get("id")] = (self.full(item.get("href")), item.get("media-type"),
                                             item.get("properties") or "")
        self.spine = [self.manifest[i.get("idref")][0] for i in self.opf.iter("{%s}itemref" % OPF)]
        self._docs = {}

    def full(self, href: str, base: str | None = None) -> str:
        folder = posixpath.dirname(base) if base else self.root
        return posixpath.normpath(posixpath.join(folder, href))

    def meta(self, name: str) -> str:
        el = self.opf.find(".//{%s}%s" % (DC, name))
        return el.text if el is not None else ""

    def doc(self, name: str) -> ET.Element:
        if name not in self._docs:
            self._docs[name] = ET.fromstring(self.zip.read(name))
        return self._docs[name]

    def xhtml_docs(self) -> list[str]:
        return [href for href, mt, _ in self.manifest.values() if mt == "application/xhtml+xml"]

    def nav_path(self) -> str:
        return next(href for href, _, props in self.manifest.values() if "nav" in props.split())

    def toc(self) -> list[tuple[int, str, str]]:
        """(depth, label, full href) of the nav document's toc, in order."""
        nav_file = self.nav_path()
        nav = next(n for n in self.doc(nav_file).iter(X + "nav") if n.get(EPUB_TYPE) == "toc")
        out = []

        def walk(ol, depth):
            for li in ol.findall(X + "li"):
                a = li.find(X + "a")
                out.append((depth, "".join(a.itertext()), self.full(a.get("href"), nav_file)))
                for sub in li.findall(X + "ol"):
                    walk(sub, depth + 1)

        walk(nav.find(X + "ol"), 0)
        return out

    def chapter(self, heading: str) -> str:
        """The spine document whose article heading is `heading`."""
        for name in self.spine:
            head = self.doc(name).find(".//%sheader/%sh1" % (X, X))
            if head is not None and "".join(head.itertext()) == heading:
                return name
        raise AssertionError(f"no chapter {heading!r} in {self.spine}")

    def ids(self, name: str) -> set[str]:
        return {el.get("id") for el in self.doc(name).iter() if el.get("id")}

    def links(self, name: str) -> list[ET.Element]:
        return [a for a in self.doc(name).iter(X + "a") if a.get("href") is not None]

    def text(self, name: str) -> str:
        return " ".join("".join(self.doc(name).itertext()).split())


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    need_tool("java")
    need_tool("pandoc")
    if not Path(EPUBCHECK).exists():
        pytest.skip("epubcheck is not installed (scripts/install-deps test installs it)")
    work = tmp_path_factory.mktemp("epub")
    extra_css = work / "extra.css"
    extra_css.write_text("p { text-indent: 1em; }\n")
    hostile = work / "hostile"
    hostile.mkdir()
    (hostile / "Hostile.md").write_text(HOSTILE_PAGE)
    (hostile / "Other_page.md").write_text(OTHER_PAGE)
    raw_html = work / "rawhtml"
    (raw_html / "media").mkdir(parents=True)
    (raw_html / "Raw_HTML.md").write_text(RAW_HTML_PAGE)
    (raw_html / "media" / "Logo.png").write_bytes((FIXTURE_WIKI / "media" / "Logo.png").read_bytes())
    every_node = work / "every-node.json"
    every_node.write_text(json.dumps(EVERY_NODE_PAGE))

    built, stderr = {}, {}
    jobs = {
        "fixtures": (FIXTURE_WIKI, ["title=Tankie zine"]),
        "index": (FIXTURE_WIKI, ["pages=index:Tankie:Introduction", f"cover={FIXTURE_WIKI / 'media' / 'Logo.png'}",
                                 f"css={extra_css}", "toc-depth=3", "base-url=https://wiki.example.org/wiki/",
                                 "title=Against tankies", "author=The collective", "lang=en-GB",
                                 "description=Five pages from the wiki, folded and stapled."]),
        "category": (FIXTURE_WIKI, ["pages=category:Tankie", "toc-depth=1"]),
        "list": (FIXTURE_WIKI, ["pages=Mutual Aid, Tankie"]),
        "hostile": (hostile, ["pages=Hostile,Other page"]),
        "rawhtml": (raw_html, []),
        "nodes": (every_node, []),
        "seed": (SEED_PAGE, []),
    }
    if CORPUS.is_dir():
        jobs["corpus"] = (CORPUS, ["title=NixOS wiki"])
    for name, (wiki, options) in jobs.items():
        path = work / f"{name}.epub"
        stderr[name] = convert(wiki, path, *options).stderr
        built[name] = path
    # The bar: pandoc's EPUB of the seed page.
    built["pandoc"] = work / "pandoc.epub"
    subprocess.run(["pandoc", str(SEED_PAGE), "-o", str(built["pandoc"]), "--metadata", "title=Anti-Tankie"],
                   check=True, capture_output=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        reports = dict(zip(built, pool.map(epubcheck, built.values())))
    return {"path": built, "report": reports, "stderr": stderr, "work": work}


def problems(report: dict) -> list[str]:
    return [f"{m['severity']} {m['ID']}: {m['message']} "
            f"{[(l.get('path'), l.get('line')) for l in m.get('locations', [])][:3]}"
            for m in report["messages"] if m["severity"] in ("FATAL", "ERROR", "WARNING")]


BOOKS = ["fixtures", "index", "category", "list", "hostile", "rawhtml", "nodes", "seed", "corpus"]


@pytest.mark.parametrize("name", BOOKS)
def test_epubcheck_reports_nothing(books, name):
    if name == "corpus":
        need_corpus()
    report = books["report"][name]
    checker = report["checker"]
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), problems(report)


def test_pandoc_fails_where_wikiconv_passes(books):
    """pandoc 2.17's EPUB of the seed page fails epubcheck (the wiki links); ours does not."""
    pandoc = books["report"]["pandoc"]
    ids = {m["ID"] for m in pandoc["messages"]}
    assert pandoc["checker"]["nError"] > 0
    assert "RSC-007" in ids and "HTM-025" in ids, ids
    assert books["report"]["seed"]["checker"]["nError"] == 0
    # And in a book that holds the pages the seed links to, those links work.
    book = Book(books["path"]["fixtures"])
    anti = book.chapter("Anti-Tankie")
    targets = {book.full(a.get("href"), anti).split("#")[0] for a in book.links(anti)}
    assert book.chapter("Tankie") in targets and book.chapter("Introduction") in targets


def test_container_layout(books):
    path = books["path"]["fixtures"]
    with zipfile.ZipFile(path) as z:
        first = z.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
        assert first.extra == b""
        assert z.read("mimetype") == b"application/epub+zip"
    raw = path.read_bytes()
    assert raw[30:38] == b"mimetype" and raw[38:58] == b"application/epub+zip"
    book = Book(path)
    assert book.opf.get("version") == "3.0"
    assert book.meta("identifier").startswith("urn:uuid:")
    assert book.meta("title") == "Tankie zine"
    assert book.meta("language") == "en"
    assert book.meta("creator") == "Wiki contributors"
    modified = book.opf.find(".//{%s}meta[@property='dcterms:modified']" % OPF).text
    assert modified == "2023-11-14T22:13:20Z"
    assert book.opf.find("{%s}spine" % OPF).get("toc") == "ncx"
    for href, media_type, _ in book.manifest.values():
        assert href in book.names, href
    # Every entry has the same fixed time.
    assert {i.date_time for i in book.zip.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_spine_all_pages_in_title_order(books):
    book = Book(books["path"]["fixtures"])
    chapters = [n for n in book.spine if "/a0" in n]
    headings = [" ".join(book.doc(n).find(".//%sheader/%sh1" % (X, X)).itertext()) for n in chapters]
    # Page titles sorted: Anti-Tankie, Guides/Zine Making, Mutual Aid, Tankie, Tankie:Introduction.
    assert headings == ["Anti-Tankie", "Making a zine", "Mutual Aid", "Tankie", "Introduction"]
    assert not any("category" in n.lower() for n in book.names)
    assert book.spine[0].endswith("cover.xhtml") and book.spine[1].endswith("title.xhtml")
    assert book.spine[2] == book.nav_path()


def test_generated_cover_when_none_is_given(books):
    """issue 16: without cover=, the book has a cover set from its title and the wiki's name: an
    SVG cover image (the cover-image of the package) on a cover page first in the spine."""
    book = Book(books["path"]["fixtures"])
    assert book.spine[0].endswith("cover.xhtml")
    cover = [(href, mt) for href, mt, props in book.manifest.values() if "cover-image" in props.split()]
    assert len(cover) == 1 and cover[0][1] == "image/svg+xml", cover
    svg = ET.fromstring(book.zip.read(cover[0][0]))
    text = " ".join(" ".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}text"))
    assert "Tankie zine" in text and "wiki" in text, text
    img = book.doc(book.spine[0]).find(".//%simg" % X)
    assert book.full(img.get("src"), book.spine[0]) == cover[0][0] and img.get("alt") == "Tankie zine"


def test_index_page_order_cover_and_css(books):
    book = Book(books["path"]["index"])
    assert book.spine[0].endswith("cover.xhtml")
    chapters = [n for n in book.spine if "/a0" in n]
    headings = [" ".join(book.doc(n).find(".//%sheader/%sh1" % (X, X)).itertext()) for n in chapters]
    assert headings == ["Introduction", "Tankie", "Anti-Tankie", "Mutual Aid", "Making a zine"]
    cover = [href for href, mt, props in book.manifest.values() if "cover-image" in props.split()]
    assert len(cover) == 1 and book.zip.read(cover[0]) == (FIXTURE_WIKI / "media" / "Logo.png").read_bytes()
    assert book.meta("creator") == "The collective" and book.meta("language") == "en-GB"
    intro = chapters[0]
    assert book.doc(intro).get("lang") == "en-GB"
    styles = [l.get("href") for l in book.doc(intro).iter(X + "link")]
    assert styles == ["../css/zine.css", "../css/extra.css"]
    assert book.zip.read("EPUB/css/extra.css") == b"p { text-indent: 1em; }\n"
    assert "Five pages from the wiki" in book.text(book.manifest["title-page"][0])
    landmarks = next(n for n in book.doc(book.nav_path()).iter(X + "nav") if n.get(EPUB_TYPE) == "landmarks")
    types = [a.get(EPUB_TYPE) for a in landmarks.iter(X + "a")]
    assert types == ["cover", "titlepage", "toc", "bodymatter"]


def test_nav_entries_and_toc_depth(books):
    default = Book(books["path"]["fixtures"]).toc()
    # The articles, then the credits page (test_epub_credits.py).
    assert [label for depth, label, _ in default if depth == 0] == [
        "Anti-Tankie", "Making a zine", "Mutual Aid", "Tankie", "Introduction", "Article sources and contributors"]
    assert (1, "Various critiques of tankies") in [(d, l) for d, l, _ in default]
    assert "Additional Resources" not in [l for _, l, _ in default]  # an h3: depth 2 stops at h2
    deep = Book(books["path"]["index"]).toc()
    assert (2, "Additional Resources") in [(d, l) for d, l, _ in deep]
    shallow = Book(books["path"]["category"]).toc()
    assert all(d == 0 for d, _, _ in shallow)
    assert [l for _, l, _ in shallow] == ["Anti-Tankie", "Tankie", "Introduction", "Article sources and contributors"]
    # ncx mirrors the nav for EPUB 2 readers.
    book = Book(books["path"]["fixtures"])
    ncx = ET.fromstring(book.zip.read("EPUB/toc.ncx"))
    labels = [t.text for t in ncx.iter("{http://www.daisy.org/z3986/2005/ncx/}text")][1:]
    assert labels == [l for _, l, _ in default]
    uid = ncx.find(".//{http://www.daisy.org/z3986/2005/ncx/}meta[@name='dtb:uid']").get("content")
    assert uid == book.meta("identifier")


@pytest.mark.parametrize("name", BOOKS)
def test_every_in_book_link_lands(books, name):
    if name == "corpus":
        need_corpus()
    book = Book(books["path"][name])
    checked = 0
    for doc in book.xhtml_docs():
        for el in book.doc(doc).iter():
            for attr in ("href", "src"):
                ref = el.get(attr)
                if ref is None or el.tag == X + "link" and attr == "href" and ref.endswith(".css") and ref in book.names:
                    continue
                if ":" in ref.split("/")[0].split("#")[0]:
                    assert ref.split(":")[0] in ("http", "https", "mailto", "irc", "ftp"), ref
                    continue
                path, _, fragment = ref.partition("#")
                target = book.full(path, doc) if path else doc
                assert target in book.names, f"{doc}: {ref}"
                if fragment:
                    assert fragment in book.ids(target), f"{doc}: {ref}"
                checked += 1
    assert checked > 0


def test_wiki_links_between_articles(books):
    book = Book(books["path"]["fixtures"])
    tankie = book.chapter("Tankie")
    anti = book.chapter("Anti-Tankie")
    link = next(a for a in book.links(tankie) if "".join(a.itertext()) == "critiques of tankies")
    target, _, fragment = link.get("href").partition("#")
    assert book.full(target, tankie) == anti and fragment == "Various_critiques_of_tankies"
    heading = next(el for el in book.doc(anti).iter() if el.get("id") == fragment)
    assert heading.tag == X + "h2" and "".join(heading.itertext()) == "Various critiques of tankies"
    intro = book.chapter("Introduction")
    linked = {book.full(a.get("href").split("#")[0], intro) for a in book.links(intro)}
    assert {tankie, anti, book.chapter("Mutual Aid"), book.chapter("Making a zine")} <= linked
    # A page the wiki does not have: plain text, or a link to the wiki with base-url.
    assert "solidarity economy" in book.text(intro)
    assert not [a for a in book.links(intro) if "Solidarity" in a.get("href")]
    indexed = Book(books["path"]["index"])
    hrefs = [a.get("href") for a in indexed.links(indexed.chapter("Introduction"))]
    assert "https://wiki.example.org/wiki/Solidarity_Economy" in hrefs
    # Only Tankie and Mutual Aid in the list book: Anti-Tankie is out, so Tankie's link to it is text.
    listed = Book(books["path"]["list"])
    assert [n for n in listed.spine if "/a0" in n] == [listed.chapter("Mutual Aid"), listed.chapter("Tankie")]
    assert not [a for a in listed.links(listed.chapter("Tankie")) if "anti" in a.get("href").lower()]
    assert "critiques of tankies" in listed.text(listed.chapter("Tankie"))


def test_categories_are_not_links(books):
    book = Book(books["path"]["fixtures"])
    for doc in book.xhtml_docs():
        assert not [a for a in book.links(doc) if "ategory" in a.get("href")], doc
    assert "Filed under: Tankie · Terminology" in book.text(book.chapter("Tankie"))


def test_notes(books):
    book = Book(books["path"]["fixtures"])
    tankie = book.chapter("Tankie")
    refs = [a for a in book.links(tankie) if a.get(EPUB_TYPE) == "noteref"]
    assert len(refs) == 2
    asides = {el.get("id"): el for el in book.doc(tankie).iter(X + "aside")}
    for ref in refs:
        note = asides[ref.get("href")[1:]]
        assert note.get(EPUB_TYPE) == "footnote"
        back = [a.get("href") for a in note.iter(X + "a")]
        assert back == ["#" + ref.get("id")]
    assert "Prague Spring" in "".join(asides["fn-2"].itertext())
    # Two references to one note: two ids, two back links; a reference to no note is no link.
    hostile = Book(books["path"]["hostile"])
    page = hostile.chapter("Hostile")
    refs = [a for a in hostile.links(page) if a.get(EPUB_TYPE) == "noteref"]
    assert [r.get("id") for r in refs] == ["fnref-1", "fnref-1-2"]  # the reader numbers the notes
    note = next(el for el in hostile.doc(page).iter(X + "aside"))
    assert [a.get("href") for a in note.iter(X + "a")] == ["#fnref-1", "#fnref-1-2"]
    assert "zzz" in hostile.text(page)


def test_images(books):
    book = Book(books["path"]["fixtures"])
    aid = book.chapter("Mutual Aid")
    imgs = list(book.doc(aid).iter(X + "img"))
    assert len(imgs) == 1
    src = book.full(imgs[0].get("src"), aid)
    items = {href: mt for href, mt, _ in book.manifest.values()}
    assert items[src] == "image/png"
    assert book.zip.read(src) == (FIXTURE_WIKI / "media" / "Logo.png").read_bytes()
    assert imgs[0].get("width") == "120"
    # Missing and remote images: reported (the missing ones), shown as their alt text.
    hostile = Book(books["path"]["hostile"])
    page = hostile.chapter("Hostile")
    assert not list(hostile.doc(page).iter(X + "img"))
    text = hostile.text(page)
    for alt in ("remote image", "missing one", "alt of missing two"):
        assert alt in text
    assert "Missing.png" in books["stderr"]["hostile"] and "Missing2.png" in books["stderr"]["hostile"]


def test_hostile_html_is_sanitized(books):
    book = Book(books["path"]["hostile"])
    page = book.chapter("Hostile")
    raw = book.zip.read(page).decode()
    for tag in ("script", "iframe", "style", "object", "svg", "form", "input", "button", "font", "center", "tt"):
        assert not list(book.doc(page).iter(X + tag)), tag
    for el in book.doc(page).iter():
        assert not [k for k in el.attrib if k.startswith("on") or k in ("style", "align", "border")], el.attrib
    # GFM's tagfilter shows <script> as text, as GitHub and cmark-gfm do: text, never an element.
    # (Text, so its quotes are typographic, as in any prose.)
    assert "javascript" not in raw and "<script" not in raw and "&lt;script&gt;alert(\u2018x\u2019)" in raw
    # The embed is not embedded: its source is a link (a book cannot show it).
    assert [a.get("href") for a in book.links(page) if "evil" in a.get("href")] == ["https://evil.example"]
    text = book.text(page)
    # <nixpkgs> is no HTML element: what a browser shows of it is its content.
    for kept in ("a stray & and a path, 3 < 4", "&bogus;", "\U0001F600", "cell without row",
                 "para in list", "centered red tt", "press"):
        assert kept in text, kept
    for a in book.doc(page).iter(X + "a"):
        assert not list(a.iter(X + "a"))[1:], "a link inside a link"
        assert "".join(a.itertext()).strip(), "a link to nothing"
    ids = book.ids(page)
    assert "Section_two" in ids and "Section_two_2" in ids and "_1956_.28events.29" in ids
    # In-page anchors that exist are links; one that does not is text.
    hrefs = [a.get("href") for a in book.links(page)]
    assert "#Section_two" in hrefs and "#nope" not in hrefs
    assert "irc://irc.libera.chat/nixos" in hrefs and "https://example.org/a%20b" in hrefs
    assert not [h for h in hrefs if h.startswith("git:")]
    # Links from the other page: anchors checked, MediaWiki's #1956_(events) finds its heading.
    other = book.chapter("Other page")
    links = {"".join(a.itertext()): a.get("href") for a in book.links(other)}
    assert links["events"].endswith("#_1956_.28events.29")
    assert links["second section two"].endswith("#Section_two_2")
    assert "#" not in links["missing section"]
    assert "absent page" not in links


def test_languages_from_titles(books):
    need_corpus()
    book = Book(books["path"]["corpus"])
    # A translation subpage shows its language's own name, in its chapter and in the contents.
    flakes = book.chapter("Flakes (日本語)")
    assert book.doc(flakes).get("lang") == "ja"
    labels = [label for depth, label, _ in book.toc() if depth == 0]
    assert "Appimage (русский)" in labels and "Blip (français)" in labels
    assert not [label for label in labels if label.endswith(("/ru", "/fr", "/ja", "/zh"))]
    assert len([n for n in book.spine if "/a" in n]) == len(list(CORPUS.glob("*.md")))
    assert "ODROID-C2.jpg" in books["stderr"]["corpus"]


def test_summary_counts_articles(books):
    """The last line counts the book's articles (Category:Tankie is a page, not an article)."""
    assert "(5 articles of 6 pages, epub)" in books["stderr"]["fixtures"]
    assert "(3 articles of 6 pages, epub)" in books["stderr"]["category"]
    assert "(1 article, epub)" in books["stderr"]["seed"]


def test_smart_quotes(books, tmp_path):
    """Typographic quotes and apostrophes in prose, as pandoc's `smart` sets them; code as written;
    smart=false keeps every quote straight."""
    book = Book(books["path"]["fixtures"])
    aid = book.chapter("Mutual Aid")
    text = book.text(aid)
    assert "The wiki\u2019s logo" in text and "Tenants\u2019 union" in text
    assert "'' and | stay text" in text  # wiki markup talked about: no side to tell
    code = ["".join(c.itertext()) for c in book.doc(aid).iter(X + "pre")]
    assert any('open("members.csv")' in c for c in code)
    plain = tmp_path / "plain.epub"
    convert(FIXTURE_WIKI, plain, "title=Tankie zine", "smart=false")
    plain_book = Book(plain)
    assert "The wiki's logo" in plain_book.text(plain_book.chapter("Mutual Aid"))


def test_reproducible(books):
    first = books["path"]["fixtures"].read_bytes()
    again = books["work"] / "again.epub"
    convert(FIXTURE_WIKI, again, "title=Tankie zine", jobs="1")
    assert again.read_bytes() == first
    later = books["work"] / "later.epub"
    convert(FIXTURE_WIKI, later, "title=Tankie zine", env_epoch="1800000000")
    assert later.read_bytes() != first
    # The identifier comes from the content, not from the time.
    assert Book(later).meta("identifier") == Book(books["path"]["fixtures"]).meta("identifier")
    other = books["work"] / "other.epub"
    convert(FIXTURE_WIKI, other, "title=Another zine")
    assert Book(other).meta("identifier") != Book(books["path"]["fixtures"]).meta("identifier")


def test_page_form_is_binary(tmp_path):
    proc = run_cli("convert", SEED_PAGE, "-t", "epub", check=False)
    assert proc.returncode == 2 and "-o" in proc.stderr
    out = tmp_path / "one.epub"
    run_cli("convert", SEED_PAGE, "-t", "epub", "-o", out, "-q")
    book = Book(out)
    assert len([n for n in book.spine if "/a" in n]) == 1
    assert book.meta("title") == "Anti-Tankie"
    # Its wiki links name pages that are not in the book: plain text, no dangling hrefs.
    chapter = book.chapter("Anti-Tankie")
    assert not [a for a in book.links(chapter) if "Tankie" in a.get("href")]


def test_bad_options(tmp_path):
    """Options that name nothing are usage errors (exit 2) that say so, even under -q; no book."""
    cases = [
        ("pages=index:Nowhere", 'there is no page "Nowhere"'),
        ("lang=not a language", "lang"),
        ("pages=category:Nothing", 'no page is in the category "Nothing"'),
        ("pages=Mutual Aid, Tankie,Nope", 'there is no page "Nope" in the wiki'),
    ]
    for option, message in cases:
        proc = run_cli("convert", FIXTURE_WIKI, "-t", "epub", "-o", tmp_path / "x.epub", "-O", option, "-q",
                       check=False)
        assert proc.returncode == 2 and message in proc.stderr, (option, proc.stderr)
        assert not (tmp_path / "x.epub").exists()


def test_raw_html_as_model_nodes(books):
    """pandoc's raw HTML, read by the HTML reader, written from the model as valid XHTML."""
    book = Book(books["path"]["rawhtml"])
    page = book.chapter("Raw HTML")
    doc = book.doc(page)
    figure = doc.find(".//%sfigure" % X)
    assert figure is not None and figure.find(X + "img") is not None
    assert "".join(figure.find(X + "figcaption").itertext()) == "The logo, captioned"
    table = doc.find(".//%stable" % X)
    assert "".join(table.find(X + "caption").itertext()) == "Options compared"
    assert [th.get("class") for th in table.iter(X + "th")] == ["align-left", "align-center"]
    cells = list(table.find(X + "tbody").iter(X + "td"))
    assert cells[0].find(X + "ul") is not None and cells[0].find(X + "p") is not None
    assert "".join(cells[1].find(X + "pre").itertext()) == "x = 1;\n"  # sourceCode: the code alone
    assert cells[2].get("colspan") == "2" and cells[2].get("rowspan") is None
    assert [e.tag for e in doc.find(".//%sdl" % X)] == [X + "dt", X + "dd"]
    assert [k.text for k in doc.iter(X + "kbd")] == ["Ctrl", "C"] and doc.find(".//%su" % X) is not None
    assert doc.find(".//%smark" % X) is not None and doc.find(".//%sruby/%srt" % (X, X)) is not None
    text = book.text(page)
    for shown in ("More", "Hidden detail", "Translated text kept.", "Centred red big tt", "نص",
                  "Your reader shows this instead.", "no host: http:// and https://"):
        assert shown in text, shown
    for gone in ("languages", "translate", "tvar", "comment", "<"):
        assert gone not in text, gone
    hrefs = [a.get("href") for a in book.links(page)]
    assert "https://www.youtube.com/embed/x" in hrefs and "#anchor" in hrefs and "#old" in hrefs
    assert not [h for h in hrefs if h.startswith("http://") and len(h) <= len("https://")]
    assert doc.find(".//*[@lang='ar']").get("dir") == "rtl"


def test_every_node_type_from_json(books):
    book = Book(books["path"]["nodes"])
    page = book.chapter("Every node")
    doc = book.doc(page)
    for tag in ("figure", "figcaption", "dl", "dt", "dd", "caption", "u", "kbd", "samp", "mark", "sup", "sub",
                "del", "blockquote", "ol", "ul", "pre", "hr", "aside", "section", "header"):
        assert doc.find(".//%s%s" % (X, tag)) is not None, tag
    text = book.text(page)
    for shown in ("unknown", "translated", "fallback", "div in p", "list in p", "stray item", "no item",
                  "nested", "stray", "centred", "sum", "det"):
        assert shown in text, shown
    assert "alert" not in text and "p {}" not in text and "comment" not in text
    # The link to http:// is text; the self link finds its heading.
    hrefs = [a.get("href") for a in book.links(page)]
    assert "#Blocks" in hrefs and not [h for h in hrefs if h.startswith("http://")]
    assert "nohost" in text


def test_redirects_are_not_articles_and_links_go_through_them(tmp_path):
    """issue 19: pandoc's redirect lists (both link forms, any case) are no chapters; a link to
    a redirect lands on its target's chapter, at the redirect's section; a list naming a
    redirect gets the target."""
    wiki = tmp_path / "wiki"
    wiki.mkdir()
    (wiki / "Target_page.md").write_text("# Target page\n\nIntro.\n\n## Part\n\nText.\n", encoding="utf-8")
    (wiki / "Old_page.md").write_text('1.  REDIRECT [Target page](Target_page#Part "wikilink")\n', encoding="utf-8")
    (wiki / "Older.md").write_text(
        '1.  redirect <a href="Old_page" class="wikilink" title="Old page">Old page</a>\n', encoding="utf-8")
    (wiki / "Reader.md").write_text(
        '# Reader\n\nSee [the old page](Old_page "wikilink") and <a href="Older" class="wikilink">older</a>.\n',
        encoding="utf-8")
    convert(wiki, tmp_path / "all.epub")
    book = Book(tmp_path / "all.epub")
    headings = ["".join(book.doc(n).find(".//%sheader/%sh1" % (X, X)).itertext()) for n in book.spine
                if book.doc(n).find(".//%sheader/%sh1" % (X, X)) is not None]
    assert sorted(headings) == ["Reader", "Target page"], headings
    assert "REDIRECT" not in " ".join(book.text(n) for n in book.spine).upper()
    reader, target = book.chapter("Reader"), book.chapter("Target page")
    hrefs = [book.full(a.get("href"), reader) for a in book.links(reader)]
    part = next(h.get("id") for h in book.doc(target).iter(X + "h2"))
    assert hrefs == [target + "#" + part] * 2, hrefs
    convert(wiki, tmp_path / "listed.epub", "pages=Older, Reader")
    listed = Book(tmp_path / "listed.epub")
    assert [n for n in listed.spine if "/a0" in n] == [listed.chapter("Target page"), listed.chapter("Reader")]
