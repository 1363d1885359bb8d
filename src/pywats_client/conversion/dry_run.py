"""A converter dry run: convert one file and check the reports, but queue, upload or move nothing.

Shared by ``pywats-client converter test FILE`` (which converts in its own process) and the
service's ``test_converter`` IPC command behind the GUI's "Test a file" button (which converts
in a worker process, so a converter that hangs or crashes cannot harm the service):

1. :func:`choose_converter` - a configured converter or a built-in one by name, a class path,
   or the best match for the file (built-ins and enabled configured converters compete on
   ``validate()`` confidence);
2. :meth:`DryRunTarget.request` - the :class:`~.worker.ConversionRequest` to run anywhere;
3. :func:`finish_dry_run` - the service's pipeline (ids, station, attachments, WSJF checks)
   on the converter's reply, giving a :class:`DryRunResult`.

Example:
    >>> result = dry_run(Path("run.csv"), config)  # doctest: +SKIP
    >>> result.ok, [r.report_id for r in result.prepared.reports]  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pywats.core.station import Station
from pywats_client.conversion.pipeline import PipelineSettings, Preparation, prepare_reports
from pywats_client.conversion.worker import ConversionReply, ConversionRequest, run_request
from pywats_client.converters.base import ConverterContext, ConverterSource, FileConverter
from pywats_client.converters.loader import (
    ConverterLoadError,
    builtin_converters,
    create_converter,
    describe_converter,
    load_converter_class,
)
from pywats_client.errors import ClientError

if TYPE_CHECKING:
    from pywats_client.config import ClientConfig, ConverterConfig

__all__ = [
    "ConverterNotFound",
    "DryRunResult",
    "DryRunTarget",
    "choose_converter",
    "dry_run",
    "finish_dry_run",
    "report_summary",
]

_DEFAULT_REJECT = 0.2
_DEFAULT_ALARM = 0.5


class ConverterNotFound(ClientError, LookupError):
    """No converter by that name, or none that recognises the file."""


@dataclass(frozen=True)
class DryRunTarget:
    """The converter a dry run uses: name, class path, arguments, and its config entry."""

    name: str
    class_path: str
    arguments: dict[str, Any] = field(default_factory=dict)
    entry: ConverterConfig | None = None

    def request(
        self,
        path: Path,
        *,
        station: Station | None = None,
        processes: Mapping[int, str] | None = None,
    ) -> ConversionRequest:
        """The conversion of ``path`` with this converter's arguments and thresholds."""
        entry = self.entry
        return ConversionRequest(
            class_path=self.class_path,
            converter_name=self.name,
            arguments=self.arguments,
            path=str(path),
            station=station,
            processes=dict(processes or {}),
            reject_threshold=entry.reject_threshold if entry else _DEFAULT_REJECT,
            alarm_threshold=entry.alarm_threshold if entry else _DEFAULT_ALARM,
        )


def _absolute_class_path(class_path: str) -> str:
    if class_path.endswith(".py"):
        return str(Path(class_path).expanduser().absolute())
    if ".py:" in class_path:
        file_part, _, cls = class_path.rpartition(".py:")
        return f"{Path(file_part + '.py').expanduser().absolute()}:{cls}"
    return class_path


def choose_converter(
    file: Path,
    config: ClientConfig | None,
    *,
    name: str | None = None,
    class_path: str | None = None,
) -> DryRunTarget:
    """The converter to dry-run on ``file``: by class path, by name, or the best match.

    Args:
        file: The tester file (or folder), used only when neither name nor class is given.
        config: The instance's configuration (its converters come first), or None.
        name: A configured or built-in converter name.
        class_path: ``package.module:Class`` or a path to a ``.py`` file (relative to the
            current directory).

    Raises:
        ConverterNotFound: no converter by that name, or none recognises the file.
        ConverterLoadError: the class path cannot be loaded.
    """
    if class_path is not None:
        resolved = _absolute_class_path(class_path)
        info = describe_converter(load_converter_class(resolved))
        return DryRunTarget(info.name, resolved)
    configured = {c.name: c for c in config.converters} if config else {}
    if name is not None:
        if name in configured:
            entry = configured[name]
            return DryRunTarget(entry.name, entry.class_path, dict(entry.arguments), entry)
        for path, info in builtin_converters():
            if info.name == name:
                return DryRunTarget(info.name, path)
        known = sorted(set(configured) | {info.name for _, info in builtin_converters()})
        raise ConverterNotFound(
            f"no converter named {name!r} (configured or built-in: {', '.join(known)})"
        )
    return _detect(file, configured)


def _detect(file: Path, configured: Mapping[str, ConverterConfig]) -> DryRunTarget:
    candidates = [
        DryRunTarget(c.name, c.class_path, dict(c.arguments), c)
        for c in configured.values()
        if c.enabled
    ]
    candidates += [DryRunTarget(info.name, path) for path, info in builtin_converters()]
    best: tuple[float, DryRunTarget] | None = None
    for candidate in candidates:
        try:
            converter = create_converter(candidate.class_path, candidate.arguments)
        except ConverterLoadError:
            continue
        if not isinstance(converter, FileConverter) or not converter.matches(file):
            continue
        try:
            confidence = converter.validate(ConverterSource(file), ConverterContext(candidate.name))
        except Exception:  # noqa: S112 - a validate() that breaks simply does not win
            continue
        entry = candidate.entry
        threshold = entry.reject_threshold if entry else _DEFAULT_REJECT
        if confidence >= threshold and (best is None or confidence > best[0]):
            best = (confidence, candidate)
    if best is None:
        raise ConverterNotFound(
            f"no configured or built-in converter recognises {file.name}; "
            "name one with --converter NAME or --class PATH"
        )
    return best[1]


def report_summary(data: Mapping[str, Any]) -> dict[str, Any]:
    """The header of one WSJF report (what a list of converted reports shows)."""
    root = data.get("root")

    def count_steps(step: Any) -> int:
        if not isinstance(step, Mapping):
            return 0
        return 1 + sum(count_steps(child) for child in step.get("steps") or ())

    return {
        "id": data.get("id"),
        "type": data.get("type"),
        "pn": data.get("pn"),
        "sn": data.get("sn"),
        "rev": data.get("rev"),
        "process_code": data.get("processCode"),
        "result": data.get("result"),
        "start": data.get("start"),
        "station": data.get("machineName"),
        "steps": max(count_steps(root) - 1, 0),  # the root sequence is not a test step
    }


@dataclass(frozen=True)
class DryRunResult:
    """What a dry run found: the converter's reply, and the prepared reports when it made any."""

    target: DryRunTarget
    path: Path
    reply: ConversionReply
    prepared: Preparation | None

    @property
    def ok(self) -> bool:
        """The file converts into reports that pass every check (they would be queued)."""
        return self.prepared is not None and self.prepared.ok

    @property
    def problems(self) -> list[str]:
        return self.prepared.problems if self.prepared else []

    @property
    def warnings(self) -> list[str]:
        return (self.prepared.notes + self.prepared.warnings) if self.prepared else []

    def to_json(self, *, full_reports: bool = True) -> dict[str, Any]:
        """JSON for scripts (``converter test --json``) or, with ``full_reports=False``, a
        compact answer with one summary per report (the IPC command: frames stay small)."""
        reports = self.prepared.reports if self.prepared else []
        return {
            "converter": {
                "name": self.target.name,
                "class_path": self.target.class_path,
                "arguments": self.target.arguments,
                "version": self.reply.converter_version,
            },
            "file": str(self.path),
            "status": self.reply.status.value,
            "reason": self.reply.reason,
            "confidence": self.reply.confidence,
            "reports": [r.data if full_reports else report_summary(r.data) for r in reports],
            "problems": self.problems,
            "warnings": self.warnings,
            "ok": self.ok,
        }


def finish_dry_run(
    target: DryRunTarget, path: Path, reply: ConversionReply, settings: PipelineSettings
) -> DryRunResult:
    """Run the service's pipeline (ids, station, attachments, checks) on ``reply``."""
    prepared = None
    if reply.reports:
        prepared = prepare_reports(
            reply.reports,
            converter_name=target.name,
            converter_version=reply.converter_version,
            sha256=ConverterSource(path).sha256,
            source_name=path.name,
            settings=settings,
        )
    return DryRunResult(target, path, reply, prepared)


def dry_run(
    file: Path,
    config: ClientConfig | None,
    *,
    name: str | None = None,
    class_path: str | None = None,
    arguments: Mapping[str, Any] | None = None,
) -> DryRunResult:
    """Choose a converter, convert ``file`` in this process, check the reports.

    ``arguments`` are added over the converter's configured ones. The station is the
    config's (else the environment's); process codes are not checked (no server here).

    Raises:
        FileNotFoundError: ``file`` does not exist.
        ConverterNotFound: see :func:`choose_converter`.
        ConverterLoadError: the class path cannot be loaded.
    """
    path = file.expanduser().absolute()
    if not path.exists():
        raise FileNotFoundError(f"{file}: no such file or folder")
    target = choose_converter(path, config, name=name, class_path=class_path)
    if arguments:
        target = DryRunTarget(
            target.name, target.class_path, {**target.arguments, **arguments}, target.entry
        )
    station = config.station.identity() if config else Station.from_environment()
    reply = run_request(target.request(path, station=station))
    return finish_dry_run(target, path, reply, PipelineSettings(station=station))
