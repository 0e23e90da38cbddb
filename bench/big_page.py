#!/usr/bin/python3
"""One big Markdown page built from real pages: the 25 NixOS wiki pages of ../shared/corpus
(when present), the sample wiki's pages (fixtures/wiki) and pandoc's README (when installed),
concatenated and repeated until the page has the requested size. Deterministic for a size.

    big_page.py OUTPUT.md BYTES
"""

import argparse
import gzip
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def shared_dir():
    """../shared beside the repository (beside the main checkout when this is a git worktree);
    WIKICONV_SHARED points elsewhere."""
    if "WIKICONV_SHARED" in os.environ:
        return os.environ["WIKICONV_SHARED"]
    bases = [ROOT]
    try:
        common = subprocess.run(["git", "-C", ROOT, "rev-parse", "--path-format=absolute", "--git-common-dir"],
                                capture_output=True, text=True, check=True).stdout.strip()
        bases.append(os.path.dirname(common))
    except (OSError, subprocess.CalledProcessError):
        pass
    for base in bases:
        if os.path.isdir(os.path.join(os.path.dirname(base), "shared")):
            return os.path.join(os.path.dirname(base), "shared")
    return os.path.join(os.path.dirname(ROOT), "shared")


SHARED = shared_dir()
NIXOS = os.path.join(SHARED, "corpus", "nixos-wiki")
OWASP = os.path.join(SHARED, "corpus", "owasp-wiki")
PANDOC_README = "/usr/share/doc/pandoc/README.md.gz"


def markdown_files(folder):
    return sorted(os.path.relpath(os.path.join(d, f), folder)
                  for d, _, fs in os.walk(folder) for f in fs if f.endswith((".md", ".markdown")))


def unit():
    """The real pages, once, as one text (bytes)."""
    parts = []
    for folder in (NIXOS, os.path.join(ROOT, "fixtures", "wiki")):
        if os.path.isdir(folder):
            for rel in markdown_files(folder):
                with open(os.path.join(folder, rel), "rb") as f:
                    parts.append(f.read())
    if os.path.exists(PANDOC_README):
        with gzip.open(PANDOC_README) as f:
            parts.append(f.read())
    return b"\n\n".join(p.rstrip(b"\n") for p in parts) + b"\n\n"


def build(path, size):
    """Writes a page of about `size` bytes (whole real pages; the last one cut at a line end)."""
    block = unit()
    out = bytearray()
    while len(out) < size:
        out += block
    cut = out.rfind(b"\n", 0, size)
    text = bytes(out[: cut + 1 if cut > 0 else size])
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(text)
    os.replace(tmp, path)
    return len(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("output")
    ap.add_argument("bytes", type=int)
    args = ap.parse_args()
    n = build(args.output, args.bytes)
    print(f"{n} bytes in {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
