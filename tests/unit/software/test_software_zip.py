"""Unpacking an uploaded package zip into file rows (emulator), path traversal refused."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest

from pywats_emulator.software.unzip import PackageZipError, read_package_zip


def make_zip(entries: dict[str, bytes], *, dirs: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in dirs:
            archive.writestr(zipfile.ZipInfo(name), b"")
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 30, 12, 30, 4))
            archive.writestr(info, data)
    return buffer.getvalue()


def test_entries_become_files_with_path_size_sha256_and_time() -> None:
    data = make_zip({"setup.exe": b"MZ" * 10, "bin/tools/run.py": b"print('x')\n"})

    files = read_package_zip(data, max_total_bytes=1 << 20)

    by_name = {f.filename: f for f in files}
    assert set(by_name) == {"setup.exe", "run.py"}
    assert by_name["setup.exe"].path == ""
    assert by_name["run.py"].path == "bin/tools"
    assert by_name["run.py"].size == len(b"print('x')\n")
    assert by_name["run.py"].checksum == hashlib.sha256(b"print('x')\n").hexdigest()
    assert by_name["run.py"].data == b"print('x')\n"
    assert by_name["run.py"].modified_utc == "2026-01-30T12:30:04.000000Z"


def test_directory_entries_are_skipped_and_backslashes_are_folders() -> None:
    data = make_zip({"drivers\\usb\\inf.txt": b"i"}, dirs=("drivers/", "drivers/usb/"))

    files = read_package_zip(data, max_total_bytes=1 << 20)

    assert [(f.path, f.filename) for f in files] == [("drivers/usb", "inf.txt")]


@pytest.mark.parametrize(
    "name",
    ["../x", "bin/../../x", "/etc/passwd", "\\windows\\x.dll", "C:/x.dll", "c:x.dll", "a/./../b"],
)
def test_traversal_and_absolute_names_are_refused_naming_the_entry(name: str) -> None:
    data = make_zip({"ok.txt": b"fine", name: b"evil"})

    with pytest.raises(PackageZipError) as caught:
        read_package_zip(data, max_total_bytes=1 << 20)

    assert repr(name) in str(caught.value) or name in str(caught.value)


def test_not_a_zip_is_refused() -> None:
    with pytest.raises(PackageZipError, match="not a zip archive"):
        read_package_zip(b"hello, not a zip", max_total_bytes=1 << 20)


def test_duplicate_paths_are_refused() -> None:
    data = make_zip({"a/b.txt": b"1", "a\\b.txt": b"2"})
    with pytest.raises(PackageZipError, match="more than once"):
        read_package_zip(data, max_total_bytes=1 << 20)


def test_unpacked_size_is_capped() -> None:
    data = make_zip({"big.bin": b"\0" * 5000})
    with pytest.raises(PackageZipError, match="more than 1000 bytes"):
        read_package_zip(data, max_total_bytes=1000)


def test_an_empty_zip_gives_no_files() -> None:
    assert read_package_zip(make_zip({}), max_total_bytes=1 << 20) == []
