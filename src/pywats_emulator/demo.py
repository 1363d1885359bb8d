"""Demo data (``--demo-data``): a small, realistic production history over the last days.

Power supplies go through PCBA test and end-of-line test; some fail, get repaired and pass on
a re-test. Values are drawn from a fixed seed, so two runs hold the same reports (shifted to the
current time). Every report goes through normal validation.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pywats_emulator.state import EmulatorState

__all__ = ["demo_reports", "seed_demo_reports"]

_NS = uuid.UUID("3c3f5b8e-9f0e-4a53-8d5f-0a5e2f9c7b11")
_STATIONS = (("ICT-01", "Line 1"), ("FCT-02", "Line 1"), ("EOL-03", "Line 2"))


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone(timedelta(hours=1))).isoformat(timespec="milliseconds")


def _uut(
    rng: random.Random, serial: str, code: int, name: str, start: datetime, fail: bool
) -> dict[str, Any]:
    station, location = _STATIONS[0 if code == 50 else 2]
    vout = round(rng.gauss(5.0, 0.03), 4) if not fail else round(rng.uniform(5.2, 5.4), 4)
    ripple = round(abs(rng.gauss(12.0, 2.0)), 2)
    report_id = str(uuid.uuid5(_NS, f"{serial}/{code}/{start.isoformat()}"))
    steps = [
        {"id": 2, "group": "S", "stepType": "Action", "name": "Power on", "status": "P",
         "totTime": 0.4},
        {"id": 3, "group": "M", "stepType": "ET_NLT", "name": "Output voltage",
         "status": "F" if fail else "P", "totTime": 0.2, "causedUUTFailure": fail,
         "numericMeas": [{"compOp": "GELE", "status": "F" if fail else "P", "unit": "V",
                          "value": vout, "lowLimit": 4.9, "highLimit": 5.1}]},
        {"id": 4, "group": "M", "stepType": "ET_NLT", "name": "Ripple", "status": "P",
         "totTime": 0.3,
         "numericMeas": [{"compOp": "LE", "status": "P", "unit": "mV", "value": ripple,
                          "lowLimit": 50.0}]},
        {"id": 5, "group": "M", "stepType": "ET_SVT", "name": "Firmware version", "status": "P",
         "stringMeas": [{"compOp": "CASESENSIT", "status": "P", "value": "1.4.2",
                         "limit": "1.4.2"}]},
    ]  # fmt: skip
    return {
        "type": "T",
        "id": report_id,
        "pn": "PSU-100",
        "sn": serial,
        "rev": "B",
        "processCode": code,
        "processName": name,
        "result": "F" if fail else "P",
        "machineName": station,
        "location": location,
        "purpose": "Production",
        "start": _iso(start),
        "uut": {"user": "operator1", "execTime": round(rng.uniform(8, 15), 2),
                "batchSN": f"LOT-{start:%m%d}", "fixtureId": "FX-1", "testSocketIndex": 0},
        "miscInfos": [{"description": "Firmware", "text": "1.4.2"}],
        "subUnits": [{"partType": "PCBA", "pn": "PCB-210", "rev": "A", "sn": f"PCB-{serial}"}],
        "root": {"id": 1, "group": "M", "stepType": "SequenceCall",
                 "name": "MainSequence Callback", "status": "F" if fail else "P",
                 "seqCall": {"path": "psu100.seq", "name": "MainSequence Callback",
                             "version": "2.1.0"},
                 "steps": steps},
    }  # fmt: skip


def _uur(failed: dict[str, Any], start: datetime) -> dict[str, Any]:
    return {
        "type": "R",
        "id": str(uuid.uuid5(_NS, f"repair/{failed['id']}")),
        "pn": failed["pn"],
        "sn": failed["sn"],
        "rev": failed["rev"],
        "processCode": 500,
        "processName": "Repair",
        "result": "P",
        "machineName": "REPAIR-01",
        "location": "Line 1",
        "purpose": "Repair",
        "start": _iso(start),
        "uur": {"user": "tech1", "comment": "Replaced regulator", "execTime": 600.0,
                "processCode": failed["processCode"], "refUUT": failed["id"], "active": True},
        "subUnits": [{"idx": 0, "partType": "Main", "pn": failed["pn"], "rev": failed["rev"],
                      "sn": failed["sn"],
                      "failures": [{"category": "Component", "code": "Defective",
                                    "comRef": "U7", "refStepId": 3}]}],
    }  # fmt: skip


def demo_reports(now: datetime | None = None, units: int = 8) -> list[dict[str, Any]]:
    """Reports for ``units`` serial numbers spread over the four days before ``now``."""
    now = now or datetime.now(timezone.utc)
    rng = random.Random(2026)  # noqa: S311 - demo values, not secrets
    reports: list[dict[str, Any]] = []
    for n in range(units):
        serial = f"PSU-{1000 + n}"
        start = now - timedelta(days=4) + timedelta(hours=n * 11, minutes=rng.randint(0, 50))
        for code, name in ((50, "PCBA test"), (100, "End of line test")):
            fail = rng.random() < 0.25
            report = _uut(rng, serial, code, name, start, fail)
            reports.append(report)
            start += timedelta(minutes=30)
            if fail:
                reports.append(_uur(report, start))
                start += timedelta(minutes=45)
                reports.append(_uut(rng, serial, code, name, start, False))
                start += timedelta(minutes=30)
    return [r for r in reports if r["start"] <= _iso(now)]


def seed_demo_reports(state: EmulatorState, now: datetime | None = None) -> int:
    """Store the demo reports; return how many."""
    reports = demo_reports(now)
    for report in reports:
        state.submit_report(report)
    return len(reports)
