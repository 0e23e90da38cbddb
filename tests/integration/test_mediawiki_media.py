"""The wiki's media files into MediaWiki (-O media=embed, the default): a throwaway git repository
holding a small wiki (three authors, twenty commits, a page renamed, an image changed twice, an
image renamed, an image with a description page file) is dumped with history=all, the dump validated against
export-0.11.xsd (its UploadType as MediaWiki's own exporter writes it), imported with
`importDump.php --uploads` into a throwaway wiki, and read back from MediaWiki: the File: pages
exist, the pages show the images (no red links), a renamed file's old title redirects to it, each
file's versions (image and oldimage tables)
are git's, with their authors, times, comments and bytes; importing the dump again adds nothing."""

from __future__ import annotations

import hashlib
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "mediawiki"))

import common  # noqa: E402
import mwlib  # noqa: E402
from test_mediawiki_history import git, iso  # noqa: E402

ANN = ("Ann Archist", "ann@example.org")
BOB = ("Bob", "bob@example.org")
CAT = ("Cat Noir", "cat@example.org")
T0 = 1700000000


def png(rgb: tuple[int, int, int], size: int = 8) -> bytes:
    """A small PNG of one colour (MediaWiki reads its size and shows it as it is)."""
    raw = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


RED, BLUE, GREEN, GREY, GOLD = (png((200, 0, 0)), png((0, 0, 200)), png((0, 160, 0)), png((90, 90, 90), 12),
                                png((220, 180, 0), 6))


def sha1(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


# Each file's versions as git has them: (author, time, subject, bytes).
LOGO = [(ANN, T0 + 1 * 3600, "Add the logo", RED), (BOB, T0 + 3 * 3600, "Blue logo", BLUE),
        (CAT, T0 + 18 * 3600, "Green logo", GREEN)]
MAP = [(CAT, T0 + 4 * 3600, "Add the map", GREY)]
# Added as Badge.png, renamed to Emblem.png by ANN at commit 12 (a rename uploads nothing).
EMBLEM = [(BOB, T0 + 8 * 3600, "Add a badge", GOLD)]


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    common.need_tool("git")
    root = tmp_path_factory.mktemp("media-repo")
    wiki = root / "wiki"
    (wiki / "media").mkdir(parents=True)
    git(root, "init", "-q")
    step = 0

    def commit(author, message):
        nonlocal step
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", message, author=author, when=T0 + step * 3600)
        step += 1

    (wiki / "Mutual_Aid.md").write_text("# Mutual Aid\n\nNeighbours help neighbours.\n")
    (wiki / "Zines.md").write_text("Zines are small magazines.\n")
    commit(ANN, "Start the wiki")                                   # 0
    (wiki / "media" / "Logo.png").write_bytes(RED)
    (wiki / "Gallery.md").write_text("The logo:\n\n![The logo](Logo.png)\n")
    commit(ANN, "Add the logo")                                     # 1
    (wiki / "Mutual_Aid.md").write_text("# Mutual Aid\n\nNeighbours help neighbours:\n\n- food\n")
    commit(BOB, "Mutual aid: food")                                 # 2
    (wiki / "media" / "Logo.png").write_bytes(BLUE)
    commit(BOB, "Blue logo")                                        # 3
    (wiki / "media" / "Map.png").write_bytes(GREY)
    (wiki / "File:Map.png.md").write_text("A map of the neighbourhood.\n")
    (wiki / "Gallery.md").write_text("The logo:\n\n![The logo](Logo.png)\n\nThe map:\n\n![The map](Map.png)\n")
    commit(CAT, "Add the map")                                      # 4
    git(root, "mv", "wiki/Zines.md", "wiki/Zine_Making.md")
    commit(CAT, "Rename Zines to Zine Making")                      # 5
    for i in range(6, 18):                                          # 6 .. 17
        if i == 8:
            (wiki / "media" / "Badge.png").write_bytes(GOLD)
            (wiki / "Gallery.md").write_text((wiki / "Gallery.md").read_text() + "\n![A badge](Badge.png)\n")
            commit(BOB, "Add a badge")
            continue
        if i == 12:
            git(root, "mv", "wiki/media/Badge.png", "wiki/media/Emblem.png")
            (wiki / "Gallery.md").write_text((wiki / "Gallery.md").read_text().replace("Badge.png", "Emblem.png"))
            commit(ANN, "Badge is an emblem")
            continue
        author = (ANN, BOB, CAT)[i % 3]
        page = wiki / ("Mutual_Aid.md" if i % 2 else "Zine_Making.md")
        page.write_text(page.read_text() + f"\nNote {i}.\n")
        commit(author, f"{page.stem.replace('_', ' ')}: note {i}")
    (wiki / "media" / "Logo.png").write_bytes(GREEN)
    commit(CAT, "Green logo")                                       # 18
    (wiki / "Gallery.md").write_text((wiki / "Gallery.md").read_text() + "\nAll our pictures.\n")
    commit(ANN, "Gallery: a last line")                             # 19
    assert step == 20
    return root


def dump(repo: Path, out: Path, *options: str) -> Path:
    args = ["convert", str(repo / "wiki"), "-t", "mediawiki", "-o", str(out), "-q"]
    for o in options:
        args += ["-O", o]
    common.run_cli(*args)
    return out


def need_mediawiki():
    if not mwlib.have_mediawiki():
        pytest.skip("MediaWiki or php is not installed (scripts/install-deps test installs them)")
    common.need_tool("xmllint")


@pytest.fixture(scope="module")
def imported(repo, tmp_path_factory):
    need_mediawiki()
    work = tmp_path_factory.mktemp("media-wiki")
    authors = work / "authors.txt"
    authors.write_text("Bob <bob@example.org> = Robert\n")
    out = dump(repo, work / "dump.xml", "history=all", f"authors={authors}")
    wiki = mwlib.MediaWiki(work / "wiki")
    # An account the wiki has: importDump.php credits its edits and uploads to it by name.
    wiki.maintenance("createAndPromote.php", "Robert", "Throwaway-wiki-123")
    wiki.import_dump(out, uploads=True)
    return wiki, out, work


def user(author, upload: bool = False) -> str:
    if author == BOB:
        return "Robert"
    # A name the wiki has no account for: importDump.php credits "imported>Name"; for an upload
    # MediaWiki's User::newFromName then capitalises the prefix ("Imported>Name").
    return ("Imported>" if upload else "imported>") + author[0]


def files(wiki: mwlib.MediaWiki) -> dict:
    return wiki.php_json("file_history.php")


def test_dump_validates_and_carries_every_version(imported, repo):
    _, out, work = imported
    result = mwlib.xmllint_schema(mwlib.local_schema(work), out)
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    assert text.count("<upload>") == len(LOGO) + len(MAP) + len(EMBLEM)
    # Without media the dump is valid against export-0.11.xsd as MediaWiki ships it.
    bare = dump(repo, work / "bare.xml", "history=all", "media=none")
    assert "<upload>" not in bare.read_text() and "<title>File:Logo.png</title>" not in bare.read_text()
    result = mwlib.xmllint_schema(mwlib.local_schema(work, uploads=False), bare)
    assert result.returncode == 0, result.stderr


def test_file_versions_are_gits(imported):
    wiki, _, _ = imported
    got = files(wiki)
    assert sorted(got) == ["Emblem.png", "Logo.png", "Map.png"]
    for name, versions in (("Logo.png", LOGO), ("Map.png", MAP), ("Emblem.png", EMBLEM)):
        assert [(v["user"], v["timestamp"], v["comment"], v["sha1"], v["size"], v["stored"]) for v in got[name]] == \
            [(user(a, upload=True), iso(t), c, sha1(data), len(data), True) for a, t, c, data in versions], name


def test_file_pages_exist_and_images_show(imported):
    wiki, _, _ = imported
    state = wiki.state()
    pages = {p["title"]: p for p in state["pages"]}
    assert {"File:Logo.png", "File:Map.png", "File:Emblem.png"} <= set(pages)
    assert state["redirects"]["File:Badge.png"] == "File:Emblem.png"
    # The wiki's description page file is File:Map.png's text; Logo.png gets a generated one.
    assert "A map of the neighbourhood." in pages["File:Map.png"]["text"]
    assert "media/Logo.png" in pages["File:Logo.png"]["text"]
    html = pages["Gallery"]["html"]
    images = re.findall(r'<img [^>]*src="([^"]*)"', html)
    for name in ("Logo.png", "Map.png", "Emblem.png"):
        assert any(src.endswith("/" + name) for src in images), (name, html)
    assert 'class="new"' not in html and "Special:Upload" not in html, html


def test_file_page_history(imported):
    wiki, _, _ = imported
    history = wiki.php_json("page_history.php")
    logo = history["File:Logo.png"]
    # The description as uploading the file made it: by the first version's author, then the
    # null revision MediaWiki's importer adds when it stores the current version (dated now).
    author, time, comment, _ = LOGO[0]
    assert (logo[0]["user"], logo[0]["timestamp"], logo[0]["comment"]) == (user(author), iso(time), comment)
    assert len(logo) == 2 and "uploaded" in logo[1]["comment"]
    # The description page file keeps its own history (one commit), then the same null revision.
    assert [(r["user"], r["comment"]) for r in history["File:Map.png"][:1]] == [(user(CAT), "Add the map")]
    # The old title of a renamed file: a redirect made by the renaming commit.
    assert [(r["user"], r["timestamp"], r["comment"]) for r in history["File:Badge.png"]] == \
        [(user(ANN), iso(T0 + 12 * 3600), "Badge is an emblem")]


def test_reimport_adds_nothing(imported):
    wiki, out, _ = imported
    before_files, before_pages = files(wiki), wiki.php_json("page_history.php")
    wiki.import_dump(out, uploads=True)
    assert files(wiki) == before_files
    assert wiki.php_json("page_history.php") == before_pages


def test_latest_dump_uploads_the_current_file(repo, tmp_path):
    """history=latest (the default): one upload of each file, its current bytes, credited as the
    pages are (contributor=) and dated by its last commit."""
    need_mediawiki()
    out = dump(repo, tmp_path / "latest.xml")
    wiki = mwlib.MediaWiki(tmp_path / "wiki")
    wiki.import_dump(out, uploads=True)
    got = files(wiki)
    assert [(v["user"], v["timestamp"], v["sha1"]) for v in got["Logo.png"]] == \
        [("Imported>wikiconv", iso(LOGO[-1][1]), sha1(LOGO[-1][3]))]
    assert [(v["timestamp"], v["sha1"]) for v in got["Map.png"]] == [(iso(MAP[0][1]), sha1(MAP[0][3]))]
    # A history dump imported after it adds the older versions under the file; the current one
    # stays as the first import stored it (same bytes: MediaWiki keeps the row it has).
    wiki.import_dump(dump(repo, tmp_path / "all.xml", "history=all"), uploads=True)
    got = files(wiki)
    assert [(v["user"], v["timestamp"], v["sha1"]) for v in got["Logo.png"]] == \
        [(user(a, upload=True) if a != BOB else "Imported>Bob", iso(t), sha1(data)) for a, t, _, data in LOGO[:-1]] + \
        [("Imported>wikiconv", iso(LOGO[-1][1]), sha1(LOGO[-1][3]))]
