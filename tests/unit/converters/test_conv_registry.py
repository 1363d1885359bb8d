"""Every built-in converter in the registry imports, is a FileConverter and carries its name."""

from __future__ import annotations

import importlib

import pytest

from pywats_client.converters.base import FileConverter
from pywats_client.converters.builtin import BUILTIN_CONVERTERS


@pytest.mark.parametrize(("name", "class_path"), sorted(BUILTIN_CONVERTERS.items()))
def test_registry_entry_loads(name: str, class_path: str) -> None:
    module_name, _, class_name = class_path.partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    assert issubclass(cls, FileConverter)
    assert cls.name == name
    assert cls.version
    assert cls.patterns
