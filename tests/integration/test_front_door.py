"""The front door (issue 14) through the CLI: nothing lost, nothing half-written, no wrong input
accepted. Real signals to a running process; outputs compared byte for byte before and after."""

from __future__ import annotations

import hashlib
import json
import re
import os
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

from common import BUILD_DIR, FIXTURE_WIKI, WIKICONV, run_cli


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
        (["convert", FIXTURE_WIKI, "-t", "dokuwiki", "-o", tmp_path / "no" / "such" / "dir"], 3, "does not exist"),
    ]
    for args, code, message in cases:
        r = run_cli(*args, check=False)
        assert r.returncode == code, (args, r.stderr)
        assert message in r.stderr, (args, r.stderr)
        assert not (tmp_path / "x").exists()
    assert not (tmp_path / "no").exists()
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


def python(code: str) -> subprocess.CompletedProcess:
    """Runs `code` with the build's Python package (as a user's script would)."""
    env = dict(os.environ, PYTHONPATH=str(BUILD_DIR / "python"))
    return subprocess.run(["/usr/bin/python3", "-c", code], capture_output=True, text=True, env=env, timeout=120)


def test_python_refuses_what_the_cli_refuses(tmp_path):
    """One front door: the same suggestions and error kinds from Python as from the CLI."""
    r = python(f"""
import wikiconv
wiki = wikiconv.Wiki.load({str(FIXTURE_WIKI)!r})
for call in (lambda: wiki.write({str(tmp_path / 'x.epub')!r}, to="epub", titel="x"),
             lambda: wikiconv.convert("x", to="mediwiki"),
             lambda: wikiconv.read("x").to("html", standalon=True),
             lambda: wiki.write({str(tmp_path / 'no' / 'dir' / 'x.xml')!r}, to="mediawiki")):
    try:
        call()
        print("accepted")
    except wikiconv.Error as e:
        print(type(e).__name__, isinstance(e, ValueError), e)
""")
    lines = r.stdout.splitlines()
    assert r.returncode == 0 and len(lines) == 4, r.stderr
    assert lines[0].startswith("UsageError True") and "did you mean title?" in lines[0]
    assert lines[1].startswith("UsageError True") and "did you mean mediawiki?" in lines[1]
    assert lines[2].startswith("UsageError True") and "did you mean standalone?" in lines[2]
    assert lines[3].startswith("OutputError False") and "does not exist" in lines[3]
    assert list(tmp_path.iterdir()) == []


def test_python_write_leaves_the_previous_output_on_errors(tmp_path):
    wiki = tmp_path / "wiki"
    shutil.copytree(FIXTURE_WIKI, wiki)
    out = tmp_path / "dump.xml"
    run_cli("convert", wiki, "-t", "mediawiki", "-o", out, "-q")
    before = out.read_bytes()
    # A page that cannot be read (root reads anything: a dangling symlink is unreadable to all).
    (wiki / "Mutual_Aid.md").unlink()
    (wiki / "Mutual_Aid.md").symlink_to(wiki / "gone.md")
    r = python(f"""
import wikiconv
wiki = wikiconv.Wiki.load({str(wiki)!r})
try:
    wiki.write({str(out)!r}, to="mediawiki")
except wikiconv.Error as e:
    print("error", e.file)
    print("unchanged", open({str(out)!r}, "rb").read() == {before!r})
wiki.write({str(out)!r}, to="mediawiki", keep_going=True)
""")
    assert f"error {wiki / 'Mutual_Aid.md'}\nunchanged True" in r.stdout, (r.stdout, r.stderr)
    # keep_going writes the other pages, then raises for the one left out.
    assert "wikiconv.Error" in r.stderr and "Mutual_Aid.md: error: cannot read file: dangling symlink" in r.stderr, r.stderr
    after = out.read_bytes()
    assert after != before and b"<title>Mutual Aid</title>" in before and b"<title>Mutual Aid</title>" not in after
    assert leftovers(tmp_path) == []


def test_diagnostics_name_the_path_as_given_with_line_and_column(tmp_path):
    """`wikiconv: PATH:LINE:COL: warning: ...`, PATH openable from where the command ran."""
    wiki = tmp_path / "wikis" / "mine"
    (wiki / "sub").mkdir(parents=True)
    (wiki / "sub" / "Bad.md").write_bytes("# Bad\n\nñ \xff\n".encode("latin-1").replace(b"\xf1", "ñ".encode()))
    r = subprocess.run([WIKICONV, "convert", "wikis/mine/", "-t", "json", "-o", "out"], cwd=tmp_path,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "wikiconv: wikis/mine/sub/Bad.md:3:3: warning: 1 invalid UTF-8 byte(s)" in r.stderr, r.stderr
    assert (tmp_path / "wikis/mine/sub/Bad.md").exists()
    r = subprocess.run([WIKICONV, "check", "--strict", "wikis/mine"], cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 1 and "wikiconv: wikis/mine/sub/Bad.md:3:3: error: " in r.stderr, r.stderr


def test_repeated_warnings_are_summarised_and_check_reports_missing_images(tmp_path):
    wiki = tmp_path / "wiki"
    wiki.mkdir()
    for i in range(40):
        (wiki / f"Page_{i:02}.md").write_text(f"# Page {i}\n\n![a picture](Missing_{i}.png)\n")
    r = run_cli("convert", wiki, "-t", "epub", "-o", tmp_path / "book.epub")
    shown = [l for l in r.stderr.splitlines() if "not found in the wiki's media" in l]
    assert len(shown) == 3, r.stderr
    assert "... and 37 more like this: epub: an image not in the wiki's media" in r.stderr, r.stderr
    r = run_cli("convert", wiki, "-t", "epub", "-o", tmp_path / "book.epub", "--verbose")
    assert len([l for l in r.stderr.splitlines() if "not found in the wiki's media" in l]) == 40
    r = run_cli("check", wiki)
    assert "missing images: 40" in r.stdout and f"{wiki}/Page_07.md:3: Missing_7.png (in Page 07)" in r.stdout, r.stdout
    j = json.loads(run_cli("check", wiki, "--json").stdout)
    assert len(j["missing_images"]) == 40 and j["missing_images"][0]["target"] == "Missing_0.png"


def test_option_values_that_name_nothing_are_usage_errors(tmp_path):
    """Exit 2 with the reason, even under -q, and nothing written (not exit 3: the output is fine)."""
    for option, message in [("pages=category:Nope", 'no page is in the category "Nope"'),
                            ("pages=Tankie,Nope", 'there is no page "Nope"'),
                            ("toc-depth=deep", "toc-depth")]:
        r = run_cli("convert", FIXTURE_WIKI, "-t", "epub", "-O", option, "-o", tmp_path / "b.epub", "-q", check=False)
        assert r.returncode == 2 and message in r.stderr, (option, r.stderr)
    assert list(tmp_path.iterdir()) == []


def wiki_with_bad_pages(root: Path, bad: set[int], pages: int = 30) -> Path:
    """Pages that link to each other; those in `bad` hold a byte that is not UTF-8."""
    root.mkdir()
    for i in range(pages):
        body = f"# Page {i}\n\nSee [[Page {(i + 1) % pages}]] and *more*.\n"
        data = body.encode() + (b"bad \xff byte\n" if i in bad else b"")
        (root / f"Page_{i}.md").write_bytes(data)
    return root


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_keep_going_leaves_out_pages_that_fail_while_converting(tmp_path, fmt):
    """--strict makes a page with invalid UTF-8 fail while it is converted, not when the folder
    is read: without --keep-going nothing is written; with it, every other page is, each failing
    page is reported once with its line and column, and the run exits 1."""
    bad = {3, 7, 20}
    wiki = wiki_with_bad_pages(tmp_path / "wiki", bad)
    out = tmp_path / "out" / FORMATS[fmt]
    out.parent.mkdir()
    run_cli("convert", FIXTURE_WIKI, "-t", fmt, "-o", out, "-q")
    before = tree_digest(out)
    r = run_cli("convert", wiki, "-t", fmt, "-o", out, "--strict", "-j2", check=False)
    assert r.returncode == 1 and "nothing written" in r.stderr, r.stderr
    assert tree_digest(out) == before
    r = run_cli("convert", wiki, "-t", fmt, "-o", out, "--strict", "--keep-going", "-j2", "-v", check=False)
    assert r.returncode == 1, r.stderr
    errors = [line for line in r.stderr.splitlines() if ": error: " in line]
    assert sorted(errors) == sorted(f"wikiconv: {wiki / f'Page_{i}.md'}:4:5: error: 1 invalid UTF-8 byte(s)"
                                    for i in bad), r.stderr
    assert "3 with errors left out" in r.stderr, r.stderr
    # Warnings are not repeated by the attempts that met a failing page.
    warnings = [line for line in r.stderr.splitlines() if ": warning: " in line]
    assert len(warnings) == len(set(warnings)), r.stderr
    # The output holds exactly the other pages.
    good = [i for i in range(30) if i not in bad]
    if fmt == "mediawiki":
        titles = re.findall(r"<title>([^<]*)</title>", out.read_text())
        assert titles == sorted(f"Page {i}" for i in good)
    elif fmt == "dokuwiki":
        assert sorted(p.name for p in (out / "pages").glob("*.txt")) == sorted(f"page_{i}.txt" for i in good)
    elif fmt == "epub":
        with zipfile.ZipFile(out) as book:
            text = " ".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
        for i in range(30):
            assert (f"Page {i}</h1>" in text) == (i in good), i
    else:
        names = sorted(p.stem for p in out.iterdir())
        assert names == sorted(f"Page {i}" for i in good), names
    assert leftovers(out.parent) == []


def test_keep_going_with_every_page_failing_writes_nothing(tmp_path):
    wiki = wiki_with_bad_pages(tmp_path / "wiki", set(range(4)), pages=4)
    out = tmp_path / "dump.xml"
    r = run_cli("convert", wiki, "-t", "mediawiki", "-o", out, "--strict", "--keep-going", check=False)
    assert r.returncode == 1 and "no page could be converted" in r.stderr, r.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == [tmp_path / "wiki"]


def test_python_keep_going_leaves_out_pages_that_fail_while_converting(tmp_path):
    wiki = wiki_with_bad_pages(tmp_path / "wiki", {5})
    out = tmp_path / "dump.xml"
    r = python(f"""
import wikiconv
wiki = wikiconv.Wiki.load({str(wiki)!r}, strict=True)
try:
    wiki.write({str(out)!r}, to="mediawiki")
except wikiconv.Error as e:
    print("error", e.file, e.line, e.column)
import os
print("written", os.path.exists({str(out)!r}))
try:
    wiki.write({str(out)!r}, to="mediawiki", keep_going=True)
except wikiconv.Error as e:
    print("kept going", e.file)
""")
    page = wiki / "Page_5.md"
    assert r.stdout.splitlines() == [f"error {page} 4 5", "written False", f"kept going {page}"], (r.stdout, r.stderr)
    titles = re.findall(r"<title>([^<]*)</title>", out.read_text())
    assert titles == sorted(f"Page {i}" for i in range(30) if i != 5)


def test_python_ctrl_c_cancels_a_write_and_leaves_the_previous_output(tmp_path):
    """SIGINT to a Python script in Wiki.write(): KeyboardInterrupt within a moment, the previous
    output unchanged, nothing left behind (Python's handler alone would wait for the whole run)."""
    wiki = slow_wiki(tmp_path / "wiki", pages=1500)
    out = tmp_path / "out" / "dump.xml"
    out.parent.mkdir()
    run_cli("convert", FIXTURE_WIKI, "-t", "mediawiki", "-o", out, "-q")
    before = tree_digest(out)
    env = dict(os.environ, PYTHONPATH=str(BUILD_DIR / "python"))
    script = f"""
import sys, time, wikiconv
wiki = wikiconv.Wiki.load({str(wiki)!r})
print("start", flush=True)
t = time.monotonic()
try:
    wiki.write({str(out)!r}, to="mediawiki", threads=1)
    print("finished")
except KeyboardInterrupt:
    print("interrupted after", round(time.monotonic() - t, 2))
"""
    proc = subprocess.Popen(["/usr/bin/python3", "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    assert proc.stdout.readline() == "start\n"
    time.sleep(0.5)
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out_text, err = proc.communicate(timeout=60)
    waited = time.monotonic() - sent
    if out_text.startswith("finished"):
        pytest.skip("the write finished before the signal")
    assert out_text.startswith("interrupted after"), (out_text, err)
    assert waited < 5, f"KeyboardInterrupt came {waited:.1f} s after Ctrl-C"
    assert tree_digest(out) == before
    assert leftovers(out.parent) == []


def test_several_page_files_form_one_wiki(tmp_path):
    """pandoc joins several inputs; wikiconv makes them the pages of one wiki, titled by their
    paths below their common folder, and refuses what cannot be meant."""
    pages = [FIXTURE_WIKI / "Anti-Tankie.md", FIXTURE_WIKI / "Mutual_Aid.md", FIXTURE_WIKI / "Guides" / "Zine_Making.md"]
    dump = tmp_path / "dump.xml"
    r = run_cli("convert", *pages, "-t", "mediawiki", "-o", dump)
    assert f"({len(pages)} pages, mediawiki)" in r.stderr, r.stderr
    whole = tmp_path / "whole.xml"
    run_cli("convert", FIXTURE_WIKI, "-t", "mediawiki", "-o", whole, "-q")
    titles = re.findall(r"<title>([^<]*)</title>", dump.read_text())
    assert len(titles) == len(pages) and set(titles) <= set(re.findall(r"<title>([^<]*)</title>", whole.read_text()))
    r = run_cli("check", *pages)
    assert f"pages: {len(pages)}" in r.stdout, r.stdout
    for args, message in [((pages[0], pages[0]), "given twice"), ((pages[0], FIXTURE_WIKI), "give a wiki folder"),
                          ((pages[0], pages[1], "--title", "X"), "--title names one page")]:
        r = run_cli("convert", *args, "-t", "mediawiki", "-o", tmp_path / "x.xml", check=False)
        assert r.returncode == 2 and message in r.stderr, r.stderr
    assert not (tmp_path / "x.xml").exists()
