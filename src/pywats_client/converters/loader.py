"""Load a converter class from config: ``package.module:Class``, a dotted path or a ``.py`` file.

Accepted forms of ``class_path``:

* ``package.module:ConverterClass`` - import the module, take the attribute;
* ``package.module.ConverterClass`` - the same, split at the last dot;
* ``/abs/path/converter.py:ConverterClass`` - load the file as a module;
* ``/abs/path/converter.py`` - load the file; it must define exactly one converter class.

Every failure is a :class:`ConverterLoadError` whose message says which of these went wrong
(module not found, import failed inside the module, class not found - listing what the module
has -, not a converter, abstract, bad arguments), like uvicorn's ``"module:attr"`` importer.
A ``.py`` file is re-executed when its modification time changes, so an edited converter is
picked up by the next conversion without restarting the service.

Example:
    >>> cls = load_converter_class("pywats_client.converters.builtin.wsjf:WsjfConverter")
    >>> describe_converter(cls).kind.value
    'file'
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import inspect
import pkgutil
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from types import ModuleType
from typing import Any

from pywats_client.converters.base import (
    Converter,
    FileConverter,
    FolderConverter,
    ScheduledConverter,
)
from pywats_client.errors import ClientError

__all__ = [
    "BUILTIN_PACKAGE",
    "ConverterInfo",
    "ConverterKind",
    "ConverterLoadError",
    "builtin_converters",
    "create_converter",
    "describe_converter",
    "load_converter_class",
]

BUILTIN_PACKAGE = "pywats_client.converters.builtin"
_BASES = (Converter, FileConverter, FolderConverter, ScheduledConverter)
_MAX_LISTED = 12
_file_modules: dict[Path, tuple[int, ModuleType]] = {}
_file_lock = threading.Lock()


class ConverterLoadError(ClientError):
    """The converter named in the configuration cannot be loaded or instantiated."""


class ConverterKind(str, Enum):
    """Which of the three converter contracts a class implements."""

    FILE = "file"
    FOLDER = "folder"
    SCHEDULED = "scheduled"


@dataclass(frozen=True)
class ConverterInfo:
    """What the service needs to know about a converter class (JSON-friendly, picklable)."""

    kind: ConverterKind
    class_name: str
    name: str
    version: str
    description: str = ""
    patterns: tuple[str, ...] = ()
    ready_marker: str | None = None
    min_files: int = 1
    run_on_start: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "class_name": self.class_name,
            "name": self.name,
            "version": self.version,
            "description": self.description,
            "patterns": list(self.patterns),
            "ready_marker": self.ready_marker,
            "min_files": self.min_files,
            "run_on_start": self.run_on_start,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ConverterInfo:
        return cls(
            kind=ConverterKind(data["kind"]),
            class_name=str(data["class_name"]),
            name=str(data["name"]),
            version=str(data["version"]),
            description=str(data.get("description") or ""),
            patterns=tuple(str(p) for p in data.get("patterns") or ()),
            ready_marker=data.get("ready_marker"),
            min_files=int(data.get("min_files", 1)),
            run_on_start=bool(data.get("run_on_start", False)),
        )


def _split(class_path: str) -> tuple[Path | None, str, str | None]:
    """``(file, module, class)``: file is set for ``.py`` paths, class may be None for them."""
    text = class_path.strip()
    if text.endswith(".py"):
        return Path(text).expanduser(), text, None
    if ".py:" in text:
        file_part, _, class_name = text.rpartition(".py:")
        return Path(file_part + ".py").expanduser(), file_part + ".py", class_name
    module, sep, class_name = text.partition(":")
    if not sep:
        module, _, class_name = text.rpartition(".")
    if not module or not class_name:
        raise ConverterLoadError(
            f"converter {class_path!r}: expected 'package.module:ClassName', "
            "'package.module.ClassName' or an absolute path to a .py file"
        )
    return None, module, class_name


def _import_module(name: str, class_path: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        missing = exc.name or ""
        if missing == name or name.startswith(missing + "."):
            raise ConverterLoadError(
                f"converter {class_path!r}: module {name!r} not found "
                f"(is the package installed in this Python environment?)"
            ) from exc
        raise ConverterLoadError(
            f"converter {class_path!r}: importing {name!r} failed: {exc}"
        ) from exc
    except Exception as exc:
        raise ConverterLoadError(
            f"converter {class_path!r}: importing {name!r} failed: {_describe(exc)}"
        ) from exc


def _load_file(path: Path, class_path: str) -> ModuleType:
    if not path.is_absolute():
        raise ConverterLoadError(f"converter {class_path!r}: a file path must be absolute")
    try:
        mtime_ns = path.stat().st_mtime_ns
    except FileNotFoundError as exc:
        raise ConverterLoadError(f"converter {class_path!r}: file {path} not found") from exc
    except OSError as exc:
        raise ConverterLoadError(f"converter {class_path!r}: cannot read {path}: {exc}") from exc
    with _file_lock:
        cached = _file_modules.get(path)
        if cached is not None and cached[0] == mtime_ns:
            return cached[1]
        # A stable, unique module name per file: classes defined there get a real __module__.
        digest = hashlib.sha256(str(path).encode()).hexdigest()[:12]
        name = f"pywats_converter_{path.stem}_{digest}".replace("-", "_")
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise ConverterLoadError(f"converter {class_path!r}: {path} is not a Python file")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except Exception as exc:
            sys.modules.pop(name, None)
            raise ConverterLoadError(
                f"converter {class_path!r}: loading {path} failed: {_describe(exc)}"
            ) from exc
        _file_modules[path] = (mtime_ns, module)
        return module


def _describe(exc: BaseException) -> str:
    if isinstance(exc, SyntaxError):
        return f"SyntaxError: {exc.msg} (line {exc.lineno})"
    return f"{type(exc).__name__}: {exc}"


def _is_converter_class(value: object) -> bool:
    return inspect.isclass(value) and issubclass(value, Converter) and value not in _BASES


def _defined_converters(module: ModuleType) -> list[str]:
    return sorted(
        name
        for name, value in vars(module).items()
        if _is_converter_class(value) and value.__module__ == module.__name__
    )


def _listing(module: ModuleType) -> str:
    converters = sorted(n for n, v in vars(module).items() if _is_converter_class(v))
    if converters:
        return "converter classes there: " + ", ".join(converters[:_MAX_LISTED])
    public = sorted(n for n in vars(module) if not n.startswith("_"))
    shown = ", ".join(public[:_MAX_LISTED]) + (", ..." if len(public) > _MAX_LISTED else "")
    return f"it has no converter classes (names: {shown or 'none'})"


def load_converter_class(class_path: str) -> type[Converter]:
    """The converter class named by ``class_path`` (see the module docstring for the forms).

    Raises:
        ConverterLoadError: with a message naming what is wrong.
    """
    file_path, module_name, class_name = _split(class_path)
    if file_path is not None:
        module = _load_file(file_path, class_path)
        if class_name is None:
            found = _defined_converters(module)
            if len(found) != 1:
                what = "no converter class" if not found else "several converter classes: "
                raise ConverterLoadError(
                    f"converter {class_path!r}: the file defines {what}{', '.join(found)}; "
                    + (
                        "name one as '/path/file.py:ClassName'"
                        if found
                        else "subclass FileConverter, FolderConverter or ScheduledConverter"
                    )
                )
            class_name = found[0]
    else:
        module = _import_module(module_name, class_path)
    assert class_name is not None
    value = getattr(module, class_name, None)
    if value is None:
        raise ConverterLoadError(
            f"converter {class_path!r}: {module_name} has no attribute {class_name!r}; "
            + _listing(module)
        )
    if not _is_converter_class(value):
        raise ConverterLoadError(
            f"converter {class_path!r}: {class_name} is not a converter class "
            "(it must subclass FileConverter, FolderConverter or ScheduledConverter)"
        )
    cls: type[Converter] = value
    if not issubclass(cls, (FileConverter, FolderConverter, ScheduledConverter)):
        raise ConverterLoadError(
            f"converter {class_path!r}: {class_name} must subclass FileConverter, "
            "FolderConverter or ScheduledConverter, not only Converter"
        )
    if inspect.isabstract(cls):
        missing = ", ".join(sorted(getattr(cls, "__abstractmethods__", ())))
        raise ConverterLoadError(
            f"converter {class_path!r}: {class_name} is abstract; implement {missing}"
        )
    return cls


def create_converter(class_path: str, arguments: Mapping[str, Any] | None = None) -> Converter:
    """Load the class and instantiate it with the config's ``arguments``.

    Raises:
        ConverterLoadError: loading failed, or the constructor refused the arguments (its own
            message is kept).
    """
    cls = load_converter_class(class_path)
    try:
        return cls(**dict(arguments or {}))
    except Exception as exc:
        raise ConverterLoadError(
            f"converter {class_path!r}: bad arguments: {_describe_argument_error(exc)}"
        ) from exc


def _describe_argument_error(exc: Exception) -> str:
    return str(exc) if isinstance(exc, (TypeError, ValueError)) else _describe(exc)


def describe_converter(cls: type[Converter]) -> ConverterInfo:
    """The class's kind, name, version and watch hints."""
    if issubclass(cls, FileConverter):
        kind = ConverterKind.FILE
    elif issubclass(cls, FolderConverter):
        kind = ConverterKind.FOLDER
    else:
        kind = ConverterKind.SCHEDULED
    patterns: Sequence[str] = getattr(cls, "patterns", ()) if kind is ConverterKind.FILE else ()
    return ConverterInfo(
        kind=kind,
        class_name=f"{cls.__module__}.{cls.__qualname__}",
        name=cls.name or cls.__name__,
        version=str(cls.version),
        description=cls.description or (inspect.getdoc(cls) or "").split("\n", 1)[0],
        patterns=tuple(patterns),
        ready_marker=getattr(cls, "ready_marker", None),
        min_files=int(getattr(cls, "min_files", 1)),
        run_on_start=bool(getattr(cls, "run_on_start", False)),
    )


def builtin_converters() -> list[tuple[str, ConverterInfo]]:
    """``(class_path, info)`` of every converter shipped in ``pywats_client.converters.builtin``.

    Uses the package's ``BUILTIN_CONVERTERS`` registry when it has one (names or classes),
    otherwise finds the converter classes defined in its public modules. A module that fails
    to import is left out (the list never breaks on one bad built-in).
    """
    try:
        package = importlib.import_module(BUILTIN_PACKAGE)
    except ImportError:
        return []
    registry = getattr(package, "BUILTIN_CONVERTERS", None)
    classes: list[type[Converter]] = []
    if registry is not None:
        values = registry.values() if isinstance(registry, Mapping) else registry
        for value in values:
            try:
                classes.append(load_converter_class(value) if isinstance(value, str) else value)
            except ConverterLoadError:
                continue
    else:
        for module_info in pkgutil.iter_modules(package.__path__):
            if module_info.name.startswith("_"):
                continue
            try:
                module = importlib.import_module(f"{package.__name__}.{module_info.name}")
            except Exception:  # noqa: S112 - a broken built-in must not hide the others
                continue
            classes += [
                value
                for value in vars(module).values()
                if inspect.isclass(value)
                and issubclass(value, Converter)
                and value.__module__ == module.__name__
                and not inspect.isabstract(value)
            ]
    unique = {f"{cls.__module__}:{cls.__qualname__}": cls for cls in classes}
    return sorted(
        ((path, describe_converter(cls)) for path, cls in unique.items()),
        key=lambda item: item[1].name,
    )
