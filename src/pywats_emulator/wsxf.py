"""The WSXF codec lives in :mod:`pywats.domains.report.wsxf` (shared with the converters)."""

from pywats.domains.report.wsxf import (
    NAMESPACE,
    TYPES_NAMESPACE,
    WsxfError,
    dict_to_wsxf,
    wsxf_to_dict,
)

__all__ = ["NAMESPACE", "TYPES_NAMESPACE", "WsxfError", "dict_to_wsxf", "wsxf_to_dict"]
