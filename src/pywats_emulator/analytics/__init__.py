"""Analytics domain of the emulator (wats-api.md §2.2, §4, §8.12, §8.13).

Statistics are computed on request from the stored reports, so the domain has no tables:

* :mod:`.filtering` parses a WATSFilter; :mod:`.selection` turns it into SQL over ``reports``;
  :mod:`.periods` (date buckets, windows), :mod:`.dimensions` (grouping and sorting),
  :mod:`.matching` (``;`` lists and ``%``/``_`` wildcards);
* pure computations: :mod:`.yields` (FPY..LPY), :mod:`.stats` (σ, Cp, Cpk), :mod:`.steps`
  (``¶`` step paths);
* endpoint logic: :mod:`.yield_queries`, :mod:`.step_queries`, :mod:`.repair`,
  :mod:`.report_queries` (report lists, OEE), with dimension values from :mod:`.facts`.

The choices made where WATS documents nothing are listed in ``docs/emulator.md`` (Analytics).
"""

from __future__ import annotations

from pywats_emulator.schema import DomainSchema

__all__ = ["SCHEMA"]

SCHEMA = DomainSchema(sql="", tables=())
"""No tables: every statistic is computed from the stored reports."""
