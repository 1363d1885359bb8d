"""Entry point of a conversion worker process: ``python -m pywats_client.conversion._worker_main``.

Separate from :mod:`.worker` so that running it with ``-m`` never executes a module the package
has already imported (runpy warns about that).
"""

from __future__ import annotations

from pywats_client.conversion.worker import main

if __name__ == "__main__":
    main()
