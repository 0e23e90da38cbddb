"""The Python API writes exactly what the CLI writes, byte for byte, for every registered format,
on the sample wiki and the shared corpus: one page at a time (convert, Document.to), whole
wikis (Wiki.write), and whole wikis through a filter that changes nothing (which proves the
Python tree carries everything the writers use)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

import wikiconv
from helpers import (CORPUS, FIXTURE_WIKI, SEED, need_cli, need_corpus, page_files, run_cli,
                     tree_bytes)

FORMATS = wikiconv.formats()
TEXT_FORMATS = [f.name for f in FORMATS if not f.binary]
ALL_FORMATS = [f.name for f in FORMATS]


def test_formats_match_the_cli():
    out = run_cli("formats").stdout.decode()
    cli_names = re.findall(r"^  (\S+): ", out, flags=re.M)
    assert cli_names == ALL_FORMATS
    assert {"html", "json"} <= set(ALL_FORMATS)
    for f in FORMATS:
        assert f.description and f.wiki_output in ("file", "directory")


def _sources(corpus: bool) -> list[Path]:
    if corpus:
        return page_files(need_corpus()) + ([SEED] if SEED.is_file() else [])
    return page_files(FIXTURE_WIKI)


@pytest.mark.parametrize("corpus", [False, True], ids=["fixtures", "corpus"])
@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_convert_equals_cli_stdin(fmt, corpus):
    """wikiconv.convert(text, title=T) == `wikiconv convert - --title T -t FMT`."""
    need_cli()
    for source in _sources(corpus):
        text = source.read_bytes()
        title = source.stem
        expected = run_cli("convert", "-", "--title", title, "-t", fmt, "-q", input=text).stdout
        got = wikiconv.convert(text.decode("utf-8", errors="replace"), to=fmt, title=title)
        assert isinstance(got, str)
        assert got.encode() == expected, f"{fmt}: {source.name}"


@pytest.mark.parametrize("corpus", [False, True], ids=["fixtures", "corpus"])
@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_document_to_equals_cli_file(fmt, corpus):
    """Wiki.load(file) -> Document -> .to(FMT) == `wikiconv convert FILE -t FMT`: the page goes
    through the Python tree and back without losing anything a writer prints."""
    need_cli()
    for source in _sources(corpus):
        expected = run_cli("convert", source, "-t", fmt, "-q").stdout
        wiki = wikiconv.Wiki.load(source)
        [doc] = list(wiki.values())
        got = doc.to(fmt)
        assert got.encode() == expected, f"{fmt}: {source.name}"


def _wiki_dir(corpus: bool) -> Path:
    return need_corpus() if corpus else FIXTURE_WIKI


@pytest.mark.parametrize("corpus", [False, True], ids=["fixtures", "corpus"])
@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_wiki_write_equals_cli(fmt, corpus, tmp_path):
    """Wiki.write(out, to=FMT) == `wikiconv convert WIKI -t FMT -o out`, with and without an
    identity filter, with one thread and with several."""
    need_cli()
    folder = _wiki_dir(corpus)
    info = next(f for f in FORMATS if f.name == fmt)
    suffix = "" if info.wiki_output == "directory" else "." + fmt
    cli_out = tmp_path / ("cli" + suffix)
    run_cli("convert", folder, "-t", fmt, "-o", cli_out, "-q")
    expected = tree_bytes(cli_out)
    assert expected

    wiki = wikiconv.Wiki.load(folder)
    py_out = tmp_path / ("py" + suffix)
    wiki.write(py_out, to=fmt)
    assert tree_bytes(py_out) == expected

    seen: list[str] = []
    filtered_out = tmp_path / ("filtered" + suffix)
    wiki.write(filtered_out, to=fmt, filter=lambda doc: seen.append(doc.title), threads=2)
    assert seen and set(seen) <= set(wiki.titles)  # (a writer may read a page twice, or skip one)
    assert tree_bytes(filtered_out) == expected


def test_writer_options_equal_cli_options(tmp_path):
    """Keyword options are the CLI's -O name=value (bools as true/false)."""
    need_cli()
    source = FIXTURE_WIKI / "Tankie.md"
    expected = run_cli("convert", source, "-t", "html", "-O", "standalone=true", "-q").stdout
    doc = wikiconv.Wiki.load(source)["Tankie"]
    assert doc.to("html", standalone=True).encode() == expected
    assert wikiconv.convert(source.read_text(), to="html", title="Tankie", standalone=True).encode() == \
        run_cli("convert", "-", "--title", "Tankie", "-t", "html", "-O", "standalone=true", "-q",
                input=source.read_bytes()).stdout
    assert "<html" in doc.to("html", standalone=True)
    assert "<html" not in doc.to("html", standalone=False)


def test_binary_formats_return_bytes():
    for f in FORMATS:
        result = wikiconv.convert("Some *text*.\n", to=f.name, title="Page")
        assert isinstance(result, bytes if f.binary else str), f.name


def test_dashed_options_as_keywords(tmp_path):
    """base_url=... is the CLI's -O base-url=... (EPUB), toc_depth=1 is -O toc-depth=1."""
    need_cli()
    if "epub" not in ALL_FORMATS:
        pytest.skip("the epub writer is not registered yet")
    url = "https://wiki.example.org/wiki/"
    run_cli("convert", FIXTURE_WIKI, "-t", "epub", "-o", tmp_path / "cli.epub", "-q", "-O", "toc-depth=1",
            "-O", f"base-url={url}", "-O", "title=Zine", "-O", "pages=category:Tankie")
    wiki = wikiconv.Wiki.load(FIXTURE_WIKI)
    wiki.write(tmp_path / "py.epub", to="epub", toc_depth=1, base_url=url, title="Zine", pages="category:Tankie")
    assert (tmp_path / "py.epub").read_bytes() == (tmp_path / "cli.epub").read_bytes()
    # The option took effect: links to pages outside the book point to the wiki.
    with zipfile.ZipFile(tmp_path / "py.epub") as book:
        text = b"".join(book.read(n) for n in book.namelist() if n.endswith(".xhtml"))
    assert url.encode() in text
