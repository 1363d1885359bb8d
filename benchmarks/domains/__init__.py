"""Domain benchmarks: ``python benchmarks/run.py domains`` (see benchmarks/README.md).

D1. Analytics calls (dynamic yield by part number and day, test step analysis, aggregated
    measurements, top failed) on a seeded store of test reports with retests, against reading
    the same reports' headers;
D2. serial numbers taken by 20 concurrent ``AsyncWATS`` clients (no number handed out twice),
    against the same clients calling ``get_version()``.
"""

from __future__ import annotations

from domains.suite import FULL_DOMAINS, QUICK_DOMAINS, DomainsPlan, run_domain_benchmarks

__all__ = ["FULL_DOMAINS", "QUICK_DOMAINS", "DomainsPlan", "run_domain_benchmarks"]
