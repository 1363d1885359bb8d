"""Converter entries of the configuration: what to load, which folder to watch, what to do after.

Only the data model and its sanity rules live here; loading and running converters is the
service's job. Rules that prevent a converter from eating its own output:

* folders are absolute (``~`` is expanded) — a service has no meaningful working directory;
* the done and error folders are never the watch folder;
* with ``recursive = true`` the done/error folders must be set explicitly and lie outside the
  watch folder (the default ``<watch>/Done`` would be watched again).
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, JsonValue, field_validator, model_validator

__all__ = ["ConverterConfig", "PostAction"]

_DOTTED_RE = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*([:.][A-Za-z_]\w*)?")
_CLASS_NAME_RE = re.compile(r"[A-Za-z_]\w*")
_INTERVAL_RE = re.compile(r"\d+(\.\d+)?\s*(s|m|h|d)")
_CRON_FIELD_RE = re.compile(r"[\d*/,\-A-Za-z?LW#]+")
_INTERVAL_UNIT_S = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


class PostAction(str, Enum):
    """What happens to a source file after a successful conversion."""

    MOVE = "move"  # into the done folder
    DELETE = "delete"
    ZIP = "zip"  # into a zip archive in the done folder
    KEEP = "keep"  # leave it; the service remembers it was converted


def _inside(child: Path, parent: Path) -> bool:
    try:
        child.relative_to(parent)
    except ValueError:
        return False
    return True


class ConverterConfig(BaseModel):
    """One converter: its class, its watch folder (or schedule) and its post-processing."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    name: str = Field(pattern=r"^[\w.-]([\w .-]{0,58}[\w.-])?$", description="Unique name")
    class_path: str = Field(
        description="'package.module:ClassName' or '/abs/path/file.py[:ClassName]'"
    )
    enabled: bool = True
    watch_folder: Path | None = None
    recursive: bool = False
    patterns: list[str] = Field(default_factory=lambda: ["*"], min_length=1)
    post_action: PostAction = PostAction.MOVE
    done_folder: Path | None = None
    error_folder: Path | None = None
    arguments: dict[str, JsonValue] = Field(default_factory=dict)
    schedule: str | None = Field(
        default=None, description="Interval ('30s', '5m', '1h', '1d') or a 5-field cron line"
    )
    timeout_s: float = Field(default=300.0, gt=0, le=86400)
    alarm_threshold: float = Field(default=0.5, ge=0, le=1)
    reject_threshold: float = Field(default=0.2, ge=0, le=1)

    @field_validator("class_path")
    @classmethod
    def _check_class_path(cls, value: str) -> str:
        text = value.strip()
        file_part, _, class_part = text.partition(".py:")
        if text.endswith(".py") or class_part:
            path = Path(text if text.endswith(".py") else file_part + ".py").expanduser()
            if not path.is_absolute():
                raise ValueError("a converter file must be given as an absolute path")
            if class_part and not _CLASS_NAME_RE.fullmatch(class_part):
                raise ValueError(f"{class_part!r} is not a valid class name")
            return text
        if not _DOTTED_RE.fullmatch(text):
            raise ValueError("must be 'package.module:ClassName' or an absolute path to a .py file")
        return text

    @field_validator("watch_folder", "done_folder", "error_folder")
    @classmethod
    def _check_absolute(cls, value: Path | None) -> Path | None:
        if value is None:
            return None
        expanded = value.expanduser()
        if not expanded.is_absolute():
            raise ValueError("must be an absolute path")
        return expanded

    @field_validator("patterns")
    @classmethod
    def _check_patterns(cls, value: list[str]) -> list[str]:
        for pattern in value:
            if not pattern.strip() or ".." in pattern:
                raise ValueError(f"bad file pattern {pattern!r}: empty or contains '..'")
        return value

    @field_validator("schedule")
    @classmethod
    def _check_schedule(cls, value: str | None) -> str | None:
        if value is None or _INTERVAL_RE.fullmatch(value.strip()):
            return value
        fields = value.split()
        if len(fields) == 5 and all(_CRON_FIELD_RE.fullmatch(f) for f in fields):
            return value
        raise ValueError("must be an interval like '30s', '5m', '1h', '1d' or a 5-field cron line")

    @model_validator(mode="after")
    def _check_folders(self) -> ConverterConfig:
        watch, done, error = self.watch_folder, self.done_folder, self.error_folder
        if watch is None and self.schedule is None:
            raise ValueError("watch_folder is required unless a schedule is set")
        needs_done = self.post_action in (PostAction.MOVE, PostAction.ZIP)
        if watch is not None:
            for key, folder, needed in (
                ("done_folder", done, needs_done),
                ("error_folder", error, True),
            ):
                if folder is not None and folder == watch:
                    raise ValueError(f"{key} must differ from watch_folder ({watch})")
                if self.recursive and needed and (folder is None or _inside(folder, watch)):
                    raise ValueError(
                        f"{key} must be set outside watch_folder when recursive = true "
                        f"(it would be watched again)"
                    )
        if self.reject_threshold > self.alarm_threshold:
            raise ValueError("reject_threshold must be <= alarm_threshold")
        return self

    @property
    def is_file_class_path(self) -> bool:
        """True when :attr:`class_path` points at a ``.py`` file rather than a module."""
        return self.class_path.endswith(".py") or ".py:" in self.class_path

    @property
    def effective_done_folder(self) -> Path | None:
        """Where converted files go (default ``<watch>/Done``)."""
        if self.done_folder is not None:
            return self.done_folder
        return self.watch_folder / "Done" if self.watch_folder is not None else None

    @property
    def effective_error_folder(self) -> Path | None:
        """Where failed files and their reason files go (default ``<watch>/Error``)."""
        if self.error_folder is not None:
            return self.error_folder
        return self.watch_folder / "Error" if self.watch_folder is not None else None

    @property
    def schedule_interval_s(self) -> float | None:
        """The schedule in seconds when it is an interval; None for cron or no schedule."""
        if self.schedule is None:
            return None
        match = _INTERVAL_RE.fullmatch(self.schedule.strip())
        if match is None:
            return None
        number = float(self.schedule.strip()[: match.start(2)])
        return number * _INTERVAL_UNIT_S[match.group(2)]

    def argument(self, name: str, default: Any = None) -> Any:
        """A converter argument by name, ``default`` when absent."""
        return self.arguments.get(name, default)
