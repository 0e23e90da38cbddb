"""Reliability and security of the wikiconv CLI (issue 8), end to end: a 50 MB page and a million
links in bounded time and memory, cmark's pathological inputs, bad bytes, hostile wikis that try
to write outside -o, interrupted runs (kill -9), unreadable files, and safe output from every
registered writer (writers registered later are picked up from `wikiconv formats`)."""

from __future__ import annotations

import html
import html.parser
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

from common import FIXTURE_WIKI, WIKICONV, run_cli

MB = 1024 * 1024


def formats() -> list[str]:
    out = run_cli("formats").stdout
    return re.findall(r"^  ([a-z0-9_-]+): ", out, re.M)


def measure(args, timeout: float, stdin: bytes | None = None):
    """Runs the CLI and reaps it with os.wait4, so the RSS is exactly this process's: returns
    (exit code, stderr, seconds, max RSS in MB)."""
    cmd = [WIKICONV, *map(str, args)]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if stdin is not None:
        proc.stdin.write(stdin)
        proc.stdin.close()
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            pytest.fail(f"wikiconv {' '.join(map(str, args))} took more than {timeout} s")
        time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace")
    return proc.returncode, err, time.monotonic() - start, usage.ru_maxrss / 1024


# --- big and many ---------------------------------------------------------------------------

def big_page(size: int) -> bytes:
    unit = ("## Section\n\nSome *text* with **bold**, `code`, a [link](https://example.org/x) and a "
            "<a href=\"Main_Page\" class=\"wikilink\" title=\"Main Page\">wiki link</a>.\n\n"
            "- item one\n- item two\n  - nested\n\n> quoted text\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n")
    data = unit.encode()
    return data * (size // len(data) + 1)


@pytest.mark.parametrize("fmt,size_mb", [("html", 50), ("json", 10)])
def test_big_page_in_bounded_time_and_memory(tmp_path, fmt, size_mb):
    page = tmp_path / "Big.md"
    page.write_bytes(big_page(size_mb * MB))
    out = tmp_path / f"big.{fmt}"
    code, err, seconds, rss = measure(["convert", page, "-t", fmt, "-o", out, "-q"], timeout=400)
    assert code == 0, err
    assert out.stat().st_size > size_mb * MB
    print(f"{size_mb} MB page -> {fmt}: {seconds:.1f} s, max RSS {rss:.0f} MB")
    # Linear in the input. This Markdown has a node every 5 bytes and a Node is 144 bytes: the
    # model alone takes about 30 bytes per byte. cmark's tree of a big page is never whole (each
    # block's inlines are parsed when the reader comes to it, and the block freed once mapped):
    # the 50 MB page to html 1.8 GB (2.6 GB with the whole tree), 10 MB to json 0.42 GB.
    assert rss < 50 * size_mb, f"max RSS {rss:.0f} MB for a {size_mb} MB page"
    assert seconds < 6 * size_mb


def test_million_links_on_one_page(tmp_path):
    page = tmp_path / "Links.md"
    page.write_bytes(b"".join(b"[l%d](u%d) " % (i, i) for i in range(500_000)) + b"\n\n" +
                     b"".join(b'<a href="P%d" class="wikilink" title="P">p</a> ' % i for i in range(500_000)))
    out = tmp_path / "links.html"
    code, err, seconds, rss = measure(["convert", page, "-t", "html", "-o", out, "-q"], timeout=300)
    assert code == 0, err
    html = out.read_text()
    assert html.count("<a href") == 1_000_000
    print(f"a million links -> html: {seconds:.1f} s, max RSS {rss:.0f} MB")
    assert rss < 2500
    assert seconds < 120


def pathological_cases() -> dict[str, str]:
    """cmark's test/pathological_tests.py cases at their sizes, plus GFM tables."""
    return {
        "nested strong emph": "*a **a " * 65000 + "b" + " a** a*" * 65000,
        "many emph closers with no openers": "a_ " * 65000,
        "many emph openers with no closers": "_a " * 65000,
        "many link closers with no openers": "a]" * 65000,
        "many link openers with no closers": "[a" * 65000,
        "mismatched openers and closers": "*a_ " * 50000,
        "openers and closers multiple of 3": "a**b" + "c* " * 50000,
        "link openers and emph closers": "[ a_" * 50000,
        "pattern [ (]( repeated": "[ (](" * 80000,
        "pattern ![[]() repeated": "![[]()" * 160000,
        "hard link/emph case": "**x [a*b**c*](d)",
        "nested brackets": "[" * 50000 + "a" + "]" * 50000,
        "nested block quotes": "> " * 50000 + "a",
        "deeply nested lists": "".join("  " * x + "* a\n" for x in range(1000)),
        "U+0000 in input": "abc\u0000de\u0000",
        "backticks": "".join("e" + "`" * x for x in range(1, 5000)),
        "unclosed links A": "[a](<b" * 30000,
        "unclosed links B": "[a](b" * 30000,
        "unclosed <!--": "</" + "<!--" * 300000,
        "many references": "".join(f"[{i}]: u{i}\n" for i in range(50000)) + "".join(f"[{i}] " for i in range(50000)),
        "table with many columns": "|a" * 10000 + "|\n" + "|-" * 10000 + "|\n" + ("|b" * 10000 + "|\n") * 20,
        "table rows autocompleted": "x" + "|x" * 1000 + "\n" + "-|" * 1000 + "-\n" + "x\n" * 20000,
        "many emphasis underscores": "_" * 100000 + "a" + "_" * 100000,
        "email autolinks": "a@" * 100000 + "b.c",
    }


@pytest.mark.parametrize("name", list(pathological_cases()))
def test_pathological_input(tmp_path, name):
    text = pathological_cases()[name]
    page = tmp_path / "P.md"
    page.write_text(text)
    code, err, seconds, rss = measure(["convert", page, "-t", "html", "-o", tmp_path / "p.html", "-q"], timeout=60)
    print(f"{name}: exit {code}, {seconds:.2f} s, {rss:.0f} MB")
    # A correct result, or a clear error naming the file; never a crash.
    assert code in (0, 1), err
    if code == 1:
        assert "P.md" in err and "error" in err, err
    assert seconds < 10, f"{name}: {seconds:.1f} s"
    assert rss < 1500


# --- bad bytes --------------------------------------------------------------------------------

def test_invalid_utf8_warning_names_file_line_and_column_and_strict_fails(tmp_path):
    page = tmp_path / "Bad.md"
    page.write_bytes(b"# Title\n\nsome text \xff\xfe and \xc3( more\n")
    lenient = run_cli("convert", page, "-t", "html", check=False)
    assert lenient.returncode == 0
    assert f"wikiconv: {page}:3:11: warning: 3 invalid UTF-8 byte(s)" in lenient.stderr, lenient.stderr
    assert "\ufffd" in lenient.stdout
    strict = run_cli("convert", "--strict", page, "-t", "html", check=False)
    assert strict.returncode == 1
    assert f"wikiconv: {page}:3:11: error: 3 invalid UTF-8" in strict.stderr, strict.stderr


def test_nul_crlf_cr_and_bom_give_the_same_page():
    base = "# T\n\nline one\nline two\n\n- a\n- b\n"
    want = run_cli("convert", "-", "-t", "html", input=base).stdout
    for variant in (base.replace("\n", "\r\n"), base.replace("\n", "\r"), "\ufeff" + base.replace("\n", "\r\n")):
        assert run_cli("convert", "-", "-t", "html", input=variant.encode()).stdout.decode() == want
    nul = run_cli("convert", "-", "-t", "json", input=b"a\x00b\n")
    assert b"\\u0000" not in nul.stdout and b"\x00" not in nul.stdout
    assert "a\ufffdb" in nul.stdout.decode()


# --- titles, collisions, paths ------------------------------------------------------------------

def test_check_lists_illegal_titles_and_fails_on_collisions(tmp_path):
    wiki = tmp_path / "wiki"
    wiki.mkdir()
    (wiki / "a[b].md").write_text("one\n")
    (wiki / "Dots.md").write_text("---\ntitle: ../../etc/passwd\n---\nx\n")
    (wiki / "Long.md").write_text("---\ntitle: " + "y" * 300 + "\n---\nx\n")
    report = run_cli("check", "--json", wiki)
    data = json.loads(report.stdout)
    renamed = json.dumps(data)
    for f in ("a[b].md", "Dots.md", "Long.md"):
        assert f in renamed, report.stdout
    (wiki / "A［b］.md").write_text("two\n")  # what a[b] maps to
    clash = run_cli("check", wiki, check=False)
    assert clash.returncode == 1
    assert "a[b].md" in clash.stdout + clash.stderr and "A［b］.md" in clash.stdout + clash.stderr
    for fmt in formats():
        out = tmp_path / f"out-{fmt}"
        r = run_cli("convert", wiki, "-t", fmt, "-o", out, "-q", check=False)
        assert r.returncode == 1, f"{fmt}: a collision must fail the run"
        assert not out.exists() or not any(p.is_file() for p in out.rglob("*")), f"{fmt} wrote output"


def hostile_wiki(root: Path) -> Path:
    wiki = root / "wiki"
    (wiki / "sub").mkdir(parents=True)
    (wiki / "Main.md").write_text(
        "[up](../../escaped.html) [abs](/tmp/escaped) [[../../../x]] "
        '<a href="../../../../etc/passwd" class="wikilink" title="x">x</a> '
        "![img](../../../../etc/passwd) ![abs](/etc/passwd) [[File:../../../etc/passwd]]\n")
    (wiki / "A.md").write_text("---\ntitle: ../../escaped\n---\nx\n")
    (wiki / "B.md").write_text("---\ntitle: /tmp/escaped-abs\n---\nx\n")
    (wiki / "C.md").write_text("---\ntitle: x/../../../escaped2\n---\nx\n")
    (wiki / "D.md").write_text("<!-- Source page: ..\\..\\escaped4 -->\nx\n")
    (wiki / "sub" / "index.md").write_text("<!-- Source page: ../../../escaped3 -->\nx\n")
    (wiki / "Media:..%2f..%2fx.md").write_text("x\n")
    (wiki / "..evil.png").write_bytes(b"\x89PNG\r\n")
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("SECRET PAGE TEXT\n")
    (outside / "secret.png").write_bytes(b"SECRET MEDIA BYTES")
    (wiki / "Evil.md").symlink_to(outside / "secret.md")
    (wiki / "Logo.png").symlink_to(outside / "secret.png")
    (wiki / "EvilDir").symlink_to(outside)
    return wiki


def test_no_title_or_link_writes_outside_the_output(tmp_path):
    wiki = hostile_wiki(tmp_path)
    deep = tmp_path / "a" / "b"
    # As pandoc: a folder the output would go into must exist (a typo in it creates nothing).
    r = run_cli("convert", wiki, "-t", "mediawiki", "-o", deep / "out.xml", check=False)
    assert r.returncode == 3 and "does not exist" in r.stderr, r.stderr
    assert not (tmp_path / "a").exists()
    deep.mkdir(parents=True)
    before = {p for p in tmp_path.rglob("*")}
    outputs: list[str] = []
    for fmt in formats():
        out = deep / f"out-{fmt}"
        outputs.append(str(out))
        r = run_cli("convert", wiki, "-t", fmt, "-o", out, "-q", check=False)
        assert r.returncode in (0, 1), f"{fmt}: {r.stderr}"
        for p in tmp_path.rglob("*"):
            if p in before or p == tmp_path / "a" or p == deep:
                continue
            assert any(str(p) == o or str(p).startswith(o + "/") for o in outputs), f"{fmt} wrote outside -o: {p}"
        written = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file()) if out.is_dir() else (
            out.read_bytes() if out.exists() else b"")
        if out.is_file() and zipfile.is_zipfile(out):
            with zipfile.ZipFile(out) as z:
                for name in z.namelist():
                    assert not name.startswith("/") and ".." not in name.split("/"), f"{fmt}: zip member {name}"
                written = b"".join(z.read(n) for n in z.namelist())
        assert b"SECRET" not in written, f"{fmt} followed a symlink out of the wiki"
    for p in (Path("/tmp/escaped"), Path("/tmp/escaped-abs"), tmp_path / "escaped", tmp_path / "escaped.html"):
        assert not p.exists()


def test_devices_and_pipes_are_written_into_not_replaced(tmp_path):
    """-o /dev/null or a named pipe: the output goes into it, as with a shell's >. A staged file
    renamed over /dev/null once replaced the device with a regular file for every program on
    the machine (found when CI's fresh root could not run apt: gpgv writes to /dev/null)."""
    page = FIXTURE_WIKI / "Tankie.md"
    null = Path("/dev/null")
    assert null.is_char_device()
    try:
        for fmt, src in (("html", page), ("wikitext", page), ("mediawiki", FIXTURE_WIKI), ("epub", FIXTURE_WIKI)):
            run_cli("convert", src, "-t", fmt, "-o", null, "-q")
            assert null.is_char_device(), f"{fmt}: /dev/null is no longer a device"
        assert not [p for p in Path("/dev").iterdir() if ".wikiconv-" in p.name]
    finally:
        if not null.is_char_device() and os.geteuid() == 0:  # put the machine right for what runs next
            null.unlink()
            os.mknod(null, 0o666 | 0o020000, os.makedev(1, 3))
            os.chmod(null, 0o666)
    expected = tmp_path / "expected.xml"
    run_cli("convert", FIXTURE_WIKI, "-t", "mediawiki", "-o", expected, "-q")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    run_cli("convert", FIXTURE_WIKI, "-t", "mediawiki", "-o", fifo, "-q")
    got, _ = reader.communicate(timeout=60)
    assert got == expected.read_bytes()
    assert fifo.is_fifo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["expected.xml", "pipe"]
    # A folder cannot go into a device: a clear error, the device untouched.
    r = run_cli("convert", FIXTURE_WIKI, "-t", "dokuwiki", "-o", null, check=False)
    assert r.returncode == 3 and "a file of that name exists" in r.stderr, r.stderr
    assert null.is_char_device()


def test_symlinks_out_of_the_wiki_are_reported(tmp_path):
    wiki = hostile_wiki(tmp_path)
    r = run_cli("check", wiki, check=False)
    for name in ("Evil.md", "Logo.png", "EvilDir"):
        assert name in r.stderr, r.stderr
    assert "SECRET" not in r.stdout


# --- unreadable input ---------------------------------------------------------------------------

def test_unreadable_entries_are_reported_with_their_path(tmp_path):
    wiki = tmp_path / "wiki"
    wiki.mkdir()
    (wiki / "Main.md").write_text("hello\n")
    (wiki / "Dangling.md").symlink_to(wiki / "nowhere.md")
    os.mkfifo(wiki / "Pipe.md")
    r = run_cli("check", wiki, check=False, timeout=30)  # a FIFO must not block the run
    assert r.returncode == 1
    assert "Dangling.md" in r.stderr and "Pipe.md" in r.stderr, r.stderr


def test_permission_denied_is_reported_with_its_path(request):
    """Tests run as root, who reads anything: the CLI runs as `nobody` to be refused."""
    if os.geteuid() != 0 or not shutil.which("runuser"):
        pytest.skip("needs root and runuser to drop privileges")
    tmp_path = Path(tempfile.mkdtemp(prefix="wikiconv-perm-"))  # pytest's tmp_path is 0700
    request.addfinalizer(lambda: shutil.rmtree(tmp_path, ignore_errors=True))
    wiki = tmp_path / "wiki"
    wiki.mkdir()
    (wiki / "Main.md").write_text("hello\n")
    (wiki / "Secret.md").write_text("secret\n")
    (wiki / "Secret.md").chmod(0)
    (wiki / "Locked").mkdir()
    (wiki / "Locked" / "Inner.md").write_text("x\n")
    (wiki / "Locked").chmod(0)
    for p in (tmp_path, wiki):
        p.chmod(0o755)
    request.addfinalizer(lambda: [(wiki / "Locked").chmod(0o755), (wiki / "Secret.md").chmod(0o644)])
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o777)
    probe = subprocess.run(["runuser", "-u", "nobody", "--", WIKICONV, "--version"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"nobody cannot run {WIKICONV}: {probe.stderr!r}")
    html = out / "html"
    as_nobody = ["runuser", "-u", "nobody", "--", WIKICONV, "convert", str(wiki), "-t", "html", "-o", str(html), "-q"]
    # An earlier complete output, written while every file was readable.
    (wiki / "Secret.md").chmod(0o644)
    (wiki / "Locked").chmod(0o755)
    assert subprocess.run(as_nobody, capture_output=True, timeout=60).returncode == 0
    before = {p.relative_to(html): p.read_bytes() for p in html.rglob("*") if p.is_file()}
    assert Path("Secret.html") in before
    (wiki / "Secret.md").chmod(0)
    (wiki / "Locked").chmod(0)
    # Errors: reported with their paths, and nothing written (the old output byte for byte).
    r = subprocess.run(as_nobody, capture_output=True, text=True, timeout=60)
    assert r.returncode == 1, r.stderr
    assert "Secret.md" in r.stderr and "ermission denied" in r.stderr, r.stderr
    assert "Locked" in r.stderr and "nothing written" in r.stderr, r.stderr
    assert {p.relative_to(html): p.read_bytes() for p in html.rglob("*") if p.is_file()} == before
    # --keep-going writes what converted and says what did not.
    r = subprocess.run(as_nobody[:-1] + ["--keep-going"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 1, r.stderr
    assert "Secret.md" in r.stderr and "2 with errors left out" in r.stderr, r.stderr
    assert (html / "Main.html").exists() and not (html / "Secret.html").exists()


# --- interrupted runs ---------------------------------------------------------------------------

def test_kill_9_never_leaves_complete_looking_output(tmp_path):
    wiki = tmp_path / "wiki"
    wiki.mkdir()
    body = big_page(256 * 1024)
    for i in range(120):
        (wiki / f"Page_{i:03}.md").write_bytes(body)
    interrupted = 0
    for fmt in formats():
        out = tmp_path / f"out-{fmt}"
        proc = subprocess.Popen([WIKICONV, "convert", str(wiki), "-t", fmt, "-o", str(out), "-q", "-j1"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.7)
        if proc.poll() is not None:
            continue  # finished already: nothing to interrupt
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        interrupted += 1
        if not out.exists():
            continue
        if out.is_file():
            pytest.fail(f"{fmt}: a killed run left {out}, which looks complete")
        # A folder of pages: whatever has its final name is complete (it ends as one page's
        # output ends); half-written pages may only exist under a temporary dot-name.
        reference = None
        for p in out.rglob("*"):
            if not p.is_file() or (p.name.startswith(".") and ".tmp" in p.name):
                continue
            if reference is None:
                one = run_cli("convert", wiki / "Page_000.md", "-t", fmt, input=None)
                reference = one.stdout.encode()
            data = p.read_bytes()
            assert len(data) >= len(reference) - 1000 and data.endswith(reference[-200:]), \
                f"{fmt}: {p} is incomplete ({len(data)} of {len(reference)} bytes)"
    if interrupted == 0:
        pytest.skip("every writer finished within 0.7 s; nothing was interrupted")


# --- safe output ----------------------------------------------------------------------------------

XSS = """<script>alert(1)</script>

<img src=x onerror=alert(1)> <a href="&#1;javascript:alert(1)">a</a> <a href="javascript:alert(1)">b</a>

[c](javascript:alert(1)) ![d](javascript:alert(1)) <span onclick="alert(1)">e</span>

<div onmouseover="alert(1)">f</div>

<svg><a><animate attributeName=href values=javascript:alert(1) /><text>g</text></a></svg>

<iframe src="javascript:alert(1)"></iframe><object data="x"></object><style>x</style>
"""

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
                  "srcdoc", "to", "from", "values", "by", "dynsrc", "lowsrc"}


class _ScriptFinder(html.parser.HTMLParser):
    """Reads markup as a browser's tokenizer does and notes script elements, event handlers and
    script URLs (attribute values arrive decoded, so &#1;javascript: is seen as such)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed", "frame", "applet"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") and len(name) > 2:
                self.found.append(f"{name} on <{tag}>")
            if name not in URL_ATTRIBUTES:
                continue  # a title that reads "javascript:..." is only text
            for part in (value or "").split(";"):
                scheme = "".join(c for c in part if ord(c) > 0x20).lower()
                if scheme.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.found.append(f"{name}={value!r} on <{tag}>")

    handle_startendtag = handle_starttag


def unsafe_markup(markup: str) -> list[str]:
    finder = _ScriptFinder()
    finder.feed(markup)
    finder.close()
    return finder.found


def test_html_and_epub_output_carry_no_script(tmp_path):
    page = tmp_path / "Xss.md"
    page.write_text(XSS)
    out = run_cli("convert", page, "-t", "html", "-O", "standalone=true").stdout
    assert not unsafe_markup(out), unsafe_markup(out)
    assert unsafe_markup(XSS), "the checker must see the payloads"
    if "epub" not in formats():
        pytest.skip("epub writer not registered yet")
    book = tmp_path / "x.epub"
    run_cli("convert", page, "-t", "epub", "-o", book)
    with zipfile.ZipFile(book) as z:
        for name in z.namelist():
            if name.endswith((".xhtml", ".html")):
                text = z.read(name).decode()
                assert not unsafe_markup(text), (name, unsafe_markup(text))


# Tags MediaWiki's parser accepts (Sanitizer's allow list plus core parser extension tags);
# anything else in wikitext output must be escaped.
MEDIAWIKI_TAGS = {
    "b", "bdi", "del", "i", "ins", "u", "font", "big", "small", "sub", "sup", "h1", "h2", "h3", "h4", "h5",
    "h6", "cite", "code", "em", "s", "strike", "strong", "tt", "var", "div", "center", "blockquote", "ol",
    "ul", "dl", "table", "caption", "pre", "ruby", "rb", "rp", "rt", "rtc", "p", "span", "abbr", "dfn",
    "kbd", "samp", "data", "time", "mark", "br", "wbr", "hr", "li", "dt", "dd", "td", "th", "tr", "q",
    "nowiki", "syntaxhighlight", "source", "ref", "references", "gallery", "math", "includeonly",
    "noinclude", "onlyinclude", "poem", "templatestyles", "chem", "score", "graph", "section",
}


def tags_outside_literal_blocks(text: str, literal: tuple[str, ...]) -> set[str]:
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)  # comments show nothing
    for tag in literal:
        text = re.sub(rf"<{tag}\b[^>]*>.*?</{tag}\s*>", " ", text, flags=re.S | re.I)
    return {m.lower() for m in re.findall(r"<\s*/?\s*([A-Za-z][A-Za-z0-9:-]*)", text)}


def test_mediawiki_output_uses_only_tags_mediawiki_accepts(tmp_path):
    fmts = formats()
    wikitext_formats = [f for f in ("wikitext", "mediawiki") if f in fmts]
    if not wikitext_formats:
        pytest.skip("no MediaWiki writer registered yet")
    page = tmp_path / "Xss.md"
    page.write_text(XSS + "\n<blink>x</blink> <marquee>y</marquee> <form><input></form> <x-custom>z</x-custom>\n")
    for fmt in wikitext_formats:
        r = run_cli("convert", page, "-t", fmt, check=False)
        if r.returncode != 0:
            continue
        text = r.stdout
        if text.lstrip().startswith("<?xml") or text.lstrip().startswith("<mediawiki"):
            texts = re.findall(r"<text[^>]*>(.*?)</text>", text, re.S)
            text = "\n".join(html.unescape(t) for t in texts)
        bad = tags_outside_literal_blocks(text, ("nowiki", "pre", "syntaxhighlight", "source", "math")) - MEDIAWIKI_TAGS
        assert not bad, f"{fmt} writes tags MediaWiki does not accept: {sorted(bad)}"
        live = re.sub(r"<!--.*?-->|<nowiki>.*?</nowiki>", " ", text, flags=re.S)
        assert not unsafe_markup(live), f"{fmt}: {unsafe_markup(live)}"


def test_dokuwiki_output_never_uses_raw_html_or_php(tmp_path):
    if "dokuwiki" not in formats():
        pytest.skip("dokuwiki writer not registered yet")
    page = tmp_path / "Xss.md"
    page.write_text(XSS + "\n<html><b>x</b></html> <php>echo 1;</php> <HTML>y</HTML>\n")
    text = run_cli("convert", page, "-t", "dokuwiki").stdout
    outside = re.sub(r"<nowiki>.*?</nowiki>|%%.*?%%|<code\b.*?</code>|<file\b.*?</file>", " ", text, flags=re.S)
    for tag in ("html", "HTML", "php", "PHP"):
        assert f"<{tag}>" not in outside, f"dokuwiki output has <{tag}>:\n{text}"
    bad = tags_outside_literal_blocks(outside, ()) - {"del", "sub", "sup", "nowiki", "code", "file", "wrap", "WRAP"}
    assert not bad, f"dokuwiki output has tags DokuWiki does not accept: {sorted(bad)}"


# The real engines: what they render from our output must carry no script either.

def xss_pages() -> dict[str, str]:
    """The payloads one per page (so one that breaks its page's markup does not hide the rest),
    plus all of them on one page."""
    from itertools import count
    pages = {f"p{i}": block for i, block in zip(count(), XSS.split("\n\n")) if block.strip()}
    pages["all"] = XSS
    return pages


def test_mediawiki_renders_our_wikitext_without_script(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parent / "mediawiki"))
    import mwlib
    if "wikitext" not in formats():
        pytest.skip("wikitext writer not registered yet")
    if not mwlib.have_mediawiki():
        pytest.skip("MediaWiki is not installed (scripts/install-deps test installs it)")
    texts = [run_cli("convert", "-", "-t", "wikitext", input=md).stdout for md in xss_pages().values()]
    rendered = mwlib.MediaWiki(tmp_path / "mw").parse(texts)
    for md, out in zip(xss_pages().values(), rendered):
        assert not unsafe_markup(out), (md, unsafe_markup(out))


def test_dokuwiki_renders_our_output_without_script(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parent / "dokuwiki"))
    import dw_harness
    if "dokuwiki" not in formats():
        pytest.skip("dokuwiki writer not registered yet")
    texts = {name: run_cli("convert", "-", "-t", "dokuwiki", input=md).stdout for name, md in xss_pages().items()}
    rendered = dw_harness.DokuWiki(tmp_path / "dw").render_snippets(texts)
    assert set(rendered) == set(texts)
    for name, out in rendered.items():
        assert not unsafe_markup(out), (xss_pages()[name], unsafe_markup(out))


def test_titles_that_one_target_merges_are_kept_or_fail_the_run(tmp_path):
    """Distinct MediaWiki titles that a target cannot tell apart (DokuWiki ids are lower case and
    deaccented; file systems may fold case): each page survives, or the run fails naming them."""
    wiki = tmp_path / "wiki"
    wiki.mkdir()
    pages = {"Foo bar.md": "PAGE-ONE", "FOO bar.md": "PAGE-TWO", "Föo bar.md": "PAGE-THREE", "Foo-bar.md": "PAGE-FOUR"}
    for name, text in pages.items():
        (wiki / name).write_text(text + "\n")
    for fmt in formats():
        out = tmp_path / f"out-{fmt}"
        r = run_cli("convert", wiki, "-t", fmt, "-o", out, "-q", check=False)
        if r.returncode != 0:
            assert "error" in r.stderr, f"{fmt}: failed without saying why"
            continue
        files = [out] if out.is_file() else [p for p in out.rglob("*") if p.is_file()]
        blob = b""
        for p in files:
            if zipfile.is_zipfile(p):
                with zipfile.ZipFile(p) as z:
                    blob += b"".join(z.read(n) for n in z.namelist())
            else:
                blob += p.read_bytes()
        for text in pages.values():
            assert text.encode() in blob, f"{fmt}: {text} was lost (overwritten?)"
