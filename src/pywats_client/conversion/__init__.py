"""Watch folders and the conversion pipeline: from a file landing to a queued report.

* :class:`ConversionManager` - runs every enabled converter for the station service;
* :mod:`.runner` - one converter's intake; :mod:`.jobs` / :mod:`.scheduled` - one conversion;
* :mod:`.watcher` / :mod:`.stability` - find sources, take them only once they are stable;
* :mod:`.pool` / :mod:`.worker` - each conversion in a worker process, with a timeout;
* :mod:`.pipeline` / :mod:`.attachments` - ids, provenance, station, attachment policy, checks;
* :mod:`.ledger` - crash-safe record of what was converted (nothing is converted twice);
* :mod:`.post_actions` - done folder, delete, daily zip, error folder with reason files.
"""

from __future__ import annotations

from pywats_client.conversion.attachments import AttachmentPolicy
from pywats_client.conversion.ledger import Ledger, LedgerEntry, Outcome, SourceKey
from pywats_client.conversion.manager import ConversionManager
from pywats_client.conversion.pipeline import PipelineSettings, Preparation, prepare_reports
from pywats_client.conversion.pool import WorkerPool
from pywats_client.conversion.state import ConversionCounters, ConversionOptions, ConverterState
from pywats_client.conversion.watcher import WatchMode
from pywats_client.conversion.worker import ConversionReply, ConversionRequest, ReplyStatus

__all__ = [
    "AttachmentPolicy",
    "ConversionCounters",
    "ConversionManager",
    "ConversionOptions",
    "ConversionReply",
    "ConversionRequest",
    "ConverterState",
    "Ledger",
    "LedgerEntry",
    "Outcome",
    "PipelineSettings",
    "Preparation",
    "ReplyStatus",
    "SourceKey",
    "WatchMode",
    "WorkerPool",
    "prepare_reports",
]
