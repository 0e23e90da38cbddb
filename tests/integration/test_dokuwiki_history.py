"""Page histories from git into DokuWiki (-O history=all): a throwaway git repository (three
authors, a rename, twenty commits; git_wiki.py) is converted, the tree served by a throwaway
DokuWiki (Debian's code, compression=gz as its default config has it), and DokuWiki's own code
reads the history back (dokuwiki/page_history.php): PageChangeLog lists git's revisions (count,
authors, times, subjects), each old revision renders with its own text, the page is not taken
for an external edit, "Old revisions" and the diff show the authors and changes, and Recent
changes lists the pages' last changes; the image's two versions are in DokuWiki's media
changelog and media_attic."""

from __future__ import annotations

import filecmp
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "dokuwiki"))

from common import run_cli  # noqa: E402
from dw_harness import HERE, DokuWiki  # noqa: E402
from git_wiki import BOB, build_history_wiki  # noqa: E402

IDS = {"Mutual Aid": "mutual_aid", "Zine Making": "zine_making", "Food Not Bombs": "food_not_bombs"}


def user(author) -> str:
    return "bob" if author == BOB else author[0]  # the authors file maps Bob to the account "bob"


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("dw-history-repo")
    return root, build_history_wiki(root)


@pytest.fixture(scope="module")
def history(repo, tmp_path_factory):
    root, expected = repo
    work = tmp_path_factory.mktemp("dw-history")
    authors = work / "authors.txt"
    authors.write_text("Bob <bob@example.org> = bob\n")
    out = work / "out"
    run_cli("convert", root / "wiki", "-t", "dokuwiki", "-o", out, "-q", "-O", "history=all", "-O", f"authors={authors}")
    dokuwiki = DokuWiki(work / "dokuwiki", settings="$conf['compression'] = 'gz';\n")
    served = work / "served"  # DokuWiki writes its own metadata into meta/: a copy, not the output
    shutil.copytree(out, served)
    dokuwiki.use_tree(served)
    proc = subprocess.run([dokuwiki.php, str(HERE / "page_history.php"), str(dokuwiki.conf)],
                          input=json.dumps({"pages": list(IDS.values()), "media": ["logo.png"]}), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr + proc.stdout[:2000]
    return json.loads(proc.stdout), expected, out


def test_changelog_lists_gits_revisions(history):
    got, expected, _ = history
    for title, page_id in IDS.items():
        revisions = list(reversed(got["pages"][page_id]["revisions"]))  # DokuWiki: newest first
        assert [(r["user"], r["date"], r["sum"]) for r in revisions] == \
            [(user(a), t, s) for a, t, s in expected[title]], title
        assert [r["type"] for r in revisions] == ["C"] + ["E"] * (len(revisions) - 1)
    assert sum(len(p["revisions"]) for p in got["pages"].values()) == 20  # the image's two are not pages'


def test_current_revision_is_the_last_change_not_an_external_edit(history):
    got, expected, _ = history
    for title, page_id in IDS.items():
        page = got["pages"][page_id]
        last = page["revisions"][0]
        author, when, subject = expected[title][-1]
        # getCurrentRevisionInfo() adds a "timestamp" key and an "external edit" summary when the
        # page file and the changelog disagree.
        assert "timestamp" not in page["current"] and page["current"]["date"] == when == last["date"]
        assert page["last_change"]["date"] == when and page["last_change"]["sum"] == subject
        assert page["editor"] == user(author)
        assert page["creator"] == expected[title][0][0][0]
        assert set(page["contributor"]) == {user(a) for a, _, _ in expected[title][1:]}


def test_old_revisions_render_their_own_text(history):
    got, _, _ = history
    revisions = list(reversed(got["pages"]["mutual_aid"]["revisions"]))
    things = ["food", "rides", "rent", "childcare", "tools", "repairs", "tutoring", "rooms"]
    assert "Neighbours help neighbours." in revisions[0]["html"] and "<li" not in revisions[0]["html"]
    for k in range(1, 9):  # revision k lists the first k things
        html = revisions[k]["html"]
        assert all(f"> {t}</div>" in html or f">{t}<" in html or f" {t}\n" in html for t in things[:k]), (k, html)
        assert all(t not in html for t in things[k:]), (k, html)
        assert revisions[k]["text"].count("  * ") == k
    # The renamed page's history starts under its old name's text.
    zines = list(reversed(got["pages"]["zine_making"]["revisions"]))
    assert "<em>small</em>" not in zines[0]["html"] and "<em>small</em>" in zines[1]["html"]
    assert zines[-1]["html"].count("Step ") == 5 and zines[-3]["html"].count("Step ") == 3


def test_old_revisions_and_diff_pages(history):
    got, expected, _ = history
    for title, page_id in IDS.items():
        page = got["pages"][page_id]
        shown = page["old_revisions"]
        assert not shown.startswith("ERROR"), shown
        for author, _, subject in expected[title]:
            assert user(author) in shown and subject in shown, (title, subject)
        assert "external edit" not in shown
    diff = got["pages"]["mutual_aid"]["diff"]
    assert not diff.startswith("ERROR"), diff
    assert 'class="diff' in diff and "rides" in diff  # revision 2 added "rides"


def test_recent_changes_list_each_pages_last_change(history):
    got, expected, _ = history
    last = {IDS[t]: (user(revs[-1][0]), revs[-1][1]) for t, revs in expected.items() if t in IDS}
    assert {r[0]: (r[1], r[2]) for r in got["recent"]} == last
    assert [r[2] for r in got["recent"]] == sorted((r[2] for r in got["recent"]), reverse=True)


def test_media_changelog_lists_the_images_revisions(history, repo):
    got, expected, _ = history
    root, _ = repo
    media = got["media"]["logo.png"]
    revisions = list(reversed(media["revisions"]))
    assert [(r["user"], r["date"], r["sum"], r["type"]) for r in revisions] == \
        [(user(a), t, s, k) for (a, t, s), k in zip(expected["File:Logo.png"], "CE")]
    assert "timestamp" not in media["current"] and media["current"]["date"] == revisions[-1]["date"]
    # Each version's file is the image as git had it then.
    shas = subprocess.run(["git", "log", "--format=%H", "--reverse", "--", "wiki/Logo.png"], cwd=root,
                          capture_output=True, text=True, check=True).stdout.split()
    blobs = [subprocess.run(["git", "show", f"{sha}:wiki/Logo.png"], cwd=root, capture_output=True, check=True).stdout
             for sha in shas]
    assert len(blobs) == 2 and [r["md5"] for r in revisions] == [hashlib.md5(b).hexdigest() for b in blobs]
    last = expected["File:Logo.png"][-1]
    assert got["recent_media"] == [["logo.png", user(last[0]), last[1]]]


def test_same_tree_at_any_thread_count_and_latest_has_no_history(repo, tmp_path, history):
    root, _ = repo
    _, _, out = history
    one = tmp_path / "one"
    run_cli("convert", root / "wiki", "-t", "dokuwiki", "-o", one, "-q", "-j", "1", "-O", "history=all",
            "-O", f"authors={out.parent / 'authors.txt'}")
    for folder in ("pages", "attic", "meta", "media", "media_attic", "media_meta"):
        compared = filecmp.dircmp(one / folder, out / folder)
        assert not (compared.diff_files or compared.left_only or compared.right_only), folder
    latest = tmp_path / "latest"
    run_cli("convert", root / "wiki", "-t", "dokuwiki", "-o", latest, "-q")
    assert not (latest / "attic").exists() and not (latest / "meta").exists()
    bad = run_cli("convert", root / "wiki", "-t", "dokuwiki", "-o", tmp_path / "x", "-O", "history=some", check=False)
    assert bad.returncode != 0 and "history" in bad.stderr
