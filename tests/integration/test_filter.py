"""`wikiconv convert --filter PROG`: each page's JSON through any program, as pandoc's --filter,
with a filter in Python (wikiconv.filters) and one in shell; failures are errors naming the
page's file. Results checked in the output format's own reader (cmark-gfm for gfm)."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import common  # noqa: E402

PAGE = "Some *text* about zines and [a link](Other_Page \"wikilink\").\n"


def program(path: Path, text: str) -> Path:
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def env_with_module() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(common.BUILD_DIR / "python") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_python_filter_with_helper(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", env_with_module()["PYTHONPATH"])
    prog = program(tmp_path / "upper.py", "#!/usr/bin/python3\n"
                   "from wikiconv.filters import run_filter\n"
                   "def upper(node, format, page):\n"
                   "    if node['t'] == 'Text':\n"
                   "        return {'t': 'Text', 'text': node['text'].upper() + '/' + format}\n"
                   "    if node['t'] == 'WikiLink':\n"
                   "        node['target'] = 'Renamed Page'\n"
                   "run_filter(upper)\n")
    (tmp_path / "Page.md").write_text(PAGE)
    out = common.run_cli("convert", tmp_path / "Page.md", "-t", "gfm", "--filter", prog).stdout
    html = common.cmark_html(out)
    assert "ABOUT ZINES AND /gfm" in html and "<em>TEXT/gfm</em>" in html
    assert 'href="Renamed_Page" title="wikilink">A LINK/gfm</a>' in html


def test_shell_filter_and_chain(tmp_path):
    sed = program(tmp_path / "zines.sh", "#!/bin/sh\nexec sed 's/zines/pamphlets/g'\n")
    cat = program(tmp_path / "cat.sh", "#!/bin/sh\ncat\n")
    (tmp_path / "wiki").mkdir()
    (tmp_path / "wiki" / "Page.md").write_text(PAGE)
    (tmp_path / "wiki" / "Other_Page.md").write_text("zines zines\n")
    common.run_cli("convert", tmp_path / "wiki", "-t", "gfm", "-o", tmp_path / "out", "--filter", sed,
                   "--filter", cat, "-q")
    assert "pamphlets pamphlets" in common.cmark_html((tmp_path / "out" / "Other_Page.md").read_text())
    assert "about pamphlets" in common.cmark_html((tmp_path / "out" / "Page.md").read_text())


def test_failing_filter_names_the_page(tmp_path):
    bad = program(tmp_path / "bad.sh", "#!/bin/sh\ncat >/dev/null\necho 'boom: cannot cope' >&2\nexit 3\n")
    junk = program(tmp_path / "junk.sh", "#!/bin/sh\ncat >/dev/null\necho not json\n")
    (tmp_path / "wiki").mkdir()
    (tmp_path / "wiki" / "Page.md").write_text(PAGE)
    out = tmp_path / "out"
    proc = common.run_cli("convert", tmp_path / "wiki", "-t", "gfm", "-o", out, "--filter", bad, check=False)
    assert proc.returncode == 1 and not out.exists()
    assert "Page.md" in proc.stderr and "exit status 3" in proc.stderr and "boom: cannot cope" in proc.stderr
    proc = common.run_cli("convert", tmp_path / "wiki" / "Page.md", "-t", "gfm", "--filter", junk, check=False)
    assert proc.returncode == 1 and "Page.md" in proc.stderr and "no page JSON" in proc.stderr
    proc = common.run_cli("convert", tmp_path / "wiki" / "Page.md", "-t", "gfm", "--filter", tmp_path / "nope",
                          check=False)
    assert proc.returncode == 1 and "cannot run" in proc.stderr


def test_filter_rename_warns(tmp_path):
    ren = program(tmp_path / "ren.sh", "#!/bin/sh\nexec sed 's/\"title\":\"Other Page\"/\"title\":\"Moved\"/'\n")
    (tmp_path / "wiki").mkdir()
    (tmp_path / "wiki" / "Page.md").write_text(PAGE)
    (tmp_path / "wiki" / "Other_Page.md").write_text("text\n")
    proc = common.run_cli("convert", tmp_path / "wiki", "-t", "gfm", "-o", tmp_path / "out", "--filter", ren)
    assert "renamed \"Other Page\" to \"Moved\"" in proc.stderr
    assert (tmp_path / "out" / "Moved.md").is_file()
