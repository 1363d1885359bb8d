"""Built-in converters: one module per tester format.

:data:`BUILTIN_CONVERTERS` maps each converter's ``name`` to the ``"module:Class"`` path that a
converter's ``class_path`` in the configuration takes (imported only when used, so listing them
is cheap).

| name | format |
|---|---|
| ``wsjf`` | WATS Standard JSON Format, passed through |
| ``wsxf`` | WATS Standard XML Format |
| ``csv`` | CSV / delimited logs, described by a mapping template |
| ``junit`` | JUnit XML test results |
| ``openhtf`` | OpenHTF JSON test records |
| ``teststand-xml`` | NI TestStand XML reports (plain and WATS add-on) |
| ``atml`` | ATML / IEEE 1636.1 TestResults |
| ``stdf`` | STDF V4 binary datalogs (one report per part) |
"""

from __future__ import annotations

__all__ = ["BUILTIN_CONVERTERS"]

_PACKAGE = "pywats_client.converters.builtin"

BUILTIN_CONVERTERS: dict[str, str] = {
    "wsjf": f"{_PACKAGE}.wsjf:WsjfConverter",
    "wsxf": f"{_PACKAGE}.wsxf:WsxfConverter",
    "csv": f"{_PACKAGE}.csv_mapping:CsvMappingConverter",
    "junit": f"{_PACKAGE}.junit:JUnitConverter",
    "openhtf": f"{_PACKAGE}.openhtf:OpenHtfConverter",
    "teststand-xml": f"{_PACKAGE}.teststand:TestStandXmlConverter",
    "atml": f"{_PACKAGE}.atml:AtmlConverter",
    "stdf": f"{_PACKAGE}.stdf:StdfConverter",
}
