"""The progress bar of whole-wiki conversions: on stderr when stderr is a terminal (checked
through a real pseudo-terminal) or with --progress, silent otherwise and with --quiet, for every
registered format, and never mixed into the output."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys

import pytest

from common import FIXTURE_WIKI, SOURCE_DIR, WIKICONV, run_cli

# "writing [#####.....] 3/6 pages  50%  ..." (the label is the writer's: "writing", "epub").
BAR = re.compile(r"(\w+) \[([#.]{30})\] (\d+)/(\d+) pages +(\d+)%")


def formats() -> list[str]:
    out = run_cli("formats").stdout
    return re.findall(r"^  ([a-z0-9_-]+): ", out, re.M)


def run_raw(*args) -> subprocess.CompletedProcess:
    """Runs wikiconv with stderr as bytes decoded without newline translation (the bar's
    carriage returns stay)."""
    proc = subprocess.run([WIKICONV, *map(str, args)], stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=300)
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 0, stderr
    proc.stderr = stderr
    return proc


def output_path(tmp_path, fmt: str) -> str:
    return str(tmp_path / ("out.epub" if fmt == "epub" else "out.xml" if fmt == "mediawiki" else "out"))


def page_count(wiki) -> int:
    return int(re.search(r"pages: (\d+)", run_cli("check", wiki, check=False).stdout).group(1))


def last_drawing(stderr: str):
    """The final state of the bar: the last of the drawings separated by carriage returns."""
    drawings = [m for m in BAR.finditer(stderr)]
    assert drawings, f"no progress bar in stderr: {stderr!r}"
    return drawings[-1]


def run_on_pty(args: list[str]) -> tuple[int, str]:
    """Runs wikiconv with stderr on a pseudo-terminal (stdout a pipe); returns (exit, stderr)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([WIKICONV, *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            proc.kill()
            raise AssertionError("wikiconv did not finish within 60 s")
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the terminal's other side is closed, the child is done
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    proc.stdout.read()
    proc.wait(timeout=60)
    return proc.returncode, b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize("fmt", formats())
def test_progress_flag_draws_the_bar_to_the_end(tmp_path, fmt):
    proc = run_raw("convert", FIXTURE_WIKI, "-t", fmt, "-o", output_path(tmp_path, fmt), "--progress")
    bar = last_drawing(proc.stderr)
    done, total = int(bar.group(3)), int(bar.group(4))
    assert done == total > 0
    assert bar.group(2) == "#" * 30 and bar.group(5) == "100"
    # Drawn in place and ended with a newline before the summary line.
    assert "\r" in proc.stderr
    assert re.search(r"pages +100%[^\n]*\nwikiconv: wrote ", proc.stderr), proc.stderr
    # A whole-wiki writer counts every page it takes (the EPUB counts its articles).
    if fmt != "epub":
        assert total == page_count(FIXTURE_WIKI)


@pytest.mark.parametrize("fmt", formats())
def test_silent_without_a_terminal(tmp_path, fmt):
    proc = run_raw("convert", FIXTURE_WIKI, "-t", fmt, "-o", output_path(tmp_path, fmt))
    assert not BAR.search(proc.stderr) and "\r" not in proc.stderr, proc.stderr
    quiet = run_raw("convert", FIXTURE_WIKI, "-t", fmt, "-o", output_path(tmp_path, fmt) + "2", "--quiet")
    assert quiet.stderr == ""


def test_output_is_the_same_with_and_without_the_bar(tmp_path):
    with_bar, without = tmp_path / "a.xml", tmp_path / "b.xml"
    fmt = "mediawiki" if "mediawiki" in formats() else "json"
    if fmt == "json":
        with_bar, without = tmp_path / "a", tmp_path / "b"
    env_args = ["-t", fmt, "-j2"]
    run_cli("convert", FIXTURE_WIKI, *env_args, "-o", with_bar, "--progress")
    run_cli("convert", FIXTURE_WIKI, *env_args, "-o", without, "--quiet")
    read = lambda p: p.read_bytes() if p.is_file() else sorted((f.name, f.read_bytes()) for f in p.rglob("*") if f.is_file())
    assert read(with_bar) == read(without)


def test_terminal_gets_the_bar_and_quiet_silences_it(tmp_path):
    code, stderr = run_on_pty(["convert", str(FIXTURE_WIKI), "-t", "json", "-o", str(tmp_path / "tty")])
    assert code == 0, stderr
    bar = last_drawing(stderr)
    assert bar.group(3) == bar.group(4) == str(page_count(FIXTURE_WIKI))
    assert "wikiconv: wrote" in stderr

    code, stderr = run_on_pty(["convert", str(FIXTURE_WIKI), "-t", "json", "-o", str(tmp_path / "q"), "-q"])
    assert code == 0 and stderr == "", stderr


def test_bar_counts_a_larger_wiki_on_two_threads(tmp_path):
    """A generated wiki of 400 pages: every page is counted once, the bar ends at 400/400."""
    sys.path.insert(0, str(SOURCE_DIR / "bench"))
    import generate_wiki

    wiki = tmp_path / "wiki"
    generate_wiki.generate(str(wiki), 400, seed=3)
    fmt = "dokuwiki" if "dokuwiki" in formats() else "html"
    code, stderr = run_on_pty(["convert", str(wiki), "-t", fmt, "-j2", "-o", str(tmp_path / "out")])
    assert code == 0, stderr
    bar = last_drawing(stderr)
    assert bar.group(3) == bar.group(4) == "400"
    # Every drawing counts up, never past the total.
    counts = [int(m.group(3)) for m in BAR.finditer(stderr)]
    assert counts == sorted(counts) and counts[-1] == 400
