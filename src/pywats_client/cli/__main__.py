"""``python -m pywats_client.cli`` — same as the ``pywats-client`` console script."""

from __future__ import annotations

from pywats_client.cli import main

if __name__ == "__main__":
    main()
