"""What a station is told by the internal Software endpoints, as pure functions on packages.

Packages here are the stored package objects (``packageId``, ``name``, ``version``,
``status`` name, ``tags``, ``priority``...). The rules (also in ``docs/emulator.md``):

* **History** (``GetPackageHistory``): packages with every wanted tag and the wanted status;
  only the highest version of each name unless ``allVersions``; by name, newest version first.
* **Revoked** (``GetRevokedPackages``): of the installed packages, the Revoked ones, plus
  (unless ``includeRevokedOnly``) those a higher Released version of the same name replaces.
* **Available** (``GetAvailablePackages``): the highest Released version of each name that
  is not installed, by ``priority`` (unset last) then name.
* **Check file** (``CheckFile``): a local file is up to date when the package has it and its
  checksum matches; without a checksum, when the local file is not older than the package's;
  with neither, it is not (the station should fetch it).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import datetime, timezone
from typing import Any, TypeVar

from pywats_emulator.software.workflow import PackageStatus

__all__ = [
    "TagFilterError",
    "available_packages",
    "file_check",
    "package_history",
    "parse_tag_filter",
    "revoked_packages",
    "utc_text_epoch",
]

Package = Mapping[str, Any]
P = TypeVar("P", bound=Mapping[str, Any])
TagFilter = list[tuple[str, str | None]]


class TagFilterError(ValueError):
    """The ``tags`` query parameter is malformed (the route answers 400)."""


def parse_tag_filter(text: str | None) -> TagFilter:
    """``key=value`` pairs separated by ``;`` (a bare ``key`` matches any value).

    Raises:
        TagFilterError: A pair has an empty key.

    Example:
        >>> parse_tag_filter("line=L2; station")
        [('line', 'L2'), ('station', None)]
    """
    wanted: TagFilter = []
    for part in (text or "").split(";"):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        if not key.strip():
            raise TagFilterError(
                f"tag filter {part.strip()!r} has no key: use key=value pairs separated by ';',"
                " e.g. tags=line=L2;station=ICT"
            )
        wanted.append((key.strip(), value.strip() if sep else None))
    return wanted


def _has_tags(package: Package, wanted: TagFilter) -> bool:
    tags = [
        (str(tag.get("key", "")).casefold(), str(tag.get("value", "")).casefold())
        for tag in package.get("tags") or ()
    ]
    return all(
        any(k == key.casefold() and (value is None or v == value.casefold()) for k, v in tags)
        for key, value in wanted
    )


def _name_key(package: Package) -> str:
    return str(package["name"]).casefold()


def _highest_per_name(packages: Iterable[P]) -> list[P]:
    best: dict[str, P] = {}
    for package in packages:
        current = best.get(_name_key(package))
        if current is None or package["version"] > current["version"]:
            best[_name_key(package)] = package
    return list(best.values())


def package_history(
    packages: Iterable[P],
    *,
    tags: TagFilter,
    status: PackageStatus | None,
    all_versions: bool,
) -> list[P]:
    """The packages ``GetPackageHistory`` answers (see the module rules)."""
    found = [
        package
        for package in packages
        if (status is None or package["status"] == status.value) and _has_tags(package, tags)
    ]
    if not all_versions:
        found = _highest_per_name(found)
    return sorted(found, key=lambda p: (_name_key(p), -p["version"]))


def _released(packages: Iterable[P]) -> list[P]:
    return [p for p in packages if p["status"] == PackageStatus.RELEASED.value]


def revoked_packages(
    packages: Collection[P], installed_ids: Collection[str], *, revoked_only: bool
) -> list[P]:
    """The installed packages a station should remove (see the module rules)."""
    newest_release = {_name_key(p): p["version"] for p in _highest_per_name(_released(packages))}
    found = []
    for package in packages:
        if package["packageId"] not in installed_ids:
            continue
        revoked = package["status"] == PackageStatus.REVOKED.value
        replaced = newest_release.get(_name_key(package), 0) > package["version"]
        if revoked or (replaced and not revoked_only):
            found.append(package)
    return sorted(found, key=lambda p: (_name_key(p), p["version"]))


def available_packages(packages: Collection[P], installed_ids: Collection[str]) -> list[P]:
    """The released packages a station should install (see the module rules)."""
    found = [
        package
        for package in _highest_per_name(_released(packages))
        if package["packageId"] not in installed_ids
    ]
    return sorted(
        found,
        key=lambda p: (p.get("priority") is None, p.get("priority") or 0, _name_key(p)),
    )


def utc_text_epoch(text: str) -> float:
    """Seconds since the epoch of a stored ``...Z`` time (e.g. a file's ``modifiedUtc``)."""
    moment = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    return moment.timestamp()


def file_check(
    file: Mapping[str, Any] | None, *, checksum: str | None, file_date_epoch: float | None
) -> dict[str, Any]:
    """``{exists, upToDate, file}`` for a station's local copy of a package file.

    Args:
        file: The package's file (its API shape), ``None`` when the package has no such file.
        checksum: SHA-256 (hex, any letter case) of the local file, if the station sent it.
        file_date_epoch: The local file's modification time in seconds since the epoch.
    """
    if file is None:
        return {"exists": False, "upToDate": False, "file": None}
    if checksum:
        up_to_date = checksum.strip().casefold() == str(file["checksum"]).casefold()
    elif file_date_epoch is not None:
        up_to_date = int(file_date_epoch) >= int(utc_text_epoch(file["modifiedUtc"]))
    else:
        up_to_date = False  # nothing to compare: the station should fetch the file
    return {"exists": True, "upToDate": up_to_date, "file": dict(file)}
