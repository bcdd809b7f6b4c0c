"""Unpacking untrusted zip releases: no path tricks, no links, no bombs."""

from __future__ import annotations

import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from lexsearch.errors import UnsafeInputError

MAX_MEMBERS = 20_000
MAX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 100  # uncompressed : compressed, for members larger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024


def check_zip(zf: zipfile.ZipFile, source: str, *, max_members: int = MAX_MEMBERS,
              max_total: int = MAX_TOTAL_BYTES) -> list[zipfile.ZipInfo]:
    """Every member of ``zf`` that is a regular file, after checking the whole archive: member
    count, paths, links, encryption, sizes, and compression ratios per member and overall."""
    infos = zf.infolist()
    if len(infos) > max_members:
        raise UnsafeInputError(f"zip has {len(infos)} members (limit {max_members})", file=source)
    total = compressed = 0
    files = []
    for info in infos:
        name = info.filename
        pure = PurePosixPath(name.replace("\\", "/"))
        if pure.is_absolute() or name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
            raise UnsafeInputError(f"zip member has an absolute path: {name!r}", file=source)
        if ".." in pure.parts:
            raise UnsafeInputError(f"zip member escapes the folder: {name!r}", file=source)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise UnsafeInputError(f"zip member is a symbolic link: {name!r}", file=source)
        if info.flag_bits & 0x1:
            raise UnsafeInputError(f"zip member is encrypted: {name!r}", file=source)
        if info.is_dir():
            continue
        if info.file_size > MAX_MEMBER_BYTES:
            raise UnsafeInputError(f"zip member {name!r} unpacks to {info.file_size} bytes "
                                   f"(limit {MAX_MEMBER_BYTES})", file=source)
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnsafeInputError(f"zip member {name!r} compresses {info.file_size}:"
                                   f"{info.compress_size}, over the {MAX_RATIO}:1 limit "
                                   "(zip bomb?)", file=source)
        total += info.file_size
        compressed += info.compress_size
        if total > max_total:
            raise UnsafeInputError(f"zip unpacks to more than {max_total} bytes", file=source)
        files.append(info)
    if total > RATIO_FLOOR and total > MAX_RATIO * max(compressed, 1):
        raise UnsafeInputError(f"zip compresses {total}:{compressed}, over the {MAX_RATIO}:1 "
                               "limit (zip bomb?)", file=source)
    return files


def extract_zip(path: Path, dest: Path) -> Path:
    """Check and unpack ``path`` under ``dest``; members are read with a hard byte cap, so a
    header that lies about sizes cannot get past the limits."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnsafeInputError(f"not a readable zip: {exc}", file=str(path)) from None
    with zf:
        members = check_zip(zf, str(path))
        root = dest.resolve()
        for info in members:
            target = (root / info.filename).resolve()
            if root not in target.parents:
                raise UnsafeInputError(f"zip member escapes the folder: {info.filename!r}",
                                       file=str(path))
            target.parent.mkdir(parents=True, exist_ok=True)
            written = 0
            try:
                with zf.open(info) as src, open(target, "wb") as out:
                    while chunk := src.read(1 << 20):
                        written += len(chunk)
                        if written > info.file_size or written > MAX_MEMBER_BYTES:
                            raise UnsafeInputError(f"zip member {info.filename!r} unpacks past "
                                                   "its declared size", file=str(path))
                        out.write(chunk)
            except (zipfile.BadZipFile, EOFError, OSError, ValueError, zlib.error) as exc:
                raise UnsafeInputError(f"corrupt zip member {info.filename!r}: {exc}",
                                       file=str(path)) from None
    return dest
