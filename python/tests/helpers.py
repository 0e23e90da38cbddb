"""Shared helpers of the Python package's tests: where the repository, the CLI and the corpus
are. Run by ctest (tests/integration/test_python.py) with the build's package on PYTHONPATH, or
by hand after `pip install ./python`: `WIKICONV=build/wikiconv python3 -m pytest python/tests`."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SOURCE_DIR = Path(os.environ.get("WIKICONV_SOURCE_DIR", Path(__file__).resolve().parents[2]))
BUILD_DIR = Path(os.environ.get("WIKICONV_BUILD_DIR", SOURCE_DIR / "build"))
FIXTURE_WIKI = SOURCE_DIR / "fixtures" / "wiki"
SHARED = SOURCE_DIR.parent / "shared"
CORPUS = SHARED / "corpus" / "nixos-wiki"
SEED = SHARED / "seed" / "Anti-Tankie.md"

# Deterministic timestamps in dumps and books, in this process and in the CLI's.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")


def cli_path() -> str | None:
    candidates = [os.environ.get("WIKICONV"), str(BUILD_DIR / "wikiconv"), shutil.which("wikiconv")]
    for c in candidates:
        if c and Path(c).is_file() and os.access(c, os.X_OK):
            return c
    return None


def need_cli() -> str:
    path = cli_path()
    if not path:
        pytest.skip("the wikiconv CLI is not built (set WIKICONV=path/to/wikiconv)")
    return path


def need_corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not here")
    return CORPUS


def run_cli(*args, input: bytes | None = None, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([need_cli(), *map(str, args)], input=input, capture_output=True, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"wikiconv {' '.join(map(str, args))} exited {proc.returncode}:\n"
                             f"{proc.stderr.decode(errors='replace')}")
    return proc


def tree_bytes(path: Path) -> dict[str, bytes]:
    """A file, or every file below a folder, as relative path -> bytes."""
    if path.is_file():
        return {"": path.read_bytes()}
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def page_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.md") if p.is_file())
