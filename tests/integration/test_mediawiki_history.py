"""Page histories from git into MediaWiki (-O history=all): a throwaway git repository holding a
small wiki (three commits by two authors, one a rename) is dumped, the dump validated against
export-0.11.xsd, imported with importDump.php into a throwaway wiki, and each page's revisions
read back from MediaWiki's database: authors, timestamps, comments and sha1 as git has them.
Importing the same dump again adds nothing; a dump made after a new commit adds only it."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "mediawiki"))

import common  # noqa: E402
import mwlib  # noqa: E402
from git_wiki import ANN, BOB, T0, git, iso  # noqa: E402

# What git holds, per page: (author, time, subject) of each commit that changed its file.
EXPECTED = {
    "Mutual Aid": [(ANN, T0, "Start the wiki"), (BOB, T0 + 3600, "Mutual aid: examples")],
    "Zine Making": [(ANN, T0, "Start the wiki"), (BOB, T0 + 3600, "Mutual aid: examples"),
                    (BOB, T0 + 7200, "Rename Zines to Zine Making")],
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    common.need_tool("git")
    root = tmp_path_factory.mktemp("history-repo")
    wiki = root / "wiki"
    wiki.mkdir()
    git(root, "init", "-q")
    (wiki / "Mutual_Aid.md").write_text("# Mutual Aid\n\nNeighbours help neighbours.\n")
    (wiki / "Zines.md").write_text("Zines are small magazines. See [[Mutual Aid]].\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Start the wiki", "-m", "The first two pages.", author=ANN, when=T0)
    (wiki / "Mutual_Aid.md").write_text("# Mutual Aid\n\nNeighbours help neighbours:\n\n- food\n- rides\n")
    (wiki / "Zines.md").write_text("Zines are *small* magazines. See [[Mutual Aid]].\n")
    git(root, "commit", "-q", "-am", "Mutual aid: examples", author=BOB, when=T0 + 3600)
    git(root, "mv", "wiki/Zines.md", "wiki/Zine_Making.md")
    git(root, "commit", "-q", "-m", "Rename Zines to Zine Making", author=BOB, when=T0 + 7200)
    return root


def dump(repo: Path, out: Path, *options: str) -> Path:
    args = ["convert", str(repo / "wiki"), "-t", "mediawiki", "-o", str(out), "-q", "-O", "history=all"]
    for o in options:
        args += ["-O", o]
    common.run_cli(*args)
    return out


@pytest.fixture(scope="module")
def imported(repo, tmp_path_factory):
    if not mwlib.have_mediawiki():
        pytest.skip("MediaWiki or php is not installed (scripts/install-deps test installs them)")
    common.need_tool("xmllint")
    work = tmp_path_factory.mktemp("history-wiki")
    authors = work / "authors.txt"
    authors.write_text("# git author = wiki user\nBob <bob@example.org> = Robert\n")
    out = dump(repo, work / "dump.xml", f"authors={authors}")
    schema = mwlib.local_schema(work)
    result = mwlib.xmllint_schema(schema, out)
    assert result.returncode == 0, result.stderr
    wiki = mwlib.MediaWiki(work / "wiki")
    wiki.import_dump(out)
    return wiki, out, work


def history(wiki: mwlib.MediaWiki) -> dict:
    return wiki.php_json("page_history.php")


def user(author) -> str:
    # importDump.php credits a user the wiki does not have as "imported>Name".
    name = "Robert" if author == BOB else author[0]
    return f"imported>{name}"


def test_every_revision_with_its_author_time_and_comment(imported):
    wiki, out, _ = imported
    pages = history(wiki)
    for title, revisions in EXPECTED.items():
        got = [(r["user"], r["timestamp"], r["comment"]) for r in pages[title]]
        assert got == [(user(a), iso(t), c) for a, t, c in revisions], title
    # Each revision's sha1 is the one in the dump (MediaWiki's own, of the text it stored).
    dumped = set(re.findall(r"<sha1>([^<]*)</sha1>", out.read_text()))
    assert {r["sha1"] for t, revs in pages.items() if t != "Main Page" for r in revs} == dumped
    # The rename: the old title redirects to the current one, credited to the renaming commit.
    assert [(r["user"], r["comment"]) for r in pages["Zines"]] == [(user(BOB), "Rename Zines to Zine Making")]
    assert "#REDIRECT [[:Zine Making]]" in out.read_text()


def test_reimport_adds_no_revisions(imported):
    wiki, out, _ = imported
    before = {t: len(r) for t, r in history(wiki).items()}
    wiki.import_dump(out)
    assert {t: len(r) for t, r in history(wiki).items()} == before


def test_newer_dump_adds_only_new_revisions(imported, repo):
    wiki, _, work = imported
    before = history(wiki)
    (repo / "wiki" / "Mutual_Aid.md").write_text("# Mutual Aid\n\nNeighbours help neighbours:\n\n- food\n- rides\n- rent\n")
    git(repo, "commit", "-q", "-am", "Add rent", author=ANN, when=T0 + 10800)
    wiki.import_dump(dump(repo, work / "newer.xml"))
    after = history(wiki)
    assert after["Mutual Aid"][:-1] == before["Mutual Aid"]
    assert (after["Mutual Aid"][-1]["user"], after["Mutual Aid"][-1]["comment"]) == (user(ANN), "Add rent")
    assert {t: len(r) for t, r in after.items() if t != "Mutual Aid"} == \
        {t: len(r) for t, r in before.items() if t != "Mutual Aid"}


def test_history_latest_is_todays_dump(repo, tmp_path):
    out = tmp_path / "latest.xml"
    common.run_cli("convert", str(repo / "wiki"), "-t", "mediawiki", "-o", str(out), "-q")
    text = out.read_text()
    assert text.count("<revision>") == 2 and "<username>wikiconv</username>" in text
    bad = common.run_cli("convert", str(repo / "wiki"), "-t", "mediawiki", "-o", str(tmp_path / "x.xml"),
                         "-O", "history=some", check=False)
    assert bad.returncode != 0 and "history" in bad.stderr
