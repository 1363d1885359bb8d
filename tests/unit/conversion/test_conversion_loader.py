"""Loading converter classes from config: every form, and a precise error for each mistake."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from pywats_client.converters.base import FileConverter
from pywats_client.converters.loader import (
    ConverterKind,
    ConverterLoadError,
    create_converter,
    describe_converter,
    load_converter_class,
)


def _write(path: Path, source: str) -> Path:
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return path


def test_colon_and_dotted_paths_load_the_same_class(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "site_pkg_conv"
    package.mkdir()
    (package / "__init__.py").write_text("")
    _write(
        package / "lines.py",
        """
        from pywats_client.converters.base import ConverterResult, FileConverter

        class Lines(FileConverter):
            def convert(self, source, context):
                return ConverterResult.skip("x")
        """,
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    by_colon = load_converter_class("site_pkg_conv.lines:Lines")
    by_dots = load_converter_class("site_pkg_conv.lines.Lines")
    assert by_colon is by_dots
    assert issubclass(by_colon, FileConverter)


def test_file_path_with_and_without_class_name(samples_path: Path, tmp_path: Path) -> None:
    named = load_converter_class(f"{samples_path}:SampleConverter")
    assert named.__name__ == "SampleConverter"
    single = _write(
        tmp_path / "single.py",
        """
        from pywats_client.converters.base import ConverterResult, FileConverter

        class Only(FileConverter):
            name = "only"
            def convert(self, source, context):
                return ConverterResult.skip("nothing")
        """,
    )
    assert load_converter_class(str(single)).__name__ == "Only"


def test_file_with_several_classes_needs_a_name(samples_path: Path) -> None:
    with pytest.raises(ConverterLoadError, match="several converter classes: .*SampleConverter"):
        load_converter_class(str(samples_path))


def test_file_without_converter_class(tmp_path: Path) -> None:
    empty = _write(tmp_path / "empty.py", "X = 1\n")
    with pytest.raises(ConverterLoadError, match="defines no converter class"):
        load_converter_class(str(empty))


def test_module_not_found_is_told_apart_from_a_failing_import(tmp_path: Path) -> None:
    with pytest.raises(ConverterLoadError, match="module 'no_such_pkg.mod' not found"):
        load_converter_class("no_such_pkg.mod:Thing")
    broken = _write(tmp_path / "broken.py", "import definitely_missing_dependency\n")
    with pytest.raises(ConverterLoadError, match="definitely_missing_dependency") as info:
        load_converter_class(f"{broken}:Thing")
    assert "loading" in str(info.value)


def test_syntax_error_names_the_line(tmp_path: Path) -> None:
    bad = _write(tmp_path / "bad.py", "x = 1\ndef (:\n")
    with pytest.raises(ConverterLoadError, match=r"SyntaxError: .*\(line 2\)"):
        load_converter_class(str(bad))


def test_class_not_found_lists_what_the_module_has(samples_path: Path) -> None:
    with pytest.raises(ConverterLoadError) as info:
        load_converter_class(f"{samples_path}:Nope")
    message = str(info.value)
    assert "has no attribute 'Nope'" in message
    assert "SampleConverter" in message and "TickConverter" in message


def test_not_a_converter_and_abstract_classes(tmp_path: Path) -> None:
    module = _write(
        tmp_path / "kinds.py",
        """
        from pywats_client.converters.base import FileConverter

        class Plain:
            pass

        class Unfinished(FileConverter):
            pass
        """,
    )
    with pytest.raises(ConverterLoadError, match="Plain is not a converter class"):
        load_converter_class(f"{module}:Plain")
    with pytest.raises(ConverterLoadError, match="Unfinished is abstract; implement convert"):
        load_converter_class(f"{module}:Unfinished")


def test_bad_arguments_keep_the_converters_own_message(samples_path: Path) -> None:
    with pytest.raises(ConverterLoadError, match="bad arguments: unknown argument.*colour"):
        create_converter(f"{samples_path}:SampleConverter", {"colour": "red"})
    converter = create_converter(f"{samples_path}:SampleConverter", {"process_code": 90})
    assert converter.process_code == 90  # type: ignore[attr-defined]


def test_edited_file_is_loaded_again(tmp_path: Path) -> None:
    path = tmp_path / "edited.py"
    body = """
        from pywats_client.converters.base import ConverterResult, FileConverter

        class Edited(FileConverter):
            version = "{version}"
            def convert(self, source, context):
                return ConverterResult.skip("x")
        """
    _write(path, body.format(version="1"))
    assert load_converter_class(str(path)).version == "1"
    _write(path, body.format(version="2"))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_converter_class(str(path)).version == "2"


def test_describe_reports_kind_and_hints(samples_path: Path) -> None:
    sample = describe_converter(load_converter_class(f"{samples_path}:SampleConverter"))
    assert (sample.kind, sample.name, sample.patterns) == (
        ConverterKind.FILE,
        "sample",
        ("*.txt", "*.dat"),
    )
    folder = describe_converter(load_converter_class(f"{samples_path}:FolderSample"))
    assert (folder.kind, folder.ready_marker) == (ConverterKind.FOLDER, "done.flag")
    tick = describe_converter(load_converter_class(f"{samples_path}:TickConverter"))
    assert (tick.kind, tick.run_on_start) == (ConverterKind.SCHEDULED, True)
    assert type(tick).from_json(tick.to_json()) == tick
