"""The examples in python/examples run and do what they say (dask_convert.py is tested by
tests/integration/test_dask.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile

import pytest

import wikiconv
from helpers import FIXTURE_WIKI, SOURCE_DIR, need_cli, run_cli

EXAMPLES = SOURCE_DIR / "python" / "examples"
FORMATS = {f.name for f in wikiconv.formats()}


def run_example(name: str, *args) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([os.path.dirname(os.path.dirname(wikiconv.__file__)),
                                         env.get("PYTHONPATH", "")])
    proc = subprocess.run([sys.executable, str(EXAMPLES / name), *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc


def need_format(name: str) -> None:
    if name not in FORMATS:
        pytest.skip(f"the {name} writer is not registered yet")


def test_wiki_to_dump(tmp_path):
    need_format("mediawiki")
    need_cli()
    out = tmp_path / "wiki.xml"
    proc = run_example("wiki_to_dump.py", FIXTURE_WIKI, out)
    assert "6 pages" in proc.stderr and "broken link to [[Solidarity Economy]]" in proc.stderr
    run_cli("convert", FIXTURE_WIKI, "-t", "mediawiki", "-o", tmp_path / "cli.xml", "-q")
    assert out.read_bytes() == (tmp_path / "cli.xml").read_bytes()


def test_category_zine(tmp_path):
    need_format("epub")
    out = tmp_path / "zine.epub"
    run_example("category_zine.py", FIXTURE_WIKI, "Organizing", out, "--title", "Organizing zine")
    with zipfile.ZipFile(out) as book:
        assert book.read("mimetype") == b"application/epub+zip"
        names = book.namelist()
        text = b"".join(book.read(n) for n in names if n.endswith((".xhtml", ".opf")))
    assert b"Organizing zine" in text
    # The category's two members are the book's articles; pages outside it are not in it.
    wiki = wikiconv.Wiki.load(FIXTURE_WIKI)
    assert len(wiki.categories["Organizing"]) == 2
    assert b"A zine is a small, self-published booklet" in text and b"Mutual Aid" in text
    assert b"Hungarian workers" not in text  # from the page Tankie, not in Category:Organizing


def test_rename_pages(tmp_path):
    fmt = "mediawiki" if "mediawiki" in FORMATS else "json"
    out = tmp_path / ("renamed.xml" if fmt == "mediawiki" else "renamed")
    run_example("rename_pages.py", FIXTURE_WIKI, out, "--rename", "Tankie=Tankie (term)",
                "--rename", "Mutual_Aid=Mutual aid", "-t", fmt)
    if fmt == "mediawiki":
        dump = out.read_text()
        titles = re.findall(r"<title>(.*?)</title>", dump)
        assert "Tankie (term)" in titles and "Mutual aid" in titles
        assert "Tankie" not in titles and "Mutual Aid" not in titles
        # Links to the renamed pages follow them, labels and sections kept.
        assert "[[Tankie (term)|the tankie page]]" in dump
        assert not re.search(r"\[\[Tankie[|#\]]", dump)
        assert not re.search(r"\[\[Mutual[ _]Aid[|#\]]", dump)
    else:
        names = {p.name for p in out.iterdir()}
        assert "Tankie (term).json" in names and "Tankie.json" not in names
