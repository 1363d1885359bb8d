"""Reports made with the ReportBuilder, shared by several test modules."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

from pywats.domains.report.models import CompOp, StepGroup, StepType, UUTReport
from pywats.tools import ReportBuilder, UUTReportBuilder

CET = timezone(timedelta(hours=1))


def new_uut(**overrides: object) -> UUTReportBuilder:
    """A UUT builder for PCB-100 / SN-000123, process 50, with keyword overrides."""
    kwargs: dict[str, object] = {
        "part_number": "PCB-100",
        "serial_number": "SN-000123",
        "revision": "B",
        "process_code": 50,
        "operator": "operator1",
        "start": datetime(2026, 2, 10, 9, 15, tzinfo=CET),
    }
    kwargs.update(overrides)
    return ReportBuilder.uut(**kwargs)  # type: ignore[arg-type]


def build_full_uut() -> UUTReport:
    """A UUT report using every step kind the builder offers (the §3.7 example and more)."""
    uut = new_uut(
        process_name="PCBA test",
        station_name="STATION-07",
        location="Line 2",
        purpose="Production",
        batch_serial_number="LOT-42",
        fixture_id="FX-3",
        test_socket_index=0,
        comment="nightly run",
        sequence_path="C:/seq/pcb100.seq",
        sequence_version="2.0.0",
    )
    uut.misc_info("Firmware", "1.4.2")
    uut.misc_info("Temperature", 21.5)
    uut.sub_unit("PCBA", "SUB-9", "SUB-SN-77", "A")
    uut.asset("DMM-1", usage_count=3)
    root = uut.root
    root.action("Power on", group=StepGroup.SETUP, tot_time_s=0.4)
    root.numeric("VCC", 3.31, low=3.2, high=3.4, unit="V", tot_time_s=0.1)
    rails = root.multi_numeric("Rails")
    rails.add("5V", 5.01, low=4.9, high=5.1, unit="V")
    rails.add("12V", 12.6, high=12.5, comp_op=CompOp.LE, unit="V")
    with root.sequence("Functional", path="C:/seq/func.seq", version="1.0.0") as func:
        func.pass_fail("LED check", True)
        leds = func.multi_pass_fail("LEDs")
        leds.add("red", True)
        leds.add("green", True)
        func.string("FW version", "1.4.2", limit="1.4.2")
        labels = func.multi_string("Labels")
        labels.add("vendor", "ACME", limit="acme", comp_op=CompOp.IGNORECASE)
        labels.add("free", "text")
        ripple = func.xy_graph(
            "Ripple", label="Ripple", x_label="Time", x_unit="ms", y_label="Voltage", y_unit="mV"
        )
        ripple.add_series("ch1", [0, 1, 2], [11.0, 12.5, 13])
        ripple.add_numeric(12.0, unit="mV")
        curve = func.chart("Curve", label="Curve")
        curve.add_series("c", [0.5, 1.5], [math.nan, 2.25])
    with root.loop("Retry") as loop:
        loop.numeric("Retry", 301.0, high=300.0, comp_op=CompOp.LE, tot_time_s=1.0)
        loop.numeric("Retry", 299.0, high=300.0, comp_op=CompOp.LE, tot_time_s=2.0)
    with root.loop("SeqLoop") as seq_loop:
        for index in range(2):
            with seq_loop.sequence("SeqLoop", path="loop.seq") as iteration:
                iteration.numeric("x", float(index), low=0.0)
    root.message_popup("Ask operator", response="Looks fine", button=1)
    root.call_executable("Flash", exit_code=0)
    root.generic("If", step_type=StepType.NI_FLOW_IF)
    root.generic("Vendor", step_type="Vendor_Custom")
    root.attachment(
        "Power off",
        b"ok\n",
        file_name="log.txt",
        content_type="text/plain",
        group=StepGroup.CLEANUP,
    ).error(0, "no error").report_text("done")
    return uut.build()
