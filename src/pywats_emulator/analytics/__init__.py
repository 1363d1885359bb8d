"""Analytics domain of the emulator (wats-api.md §2.2, §4, §8.12, §8.13).

Statistics are computed on request from the stored reports (the only table holds unit flow
sessions):

* :mod:`.filtering` parses a WATSFilter; :mod:`.selection` turns it into SQL over ``reports``;
  :mod:`.periods` (date buckets, windows), :mod:`.dimensions` (grouping and sorting),
  :mod:`.matching` (``;`` lists and ``%``/``_`` wildcards);
* pure computations: :mod:`.yields` (FPY..LPY), :mod:`.stats` (σ, Cp, Cpk), :mod:`.steps`
  (``¶`` step paths);
* endpoint logic: :mod:`.yield_queries`, :mod:`.step_queries`, :mod:`.repair`,
  :mod:`.report_queries` (report lists, OEE), with dimension values from :mod:`.facts`;
* internal endpoints (``/api/internal/App``, ``Trigger``, ``UnitFlow``): :mod:`.internal_queries`
  (MeasurementList, StepStatusList, the id-based GET forms) with :mod:`.step_filters` (the XML
  step/sequence filters), :mod:`.alarm_logs` (logs derived from reports and assets),
  :mod:`.unit_flow_filter` + :mod:`.unit_flow` (nodes, links, units) and
  :mod:`.unit_flow_sessions` (each caller's last flow, the only table of the domain).

The choices made where WATS documents nothing are listed in ``docs/emulator.md`` (Analytics).
"""

from __future__ import annotations

from pywats_emulator.analytics.unit_flow_sessions import SESSION_SQL, SESSION_TABLE
from pywats_emulator.schema import DomainSchema

__all__ = ["SCHEMA"]

SCHEMA = DomainSchema(sql=SESSION_SQL, tables=(SESSION_TABLE,))
"""Only the unit flow sessions: every statistic is computed from the stored reports."""
