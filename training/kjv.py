"""
The King James Bible (1611) from Debian's bible-kjv-text package, cut into its 66 books.

The package stores the text in the compressed form of Chip Chapin's Bible Retrieval System (bible.data), which only
that system's program reads; it comes in the companion package bible-kjv. Both packages are pinned by version and
sha256, unpacked into a scratch folder, and the program prints the whole text (Genesis 1:1 to Revelation 22:21):
each chapter is headed by a line "Book N", each verse starts on its own line, indented, after its number, and lines
are broken between words at LINE_WIDTH columns. The program is an x86-64 Linux binary that needs libreadline.

    apt-get download bible-kjv-text=4.38 bible-kjv=4.38   # what fetch_debs runs, in a scratch folder
"""

import os
import re
import subprocess
from pathlib import Path

from debs import Deb, deb_files, fetch_deb, sha256

TEXT = Deb("bible-kjv-text", "4.38", "all", "d61b6aad4c51ba9e2800b825325fa6a09e99a0d02a9bb6dc4724fcc4995a1b7a")
PROGRAM = Deb("bible-kjv", "4.38", "amd64", "75a49c032a6efa9faa2beb4a9acb70974380122906329d0e100de36cc88ff02d")
LINE_WIDTH = 72  # close to the e-texts' lines in the rest of the corpus
WHOLE_TEXT = "Gen1:1-Rev22:21"
CHAPTER_HEADING = re.compile(r"^((?:[1-3] )?[A-Z][A-Za-z ]*) [0-9]+$")


def fetch_debs(workdir: Path) -> tuple[Path, Path]:
    """Downloads the pinned text and program packages into workdir."""
    return fetch_deb(TEXT, workdir), fetch_deb(PROGRAM, workdir)


def printed_text(text_deb: bytes, program_deb: bytes, workdir: Path) -> str:
    """The whole Bible as the package's own program prints it."""
    for deb, package in ((text_deb, TEXT), (program_deb, PROGRAM)):
        if sha256(deb) != package.sha256:
            raise SystemExit(f"{package.name} {package.version}: sha256 {sha256(deb)} is not the pinned "
                             f"{package.sha256}")
    data = deb_files(text_deb, ["./usr/lib/bible.data", "./usr/lib/bible.data.conc"])
    program = deb_files(program_deb, ["./usr/bin/bible"])["./usr/bin/bible"]
    for name, content in (("bible.data", data["./usr/lib/bible.data"]),
                          ("bible.data.conc", data["./usr/lib/bible.data.conc"]), ("bible", program)):
        (workdir / name).write_bytes(content)
    (workdir / "bible").chmod(0o755)
    environment = {key: value for key, value in os.environ.items() if key != "COLUMNS"}
    result = subprocess.run([str(workdir / "bible"), "-l", str(LINE_WIDTH), "-p", str(workdir), WHOLE_TEXT],
                            cwd=workdir, env=environment, check=True, capture_output=True)
    return result.stdout.decode("ascii")


def books(printed: str) -> list[tuple[str, str]]:
    """(name, text) for each book in order; a book's text is its chapters, headings included, with trailing
    whitespace stripped and one blank line between a heading and its verses."""
    found: list[tuple[str, list[str]]] = []
    for line in printed.splitlines():
        line = line.rstrip()
        heading = CHAPTER_HEADING.match(line)
        if heading and (not found or found[-1][0] != heading.group(1)):
            found.append((heading.group(1), []))
        if not found:
            if line:
                raise ValueError(f"text before the first chapter heading: {line!r}")
            continue
        lines = found[-1][1]
        if line or (lines and lines[-1]):
            lines.append(line)
    if len(found) != 66:
        raise ValueError(f"expected the 66 books of the Bible, found {len(found)}")
    return [(name, "\n".join(lines).strip("\n")) for name, lines in found]
