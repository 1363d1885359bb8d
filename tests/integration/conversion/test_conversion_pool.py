"""Worker processes: a converter that raises, hangs or crashes fails only its own job."""

from __future__ import annotations

from pathlib import Path

import anyio
import pytest
from sample_converters import sample_text

from pywats_client.conversion.pool import WorkerPool
from pywats_client.conversion.worker import ConversionRequest, ReplyStatus
from pywats_client.converters.loader import ConverterKind, ConverterLoadError

pytestmark = pytest.mark.anyio


def _request(samples: Path, path: Path) -> ConversionRequest:
    return ConversionRequest(
        class_path=f"{samples}:SampleConverter", converter_name="pool", path=str(path)
    )


def _file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


async def test_hang_and_crash_fail_alone_while_good_jobs_succeed(
    samples_path: Path, tmp_path: Path
) -> None:
    jobs = {
        "good1": _file(tmp_path, "g1.txt", sample_text("SN-1")),
        "hang": _file(tmp_path, "h.txt", sample_text("SN-H") + "HANG\n"),
        "crash": _file(tmp_path, "c.txt", sample_text("SN-C") + "CRASH\n"),
        "segv": _file(tmp_path, "s.txt", sample_text("SN-S") + "SEGV\n"),
        "good2": _file(tmp_path, "g2.txt", sample_text("SN-2")),
    }
    replies = {}
    async with WorkerPool() as pool:

        async def run(name: str, path: Path) -> None:
            replies[name] = await pool.convert(_request(samples_path, path), timeout_s=1.0)

        async with anyio.create_task_group() as tasks:
            for name, path in jobs.items():
                tasks.start_soon(run, name, path)
        assert pool.replaced == 3
        # The pool still works after replacing the dead workers.
        again = await pool.convert(_request(samples_path, jobs["good1"]), timeout_s=10)
    assert again.status is ReplyStatus.SUCCESS
    assert replies["good1"].status is ReplyStatus.SUCCESS
    assert replies["good2"].reports[0]["sn"] == "SN-2"
    assert replies["hang"].status is ReplyStatus.FAILURE
    assert (replies["hang"].reason or "").startswith("timed out after 1 s")
    assert replies["crash"].reason == "the converter's worker process died (exit code 7)"
    assert (
        replies["segv"].reason == "the converter's worker process died (killed by signal SIGSEGV)"
    )


async def test_printing_converter_does_not_break_the_protocol(
    samples_path: Path, tmp_path: Path
) -> None:
    path = _file(tmp_path, "p.txt", sample_text("SN-P") + "PRINT\n")
    async with WorkerPool() as pool:
        reply = await pool.convert(_request(samples_path, path), timeout_s=10)
    assert reply.status is ReplyStatus.SUCCESS, reply.reason


async def test_workers_are_reused_and_reaped_when_idle(samples_path: Path, tmp_path: Path) -> None:
    path = _file(tmp_path, "g.txt", sample_text("SN-1"))
    async with WorkerPool(idle_timeout_s=0) as pool:
        for _ in range(3):
            assert (await pool.convert(_request(samples_path, path), 10)).status.value == "success"
        assert (pool.started, pool.size) == (1, 1)
        assert await pool.reap_idle() == 1
        assert pool.size == 0
        pool.recycle()
        await pool.convert(_request(samples_path, path), 10)
        assert pool.started == 2


async def test_describe_loads_in_a_worker(samples_path: Path) -> None:
    async with WorkerPool() as pool:
        info = await pool.describe(f"{samples_path}:FolderSample", {})
        assert info.kind is ConverterKind.FOLDER
        with pytest.raises(ConverterLoadError, match="bad arguments: unknown argument"):
            await pool.describe(f"{samples_path}:SampleConverter", {"nope": 1})


async def test_cancelling_a_job_kills_its_worker(samples_path: Path, tmp_path: Path) -> None:
    path = _file(tmp_path, "h.txt", sample_text("SN-H") + "HANG\n")
    async with WorkerPool() as pool:
        with anyio.move_on_after(1.0):
            await pool.convert(_request(samples_path, path), timeout_s=60)
        assert pool.size == 0 and pool.replaced == 1
