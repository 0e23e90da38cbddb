"""The Python API (issue 17, part 3), each point checked by the consumer that decides it: one
argument order (the CLI's bytes), __version__ (CMakeLists.txt and `wikiconv --version`), the
str/bytes overloads (mypy), from_json/to_json (the trees and the written pages), walk with
replacement (MediaWiki's parser of the written page), parent, filter (the library's own link
list), constructor validation, str(doc) (the GFM writer, when the build has one), and
help(wikiconv) (pydoc's length; its examples run as doctests)."""

from __future__ import annotations

import doctest
import inspect
import os
import pickle
import pydoc
import re
import sys
import warnings
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "mediawiki"))

import common  # noqa: E402
import mwlib  # noqa: E402
from common import FIXTURE_WIKI, SOURCE_DIR, run_cli  # noqa: E402

import wikiconv  # noqa: E402
from wikiconv import (CommentBlock, CommentInline, Document, Emphasis, Heading, Link, ListItem,  # noqa: E402
                      OrderedList, Paragraph, Table, Text, WikiLink)

PAGE = ('Some *text* and a <a href="Main_Page" class="wikilink" title="Main Page">link</a>, '
        '<a href="Tankie#History" class="wikilink" title="Tankie">its history</a>.\n\n'
        '<!-- a note -->\n\nMore <em>text</em> and <a href="https://example.org/">a site</a>.\n')


def pages(limit: int | None = None) -> list[Path]:
    """The fixture wiki's pages, and (when ../shared is there) the first `limit` corpus pages."""
    found = sorted(FIXTURE_WIKI.rglob("*.md"))
    if common.CORPUS.is_dir():
        found += sorted(common.CORPUS.rglob("*.md"))[:limit]
    return found


# ---- one argument order ----------------------------------------------------------------

def test_one_argument_order_text_then_format_then_keywords():
    def shape(f):
        return [(p.name, p.kind.name) for p in inspect.signature(f).parameters.values()
                if p.kind != p.VAR_KEYWORD]
    assert shape(wikiconv.convert) == [("text", "POSITIONAL_OR_KEYWORD"), ("to", "POSITIONAL_OR_KEYWORD"),
                                       ("from_", "KEYWORD_ONLY"), ("title", "KEYWORD_ONLY"),
                                       ("strict", "KEYWORD_ONLY")]
    assert shape(wikiconv.read) == [("text", "POSITIONAL_OR_KEYWORD"), ("from_", "KEYWORD_ONLY"),
                                    ("title", "KEYWORD_ONLY"), ("strict", "KEYWORD_ONLY")]
    assert shape(wikiconv.write) == [("doc", "POSITIONAL_OR_KEYWORD"), ("to", "POSITIONAL_OR_KEYWORD")]
    # The old positional forms fail loudly instead of reading a format as a title.
    with pytest.raises(TypeError, match=r"the old order was convert\(text, to, from_, title\)"):
        wikiconv.convert(PAGE, "html", "markdown")  # type: ignore[misc]
    with pytest.raises(TypeError, match=r"the old order was read\(text, title, from_\)"):
        wikiconv.read(PAGE, "Title")  # type: ignore[misc]

    # convert(text, to) == write(read(text), to) == the CLI's bytes.
    cli = run_cli("convert", "-", "--title", "Order", "-t", "mediawiki", input=PAGE).stdout
    assert wikiconv.convert(PAGE, "mediawiki", title="Order") == cli
    assert wikiconv.write(wikiconv.read(PAGE, title="Order"), "mediawiki") == cli


# ---- __version__ ---------------------------------------------------------------------------

def test_version_is_the_projects():
    cmake = (SOURCE_DIR / "CMakeLists.txt").read_text()
    declared = re.search(r"project\(wikiconv VERSION ([0-9.]+)", cmake).group(1)
    assert wikiconv.__version__ == declared == wikiconv.version()
    assert run_cli("--version").stdout.split() == ["wikiconv", declared]


# ---- overloads, as mypy sees them ---------------------------------------------------------

def test_overloads_give_str_or_bytes():
    api = pytest.importorskip("mypy.api", reason="mypy is not installed (Debian's python3-mypy)")
    program = """
import wikiconv
fmt: str = "html"
doc = wikiconv.read("x")
reveal_type(wikiconv.convert("x"))
reveal_type(wikiconv.convert("x", "html"))
reveal_type(wikiconv.convert("x", to="epub"))
reveal_type(wikiconv.convert("x", fmt))
reveal_type(wikiconv.write(doc, "epub"))
reveal_type(doc.to("wikitext"))
reveal_type(doc.filter(wikiconv.WikiLink))
reveal_type(wikiconv.from_json(doc.to_json()))
reveal_type(wikiconv.__version__)
"""
    package_root = Path(wikiconv.__file__).resolve().parents[1]
    os.environ["MYPYPATH"] = str(package_root)
    out, err, status = api.run(["--no-incremental", "--cache-dir", os.devnull, "--no-error-summary",
                                "-c", program])
    revealed = re.findall(r'Revealed type is "([^"]+)"', out)
    assert revealed == ["builtins.str", "builtins.str", "builtins.bytes",
                        "Union[builtins.str, builtins.bytes]", "builtins.bytes", "builtins.str",
                        "builtins.list[wikiconv.WikiLink]", "wikiconv.Document", "builtins.str"], out + err
    assert "error:" not in out, out


# ---- from_json / to_json -----------------------------------------------------------------

def test_json_round_trip_on_the_fixtures_and_corpus():
    checked = 0
    for path in pages(limit=300):
        text = path.read_bytes()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", wikiconv.ConversionWarning)  # not this test's
            doc = wikiconv.read(text, title=path.stem)
        js = doc.to_json()
        back = wikiconv.from_json(js)
        assert back == doc, path
        assert back.to_json() == js, path  # a second round trip is byte-identical
        assert back.to("wikitext") == doc.to("wikitext"), path
        assert Document.from_json(js) == doc
        checked += 1
    assert checked >= len(list(FIXTURE_WIKI.rglob("*.md")))
    # from_json reads what the CLI writes, too.
    cli = run_cli("convert", "-", "--title", "Via CLI", "-t", "json", input=PAGE).stdout
    assert wikiconv.from_json(cli) == wikiconv.read(PAGE, title="Via CLI")
    # Front matter keeps its order through JSON (the second round trip above is byte-identical).
    front = "---\ntitle: Z\nlayout: a\nauthor: m\n---\n\nText.\n"
    assert list(wikiconv.from_json(wikiconv.read(front).to_json()).metadata) == ["title", "layout", "author"]
    assert wikiconv.from_json(cli, title="Other").title == "Other"
    with pytest.raises(wikiconv.Error):
        wikiconv.from_json("{")


def test_a_thead_row_survives_python_and_json():
    # A row read from <thead> without pandoc's class="header" goes back into <thead> (gfm writer).
    page = "<table>\n<thead>\n<tr>\n<th>Name</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>x<br>y</td>\n</tr>\n</tbody>\n</table>\n"
    doc = wikiconv.read(page)
    rows = list(doc.filter(wikiconv.TableRow))
    assert [(r.header, r.info) for r in rows] == [(True, "thead"), (False, "")]
    back = wikiconv.from_json(doc.to_json())
    assert [r.info for r in back.filter(wikiconv.TableRow)] == ["thead", ""]
    assert "<thead>" in back.to("gfm")


REDIRECT_PAGE = '1.  REDIRECT [Target page](Target_page#Part "wikilink")\n'


def test_a_redirect_survives_json(mediawiki, tmp_path):
    """A redirect page read, written as JSON (by Python or the CLI) and read back is still a
    redirect to the same place, as MediaWiki's parser shows it."""
    doc = wikiconv.read(REDIRECT_PAGE, title="Old page")
    assert (doc.redirect, doc.redirect_anchor) == ("Target page", "Part")
    back = wikiconv.from_json(doc.to_json())
    assert back == doc and back.redirect == "Target page"
    assert back != wikiconv.Document(*doc.copy().children, title="Old page")  # == sees the redirect
    (tmp_path / "old.json").write_text(run_cli("convert", "-", "--title", "Old page", "-t", "json",
                                               input=REDIRECT_PAGE).stdout, encoding="utf-8")
    via_cli = run_cli("convert", str(tmp_path / "old.json"), "-f", "json", "-t", "wikitext").stdout
    script = tmp_path / "redirect_of.php"
    script.write_text(REDIRECT_OF_PHP, encoding="utf-8")
    for wikitext in (wikiconv.write(back, "wikitext"), via_cli):
        assert mediawiki.run_php(str(script), input=wikitext).stdout == "Target page#Part", wikitext


# Where MediaWiki's content handler says a page's text redirects to ("" for no redirect).
REDIRECT_OF_PHP = """<?php
$IP = getenv( 'MW_INSTALL_PATH' ) ?: '/usr/share/mediawiki';
require_once "$IP/maintenance/Maintenance.php";
class RedirectOf extends Maintenance {
	public function execute() {
		$content = ContentHandler::makeContent( stream_get_contents( STDIN ), Title::newFromText( 'Old page' ) );
		$target = $content->getRedirectTarget();
		echo $target ? $target->getPrefixedText() . '#' . $target->getFragment() : '';
	}
}
$maintClass = RedirectOf::class;
require_once RUN_MAINTENANCE_IF_MAIN;
"""


# ---- walk with replacement, as MediaWiki renders the result -------------------------------

def edited_page() -> Document:
    doc = wikiconv.read(PAGE, title="Walked")
    seen = []

    def action(node):
        seen.append(node.type)
        if isinstance(node, WikiLink) and node.target == "Main Page":
            return WikiLink(*node.children, target="Home")           # a replacement
        if isinstance(node, (CommentBlock, CommentInline)):
            return []                                                 # removed
        if isinstance(node, Emphasis):
            return list(node.children)                                # unwrapped: a list
        if isinstance(node, Link):
            node.target = "https://example.com/"                      # edited in place
        return None                                                   # kept

    result = doc.walk(action)
    assert result is doc
    # Children before their parent; the root last.
    assert seen[-1] == "Document" and seen.index("Text") < seen.index("Paragraph")
    return doc


def test_walk_replaces_removes_and_unwraps():
    doc = edited_page()
    assert [(n.target, n.anchor) for n in doc.filter(WikiLink)] == [("Home", ""), ("Tankie", "History")]
    assert not doc.filter((CommentBlock, CommentInline)) and not doc.filter(Emphasis)
    assert [n.target for n in doc.filter(Link)] == ["https://example.com/"]
    # The replacement and the unwrapped children know their new parent.
    for node in doc.walk():
        for child in getattr(node, "children", ()):
            assert child.parent is node
    # The root may be replaced; a list for the root is an error; other results are errors.
    assert Paragraph(Text("a")).walk(lambda n: Text("b") if n.type == "Paragraph" else None) == Text("b")
    with pytest.raises(TypeError):
        Paragraph(Text("a")).walk(lambda n: [] if n.type == "Paragraph" else None)
    with pytest.raises(TypeError):
        Paragraph(Text("a")).walk(lambda n: "text")
    # Without an action, walk is the old iterator.
    assert [n.type for n in Paragraph(Text("a")).walk()] == ["Paragraph", "Text"]


@pytest.fixture(scope="module")
def mediawiki(tmp_path_factory):
    if not mwlib.have_mediawiki():
        pytest.skip("MediaWiki or php is not installed (scripts/install-deps test installs them)")
    return mwlib.MediaWiki(tmp_path_factory.mktemp("mw"))


def test_walk_result_as_mediawiki_renders_it(mediawiki):
    doc = edited_page()
    html, = mediawiki.parse([wikiconv.write(doc, "wikitext")], title="Walked")
    links = re.findall(r'<a [^>]*title="([^"]*)"[^>]*>([^<]*)</a>', html)
    assert ("Home (page does not exist)", "link") in links
    assert ("Tankie (page does not exist)", "its history") in links
    assert not any(t.startswith("Main Page") for t, _ in links)
    assert 'href="https://example.com/"' in html and "example.org" not in html
    assert "<i>" not in html and "<em>" not in html and "a note" not in html


# ---- parent ------------------------------------------------------------------------------

def test_parent_is_kept_through_reads_edits_copies_and_pickles():
    doc = wikiconv.Wiki.load(FIXTURE_WIKI)["Tankie"]
    count = 0
    for node in doc.walk():
        for child in getattr(node, "children", ()):
            assert child.parent is node
            count += 1
    assert count > 50 and doc.parent is None
    para = doc.filter(Paragraph)[0]
    assert para.ancestors()[-1] is doc

    p = Paragraph(Text("a"))
    b, c, d = Text("b"), Text("c"), Text("d")
    p.children.append(b)
    p.children.insert(0, c)
    p.children[1:2] = [d]
    assert [x.text for x in p.children] == ["c", "d", "b"] and all(x.parent is p for x in (b, c, d))
    old = p.children.pop()
    assert old is b and b.parent is None
    p.children = [b]
    assert b.parent is p and c.parent is None and d.parent is None
    b.replace(Text("x"), Text("y"))
    assert [x.text for x in p.children] == ["x", "y"] and b.parent is None
    p.children[0].remove()
    assert [x.text for x in p.children] == ["y"]
    with pytest.raises(TypeError):
        p.children.append("not a node")
    with pytest.raises(ValueError):
        Text("loose").remove()

    clone = doc.copy()
    assert clone == doc and clone.parent is None
    assert all(child.parent is clone for child in clone.children)
    back = pickle.loads(pickle.dumps(doc))
    assert back == doc and all(child.parent is back for child in back.children)


# ---- filter ------------------------------------------------------------------------------

def test_filter_finds_the_links_the_library_finds():
    wiki = wikiconv.Wiki.load(FIXTURE_WIKI)
    links = wiki.links
    for title in wiki.titles:
        doc = wiki[title]
        found = doc.filter(WikiLink)
        assert found == doc.filter_wikilinks() == doc.filter("WikiLink") == \
            [n for n in doc.walk() if isinstance(n, WikiLink)]
        resolved = {wiki.resolve(n.target) for n in found if n.target}
        assert set(links[title]) <= resolved, title
        assert all(isinstance(h, Heading) for h in doc.filter_headings())
        assert doc.filter(lambda n: n.type == "Heading") == doc.filter_headings()
    top = wikiconv.read(PAGE).filter(Paragraph, recursive=False)
    assert len(top) == 2 and all(p.parent.type == "Document" for p in top)
    with pytest.raises(ValueError):
        wikiconv.read(PAGE).filter("NoSuchNode")


# ---- constructors validate ---------------------------------------------------------------

@pytest.mark.parametrize("make, error", [
    (lambda: Heading(Text("x"), level=9), ValueError),
    (lambda: Heading(Text("x"), level=0), ValueError),
    (lambda: Heading(Text("x"), level="2"), TypeError),
    (lambda: OrderedList(delimiter="-"), ValueError),
    (lambda: OrderedList(start=-1), ValueError),
    (lambda: ListItem(task="done"), ValueError),
    (lambda: Table(aligns=["middle"]), ValueError),
    (lambda: Text(5), TypeError),
    (lambda: WikiLink(Text("x"), target=None), TypeError),
    (lambda: Paragraph("text"), TypeError),
    (lambda: Document(title=" "), ValueError),
    (lambda: Document(categories=[1]), TypeError),
    (lambda: Text("x", attrs={"class": 1}), TypeError),
])
def test_constructors_refuse_what_the_writers_refuse(make, error):
    with pytest.raises(error):
        make()


def test_what_constructors_accept_is_written():
    doc = Document(Heading(Text("Six"), level=6), OrderedList(ListItem(Paragraph(Text("a")), task="checked"),
                                                                start=3, delimiter=")"),
                   Table(aligns=[None, "left"]), title="Valid")
    assert "====== Six ======" in wikiconv.write(doc, "wikitext")
    assert wikiconv.from_json(doc.to_json()) == doc


# ---- str(doc) ----------------------------------------------------------------------------

def test_str_of_a_document_is_its_gfm():
    if "gfm" not in {f.name for f in wikiconv.formats()}:
        pytest.skip('no "gfm" writer in this build (issue 17 part 1); str(doc) falls back to wikitext')
    doc = wikiconv.read(PAGE, title="As GFM")
    text = str(doc)
    assert text == wikiconv.write(doc, "gfm")
    # The reader reads the same page back; cmark-gfm shows the same structure and text (the
    # GFM writer's own tests compare its renderings page by page on the corpora).
    assert wikiconv.read(text, title="As GFM") == doc
    href = lambda attrs: attrs.get("href", "")  # noqa: E731
    assert common.structure(common.cmark_html(text), link_attr=href) == \
        common.structure(common.cmark_html(PAGE), link_attr=href)


def test_str_keeps_what_a_script_left_alone():
    if "gfm" not in {f.name for f in wikiconv.formats()}:
        pytest.skip('no "gfm" writer in this build')
    page = ("Odd forms\n=========\n\n*   one __strong__\n\n"
            "See [the zine](Zine_Making \"wikilink\") here.\n\n"
            "<table>\n<tr>\n<td>\n\n*cell*\n\n</td>\n</tr>\n</table>\n")
    doc = wikiconv.read(page, title="Kept")
    assert str(doc) == page
    assert str(doc.copy()) == page
    for link in doc.filter(wikiconv.WikiLink):
        link.target = "Zine Workshop"
    assert str(doc) == page.replace("(Zine_Making ", "(Zine_Workshop ")
    # Without the text as read (pickle leaves it behind) every block is written from the model.
    again = pickle.loads(pickle.dumps(doc))
    assert str(again) == wikiconv.write(doc, "gfm", rewrite="all") != str(doc)


def test_str_falls_back_to_a_page_text():
    doc = wikiconv.read(PAGE, title="Fallback")
    fmt = "gfm" if "gfm" in {f.name for f in wikiconv.formats()} else "wikitext"
    assert str(doc) == wikiconv.write(doc, fmt)
    assert repr(doc).startswith("Document(")  # repr stays the constructor form


# ---- help(wikiconv) ------------------------------------------------------------------------

def test_help_is_short():
    text = pydoc.render_doc(wikiconv, renderer=pydoc.plaintext)
    lines = text.count("\n")
    assert lines < 1200, f"help(wikiconv) is {lines} lines"  # 4,090 before issue 17
    assert wikiconv.__doc__.count("\n") <= 60
    assert "WikiLink" in pydoc.render_doc(wikiconv.nodes, renderer=pydoc.plaintext)


def test_module_examples_run_as_doctests(monkeypatch):
    monkeypatch.chdir(SOURCE_DIR)  # the examples load fixtures/wiki
    result = doctest.testmod(wikiconv, optionflags=doctest.ELLIPSIS, raise_on_error=False)
    assert result.failed == 0 and result.attempted >= 10, result


def test_a_walk_as_a_wiki_filter_as_mediawiki_imports_it(tmp_path):
    """Wiki.write(filter=lambda doc: doc.walk(action)): the fixture wiki's red link to
    "Solidarity Economy" pointed at "Mutual Aid", label kept; after MediaWiki imports the dump
    the page links to the existing page and has no red link."""
    if not mwlib.have_mediawiki():
        pytest.skip("MediaWiki or php is not installed (scripts/install-deps test installs them)")
    wiki = wikiconv.Wiki.load(FIXTURE_WIKI)
    assert any(b.target == "Solidarity Economy" for b in wiki.broken_links)
    labels = [link.text_content() for link in wiki["Tankie:Introduction"].filter(WikiLink)
              if link.target == "Solidarity Economy"]
    assert labels

    def action(node):
        if isinstance(node, WikiLink) and node.target == "Solidarity Economy":
            return WikiLink(*node.children, target="Mutual Aid", anchor=node.anchor)
        return None

    dump = tmp_path / "dump.xml"
    wiki.write(dump, "mediawiki", filter=lambda doc: doc.walk(action), threads=2)
    mediawiki = mwlib.MediaWiki(tmp_path / "mw")
    mediawiki.import_dump(dump)
    pages = {p["title"]: p["html"] for p in mediawiki.state()["pages"]}
    html = pages["Tankie:Introduction"]
    assert "Solidarity Economy" not in html and "Solidarity_Economy" not in html
    links = re.findall(r'<a ([^>]*)>([^<]*)</a>', html)
    to_mutual_aid = [(attrs, text) for attrs, text in links if 'title="Mutual Aid"' in attrs]
    assert {text for _, text in to_mutual_aid} >= set(labels)
    assert not any('class="new"' in attrs for attrs, _ in to_mutual_aid)
