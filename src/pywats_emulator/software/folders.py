"""The virtual folders every emulator serves on ``GET /api/Software/VirtualFolders``.

WATS administrators define virtual folders (named install locations on the stations); the
API only lists them, so the emulator seeds a fixed set. Ids are stable GUIDs.
"""

from __future__ import annotations

from pywats_emulator.seed import stable_guid

__all__ = ["VIRTUAL_FOLDERS"]


def _folder(name: str, path: str, description: str) -> dict[str, str]:
    return {
        "folderId": stable_guid("virtual-folder", name),
        "name": name,
        "path": path,
        "description": description,
    }


VIRTUAL_FOLDERS: tuple[dict[str, str], ...] = (
    _folder("Root", "", "The client's software root; packages install below it"),
    _folder("TestPrograms", "TestPrograms", "Test sequences and their data files"),
    _folder("Drivers", "Drivers", "Instrument drivers and runtime installers"),
    _folder("Documents", "Documents", "Work instructions and test specifications"),
)
