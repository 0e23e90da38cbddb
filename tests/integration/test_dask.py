"""python/examples/dask_convert.py: a sharded wiki converted with dask.bag on a dask.distributed
LocalCluster (2 worker processes on 127.0.0.1, no dashboard), each worker writing a dump part,
the parts merged: the result is byte for byte the single-process dump of the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from common import BUILD_DIR, CORPUS, FIXTURE_WIKI, SOURCE_DIR, run_cli

EXAMPLE = SOURCE_DIR / "python" / "examples" / "dask_convert.py"


@pytest.fixture(scope="module")
def env():
    pytest.importorskip("dask.bag")
    pytest.importorskip("dask.distributed")
    env = dict(os.environ)
    env.setdefault("PYTHONPATH", str(BUILD_DIR / "python"))
    env["SOURCE_DATE_EPOCH"] = "1700000000"
    proc = subprocess.run([sys.executable, "-c", "import wikiconv; print(' '.join(f.name for f in wikiconv.formats()))"],
                          env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.fail(f"the wikiconv package does not import:\n{proc.stderr}")
    if "mediawiki" not in proc.stdout.split():
        pytest.skip("the mediawiki writer is not registered yet")
    return env


@pytest.fixture(scope="module")
def wiki(tmp_path_factory) -> Path:
    """The sample wiki (namespaces, subfolders, media) plus the shared corpus when present."""
    root = tmp_path_factory.mktemp("sharded") / "wiki"
    shutil.copytree(FIXTURE_WIKI, root)
    if CORPUS.is_dir():
        for page in CORPUS.glob("*.md"):
            shutil.copy2(page, root / page.name)
    return root


def single_process_dump(wiki: Path, out: Path, env) -> bytes:
    os.environ["SOURCE_DATE_EPOCH"] = env["SOURCE_DATE_EPOCH"]
    run_cli("convert", wiki, "-t", "mediawiki", "-o", out, "-q")
    return out.read_bytes()


@pytest.mark.parametrize("shards", [7, 60])  # uneven parts; more parts than pages (empty ones)
def test_dask_dump_equals_single_process_dump(wiki, env, tmp_path, shards):
    expected = single_process_dump(wiki, tmp_path / "single.xml", env)
    out = tmp_path / "dask.xml"
    proc = subprocess.run([sys.executable, str(EXAMPLE), str(wiki), str(out), "--workers", "2",
                           "--shards", str(shards), "--memory-limit", "512MiB"],
                          env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == expected
    # A page per page file, and a File: page per media file (media/Logo.png, its bytes inside).
    assert expected.count(b"<page>") == len(list(wiki.rglob("*.md"))) + len(list((wiki / "media").iterdir()))
    assert not (tmp_path / "dask.xml.parts").exists()
