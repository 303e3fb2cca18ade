"""The child process a heavy step runs in: its result, its time limit, its memory limit."""

import time

import pytest

from councils.staff.sandbox import LimitExceeded, run_limited


def _double(x):
    return {"value": x * 2}


def _sleep(seconds):
    time.sleep(seconds)
    return "woke"


def _hog():
    blocks = []
    while True:
        blocks.append(bytearray(16 * 1024 * 1024))


def _boom():
    raise RuntimeError("parser bug")


def test_the_childs_result_comes_back():
    assert run_limited(_double, 21, timeout=10, memory_mb=256) == {"value": 42}


def test_a_slow_child_is_killed_at_the_time_limit():
    started = time.monotonic()
    with pytest.raises(LimitExceeded) as info:
        run_limited(_sleep, 30, timeout=0.5, memory_mb=256)
    assert info.value.code == "timeout"
    assert time.monotonic() - started < 5


def test_a_greedy_child_stops_at_the_memory_limit():
    started = time.monotonic()
    with pytest.raises(LimitExceeded) as info:
        run_limited(_hog, timeout=30, memory_mb=64)
    assert info.value.code == "memory"
    assert time.monotonic() - started < 10


def test_an_exception_in_the_child_is_reported_not_raised_as_is():
    with pytest.raises(LimitExceeded) as info:
        run_limited(_boom, timeout=10, memory_mb=256)
    assert info.value.code == "crashed" and "parser bug" in info.value.detail
