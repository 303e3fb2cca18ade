"""Run one heavy step (reading a referat, extracting a bilag's text) in a forked child process
with its own limits, so a file that makes the readers slow or greedy stops there and never
takes the worker (or, with the immediate task backend, the web process) down.

- memory: the child may grow by at most ``REFERATER_READ_MEMORY_MB`` (default 1024) beyond the
  process it was forked from (``RLIMIT_AS``); past it allocations fail (``MemoryError``);
- time: the parent waits at most ``REFERATER_READ_TIMEOUT_SECONDS`` (default 120) for the
  result, then kills the child (``SIGKILL``).

The function runs in the child and returns a picklable value; it must not use the database
(the child shares the parent's connections; it leaves with ``os._exit`` without touching them).
An exception in the child comes back as ``LimitExceeded("crashed")`` with its text logged:
functions report expected failures in their return value. POSIX only (``fork``, ``RLIMIT_AS``:
Linux, as in production and CI).
"""

from __future__ import annotations

import logging
import os
import pickle
import resource
import select
import signal
import time
import traceback

from django.conf import settings

log = logging.getLogger(__name__)

READ_MEMORY_MB = 1024
READ_TIMEOUT_SECONDS = 120
_CHUNK = 1 << 16


class LimitExceeded(Exception):
    """``code``: "timeout", "memory" or "crashed"."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def memory_limit_mb() -> int:
    return int(getattr(settings, "REFERATER_READ_MEMORY_MB", READ_MEMORY_MB))


def timeout_seconds() -> float:
    return float(getattr(settings, "REFERATER_READ_TIMEOUT_SECONDS", READ_TIMEOUT_SECONDS))


def _address_space_bytes() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _child(fn, args, write_fd: int, memory_mb: int) -> None:
    limit = _address_space_bytes() + memory_mb * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):  # pragma: no cover - a hard limit below ours already
        pass
    try:
        outcome = ("ok", fn(*args))
    except MemoryError:
        outcome = ("memory", "")
    except BaseException:  # noqa: BLE001 - everything goes back to the parent
        outcome = ("crashed", traceback.format_exc(limit=20))
    try:
        data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        data = pickle.dumps(("memory", ""))
    except Exception:  # noqa: BLE001 - an unpicklable result
        data = pickle.dumps(("crashed", traceback.format_exc(limit=5)))
    view = memoryview(data)
    while view:
        written = os.write(write_fd, view[:_CHUNK])
        view = view[written:]


def run_limited(fn, *args, timeout: float | None = None, memory_mb: int | None = None):
    """``fn(*args)`` in a forked child within the limits; raises LimitExceeded."""
    timeout = timeout_seconds() if timeout is None else timeout
    memory_mb = memory_limit_mb() if memory_mb is None else memory_mb
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        status = 0
        try:
            os.close(read_fd)
            _child(fn, args, write_fd, memory_mb)
        except BaseException:  # noqa: BLE001
            status = 1
        finally:
            os._exit(status)
    os.close(write_fd)
    chunks, deadline, timed_out = [], time.monotonic() + timeout, False
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([read_fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(read_fd, _CHUNK)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        if timed_out:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _, status = os.waitpid(pid, 0)
    if timed_out:
        raise LimitExceeded("timeout")
    if not chunks:
        if os.WIFSIGNALED(status):
            # The kernel's OOM killer (or a failed allocation outside Python) ends a child
            # that ran out of memory with a signal.
            raise LimitExceeded("memory", f"signal {os.WTERMSIG(status)}")
        raise LimitExceeded("crashed", f"exit status {status}")
    kind, value = pickle.loads(b"".join(chunks))  # noqa: S301 - our own child wrote it
    if kind == "ok":
        return value
    if kind == "crashed":
        log.error("a limited step failed in its child process:\n%s", value)
    raise LimitExceeded(kind, value)
