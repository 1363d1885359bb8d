"""Inclusive integer intervals: the free addresses of a serial number pool.

A pool of a million serial numbers is a handful of ``(from, to)`` rows instead of a million, and
taking, freeing and deleting numbers become interval operations that are easy to test apart
from SQLite.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["Interval", "normalise", "size", "subtract", "take_lowest"]

Interval = tuple[int, int]
"""``(first, last)``, both included."""


def normalise(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, with overlapping and adjacent intervals merged.

    Raises:
        ValueError: an interval ends before it starts.
    """
    ordered = sorted(intervals)
    merged: list[Interval] = []
    for start, end in ordered:
        if start > end:
            raise ValueError(f"range from {start} is after to {end}")
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def size(intervals: Iterable[Interval]) -> int:
    """How many addresses the intervals hold (they must not overlap)."""
    return sum(end - start + 1 for start, end in intervals)


def subtract(intervals: Iterable[Interval], removed: Iterable[Interval]) -> list[Interval]:
    """``intervals`` without any address of ``removed``."""
    cuts = normalise(removed)
    result: list[Interval] = []
    for start, end in normalise(intervals):
        current = start
        for cut_start, cut_end in cuts:
            if cut_end < current or cut_start > end:
                continue
            if cut_start > current:
                result.append((current, cut_start - 1))
            current = cut_end + 1
            if current > end:
                break
        if current <= end:
            result.append((current, end))
    return result


def take_lowest(intervals: Iterable[Interval], count: int) -> tuple[list[Interval], list[Interval]]:
    """Split off the ``count`` lowest addresses: ``(taken, remaining)``.

    Raises:
        ValueError: fewer than ``count`` addresses are free.
    """
    free = normalise(intervals)
    available = size(free)
    if count > available:
        raise ValueError(f"only {available} free, {count} asked")
    taken: list[Interval] = []
    needed = count
    remaining: list[Interval] = []
    for start, end in free:
        if needed == 0:
            remaining.append((start, end))
            continue
        length = end - start + 1
        if length <= needed:
            taken.append((start, end))
            needed -= length
        else:
            taken.append((start, start + needed - 1))
            remaining.append((start + needed, end))
            needed = 0
    return taken, remaining
