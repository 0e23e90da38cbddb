"""The Python package's tests (python/tests), run by ctest against the build's package
(PYTHONPATH=<build>/python) and CLI (WIKICONV): byte equality with the CLI on the fixtures and
the corpus, tree editing, filters, threads, errors, help and stubs."""

from __future__ import annotations

import os
import subprocess
import sys

from common import BUILD_DIR, SOURCE_DIR


def test_python_package():
    env = dict(os.environ)
    env.setdefault("PYTHONPATH", str(BUILD_DIR / "python"))
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
                           str(SOURCE_DIR / "python" / "tests")],
                          env=env, capture_output=True, text=True, timeout=1200)
    print(proc.stdout[-20000:])
    print(proc.stderr[-5000:], file=sys.stderr)
    assert proc.returncode == 0, f"python/tests failed (exit {proc.returncode}); output above"
