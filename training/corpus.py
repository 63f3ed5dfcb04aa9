"""
Rebuilds the training corpus: Jane Austen's six novels, read from Debian's r-cran-janeaustenr package, then
Moby-Dick and the State of the Union addresses from stdlib's npm dataset packages (training/npm_texts.py), then the
King James Bible from Debian's bible-kjv-text package (training/kjv.py).

The package holds the novels as R character vectors (one element a line) in a lazy-load database. This script
reads that database with a small reader for R's XDR serialization, so R is not needed. The Bible is printed by its
package's own program. Python standard library only, no network beyond the Debian and npm registries; running it
twice gives byte-identical files.

    python3 training/corpus.py             # fetches the .debs with `apt-get download` and the tarballs with `npm pack`
    python3 training/corpus.py --deb PATH --moby-dick PATH --sotu PATH --bible TEXT_DEB PROGRAM_DEB   # or local copies

Validation is unseen text: the tail of each novel (the last 5 % of its characters, from a paragraph boundary),
and whole documents of the others, every HOLD_OUT_EVERY-th chapter of Moby-Dick, address of the Union and book of
the Bible.
"""

import argparse
import gzip
import struct
import tempfile
import zlib
from pathlib import Path

import kjv
import npm_texts
from debs import Deb, deb_files, fetch_deb, sha256

AUSTEN = Deb("r-cran-janeaustenr", "1.0.0-1", "all", "df6bddf211906d1ff404f8ff662c21b34e6660e7f54a311084e749050c019c95")
DATA_DIR = "./usr/lib/R/site-library/janeaustenr/data/"

# Object names in the package, in publication order: the order of the books in both output files.
NOVELS = [
    ("sensesensibility", "Sense and Sensibility"),
    ("prideprejudice", "Pride and Prejudice"),
    ("mansfieldpark", "Mansfield Park"),
    ("emma", "Emma"),
    ("northangerabbey", "Northanger Abbey"),
    ("persuasion", "Persuasion"),
]
VALIDATION_FRACTION = 0.05
HOLD_OUT_EVERY = 20  # documents 10, 30, 50, … (counting from 0) of Moby-Dick, the addresses and the Bible
OUT_DIR = Path(__file__).resolve().parent / "data"


# --- R's XDR serialization (R Internals, "Serialization formats"), only what data vectors need ---

NILVALUE, REF, SYM, LIST, CHAR, LGL, INT, REAL, STR, VEC = 254, 255, 1, 2, 9, 10, 13, 14, 16, 19
HAS_ATTR, HAS_TAG = 1 << 9, 1 << 10
LATIN1, UTF8, BYTES = 1 << 2, 1 << 3, 1 << 1


class XdrReader:
    """Reads one object from R's XDR ("X\\n") serialization: vectors, strings, pairlists and symbols."""

    def __init__(self, data: bytes):
        self.data, self.pos, self.refs, self.native = data, 0, [], "utf-8"
        if self.take(2) != b"X\n":
            raise ValueError("not an R XDR serialization")
        version = self.int()
        self.int(), self.int()  # the writer's R version, the oldest R that can read it
        if version == 3:
            self.native = self.take(self.int()).decode("ascii")  # for strings not marked UTF-8 or Latin-1
        elif version != 2:
            raise ValueError(f"unsupported serialization version {version}")

    def take(self, n: int) -> bytes:
        chunk = self.data[self.pos : self.pos + n]
        if len(chunk) != n:
            raise ValueError("R serialization ends early")
        self.pos += n
        return chunk

    def int(self) -> int:
        return struct.unpack(">i", self.take(4))[0]

    def length(self) -> int:
        n = self.int()
        return n if n != -1 else (self.int() << 32) + self.int()

    def item(self):
        flags = self.int()
        kind, levels = flags & 0xFF, flags >> 12
        if kind == NILVALUE:
            return None
        if kind == REF:
            index = flags >> 8 or self.int()
            return self.refs[index - 1]
        if kind == SYM:
            name = self.item()
            self.refs.append(name)
            return name
        if kind == LIST:
            attrs = self.item() if flags & HAS_ATTR else None
            tag = self.item() if flags & HAS_TAG else None
            if attrs is not None:
                raise ValueError("a pairlist with attributes is not supported by this reader")
            return [(tag, self.item())] + (self.item() or [])
        if kind == CHAR:
            return self.char(levels)
        if kind in (LGL, INT):
            n = self.length()
            value = list(struct.unpack(f">{n}i", self.take(4 * n)))
        elif kind == REAL:
            n = self.length()
            value = list(struct.unpack(f">{n}d", self.take(8 * n)))
        elif kind in (STR, VEC):
            value = [self.item() for _ in range(self.length())]
        else:
            raise ValueError(f"R object of SEXP type {kind} is not supported by this reader")
        attrs = dict(self.item()) if flags & HAS_ATTR else {}
        if kind == VEC and "names" in attrs:
            return dict(zip(attrs["names"], value))  # a named list
        return value

    def char(self, levels: int):
        n = self.int()
        if n == -1:
            return None  # NA_character_
        raw = self.take(n)
        if levels & BYTES:
            raise ValueError("a string marked as raw bytes has no text encoding")
        return raw.decode("utf-8" if levels & UTF8 else "latin-1" if levels & LATIN1 else self.native)


def read_lazy_load(rdx: bytes, rdb: bytes, name: str):
    """One object of an R lazy-load database: the .rdx index (gzip) gives its offset and size in the .rdb,
    where it is stored as a 4-byte big-endian inflated length followed by a zlib stream."""
    offset, size = XdrReader(gzip.decompress(rdx)).item()["variables"][name]
    record = rdb[offset : offset + size]
    data = zlib.decompress(record[4:])
    if len(data) != struct.unpack(">I", record[:4])[0]:
        raise ValueError(f"{name}: inflated length does not match its record")
    return XdrReader(data).item()


# --- Text: lines to paragraphs, and the split ---


def novel_text(lines: list[str]) -> str:
    """The novel as text: one line per element, trailing whitespace stripped, at most one blank line in a row."""
    out: list[str] = []
    for line in (line.rstrip() for line in lines):
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def split(text: str) -> tuple[str, str]:
    """(train, validation): validation is the novel's tail from the first paragraph boundary at or after
    (1 - VALIDATION_FRACTION) of its characters."""
    paragraphs = text.split("\n\n")
    cut = (1 - VALIDATION_FRACTION) * len(text)
    seen = 0
    for i, paragraph in enumerate(paragraphs):
        seen += len(paragraph) + 2
        if seen >= cut:
            return "\n\n".join(paragraphs[: i + 1]), "\n\n".join(paragraphs[i + 1 :])
    raise ValueError("text too short to split")


def held_out(documents: list[tuple[str, str]], title: str) -> tuple[list[str], list[str]]:
    """(train, validation) texts: documents HOLD_OUT_EVERY // 2, then every HOLD_OUT_EVERY-th after it, are held out."""
    train, validation = [], []
    for index, (_, text) in enumerate(documents):
        (validation if index % HOLD_OUT_EVERY == HOLD_OUT_EVERY // 2 else train).append(text)
    held = [name for index, (name, _) in enumerate(documents) if index % HOLD_OUT_EVERY == HOLD_OUT_EVERY // 2]
    print(f"{title:24} train {sum(map(len, train)):>9,} chars  validation {sum(map(len, validation)):>7,} chars"
          f"  held out: {', '.join(held)}")
    return train, validation


def austen(deb: bytes) -> tuple[list[str], list[str]]:
    """(train, validation): the head and the tail of each novel."""
    if sha256(deb) != AUSTEN.sha256:
        raise SystemExit(f"{AUSTEN.name} {AUSTEN.version}: sha256 {sha256(deb)} is not the pinned {AUSTEN.sha256}")
    files = deb_files(deb, [DATA_DIR + "Rdata.rdx", DATA_DIR + "Rdata.rdb"])
    rdx, rdb = files[DATA_DIR + "Rdata.rdx"], files[DATA_DIR + "Rdata.rdb"]
    train, validation = [], []
    for name, title in NOVELS:
        head, tail = split(novel_text(read_lazy_load(rdx, rdb, name)))
        train.append(head)
        validation.append(tail)
        print(f"{title:24} train {len(head):>9,} chars  validation {len(tail):>7,} chars")
    return train, validation


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--deb", type=Path, help=f"a downloaded {AUSTEN.filename}")
    parser.add_argument("--moby-dick", type=Path, help=f"a packed {npm_texts.MOBY_DICK.tarball}")
    parser.add_argument("--sotu", type=Path, help=f"a packed {npm_texts.SOTU.tarball}")
    parser.add_argument("--bible", type=Path, nargs=2, metavar=("TEXT_DEB", "PROGRAM_DEB"),
                        help=f"a downloaded {kjv.TEXT.filename} and {kjv.PROGRAM.filename}")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        deb = (args.deb or fetch_deb(AUSTEN, Path(tmp))).read_bytes()
        moby = (args.moby_dick or npm_texts.fetch_tarball(npm_texts.MOBY_DICK, Path(tmp))).read_bytes()
        sotu = (args.sotu or npm_texts.fetch_tarball(npm_texts.SOTU, Path(tmp))).read_bytes()
        bible_debs = [path.read_bytes() for path in (args.bible or kjv.fetch_debs(Path(tmp)))]
        bible = kjv.books(kjv.printed_text(*bible_debs, Path(tmp)))
    sources = [
        austen(deb),
        held_out(npm_texts.moby_dick(npm_texts.package_files(npm_texts.MOBY_DICK, moby)), "Moby-Dick"),
        held_out(npm_texts.state_of_the_union(npm_texts.package_files(npm_texts.SOTU, sotu)), "State of the Union"),
        held_out(bible, "King James Bible"),
    ]

    OUT_DIR.mkdir(exist_ok=True)
    for filename, parts in (("train.txt", [t for train, _ in sources for t in train]),
                            ("validation.txt", [t for _, validation in sources for t in validation])):
        data = ("\n\n".join(parts) + "\n").encode("utf-8")
        (OUT_DIR / filename).write_bytes(data)
        print(f"{filename:16} {len(data.decode()):>9,} chars  sha256 {sha256(data)}")


if __name__ == "__main__":
    main()
