#!/usr/bin/python3
"""How many GFM spec examples render the same through wikitext and MediaWiki's parser as through
cmark-gfm: wikiconv's wikitext writer, and pandoc's (`pandoc -f gfm -t mediawiki`) for
comparison. "The same" is mwlib.comparable(): blocks, inline marks and text.

    WIKICONV=build/wikiconv tests/integration/mediawiki/spec_rate.py [--failures N] [--only 1,2]

Used by test_mediawiki.py; run on its own it prints both rates and the failing examples."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import mwlib  # noqa: E402
from mwlib import common  # noqa: E402


def wikiconv_wikitext(markdown: str) -> str:
    proc = subprocess.run([common.WIKICONV, "convert", "-", "-t", "wikitext", "--title", "Spec"],
                          input=markdown, capture_output=True, text=True, timeout=60)
    return proc.stdout if proc.returncode == 0 else f"WIKICONV FAILED: {proc.stderr}"


def pandoc_wikitext(markdown: str) -> str:
    proc = subprocess.run(["pandoc", "-f", "gfm", "-t", "mediawiki"], input=markdown,
                          capture_output=True, text=True, timeout=60)
    return proc.stdout if proc.returncode == 0 else ""


def measure(wiki: mwlib.MediaWiki, examples: list[dict], with_pandoc: bool = True) -> dict:
    """Renders every example both ways; returns rates and per-example results."""
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        expected = mwlib.browser_html(list(pool.map(lambda e: common.cmark_html(e["markdown"]), examples)))
        ours = list(pool.map(lambda e: wikiconv_wikitext(e["markdown"]), examples))
        theirs = list(pool.map(lambda e: pandoc_wikitext(e["markdown"]), examples)) if with_pandoc else []
    mwlib.upload_spec_pictures(wiki, examples)
    html = wiki.parse(ours + theirs)
    ours_html, theirs_html = html[:len(ours)], html[len(ours):]
    results = []
    ok = ok_pandoc = 0
    for i, e in enumerate(examples):
        want = mwlib.comparable(expected[i])
        got = mwlib.comparable(ours_html[i])
        same = want == got
        ok += same
        same_pandoc = None
        if with_pandoc:
            same_pandoc = mwlib.comparable(theirs_html[i]) == want
            ok_pandoc += same_pandoc
        results.append({"example": e, "wikitext": ours[i], "html": ours_html[i], "cmark": expected[i],
                        "want": want, "got": got, "same": same, "same_pandoc": same_pandoc})
    n = len(examples)
    return {"n": n, "ok": ok, "rate": ok / n if n else 0.0,
            "ok_pandoc": ok_pandoc, "rate_pandoc": ok_pandoc / n if n and with_pandoc else None,
            "results": results}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--failures", type=int, default=20, help="show this many failing examples")
    parser.add_argument("--only", help="comma-separated example numbers")
    parser.add_argument("--no-pandoc", action="store_true")
    args = parser.parse_args()
    examples = mwlib.spec_examples()
    if args.only:
        wanted = {int(x) for x in args.only.split(",")}
        examples = [e for e in examples if e["number"] in wanted]
    root = Path(tempfile.mkdtemp(prefix="wikiconv-mw-"))
    try:
        wiki = mwlib.MediaWiki(root)
        m = measure(wiki, examples, with_pandoc=not args.no_pandoc)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    shown = 0
    for r in m["results"]:
        if r["same"] or shown >= args.failures:
            continue
        shown += 1
        e = r["example"]
        print(f"--- example {e['number']} ({e['section']})")
        print("markdown:", repr(e["markdown"]))
        print("wikitext:", repr(r["wikitext"]))
        print("cmark:   ", r["want"])
        print("mw:      ", r["got"])
    print(f"wikiconv: {m['ok']}/{m['n']} = {100 * m['rate']:.1f}%")
    if m["rate_pandoc"] is not None:
        print(f"pandoc:   {m['ok_pandoc']}/{m['n']} = {100 * m['rate_pandoc']:.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
