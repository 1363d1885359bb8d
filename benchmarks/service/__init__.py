"""Station service benchmarks: ``python benchmarks/run.py service`` (see benchmarks/README.md).

(a) queue → emulator throughput of the uploader against the raw async httpx ceiling,
(b) idle memory and CPU of a running service against a bare ``python`` sleeping,
(c) start-up time to RUNNING against starting ``python -c pass``,
(d) enqueue and claim rates with 100k queued rows against an empty queue.
"""

from __future__ import annotations

from service.suite import FULL_SERVICE, QUICK_SERVICE, ServicePlan, run_service_benchmarks

__all__ = ["FULL_SERVICE", "QUICK_SERVICE", "ServicePlan", "run_service_benchmarks"]
