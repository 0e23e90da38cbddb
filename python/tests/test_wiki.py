"""Whole wikis from Python: the index, categories and links (as `wikiconv check` reports them),
writing with filters, and errors that name the file and line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import wikiconv
from helpers import FIXTURE_WIKI, need_cli, run_cli, tree_bytes

FORMAT_NAMES = [f.name for f in wikiconv.formats()]
# The filter tests write a MediaWiki dump when that writer is registered, else JSON pages.
DUMP = "mediawiki" if "mediawiki" in FORMAT_NAMES else "json"


def test_index_and_mapping():
    for path in (FIXTURE_WIKI, str(FIXTURE_WIKI)):  # pathlib.Path and str
        wiki = wikiconv.Wiki.load(path)
        assert wiki.root == FIXTURE_WIKI.resolve()
        assert len(wiki) == 6
        assert list(wiki) == wiki.titles == sorted(wiki.titles)
        assert "Tankie:Introduction" in wiki.titles and "Guides/Zine Making" in wiki.titles
        info = {p.title: p for p in wiki.pages}["Tankie:Introduction"]
        assert (info.namespace, info.file) == ("Tankie", "Tankie:Introduction.md")
        assert info.path == FIXTURE_WIKI.resolve() / "Tankie:Introduction.md"
    assert wiki.namespaces == ["Tankie"]
    # MediaWiki's title rules: any spelling of a title finds the page.
    assert "mutual_Aid" in wiki and wiki.resolve("mutual_Aid") == "Mutual Aid"
    assert wiki["mutual_Aid"].title == "Mutual Aid"
    assert "Mutual aid" not in wiki  # case matters after the first letter, as in MediaWiki
    assert "No such page" not in wiki
    with pytest.raises(KeyError):
        wiki["No such page"]
    docs = list(wiki.documents())
    assert [d.title for d in docs] == wiki.titles
    assert dict(wiki.items())["Tankie"] == wiki["Tankie"]
    assert "File:Logo.png" in wiki.media


def test_categories_and_broken_links_match_check():
    need_cli()
    report = json.loads(run_cli("check", FIXTURE_WIKI, "--json", check=False).stdout)
    wiki = wikiconv.Wiki.load(FIXTURE_WIKI)
    assert wiki.categories == report["categories"]
    assert [b._asdict() for b in wiki.broken_links] == report["broken_links"]
    assert wiki.broken_links and wiki.broken_links[0].line > 0


def test_links():
    wiki = wikiconv.Wiki.load(FIXTURE_WIKI)
    links = wiki.links
    assert set(links) == set(wiki.titles)
    assert "Anti-Tankie" in links["Tankie"]
    # Every link target is a resolved title; the broken ones are exactly those not in the wiki.
    broken = {(b.page, b.target) for b in wiki.broken_links}
    for page, targets in links.items():
        for t in targets:
            assert (t in wiki) or (page, t) in broken or t.startswith("Category:")


def _retarget(doc: wikiconv.Document) -> None:
    for node in doc.walk():
        if isinstance(node, wikiconv.WikiLink) and node.target == "Tankie":
            node.target = "Tankie (term)"


def test_filter_that_rewrites_links_changes_the_output(tmp_path):
    wiki = wikiconv.Wiki.load(FIXTURE_WIKI)
    plain, filtered = tmp_path / "plain", tmp_path / "filtered"
    if DUMP == "mediawiki":
        plain, filtered = plain.with_suffix(".xml"), filtered.with_suffix(".xml")
    wiki.write(plain, to=DUMP)
    wiki.write(filtered, to=DUMP, filter=_retarget)
    before = b"".join(tree_bytes(plain).values())
    after = b"".join(tree_bytes(filtered).values())
    assert before != after
    assert b"Tankie (term)" not in before and b"Tankie (term)" in after
    if DUMP == "mediawiki":
        assert b"[[Tankie (term)" in after
    # The filter saw pages with their titles, categories and links.
    seen = {}
    wiki.write(tmp_path / "again", to="json", threads=1,
               filter=lambda d: seen.update({d.title: list(d.categories)}))
    assert seen["Tankie"] == ["Tankie", "Terminology"]


def test_filter_may_return_a_new_document_or_rename(tmp_path):
    wiki = wikiconv.Wiki.load(FIXTURE_WIKI)

    def replace(doc):
        if doc.title == "Mutual Aid":
            return wikiconv.Document(wikiconv.Paragraph(wikiconv.Text("Replaced.")), title="Mutual aid 2")
        return None

    out = tmp_path / "json"
    wiki.write(out, to="json", filter=replace)
    files = tree_bytes(out)
    assert "Mutual aid 2.json" in files and "Mutual Aid.json" not in files
    assert json.loads(files["Mutual aid 2.json"])["title"] == "Mutual aid 2"
    assert "Replaced." in files["Mutual aid 2.json"].decode()


def test_filter_errors_propagate(tmp_path):
    wiki = wikiconv.Wiki.load(FIXTURE_WIKI)

    def broken(doc):
        if doc.title == "Tankie":
            raise ValueError("no tankies here")

    for threads in (1, 2):
        with pytest.raises(ValueError, match="no tankies here"):
            wiki.write(tmp_path / f"out{threads}", to="json", filter=broken, threads=threads)
    with pytest.raises(TypeError):
        wiki.write(tmp_path / "bad", to="json", filter=lambda d: "not a document")


def test_errors_name_file_and_line(tmp_path):
    (tmp_path / "Good.md").write_text("fine\n")
    (tmp_path / "Bad.md").write_bytes(b"line one\n\nline \xff three\n")
    wiki = wikiconv.Wiki.load(tmp_path, strict=True)
    with pytest.raises(wikiconv.Error) as caught:
        wiki["Bad"]
    # The file as it can be opened: the wiki's folder as given joined with the page's path.
    bad = str(tmp_path / "Bad.md")
    assert caught.value.file == bad and caught.value.line == 3
    assert "invalid UTF-8" in caught.value.message
    assert str(caught.value).startswith(f"{bad}:3:6:")
    with pytest.raises(wikiconv.Error) as caught:
        wiki.write(tmp_path / "out", to="json")
    assert (caught.value.file, caught.value.line) == (bad, 3)
    assert not (tmp_path / "out").exists()  # nothing written
    # Not strict: a warning with file, line and column, and U+FFFD.
    with pytest.warns(wikiconv.ConversionWarning, match=r"Bad\.md:3:6: warning: .*invalid UTF-8"):
        doc = wikiconv.Wiki.load(tmp_path)["Bad"]
    assert "\ufffd" in doc.text_content()
    with pytest.raises(wikiconv.Error) as caught:
        wikiconv.convert(b"a\n\nb \xff\n", to="json", strict=True)
    assert caught.value.line == 3

    with pytest.raises(wikiconv.Error) as caught:
        wikiconv.Wiki.load(tmp_path / "missing")
    assert caught.value.file == str(tmp_path / "missing")
    with pytest.raises(wikiconv.Error, match=r"unknown format \"nope\" \(known: .*json"):
        wikiconv.convert("x", to="nope")
    with pytest.raises(wikiconv.Error, match="standalone"):
        wikiconv.convert("x", to="html", standalone="maybe")
    with pytest.raises(wikiconv.Error, match="invalid JSON"):
        wikiconv.read("{", from_="json")


def test_collisions_refuse_to_write(tmp_path):
    (tmp_path / "Main_Page.md").write_text("one\n")
    (tmp_path / "Main Page.md").write_text("two\n")
    wiki = wikiconv.Wiki.load(tmp_path)
    assert list(wiki.collisions) == ["Main Page"]
    with pytest.raises(wikiconv.Error, match="same title"):
        wiki.write(tmp_path / "out", to="json")


def test_name_collisions_of_a_target(tmp_path):
    """Titles one format writes under one name, as `wikiconv check -t` reports them; writing
    DokuWiki puts the later ones under the suffixed ids."""
    for name in ("Layer", "LAYER", "Other"):
        (tmp_path / "wiki").mkdir(exist_ok=True)
        (tmp_path / "wiki" / f"{name}.md").write_text(f"{name} text\n")
    wiki = wikiconv.Wiki.load(tmp_path / "wiki")
    if "dokuwiki" in FORMAT_NAMES:
        assert wiki.name_collisions("dokuwiki") == [
            wikiconv.NameCollision("layer", ["LAYER", "Layer"], ["layer", "layer_2"])]
        with pytest.warns(wikiconv.ConversionWarning, match='"Layer" is written as "layer_2"'):
            wiki.write(tmp_path / "dw", to="dokuwiki")
        assert (tmp_path / "dw" / "pages" / "layer_2.txt").read_text() == "Layer text\n"
    assert wiki.name_collisions("json") == [wikiconv.NameCollision("LAYER", ["LAYER", "Layer"], [])]
    with pytest.raises(wikiconv.Error, match="unknown format"):
        wiki.name_collisions("nope")


def test_single_page_file_as_a_wiki(tmp_path):
    """A page file is a wiki of one page; writing a folder format writes that page's file."""
    need_cli()
    source = FIXTURE_WIKI / "Tankie.md"
    out = tmp_path / "page.html"
    wikiconv.Wiki.load(source).write(out, to="html")
    assert out.read_bytes() == run_cli("convert", source, "-t", "html", "-q").stdout
    titled = wikiconv.Wiki.load(source, title="Other title")
    assert titled.titles == ["Other title"]


def test_help_is_useful():
    import pydoc
    text = pydoc.render_doc(wikiconv, renderer=pydoc.plaintext)
    for name in ("convert", "read", "Wiki", "Document", "WikiLink", "formats", "Error", "filter"):
        assert name in text
    for name in wikiconv.__all__:
        obj = getattr(wikiconv, name)
        assert getattr(obj, "__doc__", None), name
    for name in ("load", "write", "categories", "links", "broken_links"):
        assert getattr(wikiconv.Wiki, name).__doc__, name


def test_stubs_cover_the_api():
    import ast
    stub = Path(wikiconv.__file__).with_name("__init__.pyi")
    assert stub.is_file() and stub.with_name("py.typed").is_file()
    tree = ast.parse(stub.read_text())
    declared = {n.name for n in tree.body if isinstance(n, (ast.ClassDef, ast.FunctionDef))}
    declared |= {n.target.id for n in tree.body if isinstance(n, ast.AnnAssign)}
    assert set(wikiconv.__all__) <= declared


def test_stub_signatures_match_the_node_classes():
    import ast
    tree = ast.parse(Path(wikiconv.__file__).with_name("__init__.pyi").read_text())
    checked = 0
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        runtime = getattr(wikiconv, cls.name)
        inits = [f for f in cls.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"]
        if not inits or "__signature__" not in vars(runtime):
            continue
        a = inits[0].args
        stub = [x.arg for x in a.args[1:]] + (["*" + a.vararg.arg] if a.vararg else []) + [x.arg for x in a.kwonlyargs]
        real = [("*" if p.kind == p.VAR_POSITIONAL else "") + p.name
                for p in runtime.__signature__.parameters.values()]
        assert stub == real, cls.name
        checked += 1
    assert checked == 38


def test_revisions_from_git(tmp_path):
    import os
    import subprocess
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = dict(os.environ, GIT_AUTHOR_NAME="Ann", GIT_AUTHOR_EMAIL="ann@example.org",
               GIT_AUTHOR_DATE="1700000000 +0000", GIT_COMMITTER_NAME="ci", GIT_COMMITTER_EMAIL="ci@example.org",
               GIT_COMMITTER_DATE="1700000000 +0000", GIT_CONFIG_GLOBAL="/dev/null")
    def git(*args):
        subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=tmp_path, env=env, check=True,
                       capture_output=True)
    git("init", "-q")
    (tmp_path / "Page.md").write_text("one\n")
    git("add", "-A")
    git("commit", "-q", "-m", "First")
    (tmp_path / "Page.md").write_text("two\n")
    env["GIT_AUTHOR_NAME"] = "Bob"
    git("commit", "-q", "-am", "Second")
    wiki = wikiconv.Wiki.load(tmp_path)
    revisions = wiki.revisions("Page")
    assert [(r.author, r.message, r.text) for r in revisions] == [("Ann", "First", "one\n"), ("Bob", "Second", "two\n")]
    assert revisions[0].time.timestamp() == 1700000000 and revisions[0].path == "Page.md"
    outside = tmp_path.parent / (tmp_path.name + "-no-git")
    outside.mkdir()
    (outside / "Page.md").write_text("one\n")
    with pytest.warns(wikiconv.ConversionWarning, match="not in a git repository"):
        assert wikiconv.Wiki.load(outside).revisions("Page") == []
