#!/usr/bin/python3
"""How many GFM spec examples render the same through DokuWiki text and DokuWiki's own parser as
through cmark-gfm: wikiconv's DokuWiki writer, and pandoc's (`pandoc -f gfm -t dokuwiki`) for
comparison. "The same" is dw_harness's structure comparison (blocks, inline marks, text).

    WIKICONV=build/wikiconv /usr/bin/python3 tests/integration/dokuwiki/spec_rate.py [--failures N] [--only 1,2]

Used by test_dokuwiki.py; run on its own it prints both rates and the failing examples."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "spec"))

import common  # noqa: E402
import gfm_spec  # noqa: E402
from dw_harness import DokuWiki, cmark_structure, dokuwiki_structure  # noqa: E402


# The spec's links to "/url" are on the site its Markdown was written for: tell the writer
# which one (without it, a root-relative link that is no article path of the wiki is text).
ROOT_URL = "root-url=https://spec.example.org"


def wikiconv_dokuwiki(markdown: str) -> str:
    proc = subprocess.run([common.WIKICONV, "convert", "-", "-t", "dokuwiki", "--title", "Spec", "-O", ROOT_URL],
                          input=markdown, capture_output=True, text=True, timeout=60)
    return proc.stdout if proc.returncode == 0 else f"WIKICONV FAILED: {proc.stderr}"


def pandoc_dokuwiki(markdown: str) -> str:
    proc = subprocess.run(["pandoc", "-f", "gfm", "-t", "dokuwiki"], input=markdown,
                          capture_output=True, text=True, timeout=60)
    return proc.stdout if proc.returncode == 0 else ""


def cmark(markdown: str) -> str:
    return common.cmark_html(markdown)


def measure(wiki: DokuWiki, examples, with_pandoc: bool = True, threads: int = 4) -> dict:
    with ThreadPoolExecutor(threads) as pool:
        reference = list(pool.map(cmark, [e.markdown for e in examples]))
        ours = list(pool.map(wikiconv_dokuwiki, [e.markdown for e in examples]))
        theirs = list(pool.map(pandoc_dokuwiki, [e.markdown for e in examples])) if with_pandoc else []
    snippets = {f"w{e.number}": text for e, text in zip(examples, ours)}
    snippets.update({f"p{e.number}": text for e, text in zip(examples, theirs)})
    rendered = wiki.render_snippets(snippets, page_id="spec")
    results = []
    for i, e in enumerate(examples):
        want = cmark_structure(reference[i])
        got = dokuwiki_structure(rendered[f"w{e.number}"])
        row = {"example": e, "want": want, "ours": got, "ours_text": ours[i], "ours_ok": got == want}
        if with_pandoc:
            p = dokuwiki_structure(rendered[f"p{e.number}"])
            row.update({"pandoc": p, "pandoc_ok": p == want})
        results.append(row)
    n = len(results)
    rates = {"examples": n, "wikiconv": sum(r["ours_ok"] for r in results) / n}
    if with_pandoc:
        rates["pandoc"] = sum(r["pandoc_ok"] for r in results) / n
    return {"rates": rates, "results": results}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--failures", type=int, default=20)
    ap.add_argument("--only", default="")
    ap.add_argument("--no-pandoc", action="store_true")
    args = ap.parse_args()
    examples = gfm_spec.examples()
    if args.only:
        wanted = {int(x) for x in args.only.split(",")}
        examples = [e for e in examples if e.number in wanted]
    with tempfile.TemporaryDirectory() as tmp:
        result = measure(DokuWiki(Path(tmp)), examples, with_pandoc=not args.no_pandoc)
    shown = 0
    for r in result["results"]:
        if r["ours_ok"] or shown >= args.failures:
            continue
        shown += 1
        e = r["example"]
        print(f"--- example {e.number} ({e.section})\n{e.markdown}--- dokuwiki:\n{r['ours_text']}"
              f"--- want {r['want']}\n--- got  {r['ours']}\n")
    from collections import Counter
    failed = Counter(r["example"].section for r in result["results"] if not r["ours_ok"])
    print("failures by section:", dict(failed.most_common()))
    print(result["rates"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
