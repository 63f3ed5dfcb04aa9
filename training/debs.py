"""
Debian packages pinned by version, architecture and sha256, downloaded with `apt-get download` and read in memory.
"""

import hashlib
import io
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Deb:
    name: str
    version: str
    architecture: str
    sha256: str

    @property
    def filename(self) -> str:
        return f"{self.name}_{self.version}_{self.architecture}.deb"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch_deb(package: Deb, workdir: Path) -> Path:
    """Downloads the pinned package version from the Debian archive into workdir."""
    subprocess.run(["apt-get", "download", f"{package.name}:{package.architecture}={package.version}"],
                   cwd=workdir, check=True)
    return workdir / package.filename


def deb_files(deb: bytes, wanted: list[str]) -> dict[str, bytes]:
    """The named members of a .deb's data.tar.xz, read in memory."""
    if not deb.startswith(b"!<arch>\n"):
        raise ValueError("not a .deb (ar) archive")
    pos = 8
    while pos < len(deb):
        header = deb[pos : pos + 60]
        name, size = header[:16].decode().strip().rstrip("/"), int(header[48:58])
        if name == "data.tar.xz":
            with tarfile.open(fileobj=io.BytesIO(deb[pos + 60 : pos + 60 + size]), mode="r:xz") as tar:
                return {path: tar.extractfile(path).read() for path in wanted}
        pos += 60 + size + size % 2
    raise ValueError("the .deb has no data.tar.xz")
