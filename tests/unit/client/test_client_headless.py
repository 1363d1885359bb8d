"""The station service packages load without Qt (a headless install must work)."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
import pywats_client, pywats_client.cli, pywats_client.config, pywats_client.queue
import pywats_client.instance, pywats_client.security, pywats_client.paths
qt = sorted(m for m in sys.modules if m.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "qasync"})
print(",".join(qt))
"""


def test_service_packages_never_import_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == ""
