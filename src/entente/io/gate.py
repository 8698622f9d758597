"""The store's gate: a writer never starves behind a stream of readers.

DuckDB lets one process write a file or many processes read it, and a writer must wait until no
reader is left; readers that overlap one another can keep it waiting for ever. The gate is a file
beside the store ('<store>.gate'). A writer holds an exclusive lock on it (flock) while it opens
the store and writes; a reader passes through it (takes a shared lock and lets it go at once)
before it opens the store. So no reader starts while a writer waits or writes, the readers already
in finish within their own time budget, and the writer gets the store.

Within one process, DuckDB refuses a read-only and a read-write connection to one file at once:
a readers-writer lock per store keeps them apart (a reader holds it while its connection is open).
"""
from __future__ import annotations

import fcntl
import os
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from entente.errors import StoreError, StoreLocked


class ReadWriteLock:
    """Many readers or one writer at a time, within this process; a waiting writer goes first."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writers = 0
        self._writing = False

    def acquire_read(self, deadline: float) -> bool:
        """Join the readers unless no writer has left before the deadline (then False)."""
        with self._cond:
            if not self._cond.wait_for(lambda: not self._writing and not self._writers, remaining(deadline)):
                return False
            self._readers += 1
            return True

    def release_read(self) -> None:
        """Leave the readers."""
        with self._cond:
            self._readers -= 1
            self._cond.notify_all()

    def acquire_write(self, deadline: float) -> bool:
        """Hold the lock alone, waiting until the deadline at most (then False)."""
        with self._cond:
            self._writers += 1
            try:
                if not self._cond.wait_for(lambda: not self._writing and not self._readers, remaining(deadline)):
                    return False
                self._writing = True
                return True
            finally:
                self._writers -= 1
                self._cond.notify_all()

    def release_write(self) -> None:
        """Let the others in."""
        with self._cond:
            self._writing = False
            self._cond.notify_all()


_locks: dict[str, ReadWriteLock] = {}
_locks_guard = threading.Lock()


def local_lock(db: Path) -> ReadWriteLock:
    """This process's readers-writer lock of a store file."""
    key = str(Path(db).resolve())
    with _locks_guard:
        return _locks.setdefault(key, ReadWriteLock())


def gate_path(db: Path) -> Path:
    """The gate file of a store."""
    return Path(f"{db}.gate")


def remaining(deadline: float) -> float:
    """Seconds left before a deadline (never negative)."""
    return max(0.0, deadline - time.monotonic())


def busy(db: Path) -> StoreLocked:
    """The error of a wait that ran out."""
    return StoreLocked(f"{db}: the store is busy (another process or request is writing it); try again shortly")


def try_flock(fd: int, operation: int, deadline: float) -> bool:
    """Take a flock, retrying with jittered sleeps until the deadline; False when it ran out."""
    while True:
        try:
            fcntl.flock(fd, operation | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
        time.sleep(min(random.uniform(0.005, 0.02), remaining(deadline)) or 0.001)


@contextmanager
def writing(db: Path, wait: float) -> Iterator[None]:
    """Hold the store's gate (and this process's lock) as its one writer; StoreLocked after wait seconds."""
    deadline = time.monotonic() + wait
    lock = local_lock(db)
    if not lock.acquire_write(deadline):
        raise busy(db)
    try:
        fd = open_gate(db)
        try:
            if not try_flock(fd, fcntl.LOCK_EX, deadline):
                raise busy(db)
            yield
        finally:
            os.close(fd)  # closing lets the flock go
    finally:
        lock.release_write()


def open_gate(db: Path) -> int:
    """The gate file opened for a writer (created beside the store); a clear error where it cannot be."""
    try:
        return os.open(gate_path(db), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(f"{db}: cannot write beside the store ({exc.strerror})") from exc


@contextmanager
def reading(db: Path, deadline: float) -> Iterator[None]:
    """Be one of the store's readers: past the gate (no writer waiting or writing) until the block ends."""
    lock = local_lock(db)
    if not lock.acquire_read(deadline):
        raise busy(db)
    try:
        pass_gate(db, deadline)
        yield
    finally:
        lock.release_read()


def pass_gate(db: Path, deadline: float) -> None:
    """Wait until no writer holds the gate (a shared lock taken and let go); StoreLocked at the deadline."""
    try:
        fd = os.open(gate_path(db), os.O_RDONLY)
    except FileNotFoundError:
        return  # no writer has used this store yet
    try:
        if not try_flock(fd, fcntl.LOCK_SH, deadline):
            raise busy(db)
    finally:
        os.close(fd)
