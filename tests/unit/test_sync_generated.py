"""The generated sync services are fresh and mirror the async ones name for name."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

from pywats import AsyncWATS, pyWATS
from pywats.domains import SERVICES, ServiceSpec

REPO_ROOT = Path(__file__).resolve().parents[2]
GENERATOR = REPO_ROOT / "scripts" / "generate_sync.py"


def run_generator(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(GENERATOR), *args],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        check=False,
        timeout=60,
    )


def test_generated_files_are_up_to_date() -> None:
    result = run_generator("--check")
    assert result.returncode == 0, result.stderr


def test_check_detects_stale_and_stray_files(tmp_path: Path) -> None:
    assert run_generator("--out-dir", str(tmp_path)).returncode == 0
    assert run_generator("--check", "--out-dir", str(tmp_path)).returncode == 0
    report = tmp_path / "report.py"
    report.write_text(report.read_text().replace("def get_report(", "def get_report_old("))
    (tmp_path / "leftover.py").write_text("")
    result = run_generator("--check", "--out-dir", str(tmp_path))
    assert result.returncode == 1
    assert "report.py" in result.stderr
    assert "leftover.py" in result.stderr
    assert "run `python scripts/generate_sync.py`" in result.stderr


def public_methods(cls: type) -> dict[str, object]:
    return {
        name: member
        for name, member in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_")
    }


def signature_without_self(function: object) -> inspect.Signature:
    signature = inspect.signature(function)  # type: ignore[arg-type]
    return signature.replace(parameters=list(signature.parameters.values())[1:])


@pytest.mark.parametrize("spec", SERVICES, ids=lambda s: s.domain)
def test_sync_twin_has_the_same_names_signatures_and_docs(spec: ServiceSpec) -> None:
    async_cls = getattr(importlib.import_module(spec.module), spec.async_class)
    sync_cls = getattr(importlib.import_module(f"pywats._sync.{spec.domain}"), spec.sync_class)
    async_methods = public_methods(async_cls)
    sync_methods = public_methods(sync_cls)
    assert async_methods, f"{spec.async_class} has no public methods"
    assert sorted(sync_methods) == sorted(async_methods)
    for name, async_method in async_methods.items():
        sync_method = sync_methods[name]
        assert inspect.iscoroutinefunction(async_method), name
        assert not inspect.iscoroutinefunction(sync_method), name
        assert signature_without_self(sync_method) == signature_without_self(async_method), name
        assert inspect.getdoc(sync_method) == inspect.getdoc(async_method), name


@pytest.mark.parametrize("spec", SERVICES, ids=lambda s: s.domain)
def test_both_clients_expose_every_domain_with_the_right_type(spec: ServiceSpec) -> None:
    async_prop = inspect.getattr_static(AsyncWATS, spec.domain)
    sync_prop = inspect.getattr_static(pyWATS, spec.domain)
    assert isinstance(async_prop, property)
    assert isinstance(sync_prop, property)
    assert async_prop.fget.__annotations__["return"] == spec.async_class
    assert sync_prop.fget.__annotations__["return"] == spec.sync_class


def test_aliases_are_kept() -> None:
    from pywats._sync.report import ReportService
    from pywats.domains.report.service import AsyncReportService

    assert AsyncReportService.submit is AsyncReportService.submit_report
    assert ReportService.submit is ReportService.submit_report


def test_clients_offer_the_same_public_surface() -> None:
    def public(cls: type) -> set[str]:
        return {name for name in dir(cls) if not name.startswith("_")}

    async_only = {"aclose", "http"}  # the raw async HTTP client is usable only on its loop
    sync_only = {"close", "closed"}
    assert public(AsyncWATS) - async_only == public(pyWATS) - sync_only
    assert inspect.iscoroutinefunction(AsyncWATS.test_connection)
    assert not inspect.iscoroutinefunction(pyWATS.test_connection)
    async_init = inspect.signature(AsyncWATS.__init__)
    sync_init = inspect.signature(pyWATS.__init__)
    assert async_init == sync_init
