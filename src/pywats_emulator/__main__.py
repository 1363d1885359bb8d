"""``python -m pywats_emulator``: same as the ``pywats-emulator`` console script."""

from __future__ import annotations

import sys

from pywats_emulator.cli import main

if __name__ == "__main__":
    sys.exit(main())
