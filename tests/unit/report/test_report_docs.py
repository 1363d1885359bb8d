"""The examples in the report domain and ReportBuilder docstrings run and give what they say."""

from __future__ import annotations

import doctest
import importlib

import pytest

import pywats.domains.report as report_domain
import pywats.tools as tools

DOCUMENTED_MODULES = [
    "pywats.domains.report.comparison",
    "pywats.domains.report.filters",
    "pywats.domains.report.models.parse",
    "pywats.tools",
    "pywats.tools.report_builder",
    "pywats.tools._builder_status",
]


@pytest.mark.parametrize("name", DOCUMENTED_MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize("package", [report_domain, tools])
def test_public_names_exist(package: object) -> None:
    names = package.__all__  # type: ignore[attr-defined]
    assert len(names) == len(set(names))
    for name in names:
        assert hasattr(package, name), name


def test_report_domain_exports_the_models_filters_and_comparison() -> None:
    expected = {
        "UUTReport", "UURReport", "ReportHeader", "Step", "parse_report", "Report",
        "F", "Filter", "all_of", "any_of", "evaluate", "passes", "CompOp", "StepStatus",
    }  # fmt: skip
    assert expected <= set(report_domain.__all__)
    assert {"ReportBuilder", "UUTReportBuilder", "UURReportBuilder", "ReportBuildError"} <= set(
        tools.__all__
    )
