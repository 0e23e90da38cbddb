"""Throwaway git repositories holding a wiki, for the history tests of every writer: `git()` runs
git with a fixed author and time, and `build_history_wiki()` makes the repository the issue
describes (three authors, a rename, an image changed twice, twenty commits) and returns what
git holds for each page, so a test can compare a consumer's view of the history with it."""

from __future__ import annotations

import datetime
import os
import struct
import subprocess
import zlib
from pathlib import Path

import common

ANN = ("Ann Archist", "ann@example.org")
BOB = ("Bob", "bob@example.org")
CLEO = ("Cléo Martin", "cleo@example.org")
T0 = 1700000000  # 2023-11-14T22:13:20Z


def git(repo: Path, *args: str, author=ANN, when: int = T0):
    env = dict(os.environ, GIT_AUTHOR_NAME=author[0], GIT_AUTHOR_EMAIL=author[1],
               GIT_AUTHOR_DATE=f"{when} +0000", GIT_COMMITTER_NAME="ci", GIT_COMMITTER_EMAIL="ci@example.org",
               GIT_COMMITTER_DATE=f"{when} +0000", GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=repo, env=env, check=True,
                   capture_output=True)


def iso(seconds: int) -> str:
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A one-colour PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def build_history_wiki(root: Path) -> dict:
    """A git repository at `root` with the wiki in root/wiki: twenty commits by three authors,
    one renaming "Zines" to "Zine Making", two changing the image Logo.png. Returns, per page
    title, its revisions as (author, time, subject), oldest first, and under "File:Logo.png" the
    image's."""
    common.need_tool("git")
    wiki = root / "wiki"
    wiki.mkdir(parents=True)
    git(root, "init", "-q")
    expected: dict[str, list] = {}
    when = T0
    files = {"Mutual_Aid.md": "Mutual Aid", "Zines.md": "Zine Making", "Food_Not_Bombs.md": "Food Not Bombs",
             "Logo.png": "File:Logo.png"}

    def commit(author, subject: str, *changed: str, rename: tuple[str, str] | None = None):
        nonlocal when
        when += 3600
        if rename:
            git(root, "mv", f"wiki/{rename[0]}", f"wiki/{rename[1]}")
            files[rename[1]] = files.pop(rename[0])
            expected[files[rename[1]]].append((author, when, subject))
            changed = ()
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", subject, author=author, when=when)
        for name in changed:
            expected.setdefault(files[name], []).append((author, when, subject))

    (wiki / "Mutual_Aid.md").write_text("# Mutual Aid\n\nNeighbours help neighbours.\n")
    (wiki / "Zines.md").write_text("Zines are small magazines. See [[Mutual Aid]].\n")
    commit(ANN, "Start the wiki", "Mutual_Aid.md", "Zines.md")
    things = ["food", "rides", "rent", "childcare", "tools", "repairs", "tutoring", "rooms"]
    authors = [BOB, CLEO, ANN]
    for k, thing in enumerate(things):  # commits 2..9
        items = "".join(f"- {t}\n" for t in things[:k + 1])
        (wiki / "Mutual_Aid.md").write_text(f"# Mutual Aid\n\nNeighbours help neighbours:\n\n{items}")
        commit(authors[k % 3], f"Mutual aid: {thing}", "Mutual_Aid.md")
    (wiki / "Logo.png").write_bytes(png(4, 4, (200, 30, 30)))
    (wiki / "Food_Not_Bombs.md").write_text("Food, not bombs.\n\n<a href=\"File:Logo.png\" class=\"wikilink\" title=\"The logo\">The logo</a>\n")
    commit(CLEO, "Food Not Bombs, with the logo", "Food_Not_Bombs.md", "Logo.png")  # 10
    (wiki / "Zines.md").write_text("Zines are *small* magazines. See [[Mutual Aid]].\n")
    commit(BOB, "Zines: emphasis", "Zines.md")  # 11
    commit(BOB, "Rename Zines to Zine Making", rename=("Zines.md", "Zine_Making.md"))  # 12
    for k in range(5):  # 13..17
        (wiki / "Zine_Making.md").write_text(
            "Zines are *small* magazines. See [[Mutual Aid]].\n\n" + "".join(f"Step {i + 1}.\n\n" for i in range(k + 1)))
        commit(authors[(k + 1) % 3], f"Zine making: step {k + 1}", "Zine_Making.md")
    (wiki / "Logo.png").write_bytes(png(4, 4, (30, 30, 200)))
    commit(ANN, "Logo: blue", "Logo.png")  # 18
    (wiki / "Food_Not_Bombs.md").write_text("Food, not bombs.\n\nCook together.\n\n<a href=\"File:Logo.png\" class=\"wikilink\" title=\"The logo\">The logo</a>\n")
    commit(BOB, "Food Not Bombs: cook together", "Food_Not_Bombs.md")  # 19
    (wiki / "Mutual_Aid.md").write_text("# Mutual Aid\n\nNeighbours help neighbours; see [[Zine Making]].\n")
    commit(CLEO, "Mutual aid: shorter", "Mutual_Aid.md")  # 20
    return expected
