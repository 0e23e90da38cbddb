"""The front door (issue 14) through the CLI: nothing lost, nothing half-written, no wrong input
accepted. Real signals to a running process; outputs compared byte for byte before and after."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from common import FIXTURE_WIKI, WIKICONV, run_cli


def tree_digest(path: Path) -> str:
    """Every file under `path` (or the file itself) with its bytes, as one digest."""
    h = hashlib.sha256()
    if path.is_file():
        h.update(path.read_bytes())
        return h.hexdigest()
    for p in sorted(path.rglob("*")):
        h.update(str(p.relative_to(path)).encode())
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


def leftovers(folder: Path) -> list[str]:
    """Staging or temporary entries a run left beside its output."""
    return [p.name for p in folder.iterdir() if p.name.startswith(".") and "wikiconv" in p.name or ".tmp" in p.name]


def slow_wiki(root: Path, pages: int = 400) -> Path:
    """A wiki big enough that a conversion is still running a moment after it starts."""
    root.mkdir()
    para = ("Text with *emphasis*, `code` and a <a href=\"Page_001\" class=\"wikilink\">link</a>.\n\n" * 400)
    for i in range(pages):
        (root / f"Page_{i:03}.md").write_text(f"# Page {i}\n\n{para}\n<table><tr><td><p>cell</p></td></tr></table>\n")
    return root


FORMATS = {"mediawiki": "dump.xml", "dokuwiki": "dw", "json": "json", "epub": "book.epub", "html": "html"}


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_interrupted_run_leaves_the_previous_output(tmp_path, fmt, sig):
    wiki = slow_wiki(tmp_path / "wiki")
    out = tmp_path / "out" / FORMATS[fmt]
    out.parent.mkdir()
    first = run_cli("convert", FIXTURE_WIKI, "-t", fmt, "-o", out, "-q")
    before = tree_digest(out)
    proc = subprocess.Popen([WIKICONV, "convert", str(wiki), "-t", fmt, "-o", str(out), "-j1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)
    if proc.poll() is not None:
        pytest.skip(f"{fmt} finished within 0.5 s: nothing to interrupt")
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + sig, err
    assert "interrupted" in err and "left as it was" in err, err
    assert tree_digest(out) == before, f"{fmt}: the previous output changed"
    assert leftovers(out.parent) == [], leftovers(out.parent)
    assert first.returncode == 0


def test_a_page_that_fails_leaves_the_previous_output(request):
    """An unreadable page (as `nobody`: root reads anything) fails the run; the old dump stays."""
    if os.geteuid() != 0 or not shutil.which("runuser"):
        pytest.skip("needs root and runuser to drop privileges")
    tmp = Path(tempfile.mkdtemp(prefix="wikiconv-door-"))
    request.addfinalizer(lambda: shutil.rmtree(tmp, ignore_errors=True))
    wiki = tmp / "wiki"
    shutil.copytree(FIXTURE_WIKI, wiki)
    out = tmp / "out"
    out.mkdir()
    for p in (tmp, wiki, out):
        p.chmod(0o777)
    for p in wiki.rglob("*"):
        p.chmod(0o777 if p.is_dir() else 0o666)
    dump = out / "dump.xml"
    as_nobody = ["runuser", "-u", "nobody", "--", WIKICONV, "convert", str(wiki), "-t", "mediawiki", "-o", str(dump)]
    probe = subprocess.run(["runuser", "-u", "nobody", "--", WIKICONV, "--version"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"nobody cannot run {WIKICONV}")
    r = subprocess.run(as_nobody + ["-q"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    before = dump.read_bytes()
    (wiki / "Mutual_Aid.md").chmod(0)
    r = subprocess.run(as_nobody, capture_output=True, text=True)
    assert r.returncode == 1, r.stderr
    assert "Mutual_Aid.md" in r.stderr and "nothing written" in r.stderr, r.stderr
    assert dump.read_bytes() == before
    assert leftovers(out) == []
    # --keep-going writes the others and says what is missing.
    r = subprocess.run(as_nobody + ["--keep-going"], capture_output=True, text=True)
    assert r.returncode == 1, r.stderr
    assert "1 with errors left out" in r.stderr, r.stderr
    assert b"<title>Mutual Aid</title>" in before and b"<title>Mutual Aid</title>" not in dump.read_bytes()


def test_wrong_input_is_refused_with_a_suggestion(tmp_path):
    cases = [
        (["convert", FIXTURE_WIKI, "-t", "mediwiki", "-o", tmp_path / "x"], 2, "did you mean mediawiki?"),
        (["convert", FIXTURE_WIKI, "-t", "epub", "-O", "titel=x", "-o", tmp_path / "x.epub"], 2, "did you mean title?"),
        (["convert", FIXTURE_WIKI, "-f", "mediawiki", "-t", "html", "-o", tmp_path / "h"], 2, "unknown input format"),
        (["convert", FIXTURE_WIKI, "-t", "html"], 2, "give -o FOLDER"),
        (["convert", FIXTURE_WIKI, "-t", "dokuwiki", "-o", tmp_path / "a-file" / "dir"], 3, "cannot make the folder"),
    ]
    (tmp_path / "a-file").write_text("a file, not a folder\n")
    for args, code, message in cases:
        r = run_cli(*args, check=False)
        assert r.returncode == code, (args, r.stderr)
        assert message in r.stderr, (args, r.stderr)
        assert not (tmp_path / "x").exists()
    # Missing folders on the way to the output are made, and removed again when the run fails.
    r = run_cli("convert", FIXTURE_WIKI, "-t", "dokuwiki", "-o", tmp_path / "new" / "dir")
    assert (tmp_path / "new" / "dir" / "pages").is_dir()
    r = run_cli("convert", FIXTURE_WIKI, "-t", "epub", "-O", "titel=x", "-o", tmp_path / "new2" / "x.epub", check=False)
    assert r.returncode == 2 and not (tmp_path / "new2").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("not a page\n")
    for args in (["convert", empty, "-t", "html", "-o", tmp_path / "h"], ["check", empty]):
        r = run_cli(*args, check=False)
        assert r.returncode == 1 and "no pages here" in r.stderr, r.stderr


def test_dot_named_pages_are_pages_and_leftovers_are_reported(tmp_path):
    wiki = tmp_path / "wiki"
    shutil.copytree(FIXTURE_WIKI, wiki)
    (wiki / ".NET_Security.md").write_text("A page whose title starts with a dot.\n")
    (wiki / ".#Tankie.md").write_text("an editor's lock file\n")
    r = run_cli("check", wiki, check=False)
    pages = sum(1 for p in wiki.rglob("*.md") if not p.name.startswith(".#"))
    assert f"pages: {pages}" in r.stdout, r.stdout
    assert ".#Tankie.md: warning: not read: an editor's lock file" in r.stderr, r.stderr


def test_stdout_and_quiet(tmp_path):
    r = run_cli("convert", FIXTURE_WIKI, "-t", "mediawiki", "-o", "-", "-q")
    assert r.stdout.startswith("<?xml") and "<mediawiki" in r.stdout and r.stderr == ""
    r = run_cli("convert", FIXTURE_WIKI / "Tankie.md", "-t", "wikitext", "-o", "-")
    assert "Tankie" in r.stdout
    assert not Path("-").exists()
