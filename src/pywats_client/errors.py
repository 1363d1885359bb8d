"""Root of the station service's error tree.

Every error the station service raises on purpose derives from :class:`ClientError`, so the CLI
can print the message (which always says what failed and where) without a traceback and map
the error type to an exit code (see ``pywats_client.cli.exit_codes``)::

    ClientError
    ├── InvalidInstanceId        (paths)      bad instance id
    ├── ConfigError              (config)     bad value, unreadable file, unknown key
    │   └── UnknownConfigKey                  dotted key that does not exist
    ├── VaultError               (security)   salt file or machine id unusable
    │   └── TokenDecryptError                 token from another machine / salt changed
    ├── InstanceAlreadyRunning   (instance)   another live process holds the instance lock
    └── QueueError               (queue)
        ├── QueueItemNotFound                 no report with that id
        └── BundleError                       unreadable bundle, bad manifest, checksum mismatch
"""

from __future__ import annotations

__all__ = ["ClientError"]


class ClientError(Exception):
    """An expected failure of the station service with a message meant for people."""
