"""pyWATS API demo: an embedded WATS emulator, realistic reports, submit, query back.

Run it with ``python examples/api_demo.py`` (the README's first command does this for you).
It starts the WATS emulator on a free loopback port, builds a shift's worth of PCBA test
reports with :class:`pywats.tools.ReportBuilder` (three stations, two products, real limits,
some failures and one repair), submits them with the sync client ``pyWATS``, then asks the
server for them back with OData header queries and prints what it found, so every number can
be checked against the emulator (``--keep`` leaves it running for you to explore).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from pywats import Station, pyWATS
from pywats.domains.report import F, StepGroup, UUTReport
from pywats.tools import ReportBuilder
from pywats_emulator.server import EmulatorServer

STATIONS = [
    Station("ICT-01", "Line 1", "Production"),
    Station("FCT-02", "Line 1", "Production"),
    Station("FCT-03", "Line 2", "Production"),
]
PRODUCTS = [("PCB-100", "B"), ("PSU-220", "A")]


def build_uut(rng: random.Random, index: int, start: datetime) -> UUTReport:
    """One functional-test report of ~40 steps with realistic measurements."""
    part_number, revision = PRODUCTS[index % len(PRODUCTS)]
    uut = ReportBuilder.uut(
        part_number=part_number,
        serial_number=f"SN-{20260000 + index}",
        revision=revision,
        process_code=50,
        start=start,
        operator=rng.choice(["anna", "bjorn", "chen"]),
        batch_serial_number=f"LOT-{index // 10:03d}",
        fixture_id="FX-3",
    )
    uut.misc_info("Firmware", "1.4.2")
    with uut.root.sequence("Power up") as power:
        power.action("Apply 24 V")
        power.numeric("VCC 3V3", rng.gauss(3.30, 0.03), low=3.2, high=3.4, unit="V")
        power.numeric("Idle current", rng.gauss(120, 6), low=100, high=140, unit="mA")
        rails = power.multi_numeric("Rails")
        rails.add("5V", rng.gauss(5.0, 0.03), low=4.9, high=5.1, unit="V")
        rails.add("12V", rng.gauss(12.0, 0.12), low=11.7, high=12.3, unit="V")
    with uut.root.sequence("Functional") as functional:
        functional.pass_fail("LED check", rng.random() > 0.03)
        functional.string("FW version", "1.4.2", limit="1.4.2")
        for channel in range(8):
            functional.numeric(
                f"ADC ch{channel}", rng.gauss(1.0, 0.004), low=0.99, high=1.01, unit="V"
            )
        ripple = [round(rng.gauss(12, 0.5), 2) for _ in range(50)]
        graph = functional.xy_graph(
            "Ripple", x_label="Time", x_unit="ms", y_label="Ripple", y_unit="mV"
        )
        graph.add_series("ch1", list(range(50)), ripple)
        graph.add_numeric(max(ripple), high=15, unit="mV")
    uut.root.action("Power off", group=StepGroup.CLEANUP)
    return uut.build()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=30, help="how many UUT reports (30)")
    parser.add_argument("--seed", type=int, default=7, help="random seed for the values")
    parser.add_argument("--keep", action="store_true", help="keep the emulator running at the end")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    with tempfile.TemporaryDirectory(prefix="pywats-demo-") as tmp:
        db = Path(tmp) / "emulator.sqlite3"
        with EmulatorServer(db_path=db, token="demo-token") as server:
            print(f"WATS emulator running at {server.url} (token 'demo-token', db {db})")
            t0 = time.perf_counter()
            now = datetime.now(timezone.utc).astimezone()
            failed_reports: list[UUTReport] = []
            for index in range(args.reports):
                station = STATIONS[index % len(STATIONS)]
                report = build_uut(rng, index, now - timedelta(minutes=5 * (args.reports - index)))
                with pyWATS(server.url, "demo-token", station=station) as wats:
                    report_id = wats.report.submit_report(report)
                if report.result.value != "P":
                    failed_reports.append(report)
                print(
                    f"  submitted {report.serial_number:<12} {report.part_number:<8} "
                    f"{station.name:<7} result={report.result.value}  id={report_id}"
                )
            with pyWATS(
                server.url, "demo-token", station=Station("REPAIR-01", "Line 1", "Repair")
            ) as wats:
                if failed_reports:
                    uur = ReportBuilder.uur_for(
                        failed_reports[0], process_code=500, operator="tech2"
                    )
                    uur.failure("Component", "Defective", com_ref="U7", comment="Reworked")
                    wats.report.submit_report(uur.build())
                    print(f"  submitted repair for {failed_reports[0].serial_number}")
                elapsed = time.perf_counter() - t0
                print(f"\nSubmitted {args.reports} test reports in {elapsed:.2f} s\n")

                print("Asking the server back (OData header queries):")
                for part_number, _rev in PRODUCTS:
                    headers = wats.report.query_uut_headers(
                        filter=F.part_number.eq(part_number), top=1000
                    )
                    failed = [h for h in headers if h.result not in ("Passed", "P")]
                    print(f"  {part_number}: {len(headers)} reports, {len(failed)} not passed")
                since = now - timedelta(hours=1)
                recent = wats.report.query_uut_headers(
                    filter=F.start.ge(since) & F.station_name.eq("FCT-03"), top=1000
                )
                print(f"  FCT-03 in the last hour: {len(recent)} reports")
                repairs = wats.report.query_uur_headers(top=10)
                print(f"  repair reports: {len(repairs)}")
                if failed_reports:
                    back = wats.report.get_report(str(failed_reports[0].id))
                    assert isinstance(back, UUTReport)
                    steps = sum(1 for _ in back.iter_steps())
                    print(
                        f"  read back {back.serial_number}: {steps} steps, result "
                        f"{back.result.value}, station {back.machine_name}"
                    )
            if args.keep:
                print(f"\nEmulator still running at {server.url} — Ctrl+C to stop.")
                try:
                    while True:
                        time.sleep(1)
                except KeyboardInterrupt:
                    pass
    print("\nDone: every report above is stored and queryable on the emulator.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
