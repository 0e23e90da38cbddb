"""The examples of the GitHub Flavored Markdown spec (spec.txt beside this file), read the way
cmark-gfm's test/spec_tests.py reads them: (number, section, markdown, html), with the spec's
'→' standing for a tab. Shared by the target tests that measure how many examples come through
a writer and its wiki engine the same as through cmark-gfm.

    /usr/bin/python3 tests/integration/spec/gfm_spec.py     # prints the count per section
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

SPEC = Path(__file__).resolve().parent / "spec.txt"
FENCE = "`" * 32


class Example(NamedTuple):
    number: int
    section: str
    markdown: str
    html: str
    extension: str  # "" or the extension named on the fence: table, strikethrough, autolink, ...


def examples(path: Path = SPEC) -> list[Example]:
    out: list[Example] = []
    section = ""
    state = 0  # 0 prose, 1 markdown, 2 html
    markdown: list[str] = []
    html: list[str] = []
    extension = ""
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        stripped = line.rstrip("\n")
        if state == 0:
            if stripped.startswith(FENCE + " example"):
                state = 1
                extension = stripped[len(FENCE) + len(" example"):].strip()
                markdown, html = [], []
                continue
            m = re.match(r"#{1,6} +(.*)", stripped)
            if m:
                section = m.group(1).strip()
            continue
        if state == 1:
            if stripped == ".":
                state = 2
            else:
                markdown.append(line)
            continue
        if stripped == FENCE:
            out.append(Example(len(out) + 1, section, "".join(markdown).replace("→", "\t"),
                               "".join(html).replace("→", "\t"), extension))
            state = 0
        else:
            html.append(line)
    return out


if __name__ == "__main__":
    from collections import Counter
    ex = examples()
    for name, n in Counter(e.section for e in ex).items():
        print(f"{n:4d}  {name}")
    print(f"{len(ex)} examples")
