"""Unpacking an uploaded package zip into file rows, refusing names that escape the package.

A package is installed on test stations, so a file name such as ``../x``, ``/etc/x`` or
``C:\\x`` would write outside the package folder there ("zip slip"). Such an upload is refused
as a whole (the emulator answers 400 naming the entry). Each file gets its size and a SHA-256
checksum (lowercase hex) of its content; the zip entry's time becomes ``modifiedUtc``.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime

__all__ = ["PackageZipError", "UnpackedFile", "read_package_zip", "split_entry_name"]

_DRIVE = re.compile(r"^[A-Za-z]:")
_CHUNK_BYTES = 1 << 16


class PackageZipError(ValueError):
    """The upload is not a usable package zip (the route answers 400 with this message)."""


@dataclass(frozen=True)
class UnpackedFile:
    """One file of the package: folder ``path`` (``""`` at the root) and ``filename``."""

    path: str
    filename: str
    size: int
    checksum: str
    modified_utc: str
    data: bytes


def split_entry_name(name: str) -> tuple[str, str]:
    """``(folder, file name)`` of a zip entry, with ``/`` separators.

    Backslashes count as separators (zips made on Windows) and ``.`` segments are dropped.

    Raises:
        PackageZipError: The name is absolute, has a drive, contains ``..`` or is empty.
    """
    normal = name.replace("\\", "/")
    if normal.startswith("/") or _DRIVE.match(normal):
        raise PackageZipError(f"zip entry {name!r} has an absolute path: use relative names")
    parts = [part for part in normal.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise PackageZipError(
            f"zip entry {name!r} contains '..': names must stay inside the package folder"
        )
    if not parts or "\0" in normal:
        raise PackageZipError(f"zip entry {name!r} is not a valid file name")
    return "/".join(parts[:-1]), parts[-1]


def _entry_time(info: zipfile.ZipInfo) -> str:
    # Zip times carry no zone; the emulator reads them as UTC.
    return datetime(*info.date_time).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def read_package_zip(data: bytes, *, max_total_bytes: int) -> list[UnpackedFile]:
    """The files of a package zip, in archive order (directory entries skipped).

    Args:
        data: The zip archive.
        max_total_bytes: Refuse archives that unpack to more than this (zip bombs).

    Raises:
        PackageZipError: Not a zip, a bad entry name, a duplicate path, a corrupt entry or
            too large once unpacked.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise PackageZipError(
            "the body is not a zip archive: send the zip file's bytes"
            " (Content-Type: application/zip)"
        ) from None
    files: list[UnpackedFile] = []
    seen: set[tuple[str, str]] = set()
    total = 0
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            folder, filename = split_entry_name(info.filename)
            key = (folder.casefold(), filename.casefold())
            if key in seen:
                raise PackageZipError(f"zip entry {info.filename!r} appears more than once")
            seen.add(key)
            digest = hashlib.sha256()
            chunks: list[bytes] = []
            try:
                with archive.open(info) as stream:
                    while chunk := stream.read(_CHUNK_BYTES):
                        total += len(chunk)
                        if total > max_total_bytes:
                            raise PackageZipError(
                                f"the zip unpacks to more than {max_total_bytes} bytes"
                            )
                        digest.update(chunk)
                        chunks.append(chunk)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
                raise PackageZipError(f"zip entry {info.filename!r} is unreadable: {exc}") from None
            content = b"".join(chunks)
            files.append(
                UnpackedFile(
                    path=folder,
                    filename=filename,
                    size=len(content),
                    checksum=digest.hexdigest(),
                    modified_utc=_entry_time(info),
                    data=content,
                )
            )
    return files
